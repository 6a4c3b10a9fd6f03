/** Public surface of the knowledge search index. */

export { type ChunkVectors, chunkEmbeddingText, embedChunks, localSearchEmbedder } from './embedding.js';
export { DEFAULT_EXPANSION, type ExpansionWeights } from './expansion.js';
export { defaultFusionWeights, type SearchRequest } from './query.js';
export type { ReembedProgress } from './reembed.js';
export { RELEVANCE_MODELS, type RelevanceModel } from './relevance.js';
export type { IndexState } from './repository.js';
export { createSearchIndex, type SearchIndex, type SearchIndexOptions } from './service.js';
export { openWordNet, type Thesaurus } from './thesaurus.js';
export type {
  EmbeddingPurpose,
  FusionWeights,
  IndexChunk,
  SearchEmbedder,
  SearchExpansion,
  SearchFilters,
  SearchHighlight,
  SearchHit,
  SearchOptions,
  SearchResults,
  SourceType,
} from './types.js';
