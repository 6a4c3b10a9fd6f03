/**
 * The knowledge search index: what the crawl pipeline, the knowledge operations and the Dify endpoint
 * call. Hybrid retrieval: full text (the query's words and offline stand-ins) and vectors supply
 * candidates, each scored on one calibrated relevance scale (relevance.ts, ADR 0008); tenant always
 * enforced; results cached per tenant and index version.
 */
import {
  embedLocally,
  englishWordPrior,
  LOCAL_EMBEDDING_DIMENSION,
  LOCAL_EMBEDDING_MODEL_ID,
} from '../../../ai/offline/embedding.js';
import { isStopword, tokenize } from '../../../ai/offline/lexical-terms.js';
import { AppError } from '../../../core/errors.js';
import type { Db, Executor } from '../../../db/connect.js';
import { writeJson } from '../../../db/dialect.js';
import { DEFAULT_EXPANSION, planQuery, selectExpansions, spellingCandidates } from './expansion.js';
import { highlight } from './highlight.js';
import { postgresSearchProvider } from './postgres-provider.js';
import type { SearchProvider, VectorCandidate } from './provider.js';
import { titleField } from './provider.js';
import { QueryCache } from './query-cache.js';
import {
  type CorpusStats,
  chunkTerms,
  coverage,
  linearScore,
  proximity,
  queryPairs,
  type RelevanceFeatures,
  type RelevanceModel,
  relativeScores,
  relevanceModelFor,
  relevanceScore,
  slotWeights,
  VALUE_TERMS,
  type WeightedTerm,
} from './relevance.js';
import * as repo from './repository.js';
import { sqliteSearchProvider } from './sqlite-provider.js';
import { openWordNet, type Thesaurus } from './thesaurus.js';
import type {
  FusionWeights,
  IndexChunk,
  SearchEmbedder,
  SearchExpansion,
  SearchHit,
  SearchOptions,
  SearchResults,
  SourceType,
} from './types.js';
import { decodeVector, dot, encodeVector, isZero, normalize } from './vectors.js';

/**
 * Default weights: both sides as calibrated (relevance.ts), vectors only with an embedder. The local
 * embedding is lexical too, but as a score feature (not a rank list) it adds to BM25 on SciFact where
 * rank fusion could not (docs/benchmarks.md).
 */
export function defaultFusionWeights(modelId: string | undefined): FusionWeights {
  return { lexical: 1, vector: modelId ? 1 : 0 };
}

/** Vectors computed for chunks ahead of the write transaction (see `embedChunks`). */
export interface ChunkVectors {
  modelId: string;
  /** One per chunk, same order. */
  vectors: number[][];
}

/** The text a chunk's vector is computed from: title, headings and body. */
export function chunkEmbeddingText(chunk: {
  title: string;
  headingPath?: readonly string[];
  text: string;
}): string {
  return `${titleField({ title: chunk.title, headingPath: chunk.headingPath ?? [] })}\n${chunk.text}`;
}

/**
 * Embeds chunks for `indexChunks`. Call it before opening the write transaction: a provider call can
 * take seconds and must not hold the database's write lock.
 */
export async function embedChunks(
  embedder: SearchEmbedder,
  chunks: readonly IndexChunk[],
): Promise<ChunkVectors> {
  const vectors =
    chunks.length > 0 ? await embedder.embedMany(chunks.map(chunkEmbeddingText), 'document') : [];
  if (vectors.length !== chunks.length) {
    throw new AppError(
      'knowledge.embedding_failed',
      502,
      `the embedding model ${embedder.modelId} returned ${vectors.length} vectors for ${chunks.length} chunks`,
    );
  }
  return { modelId: embedder.modelId, vectors };
}

/** Words counted for BM25 length normalisation; title words count twice, as their weight does. */
function lexicalLength(chunk: IndexChunk): number {
  const count = (s: string) => tokenize(s).filter((t) => !isStopword(t.word)).length;
  return (
    2 * count(titleField({ title: chunk.title, headingPath: chunk.headingPath ?? [] })) + count(chunk.text)
  );
}

