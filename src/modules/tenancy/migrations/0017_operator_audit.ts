import type { AppMigration } from '../../../db/migration.js';

/**
 * The operator's audit log: installation-level records that must outlive a tenant's rows (its erasure
 * above all). No foreign key to `tenants`, no row-level security, and no `tenant_id` column — so the
 * erasure, which deletes every row of every table with one, leaves it alone. It holds ids, counts and
 * codes only: never a tenant's name, slug or content.
 */
export const operatorAuditMigration: AppMigration = {
  name: '0017_operator_audit',
  async up(db, d) {
    await db.schema
      .createTable('operator_audit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('subject_tenant_id', 'text')
      .addColumn('actor_type', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('request_id', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('error_code', 'text')
      .addColumn('details', d.json, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('operator_audit_subject')
      .on('operator_audit')
      .columns(['subject_tenant_id', 'id'])
      .execute();
  },
};
