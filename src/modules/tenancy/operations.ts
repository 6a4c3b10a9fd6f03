import { z } from 'zod';
import { type AnyOperation, defineOperation, pageCursor, rateCategories } from '../../operations/define.js';
import { listAudit, listOperatorAudit } from './audit.js';
import { eraseTenant, exportTenant } from './data.js';
import { listEvents } from './events.js';
import { createKey, listKeys, revokeKey, rotateKey } from './keys.js';
import { quotaNames, TenantLimitsOverrides } from './limits.js';
import { addMember, listMembers, removeMember, setMemberRole } from './members.js';
import {
  ApiKeySchema,
  AuditEntrySchema,
  Id,
  IsoTime,
  Locale,
  MemberSchema,
  NewApiKeySchema,
  OperatorAuditEntrySchema,
  PlanSchema,
  RoleSchema,
  Scope,
  TenantSchema,
  TimeZone,
} from './schemas.js';
import {
  createTenant,
  getTenant,
  listTenants,
  setTenantLimits,
  tenantLimits,
  updateTenant,
} from './tenants.js';

const LimitsSchema = z.object({
  plan: z.string(),
  rateLimits: z.record(z.enum(rateCategories), z.number()).describe('Requests per hour by category'),
  quotas: z.record(z.enum(quotaNames), z.number()),
});

export const tenantsCreate = defineOperation({
  name: 'tenants.create',
  summary: 'Create a tenant (a business) and its first admin API key',
  description:
    'Operator only. Returns the new tenant and an admin key; the key is shown once and cannot be read again.',
  http: { method: 'POST', path: '/tenants', successStatus: 201 },
  scope: 'operator',
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({
    name: z.string().trim().min(1).max(120).describe('Business name'),
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,47}$/)
      .optional()
      .describe('URL-safe short name; derived from the name when omitted'),
    timeZone: TimeZone.default('UTC'),
    locale: Locale.default('en'),
    plan: PlanSchema.default('free'),
    adminEmail: z.email().optional().describe('Email of the first admin member'),
    adminName: z.string().trim().min(1).max(120).optional(),
  }),
  output: z.object({ tenant: TenantSchema, adminKey: NewApiKeySchema }),
  examples: [{ input: { name: 'Next Day Steel', timeZone: 'Europe/London', locale: 'en-GB' } }],
  cli: { command: ['tenant', 'create'] },
  handler: (ctx, input) => createTenant(ctx.app, input),
});

export const tenantsList = defineOperation({
  name: 'tenants.list',
  summary: 'List tenants',
  description: 'Operator only.',
  http: { method: 'GET', path: '/tenants' },
  scope: 'operator',
  role: 'admin',
  rateCategory: 'admin',
  mutating: false,
  input: z.object({
    limit: z.number().int().min(1).max(200).default(50),
    cursor: pageCursor().optional(),
  }),
  output: z.object({ tenants: z.array(TenantSchema), nextCursor: z.string().nullable() }),
  cli: { command: ['tenant', 'list'] },
  handler: (ctx, input) => listTenants(ctx.app, input.limit, input.cursor),
});

export const tenantsSetLimits = defineOperation({
  name: 'tenants.limits.set',
  summary: "Change a tenant's plan, quotas and rate limits",
  description: 'Operator only. Overrides replace the previous overrides as a whole.',
  http: { method: 'PUT', path: '/tenants/{tenant}/limits' },
  scope: 'operator',
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({
    tenant: z.string().min(1).describe('Tenant id or slug'),
    plan: PlanSchema.optional(),
    overrides: TenantLimitsOverrides.optional(),
  }),
  output: LimitsSchema.extend({ tenant: TenantSchema }),
  cli: { command: ['tenant', 'limits', 'set'], positional: ['tenant'] },
  handler: async (ctx, input) => {
    const r = await setTenantLimits(ctx.app, input.tenant, {
      ...(input.plan ? { plan: input.plan } : {}),
      ...(input.overrides ? { overrides: input.overrides } : {}),
    });
    return { ...r, plan: r.tenant.plan };
  },
});

export const tenantGet = defineOperation({
  name: 'tenant.get',
  summary: 'Show the tenant this key belongs to',
  http: { method: 'GET', path: '/tenant' },
  role: 'viewer',
  rateCategory: 'admin',
  mutating: false,
  input: z.object({}),
  output: TenantSchema,
  handler: (ctx) => getTenant(ctx),
});

