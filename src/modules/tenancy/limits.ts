import { z } from 'zod';
import type { Config } from '../../config/load.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Executor } from '../../db/connect.js';
import { readJson } from '../../db/dialect.js';
import { type RateCategory, rateCategories } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import * as repo from './repository.js';

/** Plan presets: quotas a tenant gets unless the operator overrides them per tenant. */
export const plans = ['free', 'starter', 'pro', 'agency'] as const;
export type Plan = (typeof plans)[number];

export const quotaNames = ['apiKeys', 'members', 'knowledgePages', 'crawlsPerDay'] as const;
export type QuotaName = (typeof quotaNames)[number];

const planQuotas: Record<Plan, Record<QuotaName, number>> = {
  free: { apiKeys: 5, members: 3, knowledgePages: 200, crawlsPerDay: 5 },
  starter: { apiKeys: 20, members: 10, knowledgePages: 2_000, crawlsPerDay: 20 },
  pro: { apiKeys: 100, members: 50, knowledgePages: 20_000, crawlsPerDay: 100 },
  agency: { apiKeys: 500, members: 200, knowledgePages: 200_000, crawlsPerDay: 500 },
};

/** What an operator may override per tenant (stored as JSON in tenants.limits). */
export const TenantLimitsOverrides = z
  .object({
    rateLimits: z.partialRecord(z.enum(rateCategories), z.number().int().min(1).max(1_000_000)).optional(),
    quotas: z.partialRecord(z.enum(quotaNames), z.number().int().min(0).max(10_000_000)).optional(),
  })
  .strict();
export type TenantLimitsOverrides = z.infer<typeof TenantLimitsOverrides>;

export interface EffectiveLimits {
  /** Requests per hour by category. */
  rateLimits: Record<RateCategory, number>;
  quotas: Record<QuotaName, number>;
}

export function effectiveLimits(
  config: Config,
  plan: string,
  overrides: TenantLimitsOverrides,
): EffectiveLimits {
  const base = planQuotas[(plans as readonly string[]).includes(plan) ? (plan as Plan) : 'free'];
  return {
    rateLimits: { ...config.rateLimits, ...overrides.rateLimits },
    quotas: { ...base, ...overrides.quotas },
  };
}

/** Refuses an action that would take `quota` beyond the tenant's limit. */
export function assertWithinQuota(limits: EffectiveLimits, quota: QuotaName, usedAfter: number): void {
  const limit = limits.quotas[quota];
  if (usedAfter > limit) {
    throw new AppError(
      'quota.exceeded',
      403,
      `this would exceed the tenant's ${quota} quota of ${limit}; remove something first or ask the operator to raise it`,
      { quota, limit, requested: usedAfter },
    );
  }
}

/** The tenant's limits: its plan's quotas and the configured rate limits, with the operator's overrides. */
export async function loadLimits(db: Executor, app: AppServices, tenantId: string): Promise<EffectiveLimits> {
  const row = await repo.findTenant(db, tenantId);
  if (!row) throw notFound('tenants.not_found', `tenant ${tenantId}`);
  const overrides = TenantLimitsOverrides.safeParse(readJson(row.limits, {}));
  return effectiveLimits(app.config, row.plan, overrides.success ? overrides.data : {});
}

const LIMITS_CACHE_MS = 30_000;

/**
 * Limits for the rate limiter on every request. They change rarely (operator action, which clears this
 * process's entry at once; other processes follow within 30 s), and a database read per request would
 * double the cost of a cheap read.
 */
export async function cachedLimits(app: AppServices, tenantId: string): Promise<EffectiveLimits> {
  const hit = app.accessCache.limits.get(tenantId);
  const now = app.clock.nowMs();
  if (hit && hit.until > now) return hit.limits;
  const limits = await app.db.read(tenantId, (db) => loadLimits(db, app, tenantId));
  app.accessCache.limits.set(tenantId, { limits, until: now + LIMITS_CACHE_MS });
  return limits;
}
