import { z } from 'zod';
import { ContentSchema, PlatformSchema } from '../schemas.js';

/** Inputs and outputs of content.approve, content.reject and content.edit. */

export const rejectReasons = [
  'off_voice',
  'wrong_tone',
  'too_long',
  'too_short',
  'too_salesy',
  'wrong_facts',
  'off_topic',
  'wrong_format',
  'repetitive',
  'other',
] as const;
export type RejectReason = (typeof rejectReasons)[number];

const Id = z.string().min(1).max(64);

export const ApproveInput = z.object({
  id: Id.describe('The content'),
  candidateIds: z
    .array(Id)
    .max(8)
    .default([])
    .describe(
      'The chosen candidate per platform (at most one each); a platform left out keeps its top candidate',
    ),
});
export type ApproveInput = z.infer<typeof ApproveInput>;

export const RejectInput = z.object({
  id: Id.describe('The content'),
  reasons: z
    .array(z.enum(rejectReasons))
    .min(1, { message: 'give at least one reason' })
    .max(rejectReasons.length)
    .describe(`Why: ${rejectReasons.join(', ')}`),
  note: z.string().trim().max(2000).optional().describe('In your own words'),
  candidateIds: z
    .array(Id)
    .max(32)
    .default([])
    .describe('The candidates the reasons are about (default: all of them)'),
});
export type RejectInput = z.infer<typeof RejectInput>;

export const EditInput = z.object({
  id: Id.describe('The content'),
  candidateId: Id.describe('The candidate you edited'),
  text: z.string().trim().min(1, { message: 'the text is empty' }).max(100_000).describe('Your edited text'),
  approve: z.boolean().default(false).describe('Approve the content with this candidate at once'),
});
export type EditInput = z.infer<typeof EditInput>;

export const EditDiffSchema = z.object({
  removedWords: z.array(z.string()),
  addedWords: z.array(z.string()),
  removedEmoji: z.array(z.string()),
  addedEmoji: z.array(z.string()),
  removedHashtags: z.array(z.string()),
  addedHashtags: z.array(z.string()),
  hashtagsAfter: z.number().int(),
  exclamationsBefore: z.number().int(),
  exclamationsAfter: z.number().int(),
  lengthBefore: z.number().int(),
  lengthAfter: z.number().int(),
  magnitude: z.number().describe('0-1: the share of words that changed'),
  readable: z.string().describe('Kept words, [-removed-] and {+added+}'),
});

export const EditOutput = z.object({
  content: ContentSchema,
  diff: EditDiffSchema,
  before: z.string().describe('The candidate’s text before your edit'),
});

export const FeedbackEventSchema = z.object({
  id: z.string(),
  kind: z.enum(['approve', 'reject', 'edit', 'outcome']),
  candidateId: z.string().nullable(),
  platform: PlatformSchema.nullable(),
  skillId: z.string().nullable(),
  reasons: z.array(z.string()),
  note: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  actor: z.string().nullable(),
  createdAt: z.string(),
});
export type FeedbackEvent = z.infer<typeof FeedbackEventSchema>;
