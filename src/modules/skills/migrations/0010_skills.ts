import type { AppMigration } from '../../../db/migration.js';

/** Skills: a tenant's own skills and pins, their immutable versions, usage and performance, search vectors. */
export const skillsMigration: AppMigration = {
  name: '0010_skills',
  async up(db, d) {
    await db.schema
      .createTable('skills')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('skill_id', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('latest_version', 'integer', (c) => c.notNull())
      .addColumn('pinned_version', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('skills_tenant_skill', ['tenant_id', 'skill_id'])
      .execute();
    await d.enableTenantRls(db, 'skills');

    await db.schema
      .createTable('skill_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('skill_row_id', 'text', (c) => c.notNull().references('skills.id').onDelete('cascade'))
      .addColumn('skill_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('skill_versions_row_version', ['skill_row_id', 'version'])
      .execute();
    await db.schema
      .createIndex('skill_versions_tenant')
      .on('skill_versions')
      .columns(['tenant_id', 'skill_id', 'version'])
      .execute();
    await d.enableTenantRls(db, 'skill_versions');

    await db.schema
      .createTable('skill_stats')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('skill_id', 'text', (c) => c.notNull())
      .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_used_at', 'text')
      .addColumn('outcomes', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('score_sum', d.float, (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('skill_stats_pk', ['tenant_id', 'skill_id'])
      .execute();
    await d.enableTenantRls(db, 'skill_stats');

    await db.schema
      .createTable('skill_vectors')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('skill_id', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('vector', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('skill_vectors_pk', ['tenant_id', 'skill_id', 'model'])
      .execute();
    await d.enableTenantRls(db, 'skill_vectors');
  },
};
