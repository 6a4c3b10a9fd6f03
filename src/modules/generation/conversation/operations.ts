import { z } from 'zod';
import { type AnyOperation, defineOperation } from '../../../operations/define.js';
import {
  ConversationSchema,
  ConversationWithMessagesSchema,
  CreateConversationInput,
  SendInput,
  SendOutput,
} from './schemas.js';
import { createConversation, getConversation, listConversations, sendMessage } from './service.js';

export const conversationsCreate = defineOperation({
  name: 'conversations.create',
  summary: 'Start a conversation with the assistant, optionally with your first message',
  description:
    'Ask for a post in your words; the assistant answers with options A, B and C (previews of generated ' +
    'candidates) or asks what the post should be about when the request names nothing to write from.',
  http: { method: 'POST', path: '/conversations', successStatus: 201 },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: CreateConversationInput,
  output: ConversationWithMessagesSchema,
  examples: [{ input: { message: 'A LinkedIn post about our new cut-to-length service' } }],
  handler: (ctx, input) => createConversation(ctx, input),
});

export const conversationsSend = defineOperation({
  name: 'conversations.send',
  summary: 'Send a message: a request, "go with B", "make B shorter", "none of these, too salesy"',
  description:
    'Choosing an option approves the content with that option on each platform; asking for a change ' +
    'revises the options (content.refine), naming one option measures the change against it; turning them ' +
    'down rejects the content with the reasons read from your words. Returns your message and the answer.',
  http: { method: 'POST', path: '/conversations/{id}/messages' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: SendInput,
  output: SendOutput,
  cli: { positional: ['id', 'message'] },
  examples: [{ input: { id: 'conv_01J0000000000000000000000', message: 'go with B' } }],
  handler: (ctx, input) => sendMessage(ctx, input),
});

export const conversationsGet = defineOperation({
  name: 'conversations.get',
  summary: 'A conversation with all its messages',
  http: { method: 'GET', path: '/conversations/{id}' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({ id: z.string().min(1).max(64) }),
  output: ConversationWithMessagesSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => getConversation(ctx, input.id),
});

export const conversationsList = defineOperation({
  name: 'conversations.list',
  summary: 'List conversations, newest first',
  http: { method: 'GET', path: '/conversations' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({ limit: z.number().int().min(1).max(200).default(20), cursor: z.string().optional() }),
  output: z.object({ conversations: z.array(ConversationSchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) => listConversations(ctx, input),
});

export const conversationOperations: AnyOperation[] = [
  conversationsCreate,
  conversationsSend,
  conversationsGet,
  conversationsList,
];
