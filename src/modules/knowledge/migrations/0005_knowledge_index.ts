import { sql } from 'kysely';
import type { AppMigration } from '../../../db/migration.js';

/**
 * The knowledge search index: chunks with their vectors, and per-tenant index state. On PostgreSQL a
 * generated tsvector (title weighted A, text B, English stemming) with a GIN index serves full-text
 * search. SQLite's FTS5 and sqlite-vec tables are per tenant and created on demand by the search
 * repository, because their statistics (BM25 document frequencies) and vector sizes are per tenant.
 */
export const knowledgeIndexMigration: AppMigration = {
  name: '0005_knowledge_index',
  async up(db, d) {
    const pg = d.dialect === 'postgres';
    await db.schema
      .createTable('knowledge_index_chunks')
      .addColumn('seq', pg ? 'bigserial' : 'integer', (c) =>
        pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('source_type', 'text', (c) => c.notNull())
      .addColumn('source_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('heading_path', d.json, (c) => c.notNull())
      .addColumn('category', 'text')
      .addColumn('published_at', 'text')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('token_count', 'integer', (c) => c.notNull())
      .addColumn('lexical_length', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('embedding', d.bytes)
      .addColumn('embedding_model', 'text')
      .addUniqueConstraint('knowledge_index_chunks_tenant_id', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('knowledge_index_chunks_source')
      .on('knowledge_index_chunks')
      .columns(['tenant_id', 'source_type', 'source_id'])
      .execute();
    await db.schema
      .createIndex('knowledge_index_chunks_category')
      .on('knowledge_index_chunks')
      .columns(['tenant_id', 'category'])
      .execute();
    await db.schema
      .createIndex('knowledge_index_chunks_url')
      .on('knowledge_index_chunks')
      .columns(['tenant_id', 'url'])
      .execute();
    await db.schema
      .createIndex('knowledge_index_chunks_published')
      .on('knowledge_index_chunks')
      .columns(['tenant_id', 'published_at'])
      .execute();
    await db.schema
      .createIndex('knowledge_index_chunks_model')
      .on('knowledge_index_chunks')
      .columns(['tenant_id', 'embedding_model'])
      .execute();
    if (pg) {
      await sql`ALTER TABLE knowledge_index_chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english', title || ' ' || (heading_path::text)), 'A') || setweight(to_tsvector('english', text), 'B')
        ) STORED`.execute(db);
      await sql`CREATE INDEX knowledge_index_chunks_tsv ON knowledge_index_chunks USING gin (tsv)`.execute(
        db,
      );
    }
    await d.enableTenantRls(db, 'knowledge_index_chunks');

    await db.schema
      .createTable('knowledge_index_state')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
      .addColumn('model_id', 'text')
      .addColumn('dimension', 'integer')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('chunk_count', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await d.enableTenantRls(db, 'knowledge_index_state');
  },
};
