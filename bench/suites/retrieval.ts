/**
 * Retrieval quality of the knowledge search on BEIR SciFact (5,183 abstracts; test split 300 queries).
 *
 * Every abstract is indexed as one chunk (title + text) through the real service, with the local
 * lexical embedding. Reported per dialect: nDCG@10 and Recall@100 of BM25 alone, vector alone and
 * hybrid (RRF, k 60). The vector weight of the hybrid is chosen on the TRAIN split (809 queries) by a
 * grid search, then applied once to the test split. Also reported: exact BM25 (plain FTS5 OR of all
 * query terms, no pruning) and exact vector search (brute-force cosine, no binary quantisation), so the
 * cost of the speed measures is visible.
 *
 * Data is read in place from ../shared/datasets/scifact and never copied.
 *
 *   npm run bench -- retrieval                        SQLite, and PostgreSQL when TEST_POSTGRES_URL is reachable
 *   npm run bench -- retrieval --dialect sqlite
 *   npm run bench -- retrieval --dataset cranfield    Cranfield 1400 (graded nDCG@10; no train split,
 *                                                     so the default weights are only checked there)
 */

import { existsSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { embedLocally } from '../../src/ai/offline/embedding.js';
import { queryTerms } from '../../src/ai/offline/lexical-terms.js';
import { embedChunks, type IndexChunk, RELEVANCE_MODELS } from '../../src/modules/knowledge/search/index.js';
import { PRUNING } from '../../src/modules/knowledge/search/provider.js';
import { ftsTable } from '../../src/modules/knowledge/search/sqlite-provider.js';
import type { TestDialect } from '../../test/support/db.js';
import type { BenchArgs } from '../run.js';
import {
  gradedNdcgAt,
  loadBeirCollection,
  loadScifact,
  ndcgAt,
  recallAt,
  round,
  type Scifact,
  scifactAvailable,
  scifactDir,
} from '../support/scifact.js';
import { documentChunk, openSearchBench } from '../support/search-bench.js';

const TENANT = 'bench-retrieval';
const TIE = 0.0005;

/** Relevance-model weights searched on TRAIN (coverage fixed: only the ratios change the ranking). */
/** Ratios to the coverage weight (the ranking depends on nothing else). */
const SIMILARITY_GRID = [0, 0.125, 0.25, 0.375, 0.5, 0.75];
const PROXIMITY_GRID = [0, 0.0625, 0.125, 0.25];
const COVERAGE = RELEVANCE_MODELS.local.coverage;

interface Metrics {
  ndcg10: number;
  recall100: number;
}

function perQuery(rankings: Map<string, string[]>, qrels: Map<string, Set<string>>): number[] {
  return [...qrels].map(([qid, relevant]) => ndcgAt(rankings.get(qid) ?? [], relevant, 10));
}

function evaluate(rankings: Map<string, string[]>, qrels: Map<string, Set<string>>): Metrics {
  let n = 0;
  let r = 0;
  for (const [qid, relevant] of qrels) {
    const ranked = rankings.get(qid) ?? [];
    n += ndcgAt(ranked, relevant, 10);
    r += recallAt(ranked, relevant, 100);
  }
  return { ndcg10: round(n / qrels.size), recall100: round(r / qrels.size) };
}

/**
 * Paired comparison over queries: mean difference, a 95% bootstrap interval (10,000 resamples) and a
 * two-sided sign-flip randomisation p-value, both with a fixed seed. The search is deterministic (two
 * runs give identical rankings), so the noise that matters is which queries happened to be asked.
 */
function paired(a: number[], b: number[]): { meanDiff: number; ci95: [number, number]; p: number } {
  const d = a.map((x, i) => x - (b[i] ?? 0));
  const n = d.length;
  const mean = d.reduce((s, x) => s + x, 0) / n;
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const boots: number[] = [];
  let extreme = 0;
  for (let r = 0; r < 10000; r++) {
    let s = 0;
    let f = 0;
    for (let i = 0; i < n; i++) {
      s += d[Math.floor(rand() * n)] as number;
      f += (rand() < 0.5 ? -1 : 1) * (d[i] as number);
    }
    boots.push(s / n);
    if (Math.abs(f / n) >= Math.abs(mean) - 1e-12) extreme++;
  }
  boots.sort((x, y) => x - y);
  return {
    meanDiff: round(mean),
    ci95: [round(boots[249] as number), round(boots[9749] as number)],
    p: round((extreme + 1) / 10001),
  };
}

type Features = Array<{ id: string; f: { coverage: number; proximity: number; similarity: number } }>;

async function runDialect(dialect: TestDialect, data: Scifact): Promise<Record<string, unknown>> {
  const { t, index, embedder } = await openSearchBench(dialect, TENANT);
  try {
    const chunks: IndexChunk[] = data.corpus.map((d) => documentChunk(d));
    const started = performance.now();
    for (let i = 0; i < chunks.length; i += 500) {
      const batch = chunks.slice(i, i + 500);
      const vectors = await embedChunks(embedder, batch);
      await t.db.tenant(TENANT, (tx) => index.indexChunks(tx, TENANT, batch, vectors));
    }
    const indexSeconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `[retrieval] ${dialect}: indexed ${chunks.length} chunks in ${indexSeconds.toFixed(1)} s\n`,
    );
    const common = { topK: 100, candidates: 100, noCache: true } as const;
    const rankings = async (
      qrels: Map<string, Set<string>>,
      request: Parameters<typeof index.search>[3],
    ): Promise<{
      ids: Map<string, string[]>;
      features: Map<string, Features>;
      ftsOrder: Map<string, string[]>;
    }> => {
      const ids = new Map<string, string[]>();
      const features = new Map<string, Features>();
      const ftsOrder = new Map<string, string[]>();
      for (const qid of qrels.keys()) {
        const r = await index.search(t.db, TENANT, data.queries.get(qid) ?? '', { ...common, ...request });
        ids.set(
          qid,
          r.hits.map((h) => h.id),
        );
        features.set(
          qid,
          r.hits.map((h) => ({ id: h.id, f: h.features })),
        );
        ftsOrder.set(
          qid,
          r.hits
            .filter((h) => h.lexical)
            .sort((a, b) => (a.lexical?.rank ?? 0) - (b.lexical?.rank ?? 0))
            .map((h) => h.id),
        );
      }
      return { ids, features, ftsOrder };
    };
    const model = (similarity: number, proximity: number, wordPrior = 0) => ({
      bias: 0,
      coverage: COVERAGE,
      proximity: proximity * COVERAGE,
      similarity: similarity * COVERAGE,
      relative: 0,
      wordPrior,
    });

    // TRAIN: features of each query's top 100 (a generous model, so the pool holds what any grid
    // point would rank high), then every grid point re-ranks those pools.
    const train = data.qrels('train');
    const grid: Record<string, number> = {};
    let chosen = { expand: false, wordPrior: 0, similarity: 0, proximity: 0, ndcg10: -1 };
    for (const [expand, wordPrior] of [
      [false, 0],
      [true, 0],
      [true, 1],
    ] as const) {
      const pool = await rankings(train, {
        embedder,
        expand,
        relevanceModel: model(0.375, 0.125, wordPrior),
      });
      for (const similarity of SIMILARITY_GRID) {
        for (const proximity of PROXIMITY_GRID) {
          const m = model(similarity, proximity);
          const reranked = new Map(
            [...pool.features].map(([qid, hits]) => [
              qid,
              [...hits]
                .map((h) => ({
                  id: h.id,
                  s: m.coverage * h.f.coverage + m.proximity * h.f.proximity + m.similarity * h.f.similarity,
                }))
                .sort((a, b) => b.s - a.s)
                .map((h) => h.id),
            ]),
          );
          const ndcg10 = evaluate(reranked, train).ndcg10;
          grid[`expand=${expand} wordPrior=${wordPrior} similarity=${similarity} proximity=${proximity}`] =
            ndcg10;
          if (ndcg10 > chosen.ndcg10 + TIE) chosen = { expand, wordPrior, similarity, proximity, ndcg10 };
        }
      }
    }
    process.stderr.write(`[retrieval] ${dialect}: train choice ${JSON.stringify(chosen)}\n`);

    // TEST, once per configuration, through the real search call.
    const test = data.qrels('test');
    const bm25 = await rankings(test, { expand: false, relevanceModel: model(0, 0) });
    const hybrid = await rankings(test, {
      embedder,
      expand: chosen.expand,
      relevanceModel: model(chosen.similarity, chosen.proximity, chosen.wordPrior),
    });
    const shipped = await rankings(test, { embedder });
    const expandedLexical = await rankings(test, {
      expand: true,
      relevanceModel: model(0, 0, chosen.wordPrior),
    });
    const vectorOnly = await rankings(test, { embedder, weights: { lexical: 0, vector: 1 } });
    const bm25PerQuery = perQuery(bm25.ids, test);

    // BM25 pruned as hard as at 100k chunks: at 5k chunks the 2,000 minimum budget keeps pruning mild,
    // so drop the minimum to see the quality the N/20 budget alone gives.
    const minBudget = PRUNING.minBudget;
    PRUNING.minBudget = 0;
    let bm25AsAt100k: Awaited<ReturnType<typeof rankings>>;
    try {
      bm25AsAt100k = await rankings(test, { expand: false, relevanceModel: model(0, 0) });
    } finally {
      PRUNING.minBudget = minBudget;
    }

    const result: Record<string, unknown> = {
      dialect,
      chunks: chunks.length,
      indexingChunksPerSecond: Math.round(chunks.length / indexSeconds),
      bm25: evaluate(bm25.ids, test),
      bm25FullTextOrder: evaluate(bm25.ftsOrder, test),
      bm25PrunedAsAt100k: evaluate(bm25AsAt100k.ids, test),
      lexicalWithExpansion: evaluate(expandedLexical.ids, test),
      vector: evaluate(vectorOnly.ids, test),
      hybridTrainTuned: {
        ...chosen,
        ndcg10Train: chosen.ndcg10,
        ...evaluate(hybrid.ids, test),
        vsBm25: paired(perQuery(hybrid.ids, test), bm25PerQuery),
      },
      hybridShippedDefaults: {
        ...evaluate(shipped.ids, test),
        vsBm25: paired(perQuery(shipped.ids, test), bm25PerQuery),
      },
      trainGridNdcg10: grid,
    };

    if (dialect === 'sqlite') {
      // Exact BM25: plain FTS5 over every query term OR'ed, no pruning (same table, same weights).
      const exactBm25 = new Map<string, string[]>();
      const seqToId = new Map<number, string>();
      const rows = await t.db.kysely.selectFrom('knowledge_index_chunks').select(['seq', 'id']).execute();
      for (const r of rows) seqToId.set(Number(r.seq), r.id);
      const fts = sql.table(ftsTable(TENANT));
      for (const qid of test.keys()) {
        const terms = queryTerms(data.queries.get(qid) ?? '');
        const match = terms.map((w) => `"${w}"`).join(' OR ');
        const res = await sql<{ seq: number }>`SELECT rowid AS seq FROM ${fts} WHERE ${fts} MATCH ${match}
          ORDER BY bm25(${fts}, 2.0, 1.0) LIMIT 100`.execute(t.db.kysely);
        exactBm25.set(
          qid,
          res.rows.map((r) => seqToId.get(Number(r.seq)) ?? ''),
        );
      }
      result.bm25ExactNoPruning = evaluate(exactBm25, test);

      // Exact vectors: brute-force cosine over float vectors (no binary quantisation).
      const docVectors = embedLocally(data.corpus.map((d) => `${d.title}\n${d.text}`));
      const exactVec = new Map<string, string[]>();
      for (const qid of test.keys()) {
        const [qv] = embedLocally([data.queries.get(qid) ?? '']);
        const scored = docVectors.map((v, i) => {
          let s = 0;
          for (let j = 0; j < v.length; j++) s += (v[j] as number) * ((qv as number[])[j] as number);
          return { id: data.corpus[i]?.id ?? '', s };
        });
        scored.sort((a, b) => b.s - a.s);
        exactVec.set(
          qid,
          scored.slice(0, 100).map((x) => x.id),
        );
      }
      result.vectorExactNoQuantisation = evaluate(exactVec, test);
    }
    return result;
  } finally {
    await t.cleanup();
  }
}

