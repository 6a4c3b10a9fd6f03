import type { AppMigration } from '../../../db/migration.js';

/** Brand voice: one profile per tenant with its pinned rules, and every learned version. */
export const voiceMigration: AppMigration = {
  name: '0006_voice',
  async up(db, d) {
    await db.schema
      .createTable('voice_profiles')
      .addColumn('tenant_id', 'text', (c) => c.primaryKey().references('tenants.id').onDelete('cascade'))
      .addColumn('current_version', 'integer', (c) => c.notNull())
      .addColumn('baseline_version', 'integer', (c) => c.notNull())
      .addColumn('rules', d.bytes, (c) => c.notNull())
      .addColumn('analysis', d.bytes)
      .addColumn('analysis_model', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await d.enableTenantRls(db, 'voice_profiles');

    await db.schema
      .createTable('voice_profile_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('profile', d.bytes, (c) => c.notNull())
      .addColumn('examples', d.bytes, (c) => c.notNull())
      .addColumn('example_count', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('voice_profile_versions_tenant_version', ['tenant_id', 'version'])
      .execute();
    await d.enableTenantRls(db, 'voice_profile_versions');
  },
};
