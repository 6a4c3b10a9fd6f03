import type { AppMigration } from '../../db/migration.js';

/** The AI usage and cost ledger (`ai_usage`), one row per model tried by a call. */
export const aiMigration: AppMigration = {
  name: '0003_ai',
  async up(db, d) {
    await db.schema
      .createTable('ai_usage')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('call_id', 'text', (c) => c.notNull())
      .addColumn('task', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      .addColumn('provider', 'text', (c) => c.notNull())
      .addColumn('input_tokens', 'integer', (c) => c.notNull())
      .addColumn('output_tokens', 'integer', (c) => c.notNull())
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('cost_usd', d.float)
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('error_code', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    // Period queries and the monthly budget check read by tenant and time.
    await db.schema
      .createIndex('ai_usage_tenant_time')
      .on('ai_usage')
      .columns(['tenant_id', 'created_at'])
      .execute();
    await d.enableTenantRls(db, 'ai_usage');
  },
};
