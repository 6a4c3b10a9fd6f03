/**
 * Candidate generation, offline: for each platform a small pool of drafts written by the composer
 * with the best-matched skills (each skill once, then a second variant of each), or, when the request
 * is about a product the catalogue marks out of stock, honest sold-out posts with an in-stock
 * alternative. The reranker picks the 2-3 shown from the pool.
 */
import { isAppError } from '../../../core/errors.js';
import type { Platform } from '../../../core/platforms.js';
import { splitSentences } from '../../../core/text/sentences.js';
import { absentPost } from '../compose/absent.js';
import { alternativesFor, isOutOfStock, soldOutPost } from '../compose/availability.js';
import type { SourcedValue } from '../compose/citations.js';
import { type ComposedSegment, ComposerFiller } from '../compose/composer.js';
import { withPlatformRoom } from '../compose/longer.js';
import { deriveSeed, seededRng } from '../compose/rng.js';
import { selectFacts, type Topic, withoutCalls } from '../compose/select.js';
import type { ComposeStyle } from '../compose/style.js';
import type { AssembledContext } from './context.js';
import {
  executeSkill,
  type ProductView,
  type ResolvedValue,
  resolveVariables,
  type SkillDocument,
  type SkillFacts,
} from './deps.js';

export interface Draft {
  platform: Platform;
  text: string;
  skillId: string | null;
  /** 0-1: how well the skill fits the request (the matcher's score). */
  skillFit: number;
  /** Skill and frame, so the reranker can see two drafts share a structure. */
  structure: string;
  segments: ComposedSegment[];
  values: SourcedValue[];
  /** Defect labels the writer already knows of (a required part it could not fill …). */
  defects: string[];
  /** The product it is about, if any (for "mention the price"). */
  product: { id: string; name: string; price: string | null } | null;
}

export interface SkillChoice {
  skill: SkillDocument;
  fit: number;
}

export interface OfflineInput {
  platforms: readonly Platform[];
  /** Per platform, the skills to write with, best first. */
  skills: ReadonlyMap<Platform, SkillChoice[]>;
  context: AssembledContext;
  request: string;
  /** Knowledge ids the request names, best first. */
  mentioned: readonly string[];
  /** The product the request is about, when the catalogue marks it out of stock. */
  soldOut: ProductView | null;
  /** The request's subject (compose/select.ts): which facts are on topic, or that none are. */
  topic: Topic;
  /** The kind of post the matcher read in the request; null when it could not tell. */
  intent?: string | null;
  style: ComposeStyle;
  seed: number;
  /** Drafts per platform to choose the candidates from. */
  pool: number;
  price: (p: ProductView) => string | null;
}

/** The catalogue the composer may promote: nothing out of stock is written up as available. */
function inStockFacts(facts: SkillFacts, products: readonly ProductView[]): SkillFacts {
  const out = new Set(products.filter(isOutOfStock).map((p) => p.id));
  return out.size === 0 ? facts : { ...facts, products: facts.products.filter((p) => !out.has(p.id)) };
}

function valuesOf(variables: Record<string, ResolvedValue | undefined>): SourcedValue[] {
  const out: SourcedValue[] = [];
  for (const v of Object.values(variables)) {
    if (!v?.source.id || v.source.kind === 'request') continue;
    const values = Object.entries(v.fields)
      .filter(([field, value]) => value && field !== 'availability' && field !== 'unit')
      .map(([, value]) => value as string);
    out.push({ values, source: v.source.id });
  }
  return out;
}

function productOf(variables: Record<string, ResolvedValue | undefined>): Draft['product'] {
  const v = Object.values(variables).find((x) => x?.type === 'product' && x.source.id);
  if (!v?.source.id) return null;
  return { id: v.source.id, name: v.fields.name ?? v.source.label, price: v.fields.price ?? null };
}

/** Skills that write a platform's drafts (each gives a first and later variants). */
const SKILLS_PER_PLATFORM = 3;

/** Fit kept by a draft about a product the request is not about (a loaf's price in a delivery post). */
const OFF_TOPIC_PRODUCT = 0.4;

/**
 * The product a skill resolved is one the request is about: named by it, or kept by fact selection
 * (its name or description is on the request's subject). A product skill otherwise takes the
 * catalogue's first product, and a delivery post ends with "Price: £5.20" for a loaf.
 */
