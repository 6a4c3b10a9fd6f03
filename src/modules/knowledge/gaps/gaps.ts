/**
 * Gap detection: per category, a 0-100 completeness score from coverage (which expected facets some
 * entry states), depth (how many entries, against a per-category target), freshness (how recently
 * the supporting pages changed) and confidence (how sure extraction was), with concrete suggestions.
 */
import {
  type CategoryImportance,
  categoryInfo,
  type KnowledgeCategory,
  knowledgeCategories,
} from '../entries/categories.js';
import { categoryFacets, depthTarget } from './facets.js';

export interface ScoredEntry {
  category: string;
  question: string;
  answer: string;
  confidence: number;
  /** When the entry's source last changed (page change time), or when a person last wrote it. */
  changedAt: string;
  pageId: string | null;
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
  suggestions: string[];
}

export interface GapReport {
  /** Importance-weighted mean of the category scores. */
  overall: number;
  categories: CategoryGap[];
  generatedAt: string;
}

export const SCORE_WEIGHTS = { coverage: 0.4, depth: 0.25, freshness: 0.15, confidence: 0.2 } as const;
const IMPORTANCE_WEIGHT: Record<CategoryImportance, number> = { core: 3, recommended: 2, optional: 1 };
const DAY = 86_400_000;

/** 1 up to six months old, falling linearly to 0.2 at two years and staying there. */
export function freshnessOf(changedAt: string, now: Date): number {
  const age = (now.getTime() - Date.parse(changedAt)) / DAY;
  if (!Number.isFinite(age) || age <= 180) return 1;
  if (age >= 730) return 0.2;
  return 1 - (0.8 * (age - 180)) / 550;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function scoreCategory(
  category: KnowledgeCategory,
  entries: readonly ScoredEntry[],
  now: Date,
): CategoryGap {
  const info = categoryInfo[category];
  const facets = categoryFacets[category];
  const mine = entries.filter((e) => e.category === category);
  const covered = facets.filter((f) => mine.some((e) => f.test.test(`${e.question} ${e.answer}`)));
  const missing = facets.filter((f) => !covered.includes(f));
  if (mine.length === 0) {
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
      suggestions: [
        `nothing about ${info.label.toLowerCase()} found: add a page or FAQ covering ${info.description.charAt(0).toLowerCase()}${info.description.slice(1)}`,
      ],
    };
  }
  const coverage = covered.length / facets.length;
  const depth = Math.min(1, mine.length / (depthTarget[category] ?? 3));
  const freshness = mine.reduce((a, e) => a + freshnessOf(e.changedAt, now), 0) / mine.length;
  const confidence = mine.reduce((a, e) => a + e.confidence, 0) / mine.length;
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
      `only ${mine.length} ${mine.length === 1 ? 'entry' : 'entries'} about ${info.label.toLowerCase()}: add more detail (about ${depthTarget[category] ?? 3} facts make a full answer)`,
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
    suggestions,
  };
}

export function computeGaps(entries: readonly ScoredEntry[], now: Date): GapReport {
  const categories = knowledgeCategories.map((c) => scoreCategory(c, entries, now));
  let weighted = 0;
  let total = 0;
  for (const c of categories) {
    const w = IMPORTANCE_WEIGHT[c.importance];
    weighted += w * c.score;
    total += w;
  }
  return { overall: Math.round(weighted / total), categories, generatedAt: now.toISOString() };
}
