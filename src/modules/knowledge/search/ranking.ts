/**
 * Ranking one query within one tenant: candidates from full text (the query's words, then their
 * offline stand-ins) and from vectors, every candidate then scored on the one calibrated relevance
 * scale (relevance.ts, ADR 0008) and sorted by it.
 */
import { englishWordPrior } from '../../../ai/offline/embedding.js';
import type { Executor } from '../../../db/connect.js';
import { chunkEmbeddingText } from './embedding.js';
import { DEFAULT_EXPANSION, planQuery, selectExpansions, spellingCandidates } from './expansion.js';
import type { SearchProvider, VectorCandidate } from './provider.js';
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
import type { Thesaurus } from './thesaurus.js';
import type {
  FusionWeights,
  SearchEmbedder,
  SearchExpansion,
  SearchFilters,
  SearchResults,
} from './types.js';
import { decodeVector, dot, isZero, normalize } from './vectors.js';

export interface RankOptions {
  embedder: SearchEmbedder | undefined;
  weights: FusionWeights;
  candidates: number;
  filters: SearchFilters | undefined;
  expand: boolean;
  model: RelevanceModel | undefined;
}

export interface Ranked {
  row: repo.StoredChunk;
  score: number;
  features: RelevanceFeatures;
  lexicalRank?: { rank: number; score: number };
  vectorRank?: { rank: number; similarity: number };
}

export interface RankedQuery {
  ranked: Ranked[];
  expansions: SearchExpansion[];
  highlightStems: Set<string>;
  vectorSkipped: SearchResults['vectorSkipped'];
}

export type RankChunks = (
  ex: Executor,
  tenantId: string,
  text: string,
  state: repo.IndexState,
  opts: RankOptions,
) => Promise<RankedQuery>;

/**
 * The ranker of one index. It keeps each tenant's average chunk length per index version, since BM25
 * needs it for every query and it changes only when the index does.
 */
export function createRanker(provider: SearchProvider, thesaurus: Thesaurus | undefined): RankChunks {
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
  ): Promise<RankedQuery> {
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

  return rankChunks;
}
