/**
 * SQL for the dialect-neutral search tables (`knowledge_index_chunks`, `knowledge_index_state`). The
 * dialect-specific full-text and vector structures live in the providers. Every query filters on
 * `tenant_id`.
 */
import { type Expression, type ExpressionBuilder, type Insertable, type SqlBool, sql } from 'kysely';
import type { Executor } from '../../../db/connect.js';
import { readJson, toNumber } from '../../../db/dialect.js';
import type { Database } from '../../../db/schema.js';
import type { KnowledgeIndexChunksTable } from './tables.js';
import type { SearchFilters } from './types.js';

type ChunkEb = ExpressionBuilder<Database, 'knowledge_index_chunks'>;

/**
 * `tenant_id = ?` written so that no index can serve it, for lookups by seq. Without table statistics
 * SQLite would otherwise pick an index led by tenant_id (guessing it selective) and walk every chunk of
 * a large tenant instead of fetching the few rows by primary key: 8 ms instead of 0.1 at 100k chunks.
 */
export function sameTenant(tenantId: string) {
  return sql<SqlBool>`(tenant_id || '') = ${tenantId}`;
}

/** A chunk row as inserted (the database assigns `seq`). */
export type ChunkRowInput = Required<Omit<Insertable<KnowledgeIndexChunksTable>, 'seq'>>;

/** What the full-text and vector structures need to know about a stored chunk. */
export interface IndexedChunk {
  seq: number;
  title: string;
  headingPath: string[];
  text: string;
  embedding: Buffer | null;
  embeddingModel: string | null;
}

export interface IndexState {
  modelId: string | null;
  dimension: number | null;
  version: number;
  chunkCount: number;
}

const asArray = <T>(v: T | readonly T[] | undefined): T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? [...(v as readonly T[])] : [v as T];