function validateChunk(chunk: IndexChunk, index: number): void {
  const problem = (field: string, message: string) =>
    new AppError(
      'knowledge.invalid_chunk',
      400,
      `chunk ${index} (${chunk?.id ?? 'no id'}): ${field} ${message}`,
      {
        index,
        field,
      },
    );
  if (typeof chunk.id !== 'string' || chunk.id.length === 0 || chunk.id.length > 200)
    throw problem('id', 'must be 1-200 characters');
  if (typeof chunk.sourceType !== 'string' || !/^[a-z][a-z0-9_-]{0,31}$/.test(chunk.sourceType))
    throw problem('sourceType', 'must be a lower-case word such as "page" or "entry"');
  if (typeof chunk.sourceId !== 'string' || chunk.sourceId.length === 0)
    throw problem('sourceId', 'is required');
  if (typeof chunk.text !== 'string' || chunk.text.trim().length === 0) throw problem('text', 'is empty');
  if (typeof chunk.title !== 'string') throw problem('title', 'must be a string');
  if (!Number.isInteger(chunk.position) || chunk.position < 0)
    throw problem('position', 'must be a whole number from 0');
  if (!Number.isInteger(chunk.tokenCount) || chunk.tokenCount < 0)
    throw problem('tokenCount', 'must be a whole number from 0');
  if (chunk.publishedAt && Number.isNaN(Date.parse(chunk.publishedAt)))
    throw problem('publishedAt', 'must be an ISO-8601 date');
}

export interface SearchIndexOptions {
  dialect: 'sqlite' | 'postgres';
  /** Result cache lifetime (config.knowledge.searchCacheTtlMs); 0 disables the cache. */
  cacheTtlMs: number;
  /** Current time, for `created_at` and the cache; defaults to the system clock. */
  now?: () => Date;
  /** Synonyms for query expansion; defaults to WordNet (read on first use); null turns it off. */
  thesaurus?: Thesaurus | null;
}

export interface SearchRequest extends SearchOptions {
  /** The model to embed the query with; without it only full-text search runs. */
  embedder?: SearchEmbedder;
  /**
   * Candidates taken from each list before fusion (default max(20, 3 × topK), at most 1000). More
   * improves recall for a little latency; benchmarks set it to measure Recall@100.
   */
  candidates?: number;
  /** Expand the query with spelling fixes and WordNet stand-ins (default true). */
  expand?: boolean;
  /** Replaces the calibrated relevance model (benchmarks fit it with this). */
  relevanceModel?: RelevanceModel;
}

