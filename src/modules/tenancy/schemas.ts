import { z } from 'zod';
import { roles } from '../../operations/define.js';
import { plans } from './limits.js';

/** API shapes of the tenancy module (camelCase; rows are mapped in the services). */

export const Id = z.string().min(1).max(64).describe('Object id');
export const IsoTime = z.string().describe('UTC ISO-8601 time');
export const RoleSchema = z.enum(roles).describe('admin > editor > viewer');

export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be an IANA time zone such as Europe/London' },
  );

export const Locale = z
  .string()
  .min(2)
  .max(35)
  .refine(
    (l) => {
      try {
        return Intl.getCanonicalLocales(l).length === 1;
      } catch {
        return false;
      }
    },
    { message: 'must be a BCP 47 locale such as en-GB' },
  );

export const TenantSchema = z.object({
  id: Id,
  name: z.string(),
  slug: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  plan: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});
export type Tenant = z.infer<typeof TenantSchema>;

export const Scope = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/, {
  message: 'must be an operation name (voice.score) or a module wildcard (knowledge.*)',
});

export const ApiKeySchema = z.object({
  id: Id,
  name: z.string(),
  prefix: z.string().describe('First characters of the key, to tell keys apart'),
  role: RoleSchema,
  scopes: z.array(z.string()),
  userId: z.string().nullable(),
  expiresAt: IsoTime.nullable(),
  lastUsedAt: IsoTime.nullable(),
  revokedAt: IsoTime.nullable(),
  replacedBy: z.string().nullable(),
  createdAt: IsoTime,
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const NewApiKeySchema = ApiKeySchema.extend({
  key: z.string().describe('The secret key. Shown once: store it now, it cannot be read again.'),
});
export type NewApiKey = z.infer<typeof NewApiKeySchema>;

export const MemberSchema = z.object({
  userId: Id,
  email: z.string().nullable(),
  name: z.string(),
  role: RoleSchema,
  createdAt: IsoTime,
});
export type Member = z.infer<typeof MemberSchema>;

export const AuditEntrySchema = z.object({
  id: Id,
  actorType: z.string(),
  actorId: z.string().nullable(),
  operation: z.string(),
  target: z.string().nullable(),
  requestId: z.string().nullable(),
  outcome: z.enum(['success', 'error', 'denied']),
  errorCode: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: IsoTime,
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** An installation-level record: ids, codes and counts only, kept after the tenant it names is erased. */
export const OperatorAuditEntrySchema = AuditEntrySchema.omit({ target: true }).extend({
  subjectTenantId: z.string().nullable().describe('The tenant the action was about (it may no longer exist)'),
});
export type OperatorAuditEntry = z.infer<typeof OperatorAuditEntrySchema>;

export const PlanSchema = z.enum(plans);
