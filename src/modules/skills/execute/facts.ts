/**
 * What a skill may say about a business: its catalog, knowledge entries and entities, and the brand
 * voice's habits. Loaded once per request from the knowledge and voice modules; the offline filler
 * writes only sentences found here (plus the skill's locked text and a few non-factual connecting
 * words), so every fact in a post traces back to an id.
 */

import { isAppError } from '../../../core/errors.js';
import type { Actor, Role } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import {
  type BrandVoiceProfile,
  listEntityViews,
  listEntryViews,
  listProducts,
  loadVoice,
  type PinnedRule,
} from '../deps.js';

export interface ProductFact {
  id: string;
  kind: 'product' | 'service';
  name: string;
  price: number | null;
  priceText: string | null;
  currency: string | null;
  unit: string | null;
  priceFrom: boolean;
  availability: string | null;
  url: string | null;
  description: string | null;
  sku: string | null;
}

export interface EntryFact {
  id: string;
  question: string;
  answer: string;
  category: string;
  kind: string;
  url: string | null;
}

export interface EntityFact {
  id: string;
  type: string;
  name: string;
  data: Record<string, unknown>;
  url: string | null;
}

/** The voice habits a filler follows (from the learned profile with pinned rules applied). */
export interface VoiceHints {
  person: 'we' | 'i' | 'impersonal';
  /** The brand's recurring hashtags, most used first, with their #. */
  hashtags: string[];
  hashtagsPerPost: number;
  /** Favourite emoji, most used first; empty when the brand avoids emoji or a rule forbids them. */
  emoji: string[];
  /** Share of the brand's posts with an emoji (0-1). */
  emojiShare: number;
  /** Share of posts with an exclamation mark (0-1). */
  exclamationShare: number;
  bannedPhrases: string[];
  maxHashtags?: number;
  /** Words in the brand's longer sentences (the 90th percentile of its posts), when learned. */
  longSentenceWords?: number;
}

export interface SkillFacts {
  products: ProductFact[];
  entries: EntryFact[];
  entities: EntityFact[];
  voice: VoiceHints | null;
}

export const emptyFacts: SkillFacts = { products: [], entries: [], entities: [], voice: null };

/** Who asks: an OperationContext satisfies it. */
export interface SkillContext {
  tenantId: string;
  role: Role;
  actor: Actor;
  app: AppServices;
  signal?: AbortSignal | undefined;
}

/** Most rows of each kind a skill reads; a business with more is ranked on what is read. */
const FACT_LIMIT = 500;

export function voiceHints(profile: BrandVoiceProfile, rules: readonly PinnedRule[]): VoiceHints {
  const noEmoji = rules.some((r) => r.kind === 'no_emoji');
  const banned = new Set(rules.flatMap((r) => (r.kind === 'banned_emoji' ? [r.emoji] : [])));
  const maxHashtags = rules.flatMap((r) => (r.kind === 'max_hashtags' ? [r.max] : []));
  const hints: VoiceHints = {
    person: profile.person.dominant,
    hashtags: profile.hashtags.recurring.map((h) => (h.value.startsWith('#') ? h.value : `#${h.value}`)),
    hashtagsPerPost: profile.hashtags.perPost,
    emoji: noEmoji ? [] : profile.emoji.favourites.map((e) => e.value).filter((e) => !banned.has(e)),
    emojiShare: noEmoji ? 0 : profile.emoji.postsWithEmoji,
    exclamationShare: profile.punctuation.exclamation.postsWith,
    bannedPhrases: rules.flatMap((r) => (r.kind === 'banned_phrase' ? [r.phrase] : [])),
  };
  if (maxHashtags.length > 0) hints.maxHashtags = Math.min(...maxHashtags);
  const p90 = profile.sentences?.wordsPerSentence?.p90;
  if (typeof p90 === 'number' && p90 > 0) hints.longSentenceWords = p90;
  return hints;
}

/** Reads the tenant's catalog, entries, entities and voice for one request. */
export async function loadSkillFacts(ctx: SkillContext): Promise<SkillFacts> {
  const entryCtx = { tenantId: ctx.tenantId, actor: ctx.actor, app: ctx.app, signal: ctx.signal };
  const [products, entries, entities] = await Promise.all([
    listProducts(entryCtx, { limit: FACT_LIMIT }),
    listEntryViews(entryCtx, { limit: FACT_LIMIT }),
    listEntityViews(entryCtx, { limit: FACT_LIMIT }),
  ]);
  let voice: VoiceHints | null = null;
  try {
    const loaded = await loadVoice({ tenantId: ctx.tenantId, role: ctx.role, app: ctx.app });
    voice = voiceHints(loaded.effective, loaded.rules);
  } catch (error) {
    // A tenant without a learned voice still gets posts, in a plain voice.
    if (!isAppError(error) || error.code !== 'voice.not_learned') throw error;
  }
  return {
    products: products.products.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      price: p.price,
      priceText: p.priceText,
      currency: p.currency,
      unit: p.unit,
      priceFrom: p.priceFrom,
      availability: p.availability,
      url: p.url,
      description: p.description,
      sku: p.sku,
    })),
    entries: entries.entries.map((e) => ({
      id: e.id,
      question: e.question,
      answer: e.answer,
      category: e.category,
      kind: e.kind,
      url: e.provenance.sourceUrl,
    })),
    entities: entities.entities
      .filter((e) => e.type !== 'product' && e.type !== 'service')
      .map((e) => ({ id: e.id, type: e.type, name: e.name, data: e.data, url: e.sourceUrl })),
    voice,
  };
}
