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
import {
  embedChunks,
  type IndexChunk,
  LOCAL_VECTOR_WEIGHT,
  reciprocalRankFusion,
} from '../../src/modules/knowledge/search/index.js';
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
const WEIGHT_GRID = [0, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1];
const TIE = 0.0005;

interface Metrics {
  ndcg10: number;
  recall100: number;
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

function fuse(bm25: string[], vector: string[], weight: number): string[] {
  return reciprocalRankFusion(
    [
      { weight: 1, items: bm25 },
      { weight, items: vector },
    ],
    (x) => x,
  ).map((f) => f.key);
}

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

    const rankingsFor = async (qrels: Map<string, Set<string>>) => {
      const bm25 = new Map<string, string[]>();
      const vector = new Map<string, string[]>();
      for (const qid of qrels.keys()) {
        const q = data.queries.get(qid) ?? '';
        const common = { topK: 100, candidates: 100, noCache: true } as const;
        const lex = await index.search(t.db, TENANT, q, { ...common, weights: { lexical: 1, vector: 0 } });
        const vec = await index.search(t.db, TENANT, q, {
          ...common,
          embedder,
          weights: { lexical: 0, vector: 1 },
        });
        bm25.set(
          qid,
          lex.hits.map((h) => h.id),
        );
        vector.set(
          qid,
          vec.hits.map((h) => h.id),
        );
      }
      return { bm25, vector };
    };

    // Fusion weight: grid search on TRAIN.
    const train = data.qrels('train');
    const trainLists = await rankingsFor(train);
    const grid: Record<string, number> = {};
    for (const w of WEIGHT_GRID) {
      const fused = new Map(
        [...train.keys()].map((q) => [
          q,
          fuse(trainLists.bm25.get(q) ?? [], trainLists.vector.get(q) ?? [], w),
        ]),
      );
      grid[String(w)] = evaluate(fused, train).ndcg10;
    }
    // The largest weight whose train nDCG@10 is within TIE of the best: keeps the vector list in play
    // (it answers queries BM25 cannot match at all) as long as it costs nothing measurable on train.
    const best = Math.max(...Object.values(grid));
    const bestWeight = Math.max(...WEIGHT_GRID.filter((w) => (grid[String(w)] ?? 0) >= best - TIE));
    process.stderr.write(
      `[retrieval] ${dialect}: train grid ${JSON.stringify(grid)} → vector weight ${bestWeight}\n`,
    );

    // TEST: each configuration through the real search call.
    const test = data.qrels('test');
    const testLists = await rankingsFor(test);
    const hybridAt = async (w: number) => {
      const out = new Map<string, string[]>();
      for (const qid of test.keys()) {
        const r = await index.search(t.db, TENANT, data.queries.get(qid) ?? '', {
          topK: 100,
          candidates: 100,
          noCache: true,
          embedder,
          weights: { lexical: 1, vector: w },
        });
        out.set(
          qid,
          r.hits.map((h) => h.id),
        );
      }
      return evaluate(out, test);
    };

    // BM25 pruned as hard as at 100k chunks: at 5k chunks the 2,000 minimum budget keeps pruning mild,
    // so drop the minimum to see the quality the N/20 budget alone gives.
    const bm25AsAt100k = new Map<string, string[]>();
    const minBudget = PRUNING.minBudget;
    PRUNING.minBudget = 0;
    try {
      for (const qid of test.keys()) {
        const r = await index.search(t.db, TENANT, data.queries.get(qid) ?? '', {
          topK: 100,
          candidates: 100,
          noCache: true,
          weights: { lexical: 1, vector: 0 },
        });
        bm25AsAt100k.set(
          qid,
          r.hits.map((h) => h.id),
        );
      }
    } finally {
      PRUNING.minBudget = minBudget;
    }

    const result: Record<string, unknown> = {
      dialect,
      chunks: chunks.length,
      indexingChunksPerSecond: Math.round(chunks.length / indexSeconds),
      bm25: evaluate(testLists.bm25, test),
      bm25PrunedAsAt100k: evaluate(bm25AsAt100k, test),
      vector: evaluate(testLists.vector, test),
      hybridTrainTuned: { vectorWeight: bestWeight, ...(await hybridAt(bestWeight)) },
      hybridDefault: { vectorWeight: LOCAL_VECTOR_WEIGHT, ...(await hybridAt(LOCAL_VECTOR_WEIGHT)) },
      hybridEqualWeights: { vectorWeight: 1, ...(await hybridAt(1)) },
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
      hybridDefault: {
        vectorWeight: LOCAL_VECTOR_WEIGHT,
        ...(await run({ lexical: 1, vector: LOCAL_VECTOR_WEIGHT })),
      },
      hybrid005: { vectorWeight: 0.05, ...(await run({ lexical: 1, vector: 0.05 })) },
      hybridEqualWeights: { vectorWeight: 1, ...(await run({ lexical: 1, vector: 1 })) },
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
