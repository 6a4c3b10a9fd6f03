import type { Executor } from '../../../db/connect.js';
import type { IndexedChunk, IndexState } from './repository.js';
import type { SearchFilters } from './types.js';

/** One full-text hit: higher score is better (BM25). */
export interface LexicalCandidate {
  seq: number;
  score: number;
}

/** One vector hit: cosine similarity, higher is better. */
export interface VectorCandidate {
  seq: number;
  similarity: number;
}

export interface LexicalQuery {
  /** Folded query words without stop words (see `queryTerms`). */
  terms: readonly string[];
  filters: SearchFilters | undefined;
  limit: number;
  state: IndexState;
}

export interface VectorQuery {
  modelId: string;
  /** Unit-length query vector. */
  vector: Float32Array;
  filters: SearchFilters | undefined;
  limit: number;
  state: IndexState;
}

/**
 * What differs per database: how full text and vectors are indexed and searched. The chunk rows
 * themselves are written by the dialect-neutral repository; a provider maintains the structures
 * derived from them, inside the same transaction.
 */
export interface SearchProvider {
  readonly dialect: 'sqlite' | 'postgres';
  /** Adds freshly inserted chunks (and the vectors they carry) to the full-text and vector structures. */
  added(tx: Executor, tenantId: string, chunks: readonly IndexedChunk[]): Promise<void>;
  /** Removes deleted chunks from those structures. */
  removed(tx: Executor, tenantId: string, chunks: readonly IndexedChunk[]): Promise<void>;
  /** A chunk's vector was (re)computed with `modelId`. */
  vectorsSet(
    tx: Executor,
    tenantId: string,
    modelId: string,
    vectors: ReadonlyArray<{ seq: number; vector: readonly number[] }>,
  ): Promise<void>;
  /** Drops vector structures of models other than `keepModelId` (after a re-embedding finished). */
  dropOtherModels(tx: Executor, tenantId: string, keepModelId: string | null): Promise<void>;
  /** Throws away and rebuilds the tenant's structures from its chunk rows. */
  rebuild(tx: Executor, tenantId: string): Promise<void>;
  /** Removes everything the provider keeps for a tenant outside the tenant-owned tables. */
  dropTenant(tx: Executor, tenantId: string): Promise<void>;
  lexical(db: Executor, tenantId: string, query: LexicalQuery): Promise<LexicalCandidate[]>;
  /**
   * How many of the tenant's chunks contain each word (folded, as `queryTerms` gives them), as the
   * full-text index analyses it; 0 for words the index has never seen.
   */
  documentFrequencies(
    db: Executor,
    tenantId: string,
    state: IndexState,
    words: readonly string[],
  ): Promise<Map<string, number>>;
  vector(db: Executor, tenantId: string, query: VectorQuery): Promise<VectorCandidate[]>;
}

/** Text of the title field: page title and the headings above the chunk. */
export function titleField(chunk: { title: string; headingPath: readonly string[] }): string {
  return [chunk.title, ...chunk.headingPath].filter((s) => s.length > 0).join(' \u203a ');
}

/**
 * Term pruning for large indexes. An OR query over every term of a long query makes the database
 * score every chunk that contains any of them; at 100k chunks that is most of the index. Instead,
 * candidates must contain one of the rarest terms (added rarest first while their document
 * frequencies sum to at most `candidateBudget`, at most `maxGateTerms` of them), and all terms
 * except the very common ones still count in the score. Terms in more than `maxScoringDf` of the
 * chunks carry almost no BM25 weight and are left out. Small indexes are searched exactly.
 * Measured on SciFact (docs/benchmarks.md): the cost in nDCG@10 of pruning at this budget, and the
 * latency it saves at 100k chunks.
 */
export interface TermPlan {
  /** Terms a candidate must contain one of. */
  gate: string[];
  /** Terms that count in the score (a superset of `gate`). */
  scoring: string[];
  /** False when the plan is the plain OR of all terms. */
  pruned: boolean;
}

/** Pruning parameters (mutable so benchmarks can measure their effect; the app never changes them). */
export const PRUNING = {
  minBudget: 2000,
  budgetFraction: 0.05,
  maxGateTerms: 6,
  maxScoringDf: 0.3,
};

export function planTerms(
  terms: readonly string[],
  df: ReadonlyMap<string, number>,
  total: number,
): TermPlan {
  const known = terms.filter((t) => (df.get(t) ?? 0) > 0);
  const sum = known.reduce((s, t) => s + (df.get(t) ?? 0), 0);
  const budget = Math.max(PRUNING.minBudget, total * PRUNING.budgetFraction);
  if (sum <= budget) return { gate: known, scoring: known, pruned: false };
  const byDf = [...known].sort((a, b) => (df.get(a) ?? 0) - (df.get(b) ?? 0));
  const gate: string[] = [];
  let acc = 0;
  for (const t of byDf) {
    const d = df.get(t) ?? 0;
    if (gate.length > 0 && (acc + d > budget || gate.length >= PRUNING.maxGateTerms)) break;
    gate.push(t);
    acc += d;
  }
  const scoring = byDf.filter((t, i) => i < gate.length || (df.get(t) ?? 0) <= total * PRUNING.maxScoringDf);
  return { gate, scoring, pruned: true };
}
