import type { AppMigration } from '../../../db/migration.js';

/** Conversations with the assistant and their messages (the advisory chatflow: options A/B/C). */
export const conversationsMigration: AppMigration = {
  name: '0016_conversations',
  async up(db, d) {
    await db.schema
      .createTable('conversations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('content_id', 'text', (c) => c.references('contents.id').onDelete('set null'))
      .addColumn('state', d.json, (c) => c.notNull())
      .addColumn('turns', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('conversations_tenant')
      .on('conversations')
      .columns(['tenant_id', 'id'])
      .execute();
    await d.enableTenantRls(db, 'conversations');

    await db.schema
      .createTable('conversation_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id').onDelete('cascade'))
      .addColumn('conversation_id', 'text', (c) =>
        c.notNull().references('conversations.id').onDelete('cascade'),
      )
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('payload', d.json, (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('conversation_messages_seq', ['conversation_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('conversation_messages_conversation')
      .on('conversation_messages')
      .columns(['tenant_id', 'conversation_id', 'seq'])
      .execute();
    await d.enableTenantRls(db, 'conversation_messages');
  },
};
