import { z } from 'zod';
import { type AnyOperation, defineOperation, pageCursor } from '../../operations/define.js';
import {
  completeConnect,
  connectToken,
  disconnectAccount,
  listAccounts,
  setSchedule,
  startConnect,
} from './accounts/service.js';
import {
  cancelPublication,
  getPublication,
  listCalendar,
  listPublications,
  publishContent,
  reschedulePublication,
  retryPublication,
  scheduleContent,
} from './publish/service.js';
import { PostingScheduleSchema } from './schedule/slots.js';
import {
  AccountSchema,
  ChoiceSchema,
  PlatformSchema,
  PublicationDetailSchema,
  PublicationSchema,
  publicationStatuses,
} from './schemas.js';

const Id = z.string().min(1).max(64);
const When = z
  .string()
  .min(10)
  .max(40)
  .describe("2026-03-29T09:30 in the tenant's time zone, or an ISO-8601 instant (…Z, …+02:00)");

export const accountsConnect = defineOperation({
  name: 'accounts.connect',
  summary: 'Start connecting a social account: the URL to send the person to',
  description:
    'Answers the platform’s consent URL (with a state, and PKCE for X). After consent the platform sends the ' +
    'person to PUBLISHING_REDIRECT_URL with `code` and `state`; pass both to accounts.callback within 15 minutes. ' +
    'Instagram connects through Facebook Login (a Page with a linked Instagram professional account).',
  http: { method: 'POST', path: '/accounts/connect' },
  role: 'admin',
  rateCategory: 'publishing',
  mutating: true,
  input: z.object({ platform: PlatformSchema }),
  output: z.object({
    authorizationUrl: z.string(),
    state: z.string(),
    expiresAt: z.string(),
    pkce: z.boolean(),
  }),
  cli: { positional: ['platform'] },
  handler: (ctx, input) => startConnect(ctx, input.platform),
});

export const accountsCallback = defineOperation({
  name: 'accounts.callback',
  summary: 'Finish connecting: exchange the code and save the account(s)',
  description:
    'With one account behind the login it is saved at once. When the login manages several (Facebook Pages, ' +
    'Instagram accounts) the answer lists `choices`; call again with the same state and `select`.',
  http: { method: 'POST', path: '/accounts/callback' },
  role: 'admin',
  rateCategory: 'publishing',
  mutating: true,
  input: z.object({
    state: z.string().min(1).max(200),
    code: z.string().min(1).max(2000).optional(),
    error: z.string().max(200).optional().describe('The `error` the platform sent back instead of a code'),
    errorDescription: z.string().max(1000).optional(),
    select: z
      .array(z.string().min(1).max(200))
      .max(100)
      .optional()
      .describe('externalIds of the choices to connect'),
  }),
  output: z.object({ accounts: z.array(AccountSchema), choices: z.array(ChoiceSchema) }),
  handler: (ctx, input) => completeConnect(ctx, input),
});

export const accountsConnectToken = defineOperation({
  name: 'accounts.connect_token',
  summary: 'Connect an account with a token you already hold',
  description:
    'The account is read from the platform with the token before it is saved (X /2/users/me, LinkedIn ' +
    '/v2/userinfo, the Pages of a Facebook token). Tokens are stored encrypted.',
  http: { method: 'POST', path: '/accounts/token', successStatus: 201 },
  role: 'admin',
  rateCategory: 'publishing',
  mutating: true,
  input: z.object({
    platform: PlatformSchema,
    accessToken: z.string().min(8).max(4000),
    refreshToken: z.string().min(8).max(4000).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional().describe('When the access token expires'),
    externalId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Which account, when the token reaches several'),
  }),
  output: AccountSchema,
  handler: (ctx, input) => connectToken(ctx, input),
});

export const accountsList = defineOperation({
  name: 'accounts.list',
  summary: 'Connected social accounts, with their status (reconnect_needed when a token stopped working)',
  http: { method: 'GET', path: '/accounts' },
  role: 'viewer',
  rateCategory: 'publishing',
  mutating: false,
  input: z.object({
    platform: PlatformSchema.optional(),
    includeDisconnected: z.boolean().default(false),
  }),
  output: z.object({ accounts: z.array(AccountSchema) }),
  handler: (ctx, input) => listAccounts(ctx, input),
});

export const accountsDisconnect = defineOperation({
  name: 'accounts.disconnect',
  summary: 'Disconnect an account: revoke its token where the platform allows, forget it here',
  http: { method: 'POST', path: '/accounts/{id}/disconnect' },
  role: 'admin',
  rateCategory: 'publishing',
  mutating: true,
  annotations: { destructive: true },
  input: z.object({ id: Id }),
  output: AccountSchema.extend({ revoked: z.boolean().describe('The platform confirmed the revocation') }),
  cli: { positional: ['id'] },
  handler: (ctx, input) => disconnectAccount(ctx, input.id),
});

export const accountsSetSchedule = defineOperation({
  name: 'accounts.set_schedule',
  summary: "Set an account's posting schedule (the slots posts.schedule fills)",
  description:
    'Slot times are wall-clock times in the schedule’s time zone (the tenant’s by default): 09:30 stays 09:30 across DST.',
  http: { method: 'PUT', path: '/accounts/{id}/schedule' },
  role: 'editor',
  rateCategory: 'publishing',
  mutating: true,
  input: z.object({
    id: Id,
    schedule: PostingScheduleSchema.nullable().describe('null removes the schedule'),
  }),
  output: AccountSchema,
  examples: [
    { input: { id: 'acct_01…', schedule: { slots: [{ days: ['mon', 'wed', 'fri'], time: '09:30' }] } } },
  ],
  cli: { positional: ['id'] },
  handler: (ctx, input) => setSchedule(ctx, input.id, input.schedule),
});

