import { z } from 'zod';
import { type AnyOperation, defineOperation } from '../../../operations/define.js';
import {
  acceptSuggestion,
  dismissSuggestion,
  learningSummary,
  listSuggestions,
  readSharedFigures,
  releaseSharedFigures,
} from './service.js';
import { rerankFeatures } from './state.js';

const Id = z.string().min(1).max(64);
const suggestionStatuses = ['proposed', 'accepted', 'dismissed'] as const;

const Rule = z.union([
  z.object({ kind: z.literal('banned_phrase'), phrase: z.string() }),
  z.object({ kind: z.literal('no_emoji') }),
  z.object({ kind: z.literal('max_hashtags'), max: z.number().int() }),
  z.object({ kind: z.literal('note'), text: z.string() }),
]);

const Suggestion = z.object({
  id: z.string(),
  rule: Rule.describe('The voice pinned rule it would add'),
  reason: z.string(),
  evidence: z.record(z.string(), z.number()),
  status: z.enum(suggestionStatuses),
  createdAt: z.string(),
  updatedAt: z.string(),
  decidedBy: z.string().nullable(),
});

const Figure = z.object({
  key: z.string(),
  platform: z.string(),
  skillId: z.string(),
  approvalRate: z.number(),
  tenantsBand: z.string(),
});

export const learningGet = defineOperation({
  name: 'learning.get',
  summary: 'What generation has learned from your approvals, rejections, edits and results',
  http: { method: 'GET', path: '/learning' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({}),
  output: z.object({
    events: z.number().int(),
    rerankMultipliers: z.object(
      Object.fromEntries(rerankFeatures.map((f) => [f, z.number()])) as Record<
        (typeof rerankFeatures)[number],
        z.ZodNumber
      >,
    ),
    skills: z.array(
      z.object({ skillId: z.string(), success: z.number(), failure: z.number(), weight: z.number() }),
    ),
    edits: z.object({
      count: z.number().int(),
      shortened: z.number().int(),
      emojiRemoved: z.number().int(),
      hashtagsRemoved: z.number().int(),
      topRemovedWords: z.array(z.string()),
    }),
    outcomes: z.number().int(),
    proposedRules: z.number().int(),
  }),
  handler: (ctx) => learningSummary(ctx),
});

export const learningSuggestionsList = defineOperation({
  name: 'learning.suggestions.list',
  summary: 'Voice rules your edits suggest (a word you keep removing, emoji you always cut …)',
  description: 'Nothing changes until you accept one (learning.suggestions.accept).',
  http: { method: 'GET', path: '/learning/suggestions' },
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({ status: z.enum(suggestionStatuses).optional() }),
  output: z.object({ suggestions: z.array(Suggestion) }),
  handler: async (ctx, input) => ({ suggestions: await listSuggestions(ctx, input.status) }),
});

export const learningSuggestionsAccept = defineOperation({
  name: 'learning.suggestions.accept',
  summary: 'Accept a suggested voice rule: it is pinned on your voice profile',
  http: { method: 'POST', path: '/learning/suggestions/{id}/accept' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({ id: Id }),
  output: Suggestion,
  cli: { positional: ['id'] },
  handler: (ctx, input) => acceptSuggestion(ctx, input.id),
});

export const learningSuggestionsDismiss = defineOperation({
  name: 'learning.suggestions.dismiss',
  summary: 'Dismiss a suggested voice rule; it is not proposed again',
  http: { method: 'POST', path: '/learning/suggestions/{id}/dismiss' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({ id: Id }),
  output: Suggestion,
  cli: { positional: ['id'] },
  handler: (ctx, input) => dismissSuggestion(ctx, input.id),
});

export const learningSharedGet = defineOperation({
  name: 'learning.shared.get',
  summary: 'Approval rates per platform and built-in skill, pooled over at least 5 tenants (no text)',
  description:
    'Each figure is the mean of the contributing tenants’ approval rates with privacy noise, released at ' +
    'most once a day; the number of tenants is a band. New tenants start from these figures.',
  http: { method: 'GET', path: '/learning/shared' },
  scope: 'installation',
  role: 'viewer',
  rateCategory: 'content',
  mutating: false,
  input: z.object({}),
  output: z.object({ figures: z.array(Figure) }),
  handler: async (ctx) => ({ figures: await readSharedFigures(ctx.app) }),
});

export const learningSharedRelease = defineOperation({
  name: 'learning.shared.release',
  summary: 'Recompute the cross-tenant figures (operator; at most once a day)',
  http: { method: 'POST', path: '/learning/shared/release' },
  scope: 'operator',
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({}),
  output: z.object({ figures: z.array(Figure), releasedAt: z.string() }),
  handler: (ctx) => releaseSharedFigures(ctx.app),
});

export const learningOperations: AnyOperation[] = [
  learningGet,
  learningSuggestionsList,
  learningSuggestionsAccept,
  learningSuggestionsDismiss,
  learningSharedGet,
  learningSharedRelease,
];