function onTopicProduct(id: string, selected: SkillFacts, input: OfflineInput): boolean {
  return input.mentioned.includes(id) || selected.products.some((p) => p.id === id);
}

function offTopic(product: Draft['product'], selected: SkillFacts, input: OfflineInput): boolean {
  return product !== null && !onTopicProduct(product.id, selected, input);
}

/** The candidates a platform shows at least; drafts about an off-topic product only fill up to it. */
const MIN_CANDIDATES = 2;

const VIOLATION_DEFECTS: Record<string, string> = { banned_phrase: 'banned_word' };

async function skillDraft(
  input: OfflineInput,
  facts: SkillFacts,
  /** The on-topic facts the slots are written from (variables resolve against all of `facts`). */
  selected: SkillFacts,
  platform: Platform,
  choice: SkillChoice,
  variant: number,
  exclude: ReadonlySet<string>,
  keep: ReadonlySet<string>,
): Promise<Draft | null> {
  // LinkedIn gets room for a longer post than the skill's all-platform slot caps allow.
  const skill = withPlatformRoom(choice.skill, platform);
  const resolved = resolveVariables(skill, facts, { request: input.request, mentioned: input.mentioned });
  if (resolved.problems.length > 0) return null;
  const rng = seededRng(deriveSeed(input.seed, platform, skill.id, variant));
  const composer = new ComposerFiller({ style: input.style, rng, variant, exclude, keep });
  const format = skill.formats.includes('text')
    ? 'text'
    : skill.formats.includes('image')
      ? 'image'
      : undefined;
  if (!format) return null;
  try {
    const result = await executeSkill({
      skill,
      platform,
      format,
      variables: resolved.values,
      facts: selected,
      filler: composer,
      request: input.request,
    });
    // A skill built on a list (steps, tips) that found nothing to list is the wrong skill here: its
    // post would be a hook and a call to action around a missing middle.
    const emptyList = result.violations.some(
      (v) => v.rule === 'slot_required' && skill.slots.find((s) => s.name === v.slot)?.kind === 'list',
    );
    if (emptyList) return null;
    const defects = new Set<string>();
    for (const v of result.violations) {
      // A call to action it could not write is a defect a person acts on; other empty optional
      // parts just leave their line out.
      if (v.rule === 'slot_required' && skill.slots.find((s) => s.name === v.slot)?.kind === 'cta')
        defects.add('missing_cta');
      const label = VIOLATION_DEFECTS[v.rule];
      if (label) defects.add(label);
    }
    const product = productOf(resolved.values);
    return {
      platform,
      text: result.text,
      skillId: skill.id,
      skillFit: choice.fit * (offTopic(product, selected, input) ? OFF_TOPIC_PRODUCT : 1),
      structure: `${skill.id}.${variant % 2}`,
      segments: composer.segments,
      values: valuesOf(resolved.values),
      defects: [...defects],
      product,
    };
  } catch (error) {
    // A skill that cannot serve this platform or format is passed over; the next one writes.
    if (isAppError(error) && error.code.startsWith('skills.')) return null;
    throw error;
  }
}

function contactOf(facts: SkillFacts): { text: string; source: string } | null {
  const phone = facts.entities.find((e) => e.type === 'contact_point' && e.data.kind === 'phone');
  if (phone) return { text: `Call ${String(phone.data.value ?? phone.name)}.`, source: phone.id };
  const email = facts.entities.find((e) => e.type === 'contact_point' && e.data.kind === 'email');
  if (email) return { text: `Email ${String(email.data.value ?? email.name)}.`, source: email.id };
  return null;
}

