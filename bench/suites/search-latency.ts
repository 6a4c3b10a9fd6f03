/**
 * Search latency on SQLite: p50/p95 of a hybrid search (BM25 + local-embedding vectors, calibrated scores, top 5,
 * result cache off) at 10k and 100k chunks in one tenant, beside the two plain baselines measured in the
 * same run on the same data: FTS5 `ORDER BY rank` over every query term OR'ed, and sqlite-vec exact
 * float KNN. Also indexing throughput (chunks/s, local embedding included).
 *
 * Chunks are SciFact abstracts (read in place from ../shared/datasets/scifact), replicated with
 * perturbation to reach the size: each copy shuffles the abstract's sentences, keeps 60-100% of them
 * and gets a copy number in its title. Queries are SciFact claims not used to build anything.
 *
 *   npm run bench -- search-latency                    10k and 100k chunks (about 10 minutes)
 *   npm run bench -- search-latency --sizes 10000      one size
 *   npm run bench -- search-latency --queries 100
 */
import os from 'node:os';
import { sql } from 'kysely';
import { queryTerms } from '../../src/ai/offline/lexical-terms.js';
import { embedChunks, type IndexChunk } from '../../src/modules/knowledge/search/index.js';
import { ftsTable } from '../../src/modules/knowledge/search/sqlite-provider.js';
import type { BenchArgs } from '../run.js';
import {
  loadScifact,
  percentile,
  round,
  type ScifactDoc,
  scifactAvailable,
  scifactDir,
} from '../support/scifact.js';
import { documentChunk, openSearchBench } from '../support/search-bench.js';

const TENANT = 'bench-latency';

function perturbedCopy(doc: ScifactDoc, copy: number, rand: () => number): { title: string; text: string } {
  if (copy === 0) return { title: doc.title, text: doc.text };
  const sentences = doc.text.split(/(?<=\.)\s+/);
  for (let i = sentences.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [sentences[i], sentences[j]] = [sentences[j] as string, sentences[i] as string];
  }
  const keep = Math.max(1, Math.ceil(sentences.length * (0.6 + 0.4 * rand())));
  return { title: `${doc.title} (${copy})`, text: sentences.slice(0, keep).join(' ') };
}

interface Sample {
  wall: number;
  cpu: number;
}

/**
 * Wall-clock and CPU percentiles. The search runs synchronously in this one thread (better-sqlite3), so
 * its CPU time is its service time without the waits for a core that a loaded 2-core machine adds.
 */
function stats(samples: Sample[]) {
  const wall = samples.map((s) => s.wall);
  const cpu = samples.map((s) => s.cpu);
  return {
    p50: round(percentile(wall, 0.5), 2),
    p95: round(percentile(wall, 0.95), 2),
    cpuP50: round(percentile(cpu, 0.5), 2),
    cpuP95: round(percentile(cpu, 0.95), 2),
  };
}

async function time<T>(fn: () => Promise<T>): Promise<Sample> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

