/**
 * PostgreSQL search: a generated `tsvector` (title and headings weighted A, text B, English Snowball
 * stemming) with a GIN index finds candidates; they are ranked by Okapi BM25 (k1 1.2, b 0.75, Lucene's
 * IDF) computed in SQL from the tsvector's term positions, with title occurrences counted twice like
 * the SQLite FTS5 column weights. BM25 rather than ts_rank_cd because ts_rank_cd has no IDF: on
 * SciFact it ranks clearly worse (docs/benchmarks.md). Document frequencies come from the GIN index and
 * are cached per tenant and index version.
 *
 * Vectors: stored as float32 bytes; searched by exact cosine in the application over a per-tenant
 * in-memory matrix, loaded once and refreshed incrementally when the tenant's index version changes.
 * (pgvector is not used: it is not installed on the machines this was built and tested on, and the
 * app-side search needs no extension.)
 */
import { sql } from 'kysely';
import type { Executor } from '../../../db/connect.js';
import { toNumber } from '../../../db/dialect.js';
import {
  type LexicalCandidate,
  planTerms,
  type SearchProvider,
  type VectorCandidate,
  type VectorQuery,
} from './provider.js';
import { filterConditions, hasFilters, type IndexState } from './repository.js';
import { decodeVector } from './vectors.js';

const K1 = sql.raw('1.2');
const K1_PLUS_1 = sql.raw('2.2');
const B = sql.raw('0.75');
const TITLE_TF_WEIGHT = sql.raw('2');

/** A tsquery literal for one lexeme: quoted, with quotes and backslashes escaped. */
function lexemeQuery(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

interface TenantStats {
  version: number;
  total: number;
  avgLength: number;
  df: Map<string, number>;
}
const statsCache = new Map<string, TenantStats>();

async function tenantStats(db: Executor, tenantId: string, state: IndexState): Promise<TenantStats> {
  const cached = statsCache.get(tenantId);
  if (cached && cached.version === state.version) return cached;
  const row = await db
    .selectFrom('knowledge_index_chunks')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.avg('lexical_length').as('avg')])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const stats: TenantStats = {
    version: state.version,
    total: toNumber(row?.n),
    avgLength: Math.max(1, toNumber(row?.avg)),
    df: new Map(),
  };
  statsCache.delete(tenantId);
  statsCache.set(tenantId, stats);
  if (statsCache.size > 500) statsCache.delete(statsCache.keys().next().value as string);
  return stats;
}

async function documentFrequencies(
  db: Executor,
  tenantId: string,
  stats: TenantStats,
  lexemes: readonly string[],
): Promise<Map<string, number>> {
  const missing = lexemes.filter((l) => !stats.df.has(l));
  if (missing.length > 0) {
    // One pass over the chunks matching any missing lexeme (found through the GIN index), counting
    // each lexeme's matches.
    const counts = missing.map(
      (l, i) => sql`count(*) FILTER (WHERE tsv @@ ${lexemeQuery(l)}::tsquery) AS ${sql.ref(`d${i}`)}`,
    );
    const any = missing.map(lexemeQuery).join(' | ');
    const row = await sql<Record<string, number | string>>`
      SELECT ${sql.join(counts)} FROM knowledge_index_chunks
      WHERE tenant_id = ${tenantId} AND tsv @@ ${any}::tsquery`.execute(db);
    missing.forEach((l, i) => {
      stats.df.set(l, toNumber(row.rows[0]?.[`d${i}`]));
    });
  }
  return new Map(lexemes.map((l) => [l, stats.df.get(l) ?? 0]));
}

/** Query words analysed the way the tsvector was: English stemming, PostgreSQL's stop words. */
async function queryLexemes(db: Executor, terms: readonly string[]): Promise<string[]> {
  if (terms.length === 0) return [];
  const rows = await sql<{ lexeme: string }>`
    SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('english', ${terms.join(' ')}))) AS lexeme`.execute(
    db,
  );
  return rows.rows.map((r) => r.lexeme).sort();
}

interface VectorMatrix {
  version: number;
  modelId: string;
  dimension: number;
  seqs: number[];
  data: Float32Array;
  maxSeq: number;
}
const vectorCache = new Map<string, VectorMatrix>();
/** Tenants whose matrices are kept; least recently used ones are dropped beyond this. */
const MAX_CACHED_TENANTS = 32;

