import { AppError, notFound } from '../../core/errors.js';
import { newPrefixedId } from '../../core/ids.js';
import { writeJson } from '../../db/dialect.js';
import { keysetPage } from '../../db/paging.js';
import type { OperationContext } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import { insertNewKey } from './keys.js';
import { type EffectiveLimits, loadLimits, type Plan, type TenantLimitsOverrides } from './limits.js';
import * as repo from './repository.js';
import type { NewApiKey, Tenant } from './schemas.js';

export function toTenant(row: repo.TenantRow): Tenant {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    timeZone: row.time_zone,
    locale: row.locale,
    plan: row.plan,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** "Next Day Steel Ltd." → "next-day-steel-ltd" */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
  return slug || 'tenant';
}

export interface CreateTenantInput {
  name: string;
  slug?: string;
  timeZone: string;
  locale: string;
  plan: Plan;
  adminEmail?: string;
  adminName?: string;
}

export interface CreatedTenant {
  tenant: Tenant;
  adminKey: NewApiKey;
}

/**
 * Creates a tenant with its first admin key (and admin member when an email is given), all in one
 * transaction: either the tenant exists with a working key, or nothing was written.
 */
export async function createTenant(app: AppServices, input: CreateTenantInput): Promise<CreatedTenant> {
  const now = app.clock.iso();
  return app.db.system(async (tx) => {
    let slug = input.slug ?? slugify(input.name);
    if (await repo.findTenantBySlug(tx, slug)) {
      if (input.slug)
        throw new AppError('tenants.slug_taken', 409, `the slug "${slug}" is already used by another tenant`);
      const base = slug;
      for (let n = 2; await repo.findTenantBySlug(tx, slug); n++) slug = `${base}-${n}`;
    }
    const row: repo.TenantRow = {
      id: newPrefixedId('ten'),
      name: input.name,
      slug,
      time_zone: input.timeZone,
      locale: input.locale,
      plan: input.plan,
      limits: writeJson({}),
      created_at: now,
      updated_at: now,
    };
    await repo.insertTenant(tx, row);
    let userId: string | null = null;
    if (input.adminEmail) {
      const email = input.adminEmail.toLowerCase();
      const existing = await repo.findUserByEmail(tx, email);
      userId = existing?.id ?? newPrefixedId('usr');
      if (!existing)
        await repo.insertUser(tx, { id: userId, email, name: input.adminName ?? email, created_at: now });
      await repo.insertMembership(tx, row.id, userId, 'admin', now);
    }
    const adminKey = await insertNewKey(tx, row.id, { name: 'First admin key', role: 'admin', userId }, now);
    return { tenant: toTenant(row), adminKey };
  });
}

export async function getTenant(ctx: Pick<OperationContext, 'app' | 'tenantId'>): Promise<Tenant> {
  const row = await ctx.app.db.read(ctx.tenantId, (db) => repo.findTenant(db, ctx.tenantId));
  if (!row) throw notFound('tenants.not_found', `tenant ${ctx.tenantId}`);
  return toTenant(row);
}

export async function updateTenant(
  ctx: OperationContext,
  changes: { name?: string; timeZone?: string; locale?: string },
): Promise<Tenant> {
  const now = ctx.app.clock.iso();
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    await repo.updateTenant(
      tx,
      ctx.tenantId,
      {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.timeZone !== undefined ? { time_zone: changes.timeZone } : {}),
        ...(changes.locale !== undefined ? { locale: changes.locale } : {}),
      },
      now,
    );
    const row = await repo.findTenant(tx, ctx.tenantId);
    if (!row) throw notFound('tenants.not_found', `tenant ${ctx.tenantId}`);
    return toTenant(row);
  });
}

export async function listTenants(
  app: AppServices,
  limit: number,
  cursor?: string,
): Promise<{ tenants: Tenant[]; nextCursor: string | null }> {
  const rows = await app.db.system((tx) => repo.listTenants(tx, limit + 1, cursor));
  const { page, nextCursor } = keysetPage(rows, limit);
  return { tenants: page.map(toTenant), nextCursor };
}

/** Finds a tenant by id or slug (operator use). */
export async function resolveTenant(app: AppServices, idOrSlug: string): Promise<Tenant> {
  const row = await app.db.system(
    async (tx) => (await repo.findTenant(tx, idOrSlug)) ?? (await repo.findTenantBySlug(tx, idOrSlug)),
  );
  if (!row) throw notFound('tenants.not_found', `tenant "${idOrSlug}"`);
  return toTenant(row);
}

export async function tenantLimits(ctx: OperationContext): Promise<EffectiveLimits & { plan: string }> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const row = await repo.findTenant(db, ctx.tenantId);
    if (!row) throw notFound('tenants.not_found', `tenant ${ctx.tenantId}`);
    return { plan: row.plan, ...(await loadLimits(db, ctx.app, ctx.tenantId)) };
  });
}

/** Operator: changes a tenant's plan and per-tenant overrides of quotas and rate limits. */
export async function setTenantLimits(
  app: AppServices,
  idOrSlug: string,
  changes: { plan?: Plan; overrides?: TenantLimitsOverrides },
): Promise<EffectiveLimits & { tenant: Tenant }> {
  const tenant = await resolveTenant(app, idOrSlug);
  const now = app.clock.iso();
  return app.db.tenant(tenant.id, async (tx) => {
    await repo.updateTenant(
      tx,
      tenant.id,
      {
        ...(changes.plan ? { plan: changes.plan } : {}),
        ...(changes.overrides ? { limits: writeJson(changes.overrides) } : {}),
      },
      now,
    );
    const row = (await repo.findTenant(tx, tenant.id)) as repo.TenantRow;
    app.accessCache.limits.delete(tenant.id);
    return { tenant: toTenant(row), ...(await loadLimits(tx, app, tenant.id)) };
  });
}

/** The tenant, or undefined when it does not exist (for other modules' services; operations use getTenant). */
export async function findTenant(app: AppServices, tenantId: string): Promise<Tenant | undefined> {
  const row = await app.db.read(tenantId, (db) => repo.findTenant(db, tenantId));
  return row && toTenant(row);
}
