import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { DatabaseDialect } from '../config/load.js';
import { AppError } from '../core/errors.js';
import { type DialectHelpers, dialectHelpers } from './dialect.js';

/**
 * One migration, written once for both dialects with the schema builder and `DialectHelpers`.
 * Migrations only go forward: a release never edits a migration that has shipped; it adds a new one.
 */
export interface AppMigration {
  /** Sort key and identity, e.g. `0003_knowledge`. */
  name: string;
  up(db: Kysely<unknown>, d: DialectHelpers): Promise<void>;
}

class StaticProvider implements MigrationProvider {
  constructor(
    private readonly list: readonly AppMigration[],
    private readonly helpers: DialectHelpers,
  ) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const m of this.list) {
      out[m.name] = { up: (db) => m.up(db, this.helpers) };
    }
    return out;
  }
}

export interface MigrationReport {
  applied: string[];
  pending: number;
}

/**
 * Brings the schema up to date with `migrations` (the app composes the list from its modules; Kysely
 * orders them by name). Safe to run from several processes at once (Kysely takes a lock).
 * On PostgreSQL it also makes sure the unprivileged application role exists and may use every table.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  dialect: DatabaseDialect,
  migrations: readonly AppMigration[],
): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: new StaticProvider(migrations, dialectHelpers(dialect)) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new AppError(
      'db.migration_failed',
      500,
      `migration ${failed} failed: ${(error as Error).message}`,
      {
        migration: failed,
      },
    );
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
    pending: 0,
  };
}

/** The names of migrations recorded as applied, oldest first. */
export async function appliedMigrations(
  db: Kysely<unknown>,
  dialect: DatabaseDialect,
  migrations: readonly AppMigration[],
): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new StaticProvider(migrations, dialectHelpers(dialect)) });
  const all = await migrator.getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

/**
 * Row-level security does not apply to superusers or roles with BYPASSRLS. When the app connects as
 * one, it switches every connection to an unprivileged role (created here if missing) so the tenant
 * policies hold. A plain owner role needs no switch: the tables use FORCE ROW LEVEL SECURITY.
 * Returns the role to switch to, or undefined when none is needed.
 */
export async function prepareAppRole(db: Kysely<unknown>, role: string): Promise<string | undefined> {
  const me = await sql<{ rolsuper: boolean; rolbypassrls: boolean }>`
    SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user`.execute(db);
  const row = me.rows[0];
  if (!row || (!row.rolsuper && !row.rolbypassrls)) return undefined;
  const r = sql.id(role);
  // CREATE ROLE races when several processes (or test files) start at once; losing the race is fine.
  await sql`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${sql.lit(role)}) THEN
        CREATE ROLE ${r} NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`.execute(db);
  await sql`GRANT USAGE ON SCHEMA public TO ${r}`.execute(db);
  await sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`.execute(db);
  await sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`.execute(db);
  return role;
}
