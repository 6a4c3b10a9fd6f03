import { z } from 'zod';
import { readJson } from '../../../db/dialect.js';
import { type AnyOperation, defineOperation } from '../../../operations/define.js';
import { type Content, ContentSchema } from '../schemas.js';
import { recordOutcome } from './outcome.js';
import { ApproveInput, EditInput, EditOutput, FeedbackEventSchema, RejectInput } from './schemas.js';
import { approveContent, contentFeedback, editContent, rejectContent } from './service.js';

const Id = z.string().min(1).max(64);

export const contentApprove = defineOperation({
  name: 'content.approve',
  summary: 'Approve content, choosing the candidate to publish on each platform',
  description:
    'The chosen candidate moves to rank 1 of its platform, which is what content.publish sends; a platform ' +
    'you leave out keeps its top candidate. The choice teaches the reranker and the skill weights.',
  http: { method: 'POST', path: '/content/{id}/approve' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: ApproveInput,
  output: ContentSchema,
  cli: { positional: ['id'] },
  annotations: { idempotent: true },
  handler: (ctx, input) => approveContent(ctx, input),
});

export const contentReject = defineOperation({
  name: 'content.reject',
  summary: 'Reject content, saying why',
  description:
    'Reasons are codes learning acts on (off_voice, wrong_tone, too_long, too_short, too_salesy, wrong_facts, ' +
    'off_topic, wrong_format, repetitive, other); the note is kept as you wrote it. Rejected content cannot be ' +
    'published; editing it makes it a draft again.',
  http: { method: 'POST', path: '/content/{id}/reject' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: RejectInput,
  output: ContentSchema,
  cli: { positional: ['id'] },
  examples: [{ input: { id: 'cnt_01J0000000000000000000000', reasons: ['too_salesy'], note: 'Less hype.' } }],
  handler: (ctx, input) => rejectContent(ctx, input),
});

export const contentEdit = defineOperation({
  name: 'content.edit',
  summary: 'Replace a candidate’s text with your edit; the guards run again and the diff is kept',
  description:
    'Returns the content, the text before your edit and the diff (words removed and added, length, emoji ' +
    'and hashtags). Learning reads the diff: a word you keep removing becomes a proposed banned word ' +
    '(learning.suggestions.list). With approve true the content is approved with this candidate.',
  http: { method: 'POST', path: '/content/{id}/edit' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: EditInput,
  output: EditOutput,
  cli: { positional: ['id', 'candidateId'] },
  handler: (ctx, input) => editContent(ctx, input),
});

export const contentFeedbackList = defineOperation({
  name: 'content.feedback',
  summary: 'What people did with one content: approvals, rejections, edits and outcomes, oldest first',
  http: { method: 'GET', path: '/content/{id}/feedback' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({ id: Id }),
  output: z.object({ events: z.array(FeedbackEventSchema) }),
  cli: { positional: ['id'] },
  handler: async (ctx, input) => ({
    events: (await contentFeedback(ctx, input.id)).map((r) => ({
      id: r.id,
      kind: r.kind as 'approve' | 'reject' | 'edit' | 'outcome',
      candidateId: r.candidate_id,
      platform: r.platform as Content['candidates'][number]['platform'] | null,
      skillId: r.skill_id,
      reasons: readJson<string[]>(r.reasons, []),
      note: r.note,
      detail: readJson<Record<string, unknown>>(r.detail, {}),
      actor: r.actor,
      createdAt: r.created_at,
    })),
  }),
});

export const contentOutcome = defineOperation({
  name: 'content.outcome',
  summary: 'Record how a published candidate did (0-1), for learning',
  description:
    'Analytics calls this once a post’s engagement is known: score is 0-1 (e.g. engagement against your ' +
    'median on that platform). The first outcome of a candidate counts; a repeat reports duplicate and ' +
    'changes nothing.',
  http: { method: 'POST', path: '/content/{contentId}/outcomes' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    contentId: Id,
    candidateId: Id,
    score: z.number().min(0).max(1),
    source: z.string().max(100).optional(),
    metrics: z.record(z.string(), z.number()).optional(),
  }),
  output: z.object({ recorded: z.boolean(), duplicate: z.boolean() }),
  handler: (ctx, input) => recordOutcome(ctx, input),
});

export const feedbackOperations: AnyOperation[] = [
  contentApprove,
  contentReject,
  contentEdit,
  contentFeedbackList,
  contentOutcome,
];