export default async function searchLatency(args: BenchArgs): Promise<Record<string, unknown>> {
  if (!scifactAvailable()) {
    return {
      skipped: `SciFact not found at ${scifactDir}; set SCIFACT_DIR or provide ../shared/datasets/scifact`,
    };
  }
  const data = loadScifact();
  const sizes = String(args.sizes ?? '10000,100000')
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);
  const queryCount = Number(args.queries ?? 200);
  const queries = [...data.queries.values()].filter((_, i) => i % 3 === 0).slice(0, queryCount);

  const { t, index, embedder } = await openSearchBench('sqlite', TENANT);
  const results: Record<string, unknown>[] = [];
  try {
    let seed = 20261125;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };

    let indexed = 0;
    for (const size of sizes) {
      // Grow the index to `size` chunks.
      let embedMs = 0;
      let writeMs = 0;
      const added = size - indexed;
      while (indexed < size) {
        const batch: IndexChunk[] = [];
        while (batch.length < 1000 && indexed + batch.length < size) {
          const n = indexed + batch.length;
          const doc = data.corpus[n % data.corpus.length] as ScifactDoc;
          const copy = Math.floor(n / data.corpus.length);
          const { title, text } = perturbedCopy(doc, copy, rand);
          batch.push(
            documentChunk(
              { id: `c${n}`, title, text },
              { sourceId: `p${n}`, url: `https://scifact.example/${doc.id}/${copy}` },
            ),
          );
        }
        const e0 = performance.now();
        const vectors = await embedChunks(embedder, batch);
        embedMs += performance.now() - e0;
        writeMs += (
          await time(() => t.db.tenant(TENANT, (tx) => index.indexChunks(tx, TENANT, batch, vectors)))
        ).wall;
        indexed += batch.length;
        process.stderr.write(`\r[search-latency] indexed ${indexed}/${size}`);
      }
      process.stderr.write('\n');

      const fts = sql.table(ftsTable(TENANT));
      // Baseline vector table: exact float KNN over the same vectors, built from the stored floats.
      const dim = embedder.dimension ?? 512;
      await sql`DROP TABLE IF EXISTS bench_float_vec`.execute(t.db.kysely);
      await sql`CREATE VIRTUAL TABLE bench_float_vec USING vec0(embedding float[${sql.raw(String(dim))}])`.execute(
        t.db.kysely,
      );
      await sql`INSERT INTO bench_float_vec(rowid, embedding)
        SELECT seq, embedding FROM knowledge_index_chunks WHERE tenant_id = ${TENANT}`.execute(t.db.kysely);
      const queryVectors = (await embedder.embedMany(queries, 'query')).map((v) =>
        Buffer.from(new Float32Array(v).buffer),
      );

      const hybrid: Sample[] = [];
      const lexicalOnly: Sample[] = [];
      const vectorOnly: Sample[] = [];
      const plainFts: Sample[] = [];
      const plainKnn: Sample[] = [];
      // Warm-up: statement caches, page cache, the embedding's frequency table.
      for (const q of queries.slice(0, 10)) await index.search(t.db, TENANT, q, { embedder, noCache: true });
      for (let i = 0; i < queries.length; i++) {
        const q = queries[i] as string;
        hybrid.push(await time(() => index.search(t.db, TENANT, q, { embedder, noCache: true })));
        lexicalOnly.push(
          await time(() =>
            index.search(t.db, TENANT, q, { noCache: true, weights: { lexical: 1, vector: 0 } }),
          ),
        );
        vectorOnly.push(
          await time(() =>
            index.search(t.db, TENANT, q, { embedder, noCache: true, weights: { lexical: 0, vector: 1 } }),
          ),
        );
        const match = queryTerms(q)
          .map((w) => `"${w}"`)
          .join(' OR ');
        plainFts.push(
          await time(() =>
            sql`SELECT rowid FROM ${fts} WHERE ${fts} MATCH ${match} ORDER BY rank LIMIT 10`.execute(
              t.db.kysely,
            ),
          ),
        );
        const qv = queryVectors[i] as Buffer;
        plainKnn.push(
          await time(() =>
            sql`SELECT rowid, distance FROM bench_float_vec WHERE embedding MATCH ${qv} AND k = 10`.execute(
              t.db.kysely,
            ),
          ),
        );
      }
      results.push({
        chunks: size,
        indexing: {
          chunksPerSecond: Math.round(added / ((embedMs + writeMs) / 1000)),
          embeddingChunksPerSecond: Math.round(added / (embedMs / 1000)),
          writeChunksPerSecond: Math.round(added / (writeMs / 1000)),
        },
        hybridMs: stats(hybrid),
        lexicalOnlyMs: stats(lexicalOnly),
        vectorOnlyMs: stats(vectorOnly),
        plainFts5OrRankMs: stats(plainFts),
        plainSqliteVecExactKnnMs: stats(plainKnn),
      });
      process.stderr.write(`[search-latency] ${JSON.stringify(results[results.length - 1])}\n`);
    }
  } finally {
    await t.cleanup();
  }
  return {
    method:
      'hybrid = service search (top 5, 30 candidates per list, cache off, local embedding incl. query embedding); ' +
      'baselines on the same database in the same run',
    queries: queries.length,
    loadAverage: os.loadavg().map((x) => round(x, 2)),
    targets: { p95At10k: 10, p95At100k: 30 },
    results,
  };
}
