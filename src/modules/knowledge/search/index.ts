/** Public surface of the knowledge search index. */

export { DEFAULT_EXPANSION, type ExpansionWeights } from './expansion.js';
export { RELEVANCE_MODELS, type RelevanceModel } from './relevance.js';
export type { IndexState } from './repository.js';
export {
  type ChunkVectors,
  chunkEmbeddingText,
  createSearchIndex,
  defaultFusionWeights,
  embedChunks,
  localSearchEmbedder,
  type ReembedProgress,
  type SearchIndex,
  type SearchIndexOptions,
  type SearchRequest,
} from './service.js';
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
