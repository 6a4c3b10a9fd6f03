/** Public surface of the knowledge search index. */
export { RRF_K, reciprocalRankFusion } from './fusion.js';
export type { IndexState } from './repository.js';
export {
  type ChunkVectors,
  chunkEmbeddingText,
  createSearchIndex,
  defaultFusionWeights,
  embedChunks,
  LOCAL_VECTOR_WEIGHT,
  localSearchEmbedder,
  type ReembedProgress,
  type SearchIndex,
  type SearchIndexOptions,
  type SearchRequest,
} from './service.js';
export type {
  EmbeddingPurpose,
  FusionWeights,
  IndexChunk,
  SearchEmbedder,
  SearchFilters,
  SearchHighlight,
  SearchHit,
  SearchOptions,
  SearchResults,
  SourceType,
} from './types.js';
