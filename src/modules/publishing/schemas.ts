import { z } from 'zod';
import { platforms } from '../../core/platforms.js';
import { PostingScheduleSchema } from './schedule/slots.js';

/** API shapes of accounts and publications (camelCase; rows are mapped in the services). */

export const PlatformSchema = z.enum(platforms);
export const accountStatuses = ['active', 'reconnect_needed', 'disconnected'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

export const AccountSchema = z.object({
  id: z.string(),
  platform: PlatformSchema,
  kind: z.enum(['person', 'organization', 'page', 'instagram_business', 'user']),
  name: z.string(),
  handle: z.string().nullable(),
  url: z.string().nullable(),
  externalId: z.string().describe("The account's id on the platform"),
  status: z
    .enum(accountStatuses)
    .describe('reconnect_needed: the token expired or was revoked; connect it again'),
  statusReason: z.string().nullable(),
  tokenExpiresAt: z.string().nullable(),
  canRefresh: z.boolean().describe('A refresh token is held: the token is renewed before it expires'),
  scopes: z.array(z.string()),
  schedule: PostingScheduleSchema.nullable(),
  connectedAt: z.string(),
  updatedAt: z.string(),
});
export type Account = z.infer<typeof AccountSchema>;

export const ChoiceSchema = z.object({
  externalId: z.string(),
  kind: z.string(),
  name: z.string(),
  handle: z.string().nullable(),
});

export const publicationStatuses = [
  'scheduled',
  'queued',
  'publishing',
  'published',
  'failed',
  'unconfirmed',
  'cancelled',
] as const;
export type PublicationStatus = (typeof publicationStatuses)[number];

export const AttemptSchema = z.object({
  number: z.number().int(),
  kind: z.enum(['publish', 'reconcile']),
  startedAt: z.string(),
  sentAt: z.string().nullable().describe('When the visible call went out'),
  finishedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  httpStatus: z.number().nullable(),
  retryAt: z.string().nullable(),
});

export const PublicationSchema = z.object({
  id: z.string(),
  contentId: z.string(),
  candidateId: z.string(),
  accountId: z.string(),
  platform: PlatformSchema,
  status: z
    .enum(publicationStatuses)
    .describe(
      'scheduled → queued → publishing → published | failed | unconfirmed (sent, answer lost: being checked on the account) | cancelled',
    ),
  text: z.string().describe('The text as sent (the first post of a thread)'),
  parts: z.number().int().describe('Posts sent (more than 1 for an X thread)'),
  notes: z.array(z.string()).describe('What was changed to fit the platform'),
  scheduledAt: z.string().nullable(),
  scheduledAtLocal: z.string().nullable().describe("scheduledAt in the tenant's time zone"),
  nextAttemptAt: z.string().nullable(),
  attempts: z.number().int(),
  platformPostId: z.string().nullable(),
  platformPostIds: z.array(z.string()),
  url: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Publication = z.infer<typeof PublicationSchema>;

export const MetricsSchema = z.object({
  impressions: z.number().nullable(),
  likes: z.number().nullable(),
  comments: z.number().nullable(),
  shares: z.number().nullable(),
  clicks: z.number().nullable(),
  raw: z.record(z.string(), z.unknown()),
});

export const PublicationDetailSchema = PublicationSchema.extend({
  attemptLog: z.array(AttemptSchema),
  metrics: MetricsSchema.nullable().optional(),
});
