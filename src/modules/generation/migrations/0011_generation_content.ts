import type { AppMigration } from '../../../db/migration.js';

/** The content store: contents and their per-platform candidates. */
export const generationContentMigration: AppMigration = {
  name: '0011_generation_content',
  async up(db, d) {
    await db.schema
      .createTable('contents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('request', 'text')
      .addColumn('media', d.json, (c) => c.notNull())
      .addColumn('engine', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('approved_at', 'text')
      .addColumn('rejected_reason', 'text')
      .execute();
    await db.schema.createIndex('contents_tenant').on('contents').columns(['tenant_id', 'id']).execute();
    await d.enableTenantRls(db, 'contents');

    await db.schema
      .createTable('content_candidates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('content_id', 'text', (c) => c.notNull().references('contents.id').onDelete('cascade'))
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('rank', 'integer', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('scores', d.json, (c) => c.notNull())
      .addColumn('guards', d.json, (c) => c.notNull())
      .addColumn('citations', d.json, (c) => c.notNull())
      .addColumn('defects', d.json, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('content_candidates_rank', ['content_id', 'platform', 'rank'])
      .execute();
    await db.schema
      .createIndex('content_candidates_content')
      .on('content_candidates')
      .columns(['tenant_id', 'content_id'])
      .execute();
    await d.enableTenantRls(db, 'content_candidates');
  },
};
