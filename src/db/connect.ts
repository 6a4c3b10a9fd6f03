import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import * as sqliteVec from 'sqlite-vec';
import type { Config, DatabaseDialect } from '../config/load.js';
import { AppError, notFound } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { createPrivateFile, makeFilesPrivate, PRIVATE_DIR_MODE } from '../core/private-files.js';
import { type AppMigration, migrateToLatest, prepareAppRole } from './migration.js';
import type { Database } from './schema.js';

export type Tx = Transaction<Database>;
/** Either a transaction or the plain handle: what repository functions accept. */
export type Executor = Kysely<Database>;

export interface Db {
  readonly dialect: DatabaseDialect;
  /** The raw handle. Tenant-owned tables must be reached through `tenant()` / `read()` instead. */
  readonly kysely: Kysely<Database>;
  /**
   * Runs `fn` in a write transaction scoped to one tenant. On PostgreSQL, row-level security then shows
   * only that tenant's rows, a second wall behind the `tenant_id` filter every repository applies.
   * Never nest: pass the transaction down instead.
   */
  tenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Like `tenant()` for reads only; writes in it fail. On SQLite it runs on a separate read-only
   * connection: it never waits for a writer and sees every committed write, each statement on its own.
   * On PostgreSQL it is a READ ONLY transaction. Read inside `tenant()` when several reads must agree.
   */
  read<T>(tenantId: string, fn: (db: Executor) => Promise<T>): Promise<T>;
  /** A transaction that may touch every tenant's rows. Only for system work (workers, key lookup, migrations). */
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Like `system()` for reads only; on SQLite it runs on the read-only connection, as `read()` does. */
  systemRead<T>(fn: (db: Executor) => Promise<T>): Promise<T>;
  /** Checks the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const afterCommitHooks = new WeakMap<object, Array<() => void | Promise<void>>>();

/**
 * Registers work to run once the transaction `tx` has committed (never if it rolls back), e.g. waking a
 * queue relay after an outbox row was written.
 */
export function afterCommit(tx: Executor, hook: () => void | Promise<void>): void {
  const hooks = afterCommitHooks.get(tx);
  if (hooks) hooks.push(hook);
  else void Promise.resolve().then(hook); // not in a tracked transaction: the write is already visible
}

type SqliteDialectConfig = ConstructorParameters<typeof SqliteDialect>[0];

/**
 * The write connection's driver. SQLite's default deferred BEGIN can deadlock when two processes both
 * upgrade to writing; BEGIN IMMEDIATE takes the write lock up front so the busy timeout can do its job.
 */
class WriterSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** Kysely's SQLite dialect with another driver: how (or whether) a transaction begins. */
class SqliteDialectWith extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #createDriver: (config: SqliteDialectConfig) => SqliteDriver;
  constructor(config: SqliteDialectConfig, createDriver: (config: SqliteDialectConfig) => SqliteDriver) {
    super(config);
    this.#config = config;
    this.#createDriver = createDriver;
  }
  override createDriver() {
    return this.#createDriver(this.#config);
  }
}

/** Statements kept prepared; Kysely prepares every query anew, which costs more than running a simple one. */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * The handle Kysely's SQLite dialect talks to: the connection, with prepared statements reused by SQL
 * text (least recently used dropped first).
 */
function withStatementCache(conn: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sqlText: string): BetterSqlite3.Statement {
      let stmt = cache.get(sqlText);
      if (stmt) {
        cache.delete(sqlText);
      } else {
        stmt = conn.prepare(sqlText);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sqlText, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      conn.close();
    },
  };
}

/** The files SQLite keeps for a database: the file itself, its write-ahead log and shared memory. */
export function sqliteFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

function openSqlite(file: string, options: { readonly?: boolean } = {}): BetterSqlite3.Database {
  const onDisk = file !== ':memory:' && file !== '';
  if (onDisk && !options.readonly) {
    // Private whatever the umask: SQLite gives the WAL and -shm files the database file's mode.
    const dir = path.dirname(file);
    if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    createPrivateFile(file);
    makeFilesPrivate(sqliteFiles(file));
  }
  const conn = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  if (!options.readonly) {
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
    // Deleted rows are overwritten with zeros, not left in free pages (tenant erasure relies on it).
    conn.pragma('secure_delete = ON');
    if (onDisk) makeFilesPrivate(sqliteFiles(file));
  }
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 10000');
  sqliteVec.load(conn);
  return conn;
}

/**
 * The SQLite connection reads run on: read-only, so in WAL mode it neither waits for a write transaction
 * nor sees one's uncommitted rows. Starting a transaction on it is a bug.
 */
class ReadOnlySqliteDriver extends SqliteDriver {
  override async beginTransaction(): Promise<void> {
    throw new AppError(
      'internal.read_transaction',
      500,
      'a read handle cannot start a transaction: use db.tenant() or db.system() to write',
    );
  }
}

// JSON comes back as text on both dialects (see dialect.ts); int8 (count(*)) as a number.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 114 || oid === 3802) return (v: string) => v;
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

function createPgPool(url: string, max: number, logger?: Logger): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (restart, admin termination) is replaced on next use; without
  // a listener the error would crash the process.
  pool.on('error', (error) => logger?.warn({ err: error }, 'idle PostgreSQL connection lost'));
  return pool;
}

