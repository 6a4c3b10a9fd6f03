/**
 * Public types of the knowledge search index: what callers index, how they search, what they get.
 */

/** What a chunk was cut from. Page chunks come from crawled pages; entries from extracted knowledge. */
export type SourceType = 'page' | 'entry' | (string & {});

/** One chunk to index. The caller chooses `id` (unique per tenant); indexing the same id replaces it. */
export interface IndexChunk {
  id: string;
  sourceType: SourceType;
  sourceId: string;
  url?: string | null;
  title: string;
  /** Headings above the chunk, outermost first. */
  headingPath?: readonly string[];
  category?: string | null;
  /** ISO-8601 date or date-time. */
  publishedAt?: string | null;
  /** Order within the source, from 0. */
  position: number;
  text: string;
  tokenCount: number;
}

/** What the texts are embedded for: some models embed queries and documents differently. */
export type EmbeddingPurpose = 'document' | 'query';

/**
 * The embedding model the index uses, injected so any provider plugs in (the AI module's service, or
 * the local lexical embedding offline).
 */
export interface SearchEmbedder {
  /** Identity of the vector space, stored with every vector, e.g. `local:hash-v1-768`. */
  readonly modelId: string;
  /** Vector length when known before the first call. */
  readonly dimension?: number | undefined;
  embedMany(values: readonly string[], purpose: EmbeddingPurpose): Promise<number[][]>;
}

export interface SearchFilters {
  category?: string | readonly string[];
  sourceType?: SourceType | readonly SourceType[];
  sourceId?: string | readonly string[];
  /** Only chunks whose URL starts with this string. */
  urlPrefix?: string;
  /** Inclusive lower bound on `publishedAt` (ISO-8601); chunks without a date are excluded. */
  publishedFrom?: string;
  /** Inclusive upper bound on `publishedAt` (ISO-8601; a bare date includes that whole day). */
  publishedTo?: string;
}

/**
 * How much each side counts, as multipliers of the calibrated relevance model (1 = as calibrated). A
 * weight of 0 turns a side off: `{ lexical: 1, vector: 0 }` is full text alone, `{ lexical: 0,
 * vector: 1 }` vectors alone.
 */
export interface FusionWeights {
  lexical: number;
  vector: number;
}

export interface SearchOptions {
  /** Results to return, 1-100 (default 5). */
  topK?: number;
  filters?: SearchFilters;
  /** Defaults depend on the embedding model (see `defaultFusionWeights`). */
  weights?: Partial<FusionWeights>;
  /** Drop results whose relevance score is below this (0..1), as Dify's `score_threshold`. */
  scoreThreshold?: number;
  /** Skip the result cache (results are still stored in it). */
  noCache?: boolean;
}

/** A passage of the chunk around the matched words. */
export interface SearchHighlight {
  /** Plain text of the passage; `…` marks cut-off ends. */
  text: string;
  /** Matched words in `text` as [start, end) UTF-16 offsets. */
  ranges: Array<{ start: number; end: number }>;
  /** The passage HTML-escaped, matched words wrapped in `<mark>…</mark>`; safe to render as HTML. */
  html: string;
}

export interface SearchHit {
  id: string;
  sourceType: string;
  sourceId: string;
  url: string | null;
  title: string;
  headingPath: string[];
  category: string | null;
  publishedAt: string | null;
  position: number;
  text: string;
  tokenCount: number;
  /**
   * Relevance, 0..1: the calibrated estimate that this chunk answers the query (see
   * docs/knowledge-search.md). Comparable across queries and tenants, so one threshold fits all.
   */
  score: number;
  /** The same as `score` (kept for callers written when the two differed). */
  normalizedScore: number;
  /** What the score is computed from (relevance.ts). */
  features: { coverage: number; proximity: number; similarity: number; relative: number };
  /** 1-based rank and raw score in each list that found the chunk. */
  lexical?: { rank: number; score: number };
  vector?: { rank: number; similarity: number };
  highlight: SearchHighlight;
}

/** A word the query was expanded with, and the query word it stands in for. */
export interface SearchExpansion {
  word: string;
  for: string;
  source: 'spelling' | 'synonym' | 'related' | 'value' | 'query';
  /** Credit a match of it gives, relative to the query word itself. */
  weight: number;
}

export interface SearchResults {
  query: string;
  hits: SearchHit[];
  /** Stand-ins used for the query's words (spelling fixes, WordNet words the index uses). */
  expansions: SearchExpansion[];
  /** The embedding model used for the vector list, or null when it was not used (and why). */
  vectorModel: string | null;
  vectorSkipped?: 'no_embedder' | 'weight_zero' | 'no_vectors' | 'empty_query';
  weights: FusionWeights;
  /** True when served from the result cache. */
  cached: boolean;
  /** Index version the results were computed on. */
  indexVersion: number;
}