function soldOutDrafts(input: OfflineInput, platform: Platform, product: ProductView): Draft[] {
  const alternatives = alternativesFor(product, input.context.products);
  const hashtags = input.context.facts.voice?.hashtags ?? [];
  const drafts: Draft[] = [];
  for (let variant = 0; variant < input.pool; variant++) {
    const rng = seededRng(deriveSeed(input.seed, platform, 'sold-out', variant));
    const post = soldOutPost({
      product,
      price: input.price,
      alternatives,
      platform,
      style: input.style,
      rng,
      variant,
      hashtags,
      contact: contactOf(input.context.facts),
    });
    const alt = alternatives.find((a) => a.id === post.alternativeId);
    drafts.push({
      platform,
      text: post.text,
      skillId: null,
      skillFit: 1,
      structure: post.structure,
      segments: post.segments,
      values: [
        { values: [product.name, product.url ?? ''].filter(Boolean), source: product.id },
        ...(alt
          ? [{ values: [alt.name, alt.url ?? '', input.price(alt) ?? ''].filter(Boolean), source: alt.id }]
          : []),
      ],
      defects: [],
      product: alt ? { id: alt.id, name: alt.name, price: input.price(alt) } : null,
    });
  }
  return drafts;
}

function homeUrlOf(facts: SkillFacts): { text: string; source: string } | null {
  const withUrl = facts.entries.find((e) => e.url);
  if (!withUrl?.url) return null;
  try {
    return { text: `${new URL(withUrl.url).origin}/`, source: withUrl.id };
  } catch {
    return null;
  }
}

/** Honest posts for a subject the knowledge base does not cover (none when there is nothing to point to). */
function absentDrafts(input: OfflineInput, facts: SkillFacts, platform: Platform): Draft[] {
  const drafts: Draft[] = [];
  for (let variant = 0; variant < input.pool; variant++) {
    const post = absentPost({
      topic: input.topic,
      facts,
      nearest: input.context.passages.map((p) => p.sourceId),
      platform,
      style: input.style,
      variant,
      contact: contactOf(facts),
      url: homeUrlOf(facts),
    });
    if (!post || drafts.some((d) => d.text === post.text)) continue;
    drafts.push({
      platform,
      text: post.text,
      skillId: null,
      skillFit: 1,
      structure: post.structure,
      segments: post.segments,
      values: [],
      defects: [],
      product: null,
    });
  }
  return drafts;
}

/** The pool of drafts for every platform. */
export async function offlineDrafts(input: OfflineInput): Promise<Map<Platform, Draft[]>> {
  const facts = inStockFacts(input.context.facts, input.context.products);
  // Chosen once per request, so the skills' filler reads the same sentences for every draft.
  const onTopic = selectFacts(facts, input.topic, new Set(input.mentioned));
  const plain = withoutCalls(onTopic);
  // Tips and answers asked for are instructions; other posts keep their one call to action at the
  // end ("Order by 2pm …" in a tip written for "We deliver to Dublin" is a second call to action).
  const instructive = (i: string) => i === 'how_to' || i === 'faq';
  const asksHow = input.intent === undefined || (input.intent !== null && instructive(input.intent));
  const selectedFor = (skill: SkillDocument) =>
    asksHow && skill.intents.some(instructive) ? onTopic : plain;
  const keep = new Set(input.context.passages.map((p) => p.sourceId));
  const out = new Map<Platform, Draft[]>();
  for (const platform of input.platforms) {
    if (input.soldOut) {
      out.set(platform, soldOutDrafts(input, platform, input.soldOut));
      continue;
    }
    if (input.topic.absent) {
      out.set(platform, absentDrafts(input, facts, platform));
      continue;
    }
    const choices = input.skills.get(platform) ?? [];
    const drafts: Draft[] = [];
    const used = new Set<string>();
    // First each skill once, then second variants, until the pool is full; at most a few skills, so
    // the candidates stay with the best-matched ones.
    const tried: SkillChoice[] = [];
    const spare: Draft[] = [];
    for (const choice of choices) {
      if (tried.length >= SKILLS_PER_PLATFORM) break;
      const draft = await skillDraft(
        input,
        facts,
        selectedFor(choice.skill),
        platform,
        choice,
        0,
        used,
        keep,
      );
      if (!draft || drafts.some((d) => d.text === draft.text)) continue;
      // A post about a product the request is not about ("Country sourdough loaf, £5.20" for cargo-bike
      // delivery) is kept back: it only fills up when too few on-topic drafts could be written.
      if (offTopic(draft.product, selectedFor(choice.skill), input)) {
        spare.push(draft);
        continue;
      }
      tried.push(choice);
      drafts.push(draft);
      for (const s of draft.segments) used.add(s.source);
      if (drafts.length >= input.pool) break;
    }
    for (let variant = 1; variant < 3 && drafts.length < input.pool; variant++) {
      for (const choice of tried) {
        if (drafts.length >= input.pool) break;
        const draft = await skillDraft(
          input,
          facts,
          selectedFor(choice.skill),
          platform,
          choice,
          variant,
          used,
          keep,
        );
        if (!draft) continue;
        if (drafts.some((d) => d.text === draft.text)) continue;
        drafts.push(draft);
        for (const s of draft.segments) used.add(s.source);
      }
    }
    for (const d of spare) if (drafts.length < MIN_CANDIDATES) drafts.push(d);
    out.set(platform, withContent(drafts, platform));
  }
  return out;
}

