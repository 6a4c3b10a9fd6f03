/**
 * Gap detection: per category, a 0-100 completeness score from coverage (which expected facets the
 * knowledge base states), depth (how many entries, against a per-category target), freshness (how
 * recently the supporting pages changed) and confidence (how sure extraction was), with concrete
 * suggestions.
 *
 * Before calling a facet missing, the report checks everything that is known: entries of the
 * category, entries of other categories for facets that are distinctive wherever they were filed (a
 * founding year, an award, a phone number), and stored entities (the address and phone of the
 * business profile, priced products). Every covered facet names the entries or entities that cover
 * it; one covered only outside its category counts ¾ towards coverage (known, but not where a reader of
 * the category looks). The facets follow the business's country (see facets.ts).
 */
import {
  type CategoryImportance,
  categoryInfo,
  type KnowledgeCategory,
  knowledgeCategories,
} from '../entries/categories.js';
import { categoryFacets, depthTarget, type Facet, type GapEntity } from './facets.js';

export interface ScoredEntry {
  id: string;
  /** How the entry was found (`faq`, `statement`, …); only a page's own questions count as evidence. */
  kind?: string;
  category: string;
  question: string;
  answer: string;
  confidence: number;
  /** When the entry's source last changed (page change time), or when a person last wrote it. */
  changedAt: string;
  pageId: string | null;
}

export interface FacetEvidence {
  facet: string;
  /** Entries that state it (up to 3). */
  entries: string[];
  /** Entities that state it (up to 3). */
  entities: string[];
}

export interface CategoryGap {
  category: KnowledgeCategory;
  label: string;
  importance: CategoryImportance;
  score: number;
  components: { coverage: number; depth: number; freshness: number; confidence: number };
  entries: number;
  pages: number;
  covered: string[];
  missing: string[];
  /** What covers each covered facet. */
  evidence: FacetEvidence[];
  suggestions: string[];
}

export interface GapReport {
  /** Importance-weighted mean of the category scores. */
  overall: number;
  /** The business's country (ISO 3166) the facets were chosen for, or null when unknown. */
  country: string | null;
  categories: CategoryGap[];
  generatedAt: string;
}

export const SCORE_WEIGHTS = { coverage: 0.4, depth: 0.25, freshness: 0.15, confidence: 0.2 } as const;
const IMPORTANCE_WEIGHT: Record<CategoryImportance, number> = { core: 3, recommended: 2, optional: 1 };
const DAY = 86_400_000;
const EVIDENCE_LIMIT = 3;

