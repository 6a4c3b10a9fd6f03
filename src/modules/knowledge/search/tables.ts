import type { Generated } from 'kysely';

/**
 * Row types of the knowledge search index (migration 0005_knowledge_index). The index holds generic
 * chunks: page chunks today, knowledge entries later (`source_type`). JSON columns are strings; times
 * are UTC ISO-8601 strings.
 *
 * Besides these tables, SQLite keeps per-tenant virtual tables that the search repository creates on
 * demand (FTS5 full-text and sqlite-vec vectors; see sqlite-provider.ts). PostgreSQL keeps a generated
 * `tsv` tsvector column on `knowledge_index_chunks`, which is not part of the typed row.
 */
export interface KnowledgeIndexChunksTable {
  /** Integer key: the FTS5 and sqlite-vec rowid on SQLite. Assigned by the database. */
  seq: Generated<number>;
  tenant_id: string;
  /** The caller's chunk id, unique per tenant. */
  id: string;
  /** `page`, `entry`, … what the chunk was cut from. */
  source_type: string;
  source_id: string;
  url: string | null;
  title: string;
  /** JSON array of the headings above the chunk, outermost first. */
  heading_path: string;
  category: string | null;
  published_at: string | null;
  /** Order of the chunk within its source, from 0. */
  position: number;
  text: string;
  token_count: number;
  /** Words counted for BM25 length normalisation (title words count twice, like their weight). */
  lexical_length: number;
  created_at: string;
  /** Float32 little-endian vector, or null until embedded. */
  embedding: Buffer | null;
  /** Id of the model that made `embedding` (`local:hash-v1-768`, `openai:text-embedding-3-small`, …). */
  embedding_model: string | null;
}

/** One row per tenant: what its index is embedded with, and a version bumped on every change. */
export interface KnowledgeIndexStateTable {
  tenant_id: string;
  /** The embedding model the index is (being) embedded with; null before the first vector. */
  model_id: string | null;
  dimension: number | null;
  /** Increases on every write; caches of search results and statistics are keyed by it. */
  version: number;
  chunk_count: number;
  updated_at: string;
}

export interface KnowledgeIndexTables {
  knowledge_index_chunks: KnowledgeIndexChunksTable;
  knowledge_index_state: KnowledgeIndexStateTable;
}

declare module '../../../db/schema.js' {
  interface Database extends KnowledgeIndexTables {}
}