/** A line that only points somewhere (a link, a contact, tags) or asks the reader something. */
function isPointer(line: string): boolean {
  return /https?:\/\/|@|\d{3}[\s-]?\d{3,4}|^#|\?$/.test(line.trim());
}

/**
 * Share of a draft's prose that is the business's own knowledge rather than the skill's connecting
 * text: a post that is mostly "Thank you to everyone who has been part of it." says little.
 */
function knowledgeShare(draft: Draft): number {
  const sourced = new Set(draft.segments.map((s) => s.text));
  let own = 0;
  let other = 0;
  for (const line of draft.text.split(/\n+/)) {
    if (!line.trim() || isPointer(line)) continue;
    const inLine = [...sourced].filter((s) => line.includes(s)).reduce((n, s) => n + s.length, 0);
    own += Math.min(inLine, line.length);
    other += Math.max(0, line.length - inLine);
  }
  return own + other === 0 ? 0 : own / (own + other);
}

/**
 * Drafts that say something: one with none of the business's sentences (a bare link and tags) is
 * dropped when others have some; the skill's fit is scaled by how much of the draft is knowledge.
 */
function withContent(drafts: Draft[], platform: Platform): Draft[] {
  const scored = drafts.map((d) => ({ d, share: d.skillId ? knowledgeShare(d) : 1 }));
  const some = scored.filter((x) => x.share > 0);
  // Never fewer than two to choose from while the pool has them.
  return (some.length >= 2 ? some : scored).map(({ d, share }) =>
    d.skillId
      ? { ...d, skillFit: d.skillFit * (0.5 + 0.5 * share) * platformFill(d, platform) * opening(d.text) }
      : d,
  );
}

/** Characters a first sentence may take and still be read before the fold. */
const OPENING_MAX = 150;

/**
 * A post is read from its first line: one that opens with a link or a call to action (its opening
 * line left empty) or with a sentence too long to read before the fold is a weaker draft, whatever
 * its skill's fit.
 */
function opening(text: string): number {
  const first = text.split('\n')[0]?.trim() ?? '';
  if (
    first === '' ||
    isPointer(first) ||
    /^(more at|questions\?|call|email|find it at|see it at|details at)\b/i.test(first)
  )
    return 0.3;
  const sentence = splitSentences(first)[0]?.text.trim() ?? first;
  return sentence.length > OPENING_MAX ? 0.6 : 1;
}

/** Characters from which a LinkedIn post reads as a post rather than a status line. */
const LINKEDIN_FULL = 600;

/**
 * LinkedIn readers expect substance: a bare quote and a link there is a weaker fit than a post that
 * uses the room, so a LinkedIn draft's fit falls up to 30% with its shortfall below 600 characters.
 * Other platforms are not scaled (X and Instagram reward brevity).
 */
function platformFill(draft: Draft, platform: Platform): number {
  if (platform !== 'linkedin') return 1;
  return 0.7 + 0.3 * Math.min(1, draft.text.length / LINKEDIN_FULL);
}

/** "Mention the price": a line with the product's price before the call to action, when it is missing. */
export function withPrice(draft: Draft): Draft {
  const p = draft.product;
  if (!p?.price || draft.text.includes(p.price)) return draft;
  const paragraphs = draft.text.split(/\n\n/);
  const line = `${p.name}: ${p.price}.`;
  const at = Math.max(1, paragraphs.length - (/^#/.test(paragraphs.at(-1) ?? '') ? 2 : 1));
  paragraphs.splice(at, 0, line);
  return {
    ...draft,
    text: paragraphs.join('\n\n'),
    segments: [...draft.segments, { text: line, source: p.id }],
  };
}