/** Upper bound for a date filter: a bare date (`2026-01-31`) includes that whole day. */
function dateUpperBound(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z\uffff` : to;
}

/** The WHERE conditions for search filters (tenant excluded: callers add it). */
export function filterConditions(eb: ChunkEb, filters: SearchFilters | undefined): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (!filters) return out;
  const category = asArray(filters.category);
  if (category) out.push(category.length ? eb('category', 'in', category) : sql<SqlBool>`1 = 0`);
  const sourceType = asArray(filters.sourceType);
  if (sourceType) out.push(sourceType.length ? eb('source_type', 'in', sourceType) : sql<SqlBool>`1 = 0`);
  const sourceId = asArray(filters.sourceId);
  if (sourceId) out.push(sourceId.length ? eb('source_id', 'in', sourceId) : sql<SqlBool>`1 = 0`);
  if (filters.urlPrefix !== undefined && filters.urlPrefix !== '') {
    // substr/length, not LIKE: exact, case-sensitive prefix on both dialects, no wildcard escaping.
    out.push(sql<SqlBool>`substr(url, 1, ${filters.urlPrefix.length}) = ${filters.urlPrefix}`);
  }
  if (filters.publishedFrom) out.push(eb('published_at', '>=', filters.publishedFrom));
  if (filters.publishedTo) out.push(eb('published_at', '<=', dateUpperBound(filters.publishedTo)));
  return out;
}

export function hasFilters(filters: SearchFilters | undefined): boolean {
  if (!filters) return false;
  return (
    filters.category !== undefined ||
    filters.sourceType !== undefined ||
    filters.sourceId !== undefined ||
    (filters.urlPrefix !== undefined && filters.urlPrefix !== '') ||
    !!filters.publishedFrom ||
    !!filters.publishedTo
  );
}

export async function getState(db: Executor, tenantId: string): Promise<IndexState> {
  const row = await db
    .selectFrom('knowledge_index_state')
    .select(['model_id', 'dimension', 'version', 'chunk_count'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return {
    modelId: row?.model_id ?? null,
    dimension: row?.dimension ?? null,
    version: toNumber(row?.version ?? 0),
    chunkCount: toNumber(row?.chunk_count ?? 0),
  };
}

/**
 * Records a change: bumps the version (invalidating caches everywhere), adjusts the chunk count and,
 * when given, the model the index is embedded with.
 */
export async function touchState(
  tx: Executor,
  tenantId: string,
  change: { chunkDelta?: number; model?: { id: string; dimension: number }; now: string },
): Promise<void> {
  const delta = change.chunkDelta ?? 0;
  await tx
    .insertInto('knowledge_index_state')
    .values({
      tenant_id: tenantId,
      model_id: change.model?.id ?? null,
      dimension: change.model?.dimension ?? null,
      version: 1,
      chunk_count: delta,
      updated_at: change.now,
    })
    .onConflict((oc) =>
      oc.column('tenant_id').doUpdateSet((eb) => ({
        version: sql<number>`${eb.ref('knowledge_index_state.version')} + 1`,
        chunk_count: sql<number>`${eb.ref('knowledge_index_state.chunk_count')} + ${delta}`,
        updated_at: change.now,
        ...(change.model ? { model_id: change.model.id, dimension: change.model.dimension } : {}),
      })),
    )
    .execute();
}

export async function insertChunks(tx: Executor, rows: readonly ChunkRowInput[]): Promise<number[]> {
  const seqs: number[] = [];
  // Batches keep each statement under SQLite's bound-parameter limit.
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    const inserted = await tx.insertInto('knowledge_index_chunks').values(part).returning('seq').execute();
    for (const r of inserted) seqs.push(toNumber(r.seq));
  }
  return seqs;
}

function toIndexed(row: {
  seq: number | string;
  title: string;
  heading_path: string;
  text: string;
  embedding: Buffer | null;
  embedding_model: string | null;
}): IndexedChunk {
  return {
    seq: toNumber(row.seq),
    title: row.title,
    headingPath: readJson<string[]>(row.heading_path, []),
    text: row.text,
    embedding: row.embedding,
    embeddingModel: row.embedding_model,
  };
}

/** Deletes chunks chosen by `where` and returns what the providers must remove from their structures. */
export async function deleteChunks(
  tx: Executor,
  tenantId: string,
  where: (eb: ChunkEb) => Expression<SqlBool>,
): Promise<IndexedChunk[]> {
  const rows = await tx
    .selectFrom('knowledge_index_chunks')
    .select(['seq', 'title', 'heading_path', 'text', 'embedding', 'embedding_model'])
    .where('tenant_id', '=', tenantId)
    .where(where)
    .execute();
  if (rows.length === 0) return [];
  const seqs = rows.map((r) => toNumber(r.seq));
  for (let i = 0; i < seqs.length; i += 500) {
    await tx
      .deleteFrom('knowledge_index_chunks')
      .where(sameTenant(tenantId))
      .where('seq', 'in', seqs.slice(i, i + 500))
      .execute();
  }
  return rows.map(toIndexed);
}

/** Every chunk of a tenant, in batches (for rebuilding the dialect structures). */
export async function* allChunks(
  db: Executor,
  tenantId: string,
  batch = 500,
): AsyncGenerator<IndexedChunk[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('knowledge_index_chunks')
      .select(['seq', 'title', 'heading_path', 'text', 'embedding', 'embedding_model'])
      .where('tenant_id', '=', tenantId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batch)
      .execute();
    if (rows.length === 0) return;
    yield rows.map(toIndexed);
    after = toNumber(rows[rows.length - 1]?.seq);
  }
}

/** Chunks whose vector is missing or from another model than `modelId`, oldest first. */
export async function staleChunks(
  db: Executor,
  tenantId: string,
  modelId: string,
  limit: number,
): Promise<IndexedChunk[]> {
  const rows = await db
    .selectFrom('knowledge_index_chunks')
    .select(['seq', 'title', 'heading_path', 'text', 'embedding', 'embedding_model'])
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('embedding_model', 'is', null), eb('embedding_model', '!=', modelId)]))
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toIndexed);
}

export async function countStale(db: Executor, tenantId: string, modelId: string): Promise<number> {
  const row = await db
    .selectFrom('knowledge_index_chunks')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.or([eb('embedding_model', 'is', null), eb('embedding_model', '!=', modelId)]))
    .executeTakeFirst();
  return toNumber(row?.n);
}

export async function setEmbedding(
  tx: Executor,
  tenantId: string,
  seq: number,
  embedding: Buffer,
  modelId: string,
): Promise<void> {
  await tx
    .updateTable('knowledge_index_chunks')
    .set({ embedding, embedding_model: modelId })
    .where('tenant_id', '=', tenantId)
    .where('seq', '=', seq)
    .execute();
}

export async function clearEmbeddings(tx: Executor, tenantId: string): Promise<void> {
  await tx
    .updateTable('knowledge_index_chunks')
    .set({ embedding: null, embedding_model: null })
    .where('tenant_id', '=', tenantId)
    .execute();
}

export interface StoredChunk {
  seq: number;
  id: string;
  sourceType: string;
  sourceId: string;
  url: string | null;
  title: string;
  headingPath: string[];
  category: string | null;
  publishedAt: string | null;
  position: number;
  text: string;
  tokenCount: number;
  /** Words counted for BM25 length normalisation (title twice). */
  lexicalLength: number;
  /** The stored vector when asked for and computed with the model asked for. */
  embedding?: Buffer | null;
}

/** Loads chunks by seq for one tenant; seqs of other tenants or deleted chunks are simply absent. */
export async function chunksBySeq(
  db: Executor,
  tenantId: string,
  seqs: readonly number[],
  /** Also load vectors computed with this model. */
  vectorModel?: string,
): Promise<Map<number, StoredChunk>> {
  const out = new Map<number, StoredChunk>();
  if (seqs.length === 0) return out;
  const rows = await db
    .selectFrom('knowledge_index_chunks')
    .$if(vectorModel !== undefined, (qb) => qb.select(['embedding', 'embedding_model']))
    .select([
      'lexical_length',
      'seq',
      'id',
      'source_type',
      'source_id',
      'url',
      'title',
      'heading_path',
      'category',
      'published_at',
      'position',
      'text',
      'token_count',
    ])
    .where(sameTenant(tenantId))
    .where('seq', 'in', [...seqs])
    .execute();
  for (const r of rows) {
    const seq = toNumber(r.seq);
    out.set(seq, {
      seq,
      id: r.id,
      sourceType: r.source_type,
      sourceId: r.source_id,
      url: r.url,
      title: r.title,
      headingPath: readJson<string[]>(r.heading_path, []),
      category: r.category,
      publishedAt: r.published_at,
      position: toNumber(r.position),
      text: r.text,
      tokenCount: toNumber(r.token_count),
      lexicalLength: toNumber(r.lexical_length),
      ...(vectorModel
        ? { embedding: r.embedding_model === vectorModel ? ((r.embedding as Buffer | null) ?? null) : null }
        : {}),
    });
  }
  return out;
}

/** Average lexical length of a tenant's chunks (BM25's avgdl). */
export async function averageLexicalLength(db: Executor, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('knowledge_index_chunks')
    .select((eb) => eb.fn.avg('lexical_length').as('avg'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Math.max(1, toNumber(row?.avg));
}

/** Seqs of a tenant's chunks that pass the filters, or undefined when more than `limit` do. */
export async function filteredSeqs(
  db: Executor,
  tenantId: string,
  filters: SearchFilters,
  limit: number,
): Promise<Set<number> | undefined> {
  const rows = await db
    .selectFrom('knowledge_index_chunks')
    .select('seq')
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb.and(filterConditions(eb, filters)))
    .limit(limit + 1)
    .execute();
  if (rows.length > limit) return undefined;
  return new Set(rows.map((r) => toNumber(r.seq)));
}
