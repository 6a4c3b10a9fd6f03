import type { AppMigration } from '../../../db/migration.js';

/** Media assets (uploads, renders, variants, fonts) and one brand kit per tenant. */
export const mediaMigration: AppMigration = {
  name: '0013_media',
  async up(db, d) {
    await db.schema
      .createTable('media_assets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('bytes', 'integer', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('duration_ms', 'integer')
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull())
      .addColumn('original_name', 'text')
      .addColumn('alt_text', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text')
      .addColumn('platform', 'text')
      .addColumn('variant', 'text')
      .addColumn('metadata', d.json, (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('media_assets_tenant_created')
      .on('media_assets')
      .columns(['tenant_id', 'id'])
      .execute();
    await db.schema
      .createIndex('media_assets_tenant_parent')
      .on('media_assets')
      .columns(['tenant_id', 'parent_id'])
      .execute();
    await d.enableTenantRls(db, 'media_assets');

    await db.schema
      .createTable('brand_kits')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
      .addColumn('kit', d.json, (c) => c.notNull())
      .addColumn('proposal', d.json)
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await d.enableTenantRls(db, 'brand_kits');
  },
};
