/**
 * What the search benchmarks (retrieval, search-latency) set up alike: a fresh test database with one
 * bare tenant, the real search index with its result cache off, the local embedder, and documents of a
 * corpus turned into one index chunk each.
 */
import {
  createSearchIndex,
  type IndexChunk,
  localSearchEmbedder,
  type SearchEmbedder,
  type SearchIndex,
} from '../../src/modules/knowledge/search/index.js';
import { createTestDatabase, type TestDatabase, type TestDialect } from '../../test/support/db.js';
import { insertTestTenant } from '../../test/support/tenants.js';

export interface SearchBench {
  t: TestDatabase;
  index: SearchIndex;
  embedder: SearchEmbedder;
}

/** A new database of `dialect` with `tenant` in it; the caller runs `t.cleanup()` when done. */
export async function openSearchBench(dialect: TestDialect, tenant: string): Promise<SearchBench> {
  const t = await createTestDatabase({ LOG_LEVEL: 'silent' }, dialect);
  try {
    await insertTestTenant(t.db, tenant);
  } catch (error) {
    await t.cleanup();
    throw error;
  }
  return { t, index: createSearchIndex({ dialect, cacheTtlMs: 0 }), embedder: localSearchEmbedder() };
}

/** One corpus document as one page chunk; the token count is a word count (enough for ranking). */
export function documentChunk(
  doc: { id: string; title: string; text: string },
  extra: Partial<IndexChunk> = {},
): IndexChunk {
  return {
    id: doc.id,
    sourceType: 'page',
    sourceId: doc.id,
    title: doc.title,
    position: 0,
    text: doc.text,
    tokenCount: doc.text.split(/\s+/).length,
    ...extra,
  };
}
