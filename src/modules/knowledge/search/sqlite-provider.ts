/**
 * SQLite search: FTS5 with BM25 for full text, sqlite-vec for vectors.
 *
 * Each tenant gets its own FTS5 table (and an fts5vocab view of it), so BM25 statistics (document
 * frequencies, average length) are the tenant's own and a query never walks another tenant's postings.
 * Vectors go to one sqlite-vec `vec0` table per tenant and embedding model, holding 512-bit binary
 * codes (signs of a random rotation, binary-codes.ts) for a fast Hamming-distance KNN; the candidates are then re-scored with the
 * exact float vectors kept in `knowledge_index_chunks.embedding`. Binary KNN with re-scoring is several
 * times faster than float or int8 KNN at 100k chunks, for a small loss in recall (docs/benchmarks.md).
 *
 * Table names derive from a hash of the tenant id (and of the model id), never from user text.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { stem } from '../../../ai/offline/lexical-terms.js';
import type { Executor } from '../../../db/connect.js';
import { binaryCode, CODE_BITS, CODE_VERSION } from './binary-codes.js';
import {
  type LexicalCandidate,
  planTerms,
  type SearchProvider,
  titleField,
  type VectorCandidate,
} from './provider.js';
import { allChunks, filterConditions, hasFilters, type IndexedChunk, sameTenant } from './repository.js';
import { decodeVector, dot } from './vectors.js';

/** FTS5 tokenizer: Porter stemming over Unicode words with accents folded (chosen on SciFact). */
export const FTS_TOKENIZER = 'porter unicode61 remove_diacritics 2';
/** BM25 column weights: title (with heading path) counts twice as much as body text. */
const BM25_WEIGHTS = sql.raw('2.0, 1.0');
/** Filtered vector searches scan the filtered chunks exactly when there are at most this many. */
const EXACT_SCAN_LIMIT = 5000;
/** Binary KNN fetches max(RESCORE_MIN, RESCORE_OVERSAMPLE × wanted) codes before float re-scoring. */
const RESCORE_OVERSAMPLE = 2;
const RESCORE_MIN = 40;
/** Rows per multi-row INSERT (3 bound values each, well under SQLite's limit). */
const INSERT_BATCH = 100;

const hash = (value: string, length: number) =>
  createHash('sha256').update(value).digest('hex').slice(0, length);

export function ftsTable(tenantId: string): string {
  return `knowledge_fts_${hash(tenantId, 16)}`;
}
function vocabTable(tenantId: string): string {
  return `knowledge_ftsv_${hash(tenantId, 16)}`;
}
function vecPrefix(tenantId: string): string {
  return `knowledge_vec_${hash(tenantId, 16)}_`;
}
export function vecTable(tenantId: string, modelId: string): string {
  return `${vecPrefix(tenantId)}${hash(`${modelId}#${CODE_VERSION}`, 8)}`;
}

function isMissingTable(error: unknown): boolean {
  return error instanceof Error && /no such table/i.test(error.message);
}

