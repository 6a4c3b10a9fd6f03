import type { AppMigration } from '../../../db/migration.js';

/** Social accounts, OAuth connections in progress, publications with their attempt log, shared limits. */
export const publishingMigration: AppMigration = {
  name: '0012_publishing',
  async up(db, d) {
    await db.schema
      .createTable('social_accounts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('external_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('handle', 'text')
      .addColumn('url', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('access_token', d.bytes)
      .addColumn('refresh_token', d.bytes)
      .addColumn('token_expires_at', 'text')
      .addColumn('refresh_expires_at', 'text')
      .addColumn('scopes', d.json, (c) => c.notNull())
      .addColumn('details', d.json, (c) => c.notNull())
      .addColumn('schedule', d.json)
      .addColumn('status_reason', 'text')
      .addColumn('connected_by', 'text')
      .addColumn('connected_at', 'text', (c) => c.notNull())
      .addColumn('token_refreshed_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('social_accounts_identity', ['tenant_id', 'platform', 'external_id'])
      .execute();
    await db.schema
      .createIndex('social_accounts_expiry')
      .on('social_accounts')
      .columns(['status', 'token_expires_at'])
      .execute();
    await d.enableTenantRls(db, 'social_accounts');

    await db.schema
      .createTable('oauth_connections')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('state_hash', 'text', (c) => c.notNull().unique())
      .addColumn('code_verifier', d.bytes)
      .addColumn('redirect_uri', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('found', d.bytes)
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await d.enableTenantRls(db, 'oauth_connections');

    await db.schema
      .createTable('publications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('content_id', 'text', (c) => c.notNull())
      .addColumn('candidate_id', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) =>
        c.notNull().references('social_accounts.id').onDelete('cascade'),
      )
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('body', d.json, (c) => c.notNull())
      .addColumn('scheduled_at', 'text')
      .addColumn('next_attempt_at', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reconcile_checks', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('platform_post_id', 'text')
      .addColumn('platform_parts', d.json, (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('job_id', 'text')
      .addColumn('requested_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text')
      .addUniqueConstraint('publications_idempotency', ['tenant_id', 'idempotency_key'])
      .execute();
    await db.schema
      .createIndex('publications_calendar')
      .on('publications')
      .columns(['tenant_id', 'scheduled_at'])
      .execute();
    await db.schema
      .createIndex('publications_account')
      .on('publications')
      .columns(['tenant_id', 'account_id', 'status'])
      .execute();
    await db.schema
      .createIndex('publications_content')
      .on('publications')
      .columns(['tenant_id', 'content_id'])
      .execute();
    await d.enableTenantRls(db, 'publications');

    await db.schema
      .createTable('publication_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('publication_id', 'text', (c) =>
        c.notNull().references('publications.id').onDelete('cascade'),
      )
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('sent_part', 'integer')
      .addColumn('finished_at', 'text')
      .addColumn('outcome', 'text')
      .addColumn('error_code', 'text')
      .addColumn('error_message', 'text')
      .addColumn('http_status', 'integer')
      .addColumn('retry_at', 'text')
      .execute();
    await db.schema
      .createIndex('publication_attempts_publication')
      .on('publication_attempts')
      .columns(['tenant_id', 'publication_id', 'number'])
      .execute();
    await d.enableTenantRls(db, 'publication_attempts');

    await db.schema
      .createTable('publishing_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('blocked_until', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('publishing_slots')
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('slot', 'integer', (c) => c.notNull())
      .addColumn('holder', 'text')
      .addColumn('expires_at', 'text')
      .addPrimaryKeyConstraint('publishing_slots_pk', ['platform', 'slot'])
      .execute();
  },
};
