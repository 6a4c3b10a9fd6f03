import { sql } from 'kysely';
import type { AppMigration } from '../../../db/migration.js';

/**
 * Knowledge entries (question/answer pairs) and entities (products, hours, contacts …) extracted
 * from pages or added by a person, each with the page spans that support it, and one record per
 * extracted page. Machine-made rows must carry a support span: the CHECK constraints refuse an
 * extracted, unedited row without one, whatever code tries to write it.
 */
export const knowledgeEntriesMigration: AppMigration = {
  name: '0007_knowledge_entries',
  async up(db, d) {
    const supportRule = sql`(origin = 'manual' OR edited = 1 OR (page_id IS NOT NULL AND support_text IS NOT NULL AND support_start IS NOT NULL AND support_end IS NOT NULL AND support_field IS NOT NULL))`;

    await db.schema
      .createTable('knowledge_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('answer', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('category_confidence', d.float, (c) => c.notNull())
      .addColumn('confidence', d.float, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('model', 'text')
      .addColumn('page_id', 'text')
      .addColumn('source_url', 'text')
      .addColumn('support_field', 'text')
      .addColumn('support_start', 'integer')
      .addColumn('support_end', 'integer')
      .addColumn('support_text', 'text')
      .addColumn('heading_path', d.json, (c) => c.notNull())
      .addColumn('chunk_refs', d.json, (c) => c.notNull())
      .addColumn('entities', d.json, (c) => c.notNull())
      .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('edited_by', 'text')
      .addColumn('edited_at', 'text')
      .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addCheckConstraint('knowledge_entries_supported', supportRule)
      .execute();
    await db.schema
      .createIndex('knowledge_entries_tenant')
      .on('knowledge_entries')
      .columns(['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('knowledge_entries_category')
      .on('knowledge_entries')
      .columns(['tenant_id', 'category'])
      .execute();
    await d.enableTenantRls(db, 'knowledge_entries');

    await db.schema
      .createTable('knowledge_entry_sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('entry_id', 'text', (c) =>
        c.notNull().references('knowledge_entries.id').onDelete('cascade'),
      )
      .addColumn('page_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('answer', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('category_confidence', d.float, (c) => c.notNull())
      .addColumn('confidence', d.float, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('model', 'text')
      .addColumn('support_field', 'text', (c) => c.notNull())
      .addColumn('support_start', 'integer', (c) => c.notNull())
      .addColumn('support_end', 'integer', (c) => c.notNull())
      .addColumn('support_text', 'text', (c) => c.notNull())
      .addColumn('heading_path', d.json, (c) => c.notNull())
      .addColumn('chunk_refs', d.json, (c) => c.notNull())
      .addColumn('entities', d.json, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('knowledge_entry_sources_page')
      .on('knowledge_entry_sources')
      .columns(['tenant_id', 'page_id'])
      .execute();
    await db.schema
      .createIndex('knowledge_entry_sources_entry')
      .on('knowledge_entry_sources')
      .columns(['tenant_id', 'entry_id'])
      .execute();
    await d.enableTenantRls(db, 'knowledge_entry_sources');

    await db.schema
      .createTable('knowledge_entities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('data', d.json, (c) => c.notNull())
      .addColumn('confidence', d.float, (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('page_id', 'text')
      .addColumn('source_url', 'text')
      .addColumn('support_field', 'text')
      .addColumn('support_start', 'integer')
      .addColumn('support_end', 'integer')
      .addColumn('support_text', 'text')
      .addColumn('edited', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('edited_by', 'text')
      .addColumn('edited_at', 'text')
      .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('knowledge_entities_tenant_key', ['tenant_id', 'key'])
      .addCheckConstraint('knowledge_entities_supported', supportRule)
      .execute();
    await db.schema
      .createIndex('knowledge_entities_type')
      .on('knowledge_entities')
      .columns(['tenant_id', 'type', 'id'])
      .execute();
    await d.enableTenantRls(db, 'knowledge_entities');

    await db.schema
      .createTable('knowledge_entity_sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('entity_id', 'text', (c) =>
        c.notNull().references('knowledge_entities.id').onDelete('cascade'),
      )
      .addColumn('page_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('data', d.json, (c) => c.notNull())
      .addColumn('confidence', d.float, (c) => c.notNull())
      .addColumn('support_field', 'text', (c) => c.notNull())
      .addColumn('support_start', 'integer', (c) => c.notNull())
      .addColumn('support_end', 'integer', (c) => c.notNull())
      .addColumn('support_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('knowledge_entity_sources_page')
      .on('knowledge_entity_sources')
      .columns(['tenant_id', 'page_id'])
      .execute();
    await db.schema
      .createIndex('knowledge_entity_sources_entity')
      .on('knowledge_entity_sources')
      .columns(['tenant_id', 'entity_id'])
      .execute();
    await d.enableTenantRls(db, 'knowledge_entity_sources');

    await db.schema
      .createTable('knowledge_page_extractions')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('page_id', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('category_confidence', d.float, (c) => c.notNull())
      .addColumn('entry_count', 'integer', (c) => c.notNull())
      .addColumn('entity_count', 'integer', (c) => c.notNull())
      .addColumn('dropped', d.json, (c) => c.notNull())
      .addColumn('page_changed_at', 'text', (c) => c.notNull())
      .addColumn('extracted_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('knowledge_page_extractions_pk', ['tenant_id', 'page_id'])
      .execute();
    await d.enableTenantRls(db, 'knowledge_page_extractions');
  },
};
