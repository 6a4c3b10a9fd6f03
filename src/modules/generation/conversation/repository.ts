import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../../db/connect.js';
import type { ConversationMessagesTable, ConversationsTable } from './tables.js';

/** SQL for conversations and their messages. Every query filters on tenant_id. */

export type ConversationRow = Selectable<ConversationsTable>;
export type MessageRow = Selectable<ConversationMessagesTable>;

export async function insertConversation(db: Executor, row: Insertable<ConversationsTable>): Promise<void> {
  await db.insertInto('conversations').values(row).execute();
}

export async function findConversation(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<ConversationRow | undefined> {
  return db
    .selectFrom('conversations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Moves the conversation to its next turn if nobody else did since `turns` was read; false when another
 * turn landed first.
 */
export async function advanceConversation(
  db: Executor,
  tenantId: string,
  id: string,
  turns: number,
  changes: { state: string; content_id: string | null; title: string; updated_at: string },
): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ ...changes, turns: turns + 1 })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('turns', '=', turns)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertMessages(
  db: Executor,
  rows: Insertable<ConversationMessagesTable>[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('conversation_messages').values(rows).execute();
}

export async function lastSeq(db: Executor, tenantId: string, conversationId: string): Promise<number> {
  const row = await db
    .selectFrom('conversation_messages')
    .select('seq')
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.seq ?? 0;
}

export async function listMessages(
  db: Executor,
  tenantId: string,
  conversationId: string,
): Promise<MessageRow[]> {
  return db
    .selectFrom('conversation_messages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('conversation_id', '=', conversationId)
    .orderBy('seq')
    .execute();
}

/** Conversations newest first, after the cursor. */
export async function listConversations(
  db: Executor,
  tenantId: string,
  limit: number,
  before: string | undefined,
): Promise<ConversationRow[]> {
  let q = db
    .selectFrom('conversations')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (before) q = q.where('id', '<', before);
  return q.execute();
}
