import { z } from 'zod';
import { PlatformSchema } from '../schemas.js';

/** API shapes of conversations and their messages. */

export const optionLetters = ['A', 'B', 'C'] as const;

export const OptionCandidateSchema = z.object({
  platform: PlatformSchema,
  candidateId: z.string(),
  text: z.string(),
});

export const OptionSchema = z.object({
  letter: z.enum(optionLetters),
  preview: z.string().describe('The beginning of the option on its first platform'),
  candidates: z.array(OptionCandidateSchema).describe('The option on each platform'),
});
export type Option = z.infer<typeof OptionSchema>;

export const messageKinds = ['message', 'options', 'question', 'approved', 'rejected', 'info'] as const;

export const MessageSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  role: z.enum(['user', 'assistant']),
  kind: z
    .enum(messageKinds)
    .describe(
      'user: message; assistant: options (A/B/C), question (what is missing), approved, rejected, info',
    ),
  text: z.string(),
  options: z.array(OptionSchema).describe('The advisory options, when kind is options'),
  contentId: z.string().nullable().describe('The content the message is about'),
  action: z
    .enum(['generate', 'refine', 'approve', 'reject'])
    .nullable()
    .describe('What the assistant did for this turn'),
  notes: z.array(z.string()),
  createdAt: z.string(),
});
export type Message = z.infer<typeof MessageSchema>;

export const ConversationSchema = z.object({
  id: z.string(),
  title: z.string(),
  contentId: z.string().nullable().describe('The content being worked on'),
  turns: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

export const ConversationWithMessagesSchema = ConversationSchema.extend({ messages: z.array(MessageSchema) });
export type ConversationWithMessages = z.infer<typeof ConversationWithMessagesSchema>;

const Message = z.string().trim().min(1, { message: 'the message is empty' }).max(2000);

export const CreateConversationInput = z.object({
  title: z.string().trim().min(1).max(120).optional().describe('Default: the first request'),
  message: Message.optional().describe('The first message, e.g. "a post about our new croissants"'),
  platforms: z.array(PlatformSchema).min(1).max(4).optional().describe('Platforms to write for'),
});
export type CreateConversationInput = z.infer<typeof CreateConversationInput>;

export const SendInput = z.object({
  id: z.string().min(1).max(64).describe('The conversation'),
  message: Message.describe('"a post about …", "go with B", "make B shorter", "none of these, too salesy"'),
  platforms: z
    .array(PlatformSchema)
    .min(1)
    .max(4)
    .optional()
    .describe('Platforms for a new request (default: those named, else those used before, else all four)'),
});
export type SendInput = z.infer<typeof SendInput>;

export const SendOutput = z.object({
  conversation: ConversationSchema,
  messages: z.array(MessageSchema).describe('Your message and the assistant’s answer'),
});
export type SendOutput = z.infer<typeof SendOutput>;
