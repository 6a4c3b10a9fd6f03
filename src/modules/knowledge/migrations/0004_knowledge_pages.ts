import type { AppMigration } from '../../../db/migration.js';

/** Crawls, the pages they keep, and every URL a crawl did not keep with its reason. */
export const knowledgePagesMigration: AppMigration = {
  name: '0004_knowledge_pages',
  async up(db, d) {
    await db.schema
      .createTable('knowledge_crawls')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('start_url', 'text', (c) => c.notNull())
      .addColumn('options', d.json, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('found', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('changed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error_code', 'text')
      .addColumn('error', 'text')
      .addColumn('job_id', 'text')
      .addColumn('requested_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('knowledge_crawls_tenant')
      .on('knowledge_crawls')
      .columns(['tenant_id', 'id'])
      .execute();
    await d.enableTenantRls(db, 'knowledge_crawls');

    await db.schema
      .createTable('knowledge_pages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('fetched_url', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('language', 'text')
      .addColumn('published_at', 'text')
      .addColumn('site_name', 'text')
      .addColumn('markdown', 'text', (c) => c.notNull())
      .addColumn('token_count', 'integer', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('etag', 'text')
      .addColumn('last_modified', 'text')
      .addColumn('links', d.json, (c) => c.notNull())
      .addColumn('extraction_method', 'text', (c) => c.notNull())
      .addColumn('method_reason', 'text', (c) => c.notNull())
      .addColumn('structured', d.json, (c) => c.notNull())
      .addColumn('images', d.json, (c) => c.notNull())
      .addColumn('crawl_id', 'text')
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('knowledge_pages_tenant_url', ['tenant_id', 'url'])
      .execute();
    await db.schema
      .createIndex('knowledge_pages_tenant_id')
      .on('knowledge_pages')
      .columns(['tenant_id', 'id'])
      .execute();
    await d.enableTenantRls(db, 'knowledge_pages');

    await db.schema
      .createTable('knowledge_crawl_issues')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('crawl_id', 'text', (c) => c.notNull().references('knowledge_crawls.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('http_status', 'integer')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('found_on', 'text')
      .addColumn('duplicate_of', 'text')
      .addColumn('redirected_to', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('knowledge_crawl_issues_crawl')
      .on('knowledge_crawl_issues')
      .columns(['tenant_id', 'crawl_id', 'id'])
      .execute();
    await d.enableTenantRls(db, 'knowledge_crawl_issues');
  },
};