/** Cranfield: the same index and configurations, graded nDCG@10 (gain = relevance code 1-4). */
async function runCranfield(dialect: TestDialect, dir: string): Promise<Record<string, unknown>> {
  const data = loadBeirCollection(dir, 'test.tsv');
  const { t, index, embedder } = await openSearchBench(dialect, TENANT);
  try {
    // Two documents have no text at all (as in the original collection); they cannot be indexed.
    const chunks: IndexChunk[] = data.corpus
      .filter((d) => `${d.title}${d.text}`.trim().length > 0)
      .map((d) => documentChunk(d, { text: d.text.trim() || d.title }));
    const vectors = await embedChunks(embedder, chunks);
    await t.db.tenant(TENANT, (tx) => index.indexChunks(tx, TENANT, chunks, vectors));
    const run = async (weights: { lexical: number; vector: number }) => {
      let n = 0;
      let r = 0;
      for (const [qid, gains] of data.qrels) {
        const res = await index.search(t.db, TENANT, data.queries.get(qid) ?? '', {
          topK: 100,
          candidates: 100,
          noCache: true,
          embedder,
          weights,
        });
        const ranked = res.hits.map((h) => h.id);
        n += gradedNdcgAt(ranked, gains, 10);
        r += recallAt(ranked, new Set(gains.keys()), 100);
      }
      return { ndcg10: round(n / data.qrels.size), recall100: round(r / data.qrels.size) };
    };
    return {
      dialect,
      queries: data.qrels.size,
      bm25: await run({ lexical: 1, vector: 0 }),
      vector: await run({ lexical: 0, vector: 1 }),
      hybridDefault: await run({ lexical: 1, vector: 1 }),
    };
  } finally {
    await t.cleanup();
  }
}