export const tenantUpdate = defineOperation({
  name: 'tenant.update',
  summary: "Change the tenant's name, time zone or locale",
  http: { method: 'PATCH', path: '/tenant' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({
    name: z.string().trim().min(1).max(120).optional(),
    timeZone: TimeZone.optional(),
    locale: Locale.optional(),
  }),
  output: TenantSchema,
  handler: (ctx, input) => updateTenant(ctx, input),
});

export const tenantLimitsOp = defineOperation({
  name: 'tenant.limits.get',
  summary: "Show the tenant's plan, quotas and rate limits",
  http: { method: 'GET', path: '/tenant/limits' },
  role: 'viewer',
  rateCategory: 'admin',
  mutating: false,
  input: z.object({}),
  output: LimitsSchema,
  handler: (ctx) => tenantLimits(ctx),
});

export const tenantExport = defineOperation({
  name: 'tenant.export',
  summary: 'Export everything the tenant owns as one document',
  description:
    'Every row of every table that belongs to the tenant, plus readable sections added by modules.',
  http: { method: 'GET', path: '/tenant/export' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: false,
  input: z.object({}),
  output: z.object({
    format: z.literal('dify-agent.tenant-export.v1'),
    exportedAt: IsoTime,
    tenant: TenantSchema,
    tables: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
    sections: z.record(z.string(), z.unknown()),
  }),
  handler: (ctx) => exportTenant(ctx),
});

export const tenantErase = defineOperation({
  name: 'tenant.erase',
  summary: 'Permanently delete the tenant and all its data',
  description: 'Hard delete, verified: no row of the tenant is left in any table. Cannot be undone.',
  http: { method: 'POST', path: '/tenant/erase' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  annotations: { destructive: true },
  input: z.object({ confirm: z.string().describe("The tenant's slug, to confirm") }),
  output: z.object({
    tenantId: Id,
    erased: z.literal(true),
    deletedRows: z.record(z.string(), z.number()),
    deletedUsers: z.number(),
  }),
  handler: (ctx, input) => eraseTenant(ctx, input.confirm),
});

export const keysCreate = defineOperation({
  name: 'keys.create',
  summary: 'Create an API key',
  description: 'The secret is returned once. A key cannot have a higher role than the key that creates it.',
  http: { method: 'POST', path: '/keys', successStatus: 201 },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({
    name: z.string().trim().min(1).max(120),
    role: RoleSchema.default('editor'),
    scopes: z.array(Scope).max(50).default([]).describe('Empty: every operation the role allows'),
    expiresAt: z.iso.datetime().optional(),
    userId: Id.optional().describe('Member the key acts for; the key role cannot exceed theirs'),
  }),
  output: NewApiKeySchema,
  handler: (ctx, input) => createKey(ctx, input),
});

export const keysList = defineOperation({
  name: 'keys.list',
  summary: 'List API keys (never their secrets)',
  http: { method: 'GET', path: '/keys' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: false,
  input: z.object({ includeRevoked: z.boolean().default(false) }),
  output: z.object({ keys: z.array(ApiKeySchema) }),
  handler: async (ctx, input) => ({ keys: await listKeys(ctx, input.includeRevoked) }),
});

export const keysRotate = defineOperation({
  name: 'keys.rotate',
  summary: 'Replace an API key with a new secret',
  description: 'With graceSeconds > 0 the old key keeps working that long, for a switch without downtime.',
  http: { method: 'POST', path: '/keys/{id}/rotate', successStatus: 201 },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({
    id: Id,
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(30 * 86400)
      .default(0),
  }),
  output: NewApiKeySchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => rotateKey(ctx, input.id, input.graceSeconds),
});

export const keysRevoke = defineOperation({
  name: 'keys.revoke',
  summary: 'Revoke an API key at once',
  http: { method: 'DELETE', path: '/keys/{id}' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  annotations: { destructive: true },
  input: z.object({ id: Id }),
  output: ApiKeySchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => revokeKey(ctx, input.id),
});

export const membersList = defineOperation({
  name: 'members.list',
  summary: 'List the people who belong to the tenant',
  http: { method: 'GET', path: '/members' },
  role: 'viewer',
  rateCategory: 'admin',
  mutating: false,
  input: z.object({}),
  output: z.object({ members: z.array(MemberSchema) }),
  handler: async (ctx) => ({ members: await listMembers(ctx) }),
});

export const membersAdd = defineOperation({
  name: 'members.add',
  summary: 'Add a person to the tenant with a role',
  http: { method: 'POST', path: '/members', successStatus: 201 },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({ email: z.email(), name: z.string().trim().min(1).max(120).optional(), role: RoleSchema }),
  output: MemberSchema,
  handler: (ctx, input) => addMember(ctx, input),
});

export const membersSetRole = defineOperation({
  name: 'members.role.set',
  summary: "Change a member's role",
  http: { method: 'PUT', path: '/members/{userId}/role' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  input: z.object({ userId: Id, role: RoleSchema }),
  output: MemberSchema,
  cli: { positional: ['userId', 'role'] },
  handler: (ctx, input) => setMemberRole(ctx, input.userId, input.role),
});

export const membersRemove = defineOperation({
  name: 'members.remove',
  summary: 'Remove a member and revoke their keys',
  http: { method: 'DELETE', path: '/members/{userId}' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: true,
  annotations: { destructive: true },
  input: z.object({ userId: Id }),
  output: z.object({ removed: z.literal(true), userId: Id }),
  cli: { positional: ['userId'] },
  handler: (ctx, input) => removeMember(ctx, input.userId),
});

export const auditList = defineOperation({
  name: 'audit.list',
  summary: 'Read the audit log of changes (newest first)',
  http: { method: 'GET', path: '/audit' },
  role: 'admin',
  rateCategory: 'admin',
  mutating: false,
  input: z.object({
    limit: z.number().int().min(1).max(500).default(50),
    cursor: pageCursor().optional(),
    operation: z.string().optional(),
    actorId: z.string().optional(),
  }),
  output: z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) =>
    listAudit(ctx, {
      limit: input.limit,
      ...(input.cursor ? { before: input.cursor } : {}),
      ...(input.operation ? { operation: input.operation } : {}),
      ...(input.actorId ? { actorId: input.actorId } : {}),
    }),
});

export const operatorAuditList = defineOperation({
  name: 'operator.audit.list',
  summary: "Read the installation's audit of operator actions (newest first)",
  description:
    'Operator only. Records of actions on whole tenants, such as erasures: ids, codes and counts, kept after the tenant is gone.',
  http: { method: 'GET', path: '/operator/audit' },
  scope: 'operator',
  role: 'admin',
  rateCategory: 'admin',
  mutating: false,
  input: z.object({
    limit: z.number().int().min(1).max(500).default(50),
    cursor: pageCursor().optional(),
    tenant: z.string().max(64).optional().describe('Only records about this tenant id'),
    operation: z.string().max(100).optional().describe('Only this operation, e.g. tenant.erase'),
  }),
  output: z.object({ entries: z.array(OperatorAuditEntrySchema), nextCursor: z.string().nullable() }),
  cli: { command: ['operator', 'audit'] },
  handler: (ctx, input) =>
    listOperatorAudit(ctx.app, {
      limit: input.limit,
      ...(input.cursor ? { before: input.cursor } : {}),
      ...(input.tenant ? { tenantId: input.tenant } : {}),
      ...(input.operation ? { operation: input.operation } : {}),
    }),
});

const EventSchema = z.object({
  id: z.string().describe('Sortable: pass the last one as `after` to get what happened since'),
  type: z
    .string()
    .describe('e.g. knowledge.crawl_started, knowledge.crawl_progress, knowledge.crawl_succeeded'),
  subjectId: z.string().nullable().describe('The object the event is about (a crawl id, …)'),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});

export const eventsList = defineOperation({
  name: 'events.list',
  summary: 'What happened in the tenant, oldest first (poll with `after` to follow along)',
  description:
    'Domain events are written in the same transaction as the change they describe. Filter by subject to follow one crawl.',
  http: { method: 'GET', path: '/events' },
  role: 'viewer',
  rateCategory: 'analytics',
  mutating: false,
  input: z.object({
    after: pageCursor('Only events after this event id').optional(),
    subjectId: z.string().optional().describe('Only events about this object'),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  output: z.object({ events: z.array(EventSchema), last: z.string().nullable() }),
  handler: async (ctx, input) => {
    const events = await ctx.app.db.read(ctx.tenantId, (db) =>
      listEvents(db, ctx.tenantId, {
        limit: input.limit,
        ...(input.after ? { afterId: input.after } : {}),
        ...(input.subjectId ? { subjectId: input.subjectId } : {}),
      }),
    );
    return {
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        subjectId: e.subjectId,
        data: e.data,
        createdAt: e.createdAt,
      })),
      last: events.at(-1)?.id ?? null,
    };
  },
});

export const tenancyOperations: AnyOperation[] = [
  tenantsCreate,
  tenantsList,
  tenantsSetLimits,
  tenantGet,
  tenantUpdate,
  tenantLimitsOp,
  tenantExport,
  tenantErase,
  keysCreate,
  keysList,
  keysRotate,
  keysRevoke,
  membersList,
  membersAdd,
  membersSetRole,
  membersRemove,
  auditList,
  operatorAuditList,
  eventsList,
];