export interface ReembedProgress {
  embedded: number;
  remaining: number;
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

const MAX_TOP_K = 100;

export function createSearchIndex(options: SearchIndexOptions): SearchIndex {
  const provider = options.dialect === 'postgres' ? postgresSearchProvider : sqliteSearchProvider;
  const now = options.now ?? (() => new Date());
  const cache = new QueryCache<SearchResults>(options.cacheTtlMs, 2000, () => now().getTime());
  // WordNet is read on the first expanded query, once per index (i.e. per process).
  const thesaurus = options.thesaurus === null ? undefined : (options.thesaurus ?? openWordNet());
  const avgLengths = new Map<string, { version: number; avg: number }>();

  async function corpusStats(
    ex: Executor,
    tenantId: string,
    state: repo.IndexState,
    df: Map<string, number>,
  ): Promise<CorpusStats> {
    let avg = avgLengths.get(tenantId);
    if (!avg || avg.version !== state.version) {
      avg = { version: state.version, avg: await repo.averageLexicalLength(ex, tenantId) };
      avgLengths.delete(tenantId);
      avgLengths.set(tenantId, avg);
      if (avgLengths.size > 500) avgLengths.delete(avgLengths.keys().next().value as string);
    }
    return { total: Math.max(1, state.chunkCount), avgLength: avg.avg, df };
  }

  /** Document frequencies by stem for the words of `terms` (several words may share a stem). */
  async function lookUp(
    ex: Executor,
    tenantId: string,
    state: repo.IndexState,
    terms: readonly WeightedTerm[],
    into: Map<string, number>,
  ): Promise<void> {
    const words = [
      ...new Set(terms.filter((t) => t.source !== 'value' && !into.has(t.stem)).map((t) => t.word)),
    ];
    if (words.length === 0) return;
    const df = await provider.documentFrequencies(ex, tenantId, state, words);
    for (const t of terms) {
      const n = df.get(t.word);
      if (n !== undefined) into.set(t.stem, Math.max(into.get(t.stem) ?? 0, n));
    }
  }

  interface RankOptions {
    embedder: SearchEmbedder | undefined;
    weights: FusionWeights;
    candidates: number;
    filters: SearchRequest['filters'];
    expand: boolean;
    model: RelevanceModel | undefined;
  }
  interface Ranked {
    row: repo.StoredChunk;
    score: number;
    features: RelevanceFeatures;
    lexicalRank?: { rank: number; score: number };
    vectorRank?: { rank: number; similarity: number };
  }

  /**
   * Candidates from full text (the query's words, then their stand-ins) and from vectors; every
   * candidate is then scored on the same relevance scale (relevance.ts) and sorted by it.
   */
  async function rankChunks(
    ex: Executor,
    tenantId: string,
    text: string,
    state: repo.IndexState,
    opts: RankOptions,
  ): Promise<{
    ranked: Ranked[];
    expansions: SearchExpansion[];
    highlightStems: Set<string>;
    vectorSkipped: SearchResults['vectorSkipped'];
  }> {
    const plan = planQuery(text, opts.expand ? thesaurus : undefined, DEFAULT_EXPANSION);
    const df = new Map<string, number>();
    await lookUp(ex, tenantId, state, plan.candidates, df);
    if (opts.expand) {
      const unknown = plan.candidates
        .filter((t) => t.source === 'query' && (df.get(t.stem) ?? 0) === 0)
        .map((t) => t.slot);
      const spelling = spellingCandidates(plan.words, unknown, thesaurus, DEFAULT_EXPANSION);
      plan.candidates.push(...spelling);
      await lookUp(ex, tenantId, state, spelling, df);
    }
    const stats = await corpusStats(ex, tenantId, state, df);
    const terms = opts.expand
      ? selectExpansions(plan, stats)
      : plan.candidates.filter((t) => t.source === 'query');
    const standIns = terms.filter((t) => t.source !== 'query');

    let vectorSkipped: SearchResults['vectorSkipped'];
    let vectorList: VectorCandidate[] = [];
    let queryVector: Float32Array | undefined;
    const embedder = opts.embedder;
    if (!embedder) vectorSkipped = 'no_embedder';
    else if (opts.weights.vector === 0) vectorSkipped = 'weight_zero';
    else if (state.modelId === null) vectorSkipped = 'no_vectors';
    else {
      const [raw] = await embedder.embedMany([text], 'query');
      const qv = normalize(raw ?? []);
      if (qv.length === 0 || isZero(qv)) vectorSkipped = 'empty_query';
      else {
        queryVector = new Float32Array(qv);
        vectorList = await provider.vector(ex, tenantId, {
          modelId: embedder.modelId,
          vector: queryVector,
          filters: opts.filters,
          limit: opts.candidates,
          state,
        });
      }
    }
    const lexicalQuery = (words: string[]) =>
      opts.weights.lexical > 0 && words.length > 0
        ? provider.lexical(ex, tenantId, {
            terms: words,
            filters: opts.filters,
            limit: opts.candidates,
            state,
          })
        : Promise.resolve([]);
    const lexicalList = await lexicalQuery(plan.words);
    const standInList = await lexicalQuery([
      ...new Set(standIns.filter((t) => t.source !== 'value').map((t) => t.word)),
    ]);

    const lexicalRank = new Map(lexicalList.map((c, i) => [c.seq, { rank: i + 1, score: c.score }]));
    const vectorRank = new Map(vectorList.map((c, i) => [c.seq, { rank: i + 1, similarity: c.similarity }]));
    const seqs = [...new Set([...lexicalList, ...standInList, ...vectorList].map((c) => c.seq))];
    const rows = await repo.chunksBySeq(ex, tenantId, seqs, queryVector ? embedder?.modelId : undefined);

    const pairs = queryPairs(text);
    const pairWords = new Set(pairs.flatMap((p) => p.split(' ')));
    const model = opts.model ?? relevanceModelFor(queryVector ? embedder?.modelId : undefined);
    const slotWeight = slotWeights(terms, stats, (w) => englishWordPrior(w) ** model.wordPrior);
    const scaled: RelevanceModel = {
      ...model,
      coverage: model.coverage * opts.weights.lexical,
      proximity: model.proximity * opts.weights.lexical,
      similarity: model.similarity * (queryVector ? opts.weights.vector : 0),
    };
    // Chunks stored without a vector of this model (entries, or before a re-embed) are embedded here
    // when the model is the local one (microseconds each), so every candidate is scored alike.
    const missing =
      queryVector && embedder?.modelId.startsWith('local:')
        ? [...rows.values()].filter((r) => !r.embedding)
        : [];
    const computed = new Map<number, number[]>();
    if (missing.length > 0 && embedder) {
      const vectors = await embedder.embedMany(
        missing.map((r) => chunkEmbeddingText(r)),
        'document',
      );
      missing.forEach((r, i) => {
        computed.set(r.seq, normalize(vectors[i] ?? []));
      });
    }
    const scored = [...rows.values()].map((row) => {
      const chunk = chunkTerms(row, pairWords);
      let similarity = vectorRank.get(row.seq)?.similarity;
      if (similarity === undefined && queryVector) {
        const v = row.embedding ? decodeVector(row.embedding) : computed.get(row.seq);
        similarity = v ? dot(queryVector, v) : 0;
      }
      const f = {
        coverage: coverage(terms, slotWeight, stats, chunk.tf, row.lexicalLength),
        proximity: proximity(pairs, chunk),
        similarity: Math.max(0, similarity ?? 0),
      };
      return { row, features: f };
    });
    const relative = relativeScores(scored.map(({ features }) => linearScore(scaled, features)));
    const ranked: Ranked[] = scored.map(({ row, features: f }, i) => {
      const features: RelevanceFeatures = { ...f, relative: relative[i] ?? 0 };
      const lex = lexicalRank.get(row.seq);
      const vec = vectorRank.get(row.seq);
      return {
        row,
        score: relevanceScore(scaled, features),
        features,
        ...(lex ? { lexicalRank: lex } : {}),
        ...(vec ? { vectorRank: vec } : {}),
      };
    });
    ranked.sort((a, b) => b.score - a.score || a.row.seq - b.row.seq);
    return {
      ranked,
      expansions: standIns.map((t) => ({
        word: t.source === 'value' ? (t.stem === VALUE_TERMS.money ? '(an amount)' : '(a time)') : t.word,
        for: plan.words[t.slot] ?? '',
        source: t.source,
        weight: t.weight,
      })),
      highlightStems: new Set(terms.map((t) => t.stem)),
      vectorSkipped,
    };
  }

  async function removeWhere(
    tx: Executor,
    tenantId: string,
    where: Parameters<typeof repo.deleteChunks>[2],
  ): Promise<number> {
    const removed = await repo.deleteChunks(tx, tenantId, where);
    if (removed.length === 0) return 0;
    await provider.removed(tx, tenantId, removed);
    await repo.touchState(tx, tenantId, { chunkDelta: -removed.length, now: now().toISOString() });
    cache.dropTenant(tenantId);
    return removed.length;
  }

  async function reembedBatch(
    db: Db,
    tenantId: string,
    embedder: SearchEmbedder,
    batchSize = 64,
  ): Promise<ReembedProgress> {
    const batch = await db.read(tenantId, (ex) =>
      repo.staleChunks(ex, tenantId, embedder.modelId, batchSize),
    );
    const vectors =
      batch.length > 0
        ? await embedder.embedMany(
            batch.map((c) => chunkEmbeddingText(c)),
            'document',
          )
        : [];
    if (vectors.length !== batch.length) {
      throw new AppError(
        'knowledge.embedding_failed',
        502,
        `the embedding model ${embedder.modelId} returned ${vectors.length} vectors for ${batch.length} chunks`,
      );
    }
    return db.tenant(tenantId, async (tx) => {
      const normalized = vectors.map((v) => normalize(v));
      const dimension = normalized[0]?.length ?? embedder.dimension ?? 0;
      for (let i = 0; i < batch.length; i++) {
        const chunk = batch[i] as repo.IndexedChunk;
        await repo.setEmbedding(
          tx,
          tenantId,
          chunk.seq,
          encodeVector(normalized[i] as number[]),
          embedder.modelId,
        );
      }
      await provider.vectorsSet(
        tx,
        tenantId,
        embedder.modelId,
        batch.map((c, i) => ({ seq: c.seq, vector: normalized[i] as number[] })),
      );
      const remaining = await repo.countStale(tx, tenantId, embedder.modelId);
      if (remaining === 0) await provider.dropOtherModels(tx, tenantId, embedder.modelId);
      await repo.touchState(tx, tenantId, {
        now: now().toISOString(),
        ...(dimension > 0 ? { model: { id: embedder.modelId, dimension } } : {}),
      });
      cache.dropTenant(tenantId);
      return { embedded: batch.length, remaining };
    });
  }

  return {
    provider,

    async indexChunks(tx, tenantId, chunks, vectors) {
      chunks.forEach(validateChunk);
      const ids = new Set<string>();
      for (const c of chunks) {
        if (ids.has(c.id))
          throw new AppError('knowledge.invalid_chunk', 400, `chunk id ${c.id} appears twice in one call`, {
            id: c.id,
          });
        ids.add(c.id);
      }
      if (vectors && vectors.vectors.length !== chunks.length) {
        throw new AppError(
          'knowledge.invalid_chunk',
          400,
          `got ${vectors.vectors.length} vectors for ${chunks.length} chunks; embed them with embedChunks`,
        );
      }
      const normalized = vectors?.vectors.map((v) => normalize(v));
      const dimension = normalized?.[0]?.length ?? 0;
      if (normalized?.some((v) => v.length !== dimension)) {
        throw new AppError(
          'knowledge.invalid_chunk',
          400,
          'vectors of one call must all have the same length',
        );
      }
      const replaced = await removeWhere(tx, tenantId, (eb) => eb('id', 'in', [...ids]));
      const createdAt = now().toISOString();
      const rows: repo.ChunkRowInput[] = chunks.map((c, i) => {
        const v = normalized?.[i];
        const embedded = v && !isZero(v);
        return {
          tenant_id: tenantId,
          id: c.id,
          source_type: c.sourceType,
          source_id: c.sourceId,
          url: c.url ?? null,
          title: c.title,
          heading_path: writeJson(c.headingPath ?? []),
          category: c.category ?? null,
          published_at: c.publishedAt ?? null,
          position: c.position,
          text: c.text,
          token_count: c.tokenCount,
          lexical_length: lexicalLength(c),
          created_at: createdAt,
          embedding: embedded ? encodeVector(v) : null,
          embedding_model: embedded && vectors ? vectors.modelId : null,
        };
      });
      if (rows.length === 0) return { indexed: 0, replaced };
      const seqs = await repo.insertChunks(tx, rows);
      await provider.added(
        tx,
        tenantId,
        rows.map((r, i) => ({
          seq: seqs[i] as number,
          title: r.title,
          headingPath: chunks[i]?.headingPath ? [...(chunks[i]?.headingPath ?? [])] : [],
          text: r.text,
          embedding: r.embedding,
          embeddingModel: r.embedding_model,
        })),
      );
      const state = await repo.getState(tx, tenantId);
      await repo.touchState(tx, tenantId, {
        chunkDelta: rows.length,
        now: createdAt,
        ...(vectors && dimension > 0 && state.modelId === null
          ? { model: { id: vectors.modelId, dimension } }
          : {}),
      });
      cache.dropTenant(tenantId);
      return { indexed: rows.length, replaced };
    },

    removeBySource(tx, tenantId, sourceType, sourceId) {
      return removeWhere(tx, tenantId, (eb) =>
        eb.and([eb('source_type', '=', sourceType), eb('source_id', '=', sourceId)]),
      );
    },

    removeChunks(tx, tenantId, ids) {
      if (ids.length === 0) return Promise.resolve(0);
      return removeWhere(tx, tenantId, (eb) => eb('id', 'in', [...ids]));
    },

    async reindexTenant(db, tenantId, opts = {}) {
      const result = await db.tenant(tenantId, async (tx) => {
        if (opts.clearVectors) {
          await repo.clearEmbeddings(tx, tenantId);
          await provider.dropOtherModels(tx, tenantId, null);
        }
        await provider.rebuild(tx, tenantId);
        await repo.touchState(tx, tenantId, { now: now().toISOString() });
        return repo.getState(tx, tenantId);
      });
      cache.dropTenant(tenantId);
      return { chunks: result.chunkCount };
    },

    async search(db, tenantId, query, request = {}) {
      const text = query.trim().replace(/\s+/g, ' ');
      if (text.length === 0) throw new AppError('knowledge.empty_query', 400, 'the search query is empty');
      if (text.length > 2000)
        throw new AppError(
          'knowledge.query_too_long',
          400,
          'the search query is longer than 2000 characters',
        );
      const topK = request.topK ?? 5;
      if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K)
        throw new AppError(
          'knowledge.invalid_top_k',
          400,
          `topK must be a whole number from 1 to ${MAX_TOP_K}`,
        );
      const threshold = request.scoreThreshold ?? 0;
      if (!(threshold >= 0 && threshold <= 1))
        throw new AppError(
          'knowledge.invalid_score_threshold',
          400,
          'scoreThreshold must be between 0 and 1',
        );
      const embedder = request.embedder;
      const defaults = defaultFusionWeights(embedder?.modelId);
      const weights: FusionWeights = {
        lexical: request.weights?.lexical ?? defaults.lexical,
        vector: embedder ? (request.weights?.vector ?? defaults.vector) : 0,
      };
      if (!(weights.lexical >= 0 && weights.vector >= 0) || weights.lexical + weights.vector <= 0)
        throw new AppError(
          'knowledge.invalid_weights',
          400,
          'fusion weights must be non-negative and not both 0',
        );
      const candidates = Math.min(1000, Math.max(request.candidates ?? Math.max(20, 3 * topK), topK));

      return db.read(tenantId, async (ex) => {
        const state = await repo.getState(ex, tenantId);
        const cacheKey = QueryCache.key(tenantId, state.version, [
          text.toLowerCase(),
          topK,
          threshold,
          candidates,
          request.filters ?? null,
          weights,
          embedder?.modelId ?? null,
          request.expand !== false,
          request.relevanceModel ?? null,
        ]);
        if (!request.noCache) {
          const hit = cache.get(tenantId, cacheKey);
          // A copy: callers may change what they get without touching the cached entry.
          if (hit) return { ...structuredClone(hit), cached: true };
        }

        const found = await rankChunks(ex, tenantId, text, state, {
          embedder,
          weights,
          candidates,
          filters: request.filters,
          expand: request.expand !== false,
          model: request.relevanceModel,
        });
        const wanted = found.ranked.filter((c) => c.score >= threshold).slice(0, topK);
        const hits: SearchHit[] = wanted.map(({ row, score, features, lexicalRank, vectorRank }) => ({
          id: row.id,
          sourceType: row.sourceType,
          sourceId: row.sourceId,
          url: row.url,
          title: row.title,
          headingPath: row.headingPath,
          category: row.category,
          publishedAt: row.publishedAt,
          position: row.position,
          text: row.text,
          tokenCount: row.tokenCount,
          score,
          normalizedScore: score,
          features,
          ...(lexicalRank ? { lexical: lexicalRank } : {}),
          ...(vectorRank ? { vector: vectorRank } : {}),
          highlight: highlight(row.text, found.highlightStems),
        }));
        const vectorSkipped = found.vectorSkipped;
        const results: SearchResults = {
          query: text,
          hits,
          expansions: found.expansions,
          vectorModel: vectorSkipped ? null : (embedder?.modelId ?? null),
          ...(vectorSkipped ? { vectorSkipped } : {}),
          weights,
          cached: false,
          indexVersion: state.version,
        };
        cache.set(tenantId, cacheKey, results);
        return results;
      });
    },

    async needsReembedding(db, tenantId, embedder) {
      return db.read(tenantId, async (ex) => {
        const state = await repo.getState(ex, tenantId);
        const stale = await repo.countStale(ex, tenantId, embedder.modelId);
        return { needed: stale > 0, stale, indexModel: state.modelId };
      });
    },

    reembedBatch,

    async reembed(db, tenantId, embedder, opts = {}) {
      let total = 0;
      for (;;) {
        opts.signal?.throwIfAborted();
        const p = await reembedBatch(db, tenantId, embedder, opts.batchSize);
        total += p.embedded;
        await opts.onProgress?.({ embedded: total, remaining: p.remaining });
        if (p.remaining === 0 || p.embedded === 0) return { embedded: total, remaining: p.remaining };
      }
    },

    async state(db, tenantId) {
      return db.read(tenantId, (ex) => repo.getState(ex, tenantId));
    },

    async dropTenant(db, tenantId) {
      await db.system((tx) => provider.dropTenant(tx, tenantId));
      cache.dropTenant(tenantId);
    },
  };
}

/** The local lexical embedding as a search embedder (offline default). */
export function localSearchEmbedder(): SearchEmbedder {
  return {
    modelId: LOCAL_EMBEDDING_MODEL_ID,
    dimension: LOCAL_EMBEDDING_DIMENSION,
    embedMany: async (values) => embedLocally(values),
  };
}
