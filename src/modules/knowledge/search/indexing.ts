/**
 * Writes to a tenant's index: adding chunks (validated; replacing chunks with the same ids), removing
 * them, and rebuilding the full-text and vector structures. Each change bumps the index version and
 * drops the tenant's cached results, so no search answers from an index that has changed.
 */
import { isStopword, tokenize } from '../../../ai/offline/lexical-terms.js';
import { AppError } from '../../../core/errors.js';
import type { Db, Executor } from '../../../db/connect.js';
import { writeJson } from '../../../db/dialect.js';
import type { ChunkVectors } from './embedding.js';
import type { SearchProvider } from './provider.js';
import { titleField } from './provider.js';
import type { QueryCache } from './query-cache.js';
import * as repo from './repository.js';
import type { IndexChunk, SearchResults } from './types.js';
import { encodeVector, isZero, normalize } from './vectors.js';

/** What one index's writes share: its dialect's provider, its result cache and its clock. */
export interface IndexParts {
  provider: SearchProvider;
  cache: QueryCache<SearchResults>;
  now: () => Date;
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

export async function removeWhere(
  parts: IndexParts,
  tx: Executor,
  tenantId: string,
  where: Parameters<typeof repo.deleteChunks>[2],
): Promise<number> {
  const { provider, cache, now } = parts;
  const removed = await repo.deleteChunks(tx, tenantId, where);
  if (removed.length === 0) return 0;
  await provider.removed(tx, tenantId, removed);
  await repo.touchState(tx, tenantId, { chunkDelta: -removed.length, now: now().toISOString() });
  cache.dropTenant(tenantId);
  return removed.length;
}

export async function indexChunks(
  parts: IndexParts,
  tx: Executor,
  tenantId: string,
  chunks: readonly IndexChunk[],
  vectors?: ChunkVectors,
): Promise<{ indexed: number; replaced: number }> {
  const { provider, cache, now } = parts;
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
    throw new AppError('knowledge.invalid_chunk', 400, 'vectors of one call must all have the same length');
  }
  const replaced = await removeWhere(parts, tx, tenantId, (eb) => eb('id', 'in', [...ids]));
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
}

export async function reindexTenant(
  parts: IndexParts,
  db: Db,
  tenantId: string,
  opts: { clearVectors?: boolean } = {},
): Promise<{ chunks: number }> {
  const { provider, cache, now } = parts;
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
}