const PublishInput = z.object({
  contentId: Id,
  accountIds: z.array(Id).min(1).max(50),
  candidateIds: z
    .array(Id)
    .max(50)
    .optional()
    .describe("Which candidate per platform; by default each platform's top candidate"),
  at: When.optional(),
});

export const postsPublish = defineOperation({
  name: 'posts.publish',
  summary: 'Publish approved content to accounts, now or at a time',
  description:
    'One publication per account, published in parallel, each with its own state: queued → publishing → ' +
    'published | failed | unconfirmed. Publishing the same content to the same account again returns the ' +
    'existing publication. Text is fitted to each platform (an over-long X post becomes a thread).',
  http: { method: 'POST', path: '/posts', successStatus: 202 },
  role: 'editor',
  rateCategory: 'publishing',
  mutating: true,
  input: PublishInput,
  output: z.object({ publications: z.array(PublicationSchema) }),
  cli: { positional: ['contentId'] },
  handler: (ctx, input) => publishContent(ctx, input),
});

export const postsSchedule = defineOperation({
  name: 'posts.schedule',
  summary: "Put approved content in the calendar: at a time, or each account's next free slot",
  http: { method: 'POST', path: '/posts/schedule', successStatus: 202 },
  role: 'editor',
  rateCategory: 'publishing',
  mutating: true,
  input: PublishInput.extend({ at: When.optional().describe("Leave out for each account's next free slot") }),
  output: z.object({ publications: z.array(PublicationSchema) }),
  cli: { positional: ['contentId'] },
  handler: (ctx, input) => scheduleContent(ctx, input),
});

export const postsReschedule = defineOperation({
  name: 'posts.reschedule',
  summary: 'Move a scheduled or queued publication to another time (or its next free slot)',
  http: { method: 'POST', path: '/posts/{id}/reschedule' },
  role: 'editor',
  rateCategory: 'publishing',
  mutating: true,
  input: z.object({ id: Id, at: When.optional() }),
  output: PublicationSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => reschedulePublication(ctx, input.id, input.at),
});

export const postsCancel = defineOperation({
  name: 'posts.cancel',
  summary: 'Cancel a scheduled or queued publication',
  http: { method: 'POST', path: '/posts/{id}/cancel' },
  role: 'editor',
  rateCategory: 'publishing',
  mutating: true,
  input: z.object({ id: Id }),
  output: PublicationSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => cancelPublication(ctx, input.id),
});

export const postsRetry = defineOperation({
  name: 'posts.retry',
  summary: 'Try a failed publication again, or check an unconfirmed one on the account now',
  description: 'An unconfirmed publication is never re-sent blindly: it is looked up on the account first.',
  http: { method: 'POST', path: '/posts/{id}/retry' },
  role: 'editor',
  rateCategory: 'publishing',
  mutating: true,
  input: z.object({ id: Id }),
  output: PublicationSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => retryPublication(ctx, input.id),
});

export const postsList = defineOperation({
  name: 'posts.list',
  summary: 'Publications, newest first',
  http: { method: 'GET', path: '/posts' },
  role: 'viewer',
  rateCategory: 'publishing',
  mutating: false,
  input: z.object({
    status: z.enum(publicationStatuses).optional(),
    accountId: Id.optional(),
    contentId: Id.optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: pageCursor().optional(),
  }),
  output: z.object({ publications: z.array(PublicationSchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) => listPublications(ctx, input),
});

export const postsGet = defineOperation({
  name: 'posts.get',
  summary: 'One publication with its attempt log (and live metrics on request)',
  http: { method: 'GET', path: '/posts/{id}' },
  role: 'viewer',
  rateCategory: 'publishing',
  mutating: false,
  input: z.object({
    id: Id,
    metrics: z.boolean().default(false).describe("Read the post's current figures from the platform"),
  }),
  output: PublicationDetailSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => getPublication(ctx, input.id, input.metrics),
});

export const calendarList = defineOperation({
  name: 'calendar.list',
  summary: "Scheduled and published posts by time, in the tenant's time zone",
  http: { method: 'GET', path: '/calendar' },
  role: 'viewer',
  rateCategory: 'publishing',
  mutating: false,
  input: z.object({
    from: When.optional().describe('Start (default: 7 days ago)'),
    to: When.optional().describe('End (default: 30 days ahead)'),
    accountIds: z.array(Id).max(50).optional(),
    limit: z.number().int().min(1).max(1000).default(500).describe('Entries at most, earliest first'),
  }),
  output: z.object({
    timeZone: z.string(),
    from: z.string(),
    to: z.string(),
    entries: z.array(PublicationSchema.extend({ at: z.string() })),
  }),
  handler: (ctx, input) => listCalendar(ctx, input),
});

export const publishingOperations: AnyOperation[] = [
  accountsConnect,
  accountsCallback,
  accountsConnectToken,
  accountsList,
  accountsDisconnect,
  accountsSetSchedule,
  postsPublish,
  postsSchedule,
  postsReschedule,
  postsCancel,
  postsRetry,
  postsList,
  postsGet,
  calendarList,
];
