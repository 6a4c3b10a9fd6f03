/**
 * One search request: checked, answered from the tenant's result cache when the index has not changed
 * since, else ranked and cut to topK above the score threshold, with highlights.
 */
import { AppError } from '../../../core/errors.js';
import type { Db } from '../../../db/connect.js';
import { highlight } from './highlight.js';
import { QueryCache } from './query-cache.js';
import type { RankChunks } from './ranking.js';
import type { RelevanceModel } from './relevance.js';
import * as repo from './repository.js';
import type { FusionWeights, SearchEmbedder, SearchHit, SearchOptions, SearchResults } from './types.js';

/**
 * Default weights: both sides as calibrated (relevance.ts), vectors only with an embedder. The local
 * embedding is lexical too, but as a score feature (not a rank list) it adds to BM25 on SciFact where
 * rank fusion could not (docs/benchmarks.md).
 */
export function defaultFusionWeights(modelId: string | undefined): FusionWeights {
  return { lexical: 1, vector: modelId ? 1 : 0 };
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

const MAX_TOP_K = 100;

export async function search(
  parts: { rank: RankChunks; cache: QueryCache<SearchResults> },
  db: Db,
  tenantId: string,
  query: string,
  request: SearchRequest = {},
): Promise<SearchResults> {
  const { rank, cache } = parts;
  const text = query.trim().replace(/\s+/g, ' ');
  if (text.length === 0) throw new AppError('knowledge.empty_query', 400, 'the search query is empty');
  if (text.length > 2000)
    throw new AppError('knowledge.query_too_long', 400, 'the search query is longer than 2000 characters');
  const topK = request.topK ?? 5;
  if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K)
    throw new AppError('knowledge.invalid_top_k', 400, `topK must be a whole number from 1 to ${MAX_TOP_K}`);
  const threshold = request.scoreThreshold ?? 0;
  if (!(threshold >= 0 && threshold <= 1))
    throw new AppError('knowledge.invalid_score_threshold', 400, 'scoreThreshold must be between 0 and 1');
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

    const found = await rank(ex, tenantId, text, state, {
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
}
