import type { AppMigration } from '../../db/migration.js';

/** The database-backed job queue, the BullMQ driver's outbox, and named leases (leader election). */
export const jobsMigration: AppMigration = {
  name: '0002_jobs',
  async up(db, d) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
      .addColumn('payload', d.json, (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer')
      .addColumn('stalls', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text')
      .addColumn('dedupe_scope', 'text')
      .addColumn('lease_token', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('locked_by', 'text')
      .addColumn('last_error', 'text')
      .addColumn('progress', d.json)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('finished_at', 'text')
      .execute();
    // Claiming scans due jobs by state and time; the reaper scans running jobs by lease expiry.
    await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();
    await db.schema.createIndex('jobs_lease').on('jobs').columns(['state', 'lease_expires_at']).execute();
    await db.schema.createIndex('jobs_finished').on('jobs').columns(['state', 'finished_at']).execute();
    await db.schema.createIndex('jobs_tenant').on('jobs').columns(['tenant_id', 'id']).execute();
    // NULLs are distinct, so jobs without a key never collide.
    await db.schema
      .createIndex('jobs_idempotency')
      .on('jobs')
      .columns(['dedupe_scope', 'idempotency_key'])
      .unique()
      .execute();
    await d.enableTenantRls(db, 'jobs');

    await db.schema
      .createTable('job_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
      .addColumn('payload', d.json, (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer')
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text')
      .addColumn('dedupe_scope', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .execute();
    await db.schema
      .createIndex('job_outbox_unpublished')
      .on('job_outbox')
      .columns(['published_at', 'created_at'])
      .execute();
    await db.schema
      .createIndex('job_outbox_idempotency')
      .on('job_outbox')
      .columns(['dedupe_scope', 'idempotency_key'])
      .unique()
      .execute();
    await d.enableTenantRls(db, 'job_outbox');

    await db.schema
      .createTable('locks')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('acquired_at', 'text', (c) => c.notNull())
      .execute();
  },
};