export default async function retrieval(args: BenchArgs): Promise<Record<string, unknown>> {
  if (args.dataset === 'cranfield') {
    const dir = process.env.CRANFIELD_DIR ?? path.resolve(scifactDir, '../cranfield');
    if (!existsSync(path.join(dir, 'corpus.jsonl'))) return { skipped: `Cranfield not found at ${dir}` };
    const dialect: TestDialect = args.dialect === 'postgres' ? 'postgres' : 'sqlite';
    return {
      dataset: 'Cranfield 1400, 225 queries, graded qrels (qrels/test.tsv)',
      reference: { ourBm25K1_1_2: { ndcg10: 0.338, recall100: 0.7373 } },
      results: [await runCranfield(dialect, dir)],
    };
  }
  if (!scifactAvailable()) {
    return {
      skipped: `SciFact not found at ${scifactDir}; set SCIFACT_DIR or provide ../shared/datasets/scifact`,
    };
  }
  const data = loadScifact();
  const dialects: TestDialect[] =
    args.dialect === 'sqlite' || args.dialect === 'postgres'
      ? [args.dialect]
      : process.env.TEST_POSTGRES_URL
        ? ['sqlite', 'postgres']
        : ['sqlite'];
  const results: Record<string, unknown>[] = [];
  for (const d of dialects) results.push(await runDialect(d, data));
  return {
    dataset: 'BEIR SciFact test (300 queries, 339 qrels); fusion weight tuned on train (809 queries)',
    published: { bm25Ndcg10: 0.665, anseriniBm25FlatNdcg10: 0.6789, anseriniBm25FlatRecall100: 0.9253 },
    results,
  };
}
