import { type Kysely, sql } from 'kysely';
import { AppError } from '../../core/errors.js';
import type { Executor } from '../../db/connect.js';
import { scrubDeletedData } from '../../db/scrub.js';
import type { OperationContext } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import { recordOperatorAudit } from './audit.js';
import { forgetCachedKeys } from './keys.js';
import * as repo from './repository.js';
import { getTenant } from './tenants.js';

/**
 * Tenant data export (everything the tenant owns, in one document) and erasure (hard delete of every
 * row in every table). Both discover tables by their `tenant_id` column, so a table added by a later
 * module is covered without anyone remembering to list it here.
 */

/** Columns never exported: secrets, or data useless and risky outside this installation. */
const EXPORT_EXCLUDED: Record<string, readonly string[]> = {
  api_keys: ['hash'],
  tenant_keys: ['wrapped_key'],
};

/**
 * What the other modules add to a tenant's export and erasure: a readable section of their data (e.g.
 * decrypted voice profiles) and cleanup outside their tables (e.g. search structures). The app fills it
 * at start from every module's `exportTenant` / `eraseTenant` (src/app/modules.ts).
 */
export interface TenantDataHooks {
  sections: ReadonlyArray<{ name: string; export(ctx: OperationContext): Promise<unknown> }>;
  erasers: ReadonlyArray<{ name: string; erase(app: AppServices, tenantId: string): Promise<void> }>;
}

declare module '../../operations/services.js' {
  interface ModuleServices {
    tenantData: TenantDataHooks;
  }
}

interface TenantTable {
  name: string;
  column: 'tenant_id' | 'id';
}

/** Every table holding tenant rows: `tenants` itself and each table with a tenant_id column. */
export async function tenantTables(db: Kysely<unknown>): Promise<TenantTable[]> {
  const tables = await db.introspection.getTables();
  const out: TenantTable[] = [{ name: 'tenants', column: 'id' }];
  for (const t of tables) {
    if (t.name === 'tenants' || t.name.startsWith('kysely_')) continue;
    if (t.columns.some((c) => c.name === 'tenant_id')) out.push({ name: t.name, column: 'tenant_id' });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function exportValue(value: unknown): unknown {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return { $base64: Buffer.from(value).toString('base64') };
  }
  return value;
}

async function rowsOf(
  db: Executor,
  table: TenantTable,
  tenantId: string,
): Promise<Record<string, unknown>[]> {
  const result = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table.name)} WHERE ${sql.ref(
    table.column,
  )} = ${tenantId}`.execute(db);
  return result.rows;
}

export interface TenantExport {
  format: 'dify-agent.tenant-export.v1';
  exportedAt: string;
  tenant: Awaited<ReturnType<typeof getTenant>>;
  tables: Record<string, Record<string, unknown>[]>;
  sections: Record<string, unknown>;
}

export async function exportTenant(ctx: OperationContext): Promise<TenantExport> {
  const tenant = await getTenant(ctx);
  const tables = await tenantTables(ctx.app.db.kysely as unknown as Kysely<unknown>);
  const out: Record<string, Record<string, unknown>[]> = {};
  await ctx.app.db.read(ctx.tenantId, async (db) => {
    for (const table of tables) {
      const excluded = EXPORT_EXCLUDED[table.name] ?? [];
      const rows = await rowsOf(db, table, ctx.tenantId);
      out[table.name] = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row)
            .filter(([k]) => !excluded.includes(k))
            .map(([k, v]) => [k, exportValue(v)]),
        ),
      );
    }
  });
  const sections: Record<string, unknown> = {};
  for (const section of ctx.app.tenantData.sections) sections[section.name] = await section.export(ctx);
  return {
    format: 'dify-agent.tenant-export.v1',
    exportedAt: ctx.app.clock.iso(),
    tenant,
    tables: out,
    sections,
  };
}

/** Counts the rows a tenant still has, per table (used to verify an erasure). */
export async function countTenantRows(app: AppServices, tenantId: string): Promise<Record<string, number>> {
  const tables = await tenantTables(app.db.kysely as unknown as Kysely<unknown>);
  const counts: Record<string, number> = {};
  await app.db.system(async (tx) => {
    for (const table of tables) {
      const r = await sql<{
        n: number | string;
      }>`SELECT count(*) AS n FROM ${sql.table(table.name)} WHERE ${sql.ref(
        table.column,
      )} = ${tenantId}`.execute(tx);
      const n = Number(r.rows[0]?.n ?? 0);
      if (n > 0) counts[table.name] = n;
    }
  });
  return counts;
}

export interface ErasureReport {
  tenantId: string;
  erased: true;
  deletedRows: Record<string, number>;
  deletedUsers: number;
}

/**
 * Hard-deletes a tenant and everything it owns. `confirm` must repeat the tenant's slug, so a slip of
 * the keyboard cannot erase a business. Verifies afterwards that no row is left anywhere.
 */
export async function eraseTenant(ctx: OperationContext, confirm: string): Promise<ErasureReport> {
  const tenant = await getTenant(ctx);
  if (confirm !== tenant.slug) {
    throw new AppError(
      'tenants.confirm_mismatch',
      400,
      `to erase this tenant, confirm with its slug "${tenant.slug}"`,
    );
  }
  const app = ctx.app;
  const before = await countTenantRows(app, tenant.id);
  for (const eraser of app.tenantData.erasers) await eraser.erase(app, tenant.id);
  const tables = await tenantTables(app.db.kysely as unknown as Kysely<unknown>);
  const audit = {
    tenantId: tenant.id,
    actor: ctx.actor,
    operation: 'tenant.erase',
    target: tenant.id,
    requestId: ctx.requestId,
  };
  const deletedUsers = await app.db.system(async (tx) => {
    const members = await repo.listMembers(tx, tenant.id);
    // Children first, the tenant row last: tables without a foreign key to tenants (virtual tables) are covered too.
    for (const table of tables.filter((t) => t.name !== 'tenants')) {
      await sql`DELETE FROM ${sql.table(table.name)} WHERE tenant_id = ${tenant.id}`.execute(tx);
    }
    await repo.deleteTenant(tx, tenant.id);
    const users = await repo.deleteOrphanUsers(
      tx,
      members.map((m) => m.user_id),
    );
    // Committed with the deletion itself: an erasure cannot happen without its record. Counts only.
    await recordOperatorAudit(
      app,
      { ...audit, outcome: 'success', details: { deletedRows: before, deletedUsers: users } },
      tx,
    );
    return users;
  });
  forgetCachedKeys(app);
  const left = await countTenantRows(app, tenant.id);
  if (Object.keys(left).length > 0) {
    throw new AppError('tenants.erasure_incomplete', 500, 'rows remain after erasure', { remaining: left });
  }
  try {
    await scrubDeletedData(app.db);
  } catch (error) {
    throw new AppError(
      'tenants.erasure_scrub_failed',
      500,
      `the tenant's rows are deleted, but compacting the database files failed (${(error as Error).message}); stop the server and run "sqlite3 <database> VACUUM" to finish`,
    );
  }
  app.logger.info({ tenantId: tenant.id, deletedRows: before }, 'tenant erased');
  return { tenantId: tenant.id, erased: true, deletedRows: before, deletedUsers };
}
