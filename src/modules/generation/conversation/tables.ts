/** Row types of conversations (migration 0016). JSON columns hold the shapes in conversation/schemas.ts. */
export interface ConversationsTable {
  id: string;
  tenant_id: string;
  title: string;
  /** The content the conversation is working on (its latest options), if any. */
  content_id: string | null;
  /** JSON: ConversationState (options on the table, a request waiting for an answer …). */
  state: string;
  /** Turns taken: a send that finds another turn landed first is refused rather than interleaved. */
  turns: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConversationMessagesTable {
  id: string;
  tenant_id: string;
  conversation_id: string;
  /** 1, 2, … in the conversation. */
  seq: number;
  /** user | assistant */
  role: string;
  /** user: message; assistant: options | question | approved | rejected | info */
  kind: string;
  text: string;
  /** JSON: options with previews, the action taken, the content id … */
  payload: string;
  created_at: string;
}

export interface ConversationTables {
  conversations: ConversationsTable;
  conversation_messages: ConversationMessagesTable;
}

declare module '../../../db/schema.js' {
  interface Database extends ConversationTables {}
}
