/**
 * The vectors of indexed chunks: the text a chunk is embedded from, embedding ahead of the write
 * transaction, and the local lexical embedding as the offline default embedder.
 */
import {
  embedLocally,
  LOCAL_EMBEDDING_DIMENSION,
  LOCAL_EMBEDDING_MODEL_ID,
} from '../../../ai/offline/embedding.js';
import { AppError } from '../../../core/errors.js';
import { titleField } from './provider.js';
import type { IndexChunk, SearchEmbedder } from './types.js';

/** Vectors computed for chunks ahead of the write transaction (see `embedChunks`). */
export interface ChunkVectors {
  modelId: string;
  /** One per chunk, same order. */
  vectors: number[][];
}

/** The text a chunk's vector is computed from: title, headings and body. */
export function chunkEmbeddingText(chunk: {
  title: string;
  headingPath?: readonly string[];
  text: string;
}): string {
  return `${titleField({ title: chunk.title, headingPath: chunk.headingPath ?? [] })}\n${chunk.text}`;
}

/**
 * Document vectors for chunks, one per chunk in order. A model that answers with another count is an
 * error here, before anything is written, rather than chunks silently left without vectors.
 */
export async function embedDocuments(
  embedder: SearchEmbedder,
  chunks: readonly { title: string; headingPath?: readonly string[]; text: string }[],
): Promise<number[][]> {
  const vectors =
    chunks.length > 0 ? await embedder.embedMany(chunks.map(chunkEmbeddingText), 'document') : [];
  if (vectors.length !== chunks.length) {
    throw new AppError(
      'knowledge.embedding_failed',
      502,
      `the embedding model ${embedder.modelId} returned ${vectors.length} vectors for ${chunks.length} chunks`,
    );
  }
  return vectors;
}

/**
 * Embeds chunks for `indexChunks`. Call it before opening the write transaction: a provider call can
 * take seconds and must not hold the database's write lock.
 */
export async function embedChunks(
  embedder: SearchEmbedder,
  chunks: readonly IndexChunk[],
): Promise<ChunkVectors> {
  return { modelId: embedder.modelId, vectors: await embedDocuments(embedder, chunks) };
}

/** The local lexical embedding as a search embedder (offline default). */
export function localSearchEmbedder(): SearchEmbedder {
  return {
    modelId: LOCAL_EMBEDDING_MODEL_ID,
    dimension: LOCAL_EMBEDDING_DIMENSION,
    embedMany: async (values) => embedLocally(values),
  };
}
