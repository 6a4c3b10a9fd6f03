import type { SharedV3ProviderOptions } from '@ai-sdk/provider';
import type { ModelRef } from './models.js';

/** What a text is embedded for: some models embed queries and documents differently. */
export type EmbeddingPurpose = 'document' | 'query';

/**
 * Vector sizes of well-known embedding models, from their providers' model documentation, so the
 * search index can size its vectors before the first call. A model not listed here reports its
 * dimension after its first call.
 */
const KNOWN_DIMENSIONS: Record<string, number> = {
  'openai:text-embedding-3-small': 1536,
  'openai:text-embedding-3-large': 3072,
  'openai:text-embedding-ada-002': 1536,
  'google:text-embedding-004': 768,
  'google:gemini-embedding-001': 3072,
};

/** Models served by Ollama & co. under their own names (`openai-compatible:<server>:<model>`). */
const KNOWN_OPEN_MODEL_DIMENSIONS: Array<[RegExp, number]> = [
  [/^nomic-embed-text/, 768],
  [/^mxbai-embed-large/, 1024],
  [/^all-minilm/, 384],
  [/^snowflake-arctic-embed/, 1024],
];

export function knownDimension(ref: ModelRef): number | undefined {
  const exact = KNOWN_DIMENSIONS[ref.id];
  if (exact !== undefined) return exact;
  if (ref.provider === 'openai-compatible') {
    for (const [pattern, dim] of KNOWN_OPEN_MODEL_DIMENSIONS) if (pattern.test(ref.modelId)) return dim;
  }
  return undefined;
}

/**
 * Prefixes some open models were trained with: nomic-embed-text expects `search_document: ` and
 * `search_query: `; E5 models `passage: ` and `query: `. Without them retrieval quality drops.
 */
function purposePrefix(ref: ModelRef, purpose: EmbeddingPurpose): string {
  if (ref.provider !== 'openai-compatible') return '';
  if (/^nomic-embed-text/.test(ref.modelId))
    return purpose === 'query' ? 'search_query: ' : 'search_document: ';
  if (/(^|[-/])e5[-_]/i.test(ref.modelId)) return purpose === 'query' ? 'query: ' : 'passage: ';
  return '';
}

/** The texts as sent to the model, with the model's purpose prefix where it has one. */
export function prepareEmbeddingValues(
  ref: ModelRef,
  purpose: EmbeddingPurpose,
  values: readonly string[],
): string[] {
  const prefix = purposePrefix(ref, purpose);
  return prefix ? values.map((v) => prefix + v) : [...values];
}

/** Provider options that tell the model the purpose (Google's `taskType`). */
export function embeddingProviderOptions(
  ref: ModelRef,
  purpose: EmbeddingPurpose,
): SharedV3ProviderOptions | undefined {
  if (ref.provider === 'google') {
    return { google: { taskType: purpose === 'query' ? 'RETRIEVAL_QUERY' : 'RETRIEVAL_DOCUMENT' } };
  }
  return undefined;
}
