import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { DatabaseDialect } from '../config/load.js';

/**
 * Where SQLite and PostgreSQL differ, a named helper hides it. Migrations and repositories use these
 * instead of branching on the dialect inline.
 *
 * Conventions that hold on both dialects:
 * - ids are TEXT (ULIDs); times are TEXT in UTC ISO-8601 (`2026-01-01T00:00:00.000Z`), which sort and
 *   compare correctly as strings;
 * - JSON is written as a string and read back as a string (PostgreSQL stores it as jsonb; the pg type
 *   parser is set to return the text), so `readJson` works the same everywhere;
 * - flags are INTEGER 0/1, because better-sqlite3 cannot bind booleans.
 */
export interface DialectHelpers {
  readonly dialect: DatabaseDialect;
  /** Column type for JSON documents. */
  readonly json: RawBuilder<unknown>;
  /** Column type for binary data. */
  readonly bytes: RawBuilder<unknown>;
  /** Column type for 64-bit integers. */
  readonly bigint: RawBuilder<unknown>;
  /** Column type for floating-point numbers. */
  readonly float: RawBuilder<unknown>;
  /**
   * Turns on row-level security for a tenant-owned table on PostgreSQL: rows are visible only inside
   * `db.tenant(id, …)` for that tenant, or inside `db.system(…)`. No-op on SQLite.
   */
  enableTenantRls(db: Kysely<unknown>, table: string, column?: string): Promise<void>;
}

export function dialectHelpers(dialect: DatabaseDialect): DialectHelpers {
  const pg = dialect === 'postgres';
  return {
    dialect,
    json: pg ? sql`jsonb` : sql`text`,
    bytes: pg ? sql`bytea` : sql`blob`,
    bigint: pg ? sql`bigint` : sql`integer`,
    float: pg ? sql`double precision` : sql`real`,
    async enableTenantRls(db, table, column = 'tenant_id') {
      if (!pg) return;
      const t = sql.table(table);
      const c = sql.ref(column);
      await sql`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`.execute(db);
      // FORCE makes the policy apply to the table owner too; superusers are handled by switching role.
      await sql`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`.execute(db);
      await sql`DROP POLICY IF EXISTS tenant_isolation ON ${t}`.execute(db);
      await sql`CREATE POLICY tenant_isolation ON ${t}
        USING (${c} = current_setting('app.tenant_id', true) OR current_setting('app.bypass_rls', true) = 'on')
        WITH CHECK (${c} = current_setting('app.tenant_id', true) OR current_setting('app.bypass_rls', true) = 'on')`.execute(
        db,
      );
    },
  };
}

/** Parses a JSON column read back from either dialect. */
export function readJson<T>(value: string | null | undefined, fallback: T): T {
  if (value === null || value === undefined || value === '') return fallback;
  return JSON.parse(value) as T;
}

/** Serialises a value for a JSON column. */
export function writeJson(value: unknown): string {
  return JSON.stringify(value ?? null);
}

/** `count(*)` and other aggregates come back as string, bigint or number depending on the driver. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string') return Number(value);
  return 0;
}
