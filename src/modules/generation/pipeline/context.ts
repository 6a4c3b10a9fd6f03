/**
 * Context assembly: what a post for this request may draw on. The knowledge the hybrid search finds for
 * the request (top passages within a token budget), the catalogue with prices and stock, the skills'
 * facts (entries, entities, voice hints), the voice profile with its pinned rules, the tenant's recent
 * posts (so a new one does not repeat them) and past performance when analytics can give it.
 */
import { isAppError } from '../../../core/errors.js';
import type { OperationContext } from '../../../operations/define.js';
import {
  type LoadedVoice,
  listProducts,
  loadSkillFacts,
  loadVoice,
  type ProductView,
  runSearch,
  type SkillFacts,
} from './deps.js';
import type { GuardContextInput, GuardFactsInput } from './guard.js';
import * as repo from './repository.js';

export interface Passage {
  /** The search hit's source: an entry id for entries, a page id for pages. */
  sourceId: string;
  sourceType: string;
  text: string;
  score: number;
}

export interface AssembledContext {
  facts: SkillFacts;
  products: ProductView[];
  passages: Passage[];
  voice: LoadedVoice | null;
  recentPosts: Array<{ id: string; platform: string; text: string }>;
}

/** Passages given to a writer: the search's top hits, until this many tokens (≈ 4 characters each). */
export const CONTEXT_TOKEN_BUDGET = 1200;
const SEARCH_TOP_K = 8;
const RECENT_POSTS = 20;
const PRODUCT_LIMIT = 500;

/** Search hits within the token budget, best first. */
export function withinBudget(passages: readonly Passage[], tokens: number): Passage[] {
  const out: Passage[] = [];
  let used = 0;
  for (const p of passages) {
    const cost = Math.ceil(p.text.length / 4);
    if (used + cost > tokens) break;
    used += cost;
    out.push(p);
  }
  return out;
}

async function voiceOf(ctx: OperationContext): Promise<LoadedVoice | null> {
  try {
    return await loadVoice({ tenantId: ctx.tenantId, role: ctx.role, app: ctx.app });
  } catch (error) {
    // A tenant without a learned voice still gets posts, in a plain voice.
    if (isAppError(error) && error.code === 'voice.not_learned') return null;
    throw error;
  }
}

export async function assembleContext(ctx: OperationContext, query: string): Promise<AssembledContext> {
  const entryCtx = { tenantId: ctx.tenantId, actor: ctx.actor, app: ctx.app, signal: ctx.signal };
  const [facts, products, hits, voice, recentPosts] = await Promise.all([
    loadSkillFacts(ctx),
    listProducts(entryCtx, { limit: PRODUCT_LIMIT }),
    runSearch(ctx, { query, topK: SEARCH_TOP_K }),
    voiceOf(ctx),
    ctx.app.db.read(ctx.tenantId, (db) => repo.recentTopCandidates(db, ctx.tenantId, RECENT_POSTS)),
  ]);
  const passages = withinBudget(
    hits.hits.map((h) => ({
      sourceId: h.sourceId,
      sourceType: h.sourceType,
      text: h.text,
      score: h.normalizedScore,
    })),
    CONTEXT_TOKEN_BUDGET,
  );
  return { facts, products: products.products.filter((p) => !p.hidden), passages, voice, recentPosts };
}

/** What a claim may trace to, for the guards: entries, entities (contact, places, hours) and products. */
export function guardFacts(
  context: AssembledContext,
  request: string,
  price: (p: ProductView) => string | null,
): GuardFactsInput {
  const entityText = (data: Record<string, unknown>) =>
    Object.values(data)
      .filter((v) => typeof v === 'string' || typeof v === 'number')
      .join(' ');
  return {
    entries: [
      ...context.facts.entries.map((e) => ({ id: e.id, text: `${e.question} ${e.answer}`, kind: e.kind })),
      ...context.facts.entities.map((e) => ({ id: e.id, text: `${e.name} ${entityText(e.data)}` })),
    ],
    products: context.products.map((p) => ({
      id: p.id,
      name: p.name,
      price: p.price ?? price(p),
      currency: p.currency,
      referencePrice: p.referencePrice,
      availability: availabilityOf(p.availability),
      backOn: p.availableFrom ?? p.availabilityText,
      description: p.description,
    })),
    request,
  };
}

function availabilityOf(
  value: string | null,
): 'in_stock' | 'out_of_stock' | 'preorder' | 'coming_soon' | 'unknown' | null {
  if (!value) return null;
  const v = value
    .replace(/^https?:\/\/schema\.org\//i, '')
    .toLowerCase()
    .replace(/[\s-]/g, '_');
  if (v === 'in_stock' || v === 'instock' || v === 'limited_availability') return 'in_stock';
  if (/out_?of_?stock|sold_?out|discontinued/.test(v)) return 'out_of_stock';
  if (/pre_?order|backorder/.test(v)) return 'preorder';
  if (/coming_?soon/.test(v)) return 'coming_soon';
  return 'unknown';
}

/** The guards' context for one request. */
export function guardContext(context: AssembledContext, facts: GuardFactsInput): GuardContextInput {
  const rules = context.voice?.rules ?? [];
  return {
    facts,
    voice: {
      bannedWords: rules.flatMap((r) => (r.kind === 'banned_phrase' ? [r.phrase] : [])),
      pinnedRules: rules,
    },
    recentPosts: context.recentPosts.map((p) => ({ id: p.id, text: p.text })),
    language: 'en',
  };
}
