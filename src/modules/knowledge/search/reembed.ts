/**
 * Re-embedding: chunks without a vector from the current model (after a model change, or indexed
 * without one) get one in batches. Each model call happens outside the write transaction, and vector
 * structures of older models are dropped once the last stale chunk is done.
 */
import type { Db } from '../../../db/connect.js';
import { embedDocuments } from './embedding.js';
import type { IndexParts } from './indexing.js';
import * as repo from './repository.js';
import type { SearchEmbedder } from './types.js';
import { encodeVector, normalize } from './vectors.js';

export interface ReembedProgress {
  embedded: number;
  remaining: number;
}

export async function reembedBatch(
  parts: IndexParts,
  db: Db,
  tenantId: string,
  embedder: SearchEmbedder,
  batchSize = 64,
): Promise<ReembedProgress> {
  const { provider, cache, now } = parts;
  const batch = await db.read(tenantId, (ex) => repo.staleChunks(ex, tenantId, embedder.modelId, batchSize));
  const vectors = await embedDocuments(embedder, batch);
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

export async function reembed(
  parts: IndexParts,
  db: Db,
  tenantId: string,
  embedder: SearchEmbedder,
  opts: {
    batchSize?: number;
    signal?: AbortSignal;
    onProgress?: (p: ReembedProgress) => void | Promise<void>;
  } = {},
): Promise<ReembedProgress> {
  let total = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    const p = await reembedBatch(parts, db, tenantId, embedder, opts.batchSize);
    total += p.embedded;
    await opts.onProgress?.({ embedded: total, remaining: p.remaining });
    if (p.remaining === 0 || p.embedded === 0) return { embedded: total, remaining: p.remaining };
  }
}

export async function needsReembedding(
  db: Db,
  tenantId: string,
  embedder: SearchEmbedder,
): Promise<{ needed: boolean; stale: number; indexModel: string | null }> {
  return db.read(tenantId, async (ex) => {
    const state = await repo.getState(ex, tenantId);
    const stale = await repo.countStale(ex, tenantId, embedder.modelId);
    return { needed: stale > 0, stale, indexModel: state.modelId };
  });
}