export interface OpenDatabaseOptions {
  logger?: Logger;
  /** Apply these migrations first (the app's list, composed from its modules); none when omitted. */
  migrations?: readonly AppMigration[];
}

/** Opens the configured database, migrates it, and returns the handle the app uses. */
export async function openDatabase(
  config: Config['database'],
  options: OpenDatabaseOptions = {},
): Promise<Db> {
  const { migrations } = options;
  if (config.dialect === 'sqlite') {
    const file = config.sqlitePath ?? ':memory:';
    let conn: BetterSqlite3.Database;
    try {
      conn = openSqlite(file);
    } catch (error) {
      throw new AppError(
        'db.unavailable',
        503,
        `cannot open SQLite database ${file}: ${(error as Error).message}`,
      );
    }
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialectWith(
        { database: withStatementCache(conn) },
        (config) => new WriterSqliteDriver(config),
      ),
    });
    if (migrations) await migrateToLatest(kysely as unknown as Kysely<unknown>, 'sqlite', migrations);
    // An in-memory database exists only on its one connection, so there reads share it.
    if (file === ':memory:') return createDb('sqlite', kysely);
    const reads = new Kysely<Database>({
      dialect: new SqliteDialectWith(
        { database: withStatementCache(openSqlite(file, { readonly: true })) },
        (config) => new ReadOnlySqliteDriver(config),
      ),
    });
    return createDb('sqlite', kysely, reads);
  }

  // Migrate and prepare roles on a privileged connection, then open the app pool that may switch role.
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: createPgPool(config.url, 1, options.logger) }),
  });
  let switchRole: string | undefined;
  try {
    if (migrations) await migrateToLatest(admin, 'postgres', migrations);
    switchRole = await prepareAppRole(admin, config.appRole);
  } catch (error) {
    await admin.destroy();
    if (error instanceof AppError) throw error;
    throw new AppError('db.unavailable', 503, `cannot reach PostgreSQL: ${(error as Error).message}`);
  }
  await admin.destroy();
  if (switchRole)
    options.logger?.debug({ role: switchRole }, 'connections switch role so row-level security applies');
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: createPgPool(config.url, config.poolMax, options.logger),
      ...(switchRole
        ? {
            onCreateConnection: async (connection: DatabaseConnection) => {
              await connection.executeQuery(CompiledQuery.raw(`SET ROLE "${switchRole}"`));
            },
          }
        : {}),
    }),
  });
  return createDb('postgres', kysely);
}

/** What may be spliced into a scoped read's SQL text: tenant ids (`ten_…`, test ids) and `on`. */
const SCOPE_VALUE = /^[A-Za-z0-9_-]{1,128}$/;

/** `reads`: SQLite's separate read-only connection (the write connection for an in-memory database). */
function createDb(dialect: DatabaseDialect, kysely: Kysely<Database>, reads: Kysely<Database> = kysely): Db {
  const pgMode = dialect === 'postgres';

  async function transaction<T>(setup: (tx: Tx) => Promise<void>, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const hooks: Array<() => void | Promise<void>> = [];
    const result = await kysely.transaction().execute(async (tx) => {
      afterCommitHooks.set(tx, hooks);
      await setup(tx);
      return fn(tx);
    });
    for (const hook of hooks) await hook();
    return result;
  }

  const bypassRls = async (tx: Tx) => {
    if (pgMode) await sql`SELECT set_config('app.bypass_rls', 'on', true)`.execute(tx);
  };

  const scopeTo = (tenantId: string) => async (tx: Tx) => {
    if (pgMode) await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`.execute(tx);
  };

  /**
   * A PostgreSQL read: BEGIN READ ONLY and the row-level security setting go as one simple query (which
   * may hold several statements), then the reads, then COMMIT — three round trips instead of four.
   */
  async function pgRead<T>(
    setting: 'app.tenant_id' | 'app.bypass_rls',
    value: string,
    fn: (db: Executor) => Promise<T>,
  ): Promise<T> {
    return kysely.connection().execute(async (conn) => {
      await sql.raw(`BEGIN READ ONLY; SELECT set_config('${setting}', '${value}', true)`).execute(conn);
      let result: T;
      try {
        result = await fn(conn);
      } catch (error) {
        await sql.raw('ROLLBACK').execute(conn);
        throw error;
      }
      await sql.raw('COMMIT').execute(conn);
      return result;
    });
  }

  return {
    dialect,
    kysely,
    tenant: (tenantId, fn) => transaction(scopeTo(tenantId), fn),
    async read(tenantId, fn) {
      // PostgreSQL splices the id into SQL text, so only the shape of an id gets there; both dialects
      // answer the same.
      if (!SCOPE_VALUE.test(tenantId)) throw notFound('tenants.not_found', `tenant ${tenantId}`);
      return pgMode ? pgRead('app.tenant_id', tenantId, fn) : fn(reads);
    },
    system: (fn) => transaction(bypassRls, fn),
    systemRead: async (fn) => (pgMode ? pgRead('app.bypass_rls', 'on', fn) : fn(reads)),
    async ping() {
      await sql`SELECT 1`.execute(kysely);
    },
    async close() {
      if (reads !== kysely) await reads.destroy();
      await kysely.destroy();
    },
  };
}