async function tablesLike(db: Executor, prefix: string): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ${prefix.length}) = ${prefix}`.execute(
    db,
  );
  // vec0 creates shadow tables named <table>_chunks, _rowids, …: keep only the virtual tables.
  return rows.rows.map((r) => r.name).filter((n) => /^knowledge_vec_[0-9a-f]{16}_[0-9a-f]{8}$/.test(n));
}

async function ensureFts(tx: Executor, tenantId: string): Promise<void> {
  const fts = sql.table(ftsTable(tenantId));
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${fts} USING fts5(
      title, text, content='', contentless_delete=1, tokenize=${sql.lit(FTS_TOKENIZER)})`.execute(tx);
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${sql.table(vocabTable(tenantId))}
      USING fts5vocab(${sql.raw(ftsTable(tenantId))}, 'row')`.execute(tx);
}

/** Creates the model's vec0 table of binary codes; returns its name. */
async function ensureVec(tx: Executor, tenantId: string, modelId: string): Promise<string> {
  const name = vecTable(tenantId, modelId);
  await sql`CREATE VIRTUAL TABLE IF NOT EXISTS ${sql.table(name)}
    USING vec0(embedding bit[${sql.raw(String(CODE_BITS))}])`.execute(tx);
  return name;
}

function ftsQuery(terms: readonly string[]): string {
  return terms.map((t) => `"${t}"`).join(' OR ');
}

/** Per-tenant document-frequency cache, valid for one index version. */
const dfCache = new Map<string, { version: number; df: Map<string, number> }>();

async function documentFrequencies(
  db: Executor,
  tenantId: string,
  version: number,
  terms: readonly string[],
): Promise<Map<string, number>> {
  let entry = dfCache.get(tenantId);
  if (!entry || entry.version !== version) {
    entry = { version, df: new Map() };
    dfCache.delete(tenantId);
    dfCache.set(tenantId, entry);
    if (dfCache.size > 500) dfCache.delete(dfCache.keys().next().value as string);
  }
  const missing = [...new Set(terms.map((t) => stem(t)))].filter((s) => !entry.df.has(s));
  if (missing.length > 0) {
    const rows = await sql<{ term: string; doc: number }>`
      SELECT term, doc FROM ${sql.table(vocabTable(tenantId))} WHERE term IN (${sql.join(missing)})`.execute(
      db,
    );
    for (const s of missing) entry.df.set(s, 0);
    for (const r of rows.rows) entry.df.set(r.term, Number(r.doc));
  }
  const out = new Map<string, number>();
  for (const t of terms) out.set(t, entry.df.get(stem(t)) ?? 0);
  return out;
}

async function rescore(
  db: Executor,
  tenantId: string,
  modelId: string,
  query: Float32Array,
  seqs: readonly number[],
): Promise<VectorCandidate[]> {
  if (seqs.length === 0) return [];
  const rows = await db
    .selectFrom('knowledge_index_chunks')
    .select(['seq', 'embedding'])
    .where(sameTenant(tenantId))
    .where('embedding_model', '=', modelId)
    .where('seq', 'in', [...seqs])
    .execute();
  return rows
    .filter((r) => r.embedding)
    .map((r) => ({ seq: Number(r.seq), similarity: dot(query, decodeVector(r.embedding as Buffer)) }));
}

const bySimilarity = (a: VectorCandidate, b: VectorCandidate) => b.similarity - a.similarity || a.seq - b.seq;

export const sqliteSearchProvider: SearchProvider = {
  dialect: 'sqlite',

  async added(tx, tenantId, chunks) {
    if (chunks.length === 0) return;
    await ensureFts(tx, tenantId);
    const fts = sql.table(ftsTable(tenantId));
    // Multi-row inserts: one statement per 100 chunks instead of one per chunk.
    for (let i = 0; i < chunks.length; i += INSERT_BATCH) {
      const rows = chunks.slice(i, i + INSERT_BATCH).map((c) => sql`(${c.seq}, ${titleField(c)}, ${c.text})`);
      await sql`INSERT INTO ${fts}(rowid, title, text) VALUES ${sql.join(rows)}`.execute(tx);
    }
    const byModel = new Map<string, IndexedChunk[]>();
    for (const c of chunks) {
      if (!c.embedding || !c.embeddingModel) continue;
      const list = byModel.get(c.embeddingModel) ?? [];
      list.push(c);
      byModel.set(c.embeddingModel, list);
    }
    for (const [modelId, list] of byModel) {
      const table = await ensureVec(tx, tenantId, modelId);
      for (let i = 0; i < list.length; i += INSERT_BATCH) {
        const rows = list
          .slice(i, i + INSERT_BATCH)
          .map(
            (c) =>
              sql`(CAST(${c.seq} AS INTEGER), vec_bit(${binaryCode(decodeVector(c.embedding as Buffer))}))`,
          );
        await sql`INSERT INTO ${sql.table(table)}(rowid, embedding) VALUES ${sql.join(rows)}`.execute(tx);
      }
    }
  },

  async removed(tx, tenantId, chunks) {
    if (chunks.length === 0) return;
    const seqs = chunks.map((c) => c.seq);
    const vecTables = await tablesLike(tx, vecPrefix(tenantId));
    for (let i = 0; i < seqs.length; i += 500) {
      const part = seqs.slice(i, i + 500);
      try {
        await sql`DELETE FROM ${sql.table(ftsTable(tenantId))} WHERE rowid IN (${sql.join(part)})`.execute(
          tx,
        );
      } catch (error) {
        if (!isMissingTable(error)) throw error;
      }
      for (const t of vecTables) {
        await sql`DELETE FROM ${sql.table(t)} WHERE rowid IN (${sql.join(part)})`.execute(tx);
      }
    }
  },

  async vectorsSet(tx, tenantId, modelId, vectors) {
    if (vectors.length === 0) return;
    const table = await ensureVec(tx, tenantId, modelId);
    for (const { seq, vector } of vectors) {
      await sql`DELETE FROM ${sql.table(table)} WHERE rowid = ${seq}`.execute(tx);
      await sql`INSERT INTO ${sql.table(table)}(rowid, embedding)
        VALUES (CAST(${seq} AS INTEGER), vec_bit(${binaryCode(vector)}))`.execute(tx);
    }
  },

  async dropOtherModels(tx, tenantId, keepModelId) {
    const keep = keepModelId ? vecTable(tenantId, keepModelId) : undefined;
    for (const t of await tablesLike(tx, vecPrefix(tenantId))) {
      if (t !== keep) await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(tx);
    }
  },

  async rebuild(tx, tenantId) {
    await this.dropTenant(tx, tenantId);
    for await (const batch of allChunks(tx, tenantId)) await this.added(tx, tenantId, batch);
  },

  async dropTenant(tx, tenantId) {
    await sql`DROP TABLE IF EXISTS ${sql.table(vocabTable(tenantId))}`.execute(tx);
    await sql`DROP TABLE IF EXISTS ${sql.table(ftsTable(tenantId))}`.execute(tx);
    for (const t of await tablesLike(tx, vecPrefix(tenantId))) {
      await sql`DROP TABLE IF EXISTS ${sql.table(t)}`.execute(tx);
    }
    dfCache.delete(tenantId);
  },

  async lexical(db, tenantId, query): Promise<LexicalCandidate[]> {
    if (query.terms.length === 0 || query.state.chunkCount === 0) return [];
    const fts = sql.table(ftsTable(tenantId));
    let match: string;
    try {
      const df = await documentFrequencies(db, tenantId, query.state.version, query.terms);
      const plan = planTerms(query.terms, df, query.state.chunkCount);
      if (plan.gate.length === 0) return [];
      match = plan.pruned ? `(${ftsQuery(plan.gate)}) AND (${ftsQuery(plan.scoring)})` : ftsQuery(plan.gate);
    } catch (error) {
      if (isMissingTable(error)) return [];
      throw error;
    }
    const filter = hasFilters(query.filters)
      ? sql`AND rowid IN (${db
          .selectFrom('knowledge_index_chunks')
          .select('seq')
          .where('tenant_id', '=', tenantId)
          .where((eb) => eb.and(filterConditions(eb, query.filters)))})`
      : sql``;
    const rows = await sql<{ seq: number; score: number }>`
      SELECT rowid AS seq, -bm25(${fts}, ${BM25_WEIGHTS}) AS score FROM ${fts}
      WHERE ${fts} MATCH ${match} ${filter}
      ORDER BY bm25(${fts}, ${BM25_WEIGHTS}) LIMIT ${query.limit}`.execute(db);
    return rows.rows.map((r) => ({ seq: Number(r.seq), score: Number(r.score) }));
  },

  async documentFrequencies(db, tenantId, state, words) {
    if (words.length === 0 || state.chunkCount === 0) return new Map(words.map((w) => [w, 0]));
    try {
      const out = new Map<string, number>();
      // In slices: a typo's one-edit neighbours can be a few thousand words.
      for (let i = 0; i < words.length; i += 500) {
        const part = words.slice(i, i + 500);
        for (const [w, n] of await documentFrequencies(db, tenantId, state.version, part)) out.set(w, n);
      }
      return out;
    } catch (error) {
      if (isMissingTable(error)) return new Map(words.map((w) => [w, 0]));
      throw error;
    }
  },

  async vector(db, tenantId, query): Promise<VectorCandidate[]> {
    const filtered = hasFilters(query.filters);
    const table = vecTable(tenantId, query.modelId);

    // Selective filters: exact cosine over the filtered chunks.
    const exactScan = async (): Promise<VectorCandidate[]> => {
      const rows = await db
        .selectFrom('knowledge_index_chunks')
        .select(['seq', 'embedding'])
        .where('tenant_id', '=', tenantId)
        .where('embedding_model', '=', query.modelId)
        .where((eb) => eb.and(filterConditions(eb, query.filters)))
        .execute();
      return rows
        .filter((r) => r.embedding)
        .map((r) => ({
          seq: Number(r.seq),
          similarity: dot(query.vector, decodeVector(r.embedding as Buffer)),
        }))
        .sort(bySimilarity)
        .slice(0, query.limit);
    };

    if (filtered) {
      const count = await db
        .selectFrom((qb) =>
          qb
            .selectFrom('knowledge_index_chunks')
            .select('seq')
            .where('tenant_id', '=', tenantId)
            .where('embedding_model', '=', query.modelId)
            .where((eb) => eb.and(filterConditions(eb, query.filters)))
            .limit(EXACT_SCAN_LIMIT + 1)
            .as('f'),
        )
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst();
      if (Number(count?.n ?? 0) <= EXACT_SCAN_LIMIT) return exactScan();
    }

    // Binary KNN, then exact re-scoring. Broad filters are applied after the KNN on a larger pool.
    const k = Math.min(4096, Math.max(RESCORE_MIN, query.limit * RESCORE_OVERSAMPLE) * (filtered ? 5 : 1));
    const code = binaryCode(query.vector);
    let seqs: number[];
    try {
      const rows = await sql<{ seq: number }>`
        SELECT rowid AS seq FROM ${sql.table(table)}
        WHERE embedding MATCH vec_bit(${code}) AND k = ${k}`.execute(db);
      seqs = rows.rows.map((r) => Number(r.seq));
    } catch (error) {
      if (isMissingTable(error)) return [];
      throw error;
    }
    if (filtered && seqs.length > 0) {
      const allowed = await db
        .selectFrom('knowledge_index_chunks')
        .select('seq')
        .where(sameTenant(tenantId))
        .where('seq', 'in', seqs)
        .where((eb) => eb.and(filterConditions(eb, query.filters)))
        .execute();
      const ok = new Set(allowed.map((r) => Number(r.seq)));
      seqs = seqs.filter((s) => ok.has(s));
    }
    const scored = await rescore(db, tenantId, query.modelId, query.vector, seqs);
    return scored.sort(bySimilarity).slice(0, query.limit);
  },
};