async function loadRows(
  db: Executor,
  tenantId: string,
  modelId: string,
  afterSeq: number,
): Promise<Array<{ seq: number; vector: Float32Array }>> {
  const out: Array<{ seq: number; vector: Float32Array }> = [];
  let after = afterSeq;
  for (;;) {
    const rows = await db
      .selectFrom('knowledge_index_chunks')
      .select(['seq', 'embedding'])
      .where('tenant_id', '=', tenantId)
      .where('embedding_model', '=', modelId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(5000)
      .execute();
    if (rows.length === 0) return out;
    for (const r of rows)
      if (r.embedding) out.push({ seq: toNumber(r.seq), vector: decodeVector(r.embedding) });
    after = toNumber(rows[rows.length - 1]?.seq);
  }
}

function buildMatrix(
  version: number,
  modelId: string,
  dimension: number,
  base: VectorMatrix | undefined,
  rows: Array<{ seq: number; vector: Float32Array }>,
): VectorMatrix {
  const kept = rows.filter((r) => r.vector.length === dimension);
  const prior = base?.seqs.length ?? 0;
  const data = new Float32Array((prior + kept.length) * dimension);
  if (base) data.set(base.data.subarray(0, prior * dimension));
  const seqs = base ? [...base.seqs] : [];
  kept.forEach((r, i) => {
    data.set(r.vector, (prior + i) * dimension);
    seqs.push(r.seq);
  });
  const maxSeq = Math.max(base?.maxSeq ?? 0, ...kept.map((r) => r.seq));
  return { version, modelId, dimension, seqs, data, maxSeq };
}

/**
 * The tenant's vectors of one model. On a version change only rows added since (higher seq) are
 * loaded; a full reload happens when the stored count shows rows were re-embedded or many deleted.
 * Deleted rows still in the matrix are harmless: hits are joined with the chunk table afterwards.
 */
async function tenantMatrix(db: Executor, tenantId: string, query: VectorQuery): Promise<VectorMatrix> {
  const key = `${tenantId}\u0000${query.modelId}`;
  let m = vectorCache.get(key);
  const dimension = query.vector.length;
  if (m && m.version === query.state.version && m.dimension === dimension) return touch(key, m);
  const countRow = await db
    .selectFrom('knowledge_index_chunks')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('embedding_model', '=', query.modelId)
    .executeTakeFirst();
  const stored = toNumber(countRow?.n);
  if (m && m.dimension === dimension) {
    const fresh = await loadRows(db, tenantId, query.modelId, m.maxSeq);
    const appended = buildMatrix(query.state.version, query.modelId, dimension, m, fresh);
    // Equal counts: nothing re-embedded in place. Up to 10% stale (deleted) rows are tolerated.
    if (stored <= appended.seqs.length && stored >= appended.seqs.length * 0.9) return touch(key, appended);
  }
  m = buildMatrix(
    query.state.version,
    query.modelId,
    dimension,
    undefined,
    await loadRows(db, tenantId, query.modelId, 0),
  );
  return touch(key, m);
}

function touch(key: string, m: VectorMatrix): VectorMatrix {
  vectorCache.delete(key);
  vectorCache.set(key, m);
  while (vectorCache.size > MAX_CACHED_TENANTS) vectorCache.delete(vectorCache.keys().next().value as string);
  return m;
}

/** Keeps the `limit` best of a stream of scores without sorting everything. */
function topK(m: VectorMatrix, query: Float32Array, limit: number, allowed?: Set<number>): VectorCandidate[] {
  const best: VectorCandidate[] = [];
  const d = m.dimension;
  for (let i = 0; i < m.seqs.length; i++) {
    const seq = m.seqs[i] as number;
    if (allowed && !allowed.has(seq)) continue;
    let s = 0;
    const o = i * d;
    for (let j = 0; j < d; j++) s += (m.data[o + j] as number) * (query[j] as number);
    if (best.length < limit) {
      best.push({ seq, similarity: s });
      if (best.length === limit) best.sort((a, b) => b.similarity - a.similarity);
    } else if (s > (best[limit - 1] as VectorCandidate).similarity) {
      let at = limit - 1;
      while (at > 0 && (best[at - 1] as VectorCandidate).similarity < s) at--;
      best.splice(at, 0, { seq, similarity: s });
      best.pop();
    }
  }
  return best.sort((a, b) => b.similarity - a.similarity || a.seq - b.seq);
}

export const postgresSearchProvider: SearchProvider = {
  dialect: 'postgres',
  // The tsvector is a generated column and vectors live in the chunk rows: nothing else to maintain.
  async added() {},
  async removed() {},
  async vectorsSet() {},
  async dropOtherModels() {},
  async rebuild() {},
  async dropTenant(_tx, tenantId) {
    statsCache.delete(tenantId);
    for (const key of [...vectorCache.keys()])
      if (key.startsWith(`${tenantId}\u0000`)) vectorCache.delete(key);
  },

  async lexical(db, tenantId, query): Promise<LexicalCandidate[]> {
    if (query.terms.length === 0 || query.state.chunkCount === 0) return [];
    const lexemes = await queryLexemes(db, query.terms);
    if (lexemes.length === 0) return [];
    const stats = await tenantStats(db, tenantId, query.state);
    const df = await documentFrequencies(db, tenantId, stats, lexemes);
    const plan = planTerms(lexemes, df, stats.total);
    if (plan.gate.length === 0) return [];
    const idf = plan.scoring.map((l) => {
      const n = df.get(l) ?? 0;
      return Math.log(1 + (stats.total - n + 0.5) / (n + 0.5));
    });
    const gate = plan.gate.map(lexemeQuery).join(' | ');
    const filter = hasFilters(query.filters)
      ? sql`AND c.seq IN (${db
          .selectFrom('knowledge_index_chunks')
          .select('seq')
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb.and(filterConditions(eb, query.filters)))})`
      : sql``;
    const rows = await sql<{ seq: number | string; score: number }>`
      WITH q AS (
        SELECT * FROM unnest(${sql.val(plan.scoring)}::text[], ${sql.val(idf)}::float8[]) AS q(term, idf)
      )
      SELECT c.seq, sum(q.idf * (t.tf * ${K1_PLUS_1}) /
               (t.tf + ${K1} * (1 - ${B} + ${B} * c.lexical_length / ${stats.avgLength}::float8))) AS score
      FROM knowledge_index_chunks c
      CROSS JOIN LATERAL (
        SELECT u.lexeme,
               (SELECT sum(CASE WHEN w = 'A' THEN ${TITLE_TF_WEIGHT} ELSE 1 END) FROM unnest(u.weights) w)::float8 AS tf
        FROM unnest(c.tsv) u
        WHERE u.lexeme = ANY(${sql.val(plan.scoring)}::text[])
      ) t
      JOIN q ON q.term = t.lexeme
      WHERE c.tenant_id = ${tenantId} AND c.tsv @@ ${gate}::tsquery ${filter}
      GROUP BY c.seq
      ORDER BY score DESC, c.seq
      LIMIT ${query.limit}`.execute(db);
    return rows.rows.map((r) => ({ seq: toNumber(r.seq), score: Number(r.score) }));
  },

  async documentFrequencies(db, tenantId, state, words) {
    const out = new Map<string, number>(words.map((w) => [w, 0]));
    if (words.length === 0 || state.chunkCount === 0) return out;
    // Each word as the tsvector analyses it (English Snowball; PostgreSQL's stop words give nothing).
    const rows = await sql<{ w: string; lexeme: string }>`
      SELECT w, unnest(tsvector_to_array(to_tsvector('english', w))) AS lexeme
      FROM unnest(${[...new Set(words)]}::text[]) AS w`.execute(db);
    const stats = await tenantStats(db, tenantId, state);
    const lexemes = [...new Set(rows.rows.map((r) => r.lexeme))];
    const df = new Map<string, number>();
    // In slices: one count column per lexeme, and PostgreSQL allows at most 1,664 columns.
    for (let i = 0; i < lexemes.length; i += 400) {
      for (const [l, n] of await documentFrequencies(db, tenantId, stats, lexemes.slice(i, i + 400)))
        df.set(l, n);
    }
    for (const r of rows.rows) out.set(r.w, Math.max(out.get(r.w) ?? 0, df.get(r.lexeme) ?? 0));
    return out;
  },

  async vector(db, tenantId, query): Promise<VectorCandidate[]> {
    const m = await tenantMatrix(db, tenantId, query);
    if (m.seqs.length === 0) return [];
    let allowed: Set<number> | undefined;
    if (hasFilters(query.filters)) {
      const rows = await db
        .selectFrom('knowledge_index_chunks')
        .select('seq')
        .where('tenant_id', '=', tenantId)
        .where((eb) => eb.and(filterConditions(eb, query.filters)))
        .execute();
      allowed = new Set(rows.map((r) => toNumber(r.seq)));
      if (allowed.size === 0) return [];
    }
    return topK(m, query.vector, query.limit, allowed);
  },
};
