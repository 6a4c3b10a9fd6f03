/**
 * The knowledge search index: what the crawl pipeline, the knowledge operations and the Dify endpoint
 * call. Hybrid retrieval: full text (the query's words and offline stand-ins) and vectors supply
 * candidates, each scored on one calibrated relevance scale (relevance.ts, ADR 0008); tenant always
 * enforced; results cached per tenant and index version. This file builds one index from its parts:
 * embedding.ts, indexing.ts (writes), ranking.ts and query.ts (search), reembed.ts.
 */
import type { Db, Executor } from '../../../db/connect.js';
import type { ChunkVectors } from './embedding.js';
import { type IndexParts, indexChunks, reindexTenant, removeWhere } from './indexing.js';
import { postgresSearchProvider } from './postgres-provider.js';
import type { SearchProvider } from './provider.js';
import { type SearchRequest, search } from './query.js';
import { QueryCache } from './query-cache.js';
import { createRanker } from './ranking.js';
import { needsReembedding, type ReembedProgress, reembed, reembedBatch } from './reembed.js';
import * as repo from './repository.js';
import { sqliteSearchProvider } from './sqlite-provider.js';
import { openWordNet, type Thesaurus } from './thesaurus.js';
import type { IndexChunk, SearchEmbedder, SearchResults, SourceType } from './types.js';

export interface SearchIndexOptions {
  dialect: 'sqlite' | 'postgres';
  /** Result cache lifetime (config.knowledge.searchCacheTtlMs); 0 disables the cache. */
  cacheTtlMs: number;
  /** Current time, for `created_at` and the cache; defaults to the system clock. */
  now?: () => Date;
  /** Synonyms for query expansion; defaults to WordNet (read on first use); null turns it off. */
  thesaurus?: Thesaurus | null;
}

export interface SearchIndex {
  readonly provider: SearchProvider;
  /**
   * Adds chunks to a tenant's index, replacing chunks with the same ids. Pass `vectors` from
   * `embedChunks` to make them searchable by vector at once; chunks indexed without vectors are found
   * by full text right away and get vectors from the next `reembed` run.
   */
  indexChunks(
    tx: Executor,
    tenantId: string,
    chunks: readonly IndexChunk[],
    vectors?: ChunkVectors,
  ): Promise<{ indexed: number; replaced: number }>;
  /** Removes every chunk of one source (e.g. a page before re-indexing it). Returns how many. */
  removeBySource(tx: Executor, tenantId: string, sourceType: SourceType, sourceId: string): Promise<number>;
  /** Removes chunks by id. Returns how many existed. */
  removeChunks(tx: Executor, tenantId: string, ids: readonly string[]): Promise<number>;
  /**
   * Rebuilds the tenant's full-text and vector structures from its stored chunks (after a crash,
   * an upgrade, or to force re-embedding with `clearVectors`). Chunks themselves are kept.
   */
  reindexTenant(db: Db, tenantId: string, options?: { clearVectors?: boolean }): Promise<{ chunks: number }>;
  /** Hybrid search within one tenant. */
  search(db: Db, tenantId: string, query: string, request?: SearchRequest): Promise<SearchResults>;
  /** Whether the tenant has chunks without a vector from `embedder`'s model (e.g. after a model change). */
  needsReembedding(
    db: Db,
    tenantId: string,
    embedder: SearchEmbedder,
  ): Promise<{ needed: boolean; stale: number; indexModel: string | null }>;
  /**
   * Embeds up to `batchSize` stale chunks with `embedder` and stores the vectors; a job calls it until
   * `remaining` is 0. The model call happens outside the write transaction. When the last stale chunk
   * is done, vector structures of older models are dropped.
   */
  reembedBatch(
    db: Db,
    tenantId: string,
    embedder: SearchEmbedder,
    batchSize?: number,
  ): Promise<ReembedProgress>;
  /** Runs `reembedBatch` until done (or aborted). */
  reembed(
    db: Db,
    tenantId: string,
    embedder: SearchEmbedder,
    options?: {
      batchSize?: number;
      signal?: AbortSignal;
      /** Awaited after each batch, so a job can record progress (and learn it lost its lease) in step. */
      onProgress?: (p: ReembedProgress) => void | Promise<void>;
    },
  ): Promise<ReembedProgress>;
  /** Index state: model, dimension, version, chunk count. */
  state(db: Db, tenantId: string): Promise<repo.IndexState>;
  /** Removes structures kept outside tenant-owned tables (SQLite virtual tables); call when deleting a tenant. */
  dropTenant(db: Db, tenantId: string): Promise<void>;
}

export function createSearchIndex(options: SearchIndexOptions): SearchIndex {
  const provider = options.dialect === 'postgres' ? postgresSearchProvider : sqliteSearchProvider;
  const now = options.now ?? (() => new Date());
  const cache = new QueryCache<SearchResults>(options.cacheTtlMs, 2000, () => now().getTime());
  // WordNet is read on the first expanded query, once per index (i.e. per process).
  const thesaurus = options.thesaurus === null ? undefined : (options.thesaurus ?? openWordNet());
  const parts: IndexParts = { provider, cache, now };
  const rank = createRanker(provider, thesaurus);

  return {
    provider,
    indexChunks: (tx, tenantId, chunks, vectors) => indexChunks(parts, tx, tenantId, chunks, vectors),
    removeBySource: (tx, tenantId, sourceType, sourceId) =>
      removeWhere(parts, tx, tenantId, (eb) =>
        eb.and([eb('source_type', '=', sourceType), eb('source_id', '=', sourceId)]),
      ),
    removeChunks(tx, tenantId, ids) {
      if (ids.length === 0) return Promise.resolve(0);
      return removeWhere(parts, tx, tenantId, (eb) => eb('id', 'in', [...ids]));
    },
    reindexTenant: (db, tenantId, opts) => reindexTenant(parts, db, tenantId, opts),
    search: (db, tenantId, query, request) => search({ rank, cache }, db, tenantId, query, request),
    needsReembedding,
    reembedBatch: (db, tenantId, embedder, batchSize) =>
      reembedBatch(parts, db, tenantId, embedder, batchSize),
    reembed: (db, tenantId, embedder, opts) => reembed(parts, db, tenantId, embedder, opts),
    async state(db, tenantId) {
      return db.read(tenantId, (ex) => repo.getState(ex, tenantId));
    },
    async dropTenant(db, tenantId) {
      await db.system((tx) => provider.dropTenant(tx, tenantId));
      cache.dropTenant(tenantId);
    },
  };
}