/** 1 up to six months old, falling linearly to 0.2 at two years and staying there. */
export function freshnessOf(changedAt: string, now: Date): number {
  const age = (now.getTime() - Date.parse(changedAt)) / DAY;
  if (!Number.isFinite(age) || age <= 180) return 1;
  if (age >= 730) return 0.2;
  return 1 - (0.8 * (age - 180)) / 550;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function evidenceFor(
  facet: Facet,
  category: KnowledgeCategory,
  entries: readonly ScoredEntry[],
  entities: readonly GapEntity[],
): FacetEvidence | null {
  // The answer is the evidence; a question counts only when the page asked it (an FAQ), not when it
  // was made from the entry's category ("How does delivery work?" proves nothing about delivery).
  const matching = entries.filter(
    (e) =>
      (e.category === category || facet.anywhere) &&
      facet.test.test(e.kind === 'faq' || e.kind === 'manual' ? `${e.question} ${e.answer}` : e.answer),
  );
  // Entries of the category first: they are where a reader looks.
  matching.sort((a, b) => Number(b.category === category) - Number(a.category === category));
  const byEntity = facet.entity ? entities.filter(facet.entity) : [];
  if (matching.length === 0 && byEntity.length === 0) return null;
  return {
    facet: facet.label,
    entries: matching.slice(0, EVIDENCE_LIMIT).map((e) => e.id),
    entities: byEntity.slice(0, EVIDENCE_LIMIT).map((e) => e.id),
  };
}

export function scoreCategory(
  category: KnowledgeCategory,
  entries: readonly ScoredEntry[],
  now: Date,
  options: { entities?: readonly GapEntity[]; facets?: Facet[] } = {},
): CategoryGap {
  const info = categoryInfo[category];
  const facets = options.facets ?? categoryFacets(null)[category];
  const entities = options.entities ?? [];
  const evidence = facets
    .map((f) => evidenceFor(f, category, entries, entities))
    .filter((x): x is FacetEvidence => x !== null);
  const covered = facets.filter((f) => evidence.some((x) => x.facet === f.label));
  const missing = facets.filter((f) => !covered.includes(f));
  // Depth, freshness and confidence are of the category's own entries; entries of other categories
  // and entities only cover facets.
  const mine = entries.filter((e) => e.category === category);
  if (mine.length === 0 && evidence.length === 0) {
    return {
      category,
      label: info.label,
      importance: info.importance,
      score: 0,
      components: { coverage: 0, depth: 0, freshness: 0, confidence: 0 },
      entries: 0,
      pages: 0,
      covered: [],
      missing: facets.map((f) => f.label),
      evidence: [],
      suggestions: [
        `nothing about ${info.label.toLowerCase()} found: add a page or FAQ covering ${info.description.charAt(0).toLowerCase()}${info.description.slice(1)}`,
      ],
    };
  }
  // A facet stated only outside the category (another category's entry, an entity) is known, so not
  // missing, but a reader of the category will not find it there: it counts three quarters.
  const inCategory = (f: Facet) =>
    evidence.some((x) => x.facet === f.label && x.entries.some((id) => mine.some((e) => e.id === id)));
  const coverage =
    facets.length === 0 ? 1 : covered.reduce((a, f) => a + (inCategory(f) ? 1 : 0.75), 0) / facets.length;
  const depth = Math.min(1, mine.length / (depthTarget[category] ?? 3));
  const freshness = mine.length
    ? mine.reduce((a, e) => a + freshnessOf(e.changedAt, now), 0) / mine.length
    : 1;
  const confidence = mine.length ? mine.reduce((a, e) => a + e.confidence, 0) / mine.length : 0.8;
  const score = Math.round(
    100 *
      (SCORE_WEIGHTS.coverage * coverage +
        SCORE_WEIGHTS.depth * depth +
        SCORE_WEIGHTS.freshness * freshness +
        SCORE_WEIGHTS.confidence * confidence),
  );
  const suggestions = missing.map((f) => f.suggestion);
  if (depth < 1)
    suggestions.push(
      mine.length === 0
        ? `what is known about ${info.label.toLowerCase()} is said elsewhere on the site: give it a page or FAQ of its own (about ${depthTarget[category] ?? 3} facts make a full answer)`
        : `only ${mine.length} ${mine.length === 1 ? 'entry' : 'entries'} about ${info.label.toLowerCase()}: add more detail (about ${depthTarget[category] ?? 3} facts make a full answer)`,
    );
  if (freshness < 0.6)
    suggestions.push(
      `the pages about ${info.label.toLowerCase()} have not changed in over a year: check they are still right`,
    );
  if (confidence < 0.6)
    suggestions.push(
      `extraction was unsure about ${info.label.toLowerCase()}: review these entries and correct them`,
    );
  return {
    category,
    label: info.label,
    importance: info.importance,
    score,
    components: {
      coverage: round2(coverage),
      depth: round2(depth),
      freshness: round2(freshness),
      confidence: round2(confidence),
    },
    entries: mine.length,
    pages: new Set(mine.map((e) => e.pageId).filter((p) => p !== null)).size,
    covered: covered.map((f) => f.label),
    missing: missing.map((f) => f.label),
    evidence,
    suggestions,
  };
}

export function computeGaps(
  entries: readonly ScoredEntry[],
  now: Date,
  context: { entities?: readonly GapEntity[]; country?: string | null } = {},
): GapReport {
  const country = context.country ?? null;
  const facets = categoryFacets(country);
  const categories = knowledgeCategories.map((c) =>
    scoreCategory(c, entries, now, { entities: context.entities ?? [], facets: facets[c] }),
  );
  let weighted = 0;
  let total = 0;
  for (const c of categories) {
    const w = IMPORTANCE_WEIGHT[c.importance];
    weighted += w * c.score;
    total += w;
  }
  return { overall: Math.round(weighted / total), country, categories, generatedAt: now.toISOString() };
}
