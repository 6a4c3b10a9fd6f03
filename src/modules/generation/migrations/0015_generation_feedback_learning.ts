import type { AppMigration } from '../../../db/migration.js';

/**
 * What people did with content (approvals, rejections, edits, later outcomes), each tenant's learned state,
 * the voice rules learning proposes, and the cross-tenant figures (aggregates only: no tenant id, no text).
 */
export const generationFeedbackLearningMigration: AppMigration = {
  name: '0015_generation_feedback_learning',
  async up(db, d) {
    await db.schema
      .createTable('content_feedback')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('content_id', 'text', (c) => c.notNull().references('contents.id').onDelete('cascade'))
      .addColumn('candidate_id', 'text')
      .addColumn('platform', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('skill_id', 'text')
      .addColumn('reasons', d.json, (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('detail', d.json, (c) => c.notNull())
      .addColumn('actor', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('content_feedback_content')
      .on('content_feedback')
      .columns(['tenant_id', 'content_id', 'created_at'])
      .execute();
    await d.enableTenantRls(db, 'content_feedback');

    await db.schema
      .createTable('generation_learning')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
      .addColumn('state', d.json, (c) => c.notNull())
      .addColumn('events', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await d.enableTenantRls(db, 'generation_learning');

    await db.schema
      .createTable('generation_rule_suggestions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('rule', d.json, (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('evidence', d.json, (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addUniqueConstraint('generation_rule_suggestions_key', ['tenant_id', 'key'])
      .execute();
    await d.enableTenantRls(db, 'generation_rule_suggestions');

    // Installation-wide, not tenant-owned: no tenant column, no text, only cells at least 5 tenants fed.
    await db.schema
      .createTable('generation_shared_figures')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('skill_id', 'text', (c) => c.notNull())
      .addColumn('approval_rate', d.float, (c) => c.notNull())
      .addColumn('tenants_band', 'text', (c) => c.notNull())
      .addColumn('released_at', 'text', (c) => c.notNull())
      .execute();
  },
};
