import { mkdirSync } from 'node:fs';
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
import type { MaybePromise } from '../core/maybe-promise.js';
import { migrateToLatest, prepareAppRole } from './migration.js';
import { type DirectStatement, registerDirectReader } from './prepared.js';
import type { Database } from './schema.js';
import { SqliteReadBatch } from './sqlite-read-batch.js';

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
   * connection: it never waits for a writer, and the reads of one event-loop turn share one snapshot
   * (sqlite-read-batch.ts), which every write of this process ends, so a read always sees this process's
   * committed writes. On PostgreSQL it is a READ ONLY transaction (one snapshot per statement).
   * On SQLite, an `fn` that answers synchronously (prepared queries do) answers synchronously here too
   * (see maybe-promise.ts); a failure is always a rejected promise.
   */
  read<T>(tenantId: string, fn: (db: Executor) => MaybePromise<T>): MaybePromise<T>;
  /** A transaction that may touch every tenant's rows. Only for system work (workers, key lookup, migrations). */
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Like `system()` for reads only; on SQLite it runs on the read-only connection, as `read()` does. */
  systemRead<T>(fn: (db: Executor) => MaybePromise<T>): MaybePromise<T>;
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
 * `afterUse` runs each time a query or transaction gives the connection back (the read batch ends its
 * snapshot there, so reads see what was just written).
 */
class WriterSqliteDriver extends SqliteDriver {
  readonly #afterUse: () => void;
  constructor(config: SqliteDialectConfig, afterUse: () => void) {
    super(config);
    this.#afterUse = afterUse;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  override async releaseConnection(): Promise<void> {
    this.#afterUse();
    await super.releaseConnection();
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

type RowBuilder = (values: readonly unknown[]) => Record<string, unknown>;

/**
 * A function that turns a raw row (values in column order) into an object keyed by `names`. It is one
 * object literal built from the column names, so each statement's rows share one shape from the start;
 * a loop storing `row[name]` is a store by computed key, which V8 handles through its slowest
 * (megamorphic) path once a few statements with different columns share the loop: 6–10× slower per row.
 * The names come from SQLite's description of our own statements; JSON.stringify makes each one a
 * string literal whatever it contains.
 */
export function rowBuilder(names: readonly string[]): RowBuilder {
  // Computed keys, so that even a column named __proto__ becomes an own property.
  const fields = names.map((name, i) => `[${JSON.stringify(name)}]: values[${i}]`);
  return new Function('values', `return { ${fields.join(', ')} };`) as RowBuilder;
}

/**
 * A SELECT kept prepared on its own. Rows come back as arrays and are turned into objects here, which
 * costs a fraction of better-sqlite3 building each object through V8's API (a name lookup per column).
 */
function directStatement(conn: BetterSqlite3.Database, sqlText: string): DirectStatement {
  const stmt = conn.prepare(sqlText).raw(true);
  const toRow = rowBuilder(stmt.columns().map((c) => c.name));
  return {
    all: (parameters) => (stmt.all(parameters) as unknown[][]).map(toRow),
    first: (parameters) => {
      const values = stmt.get(parameters) as unknown[] | undefined;
      return values && toRow(values);
    },
  };
}

function openSqlite(file: string, options: { readonly?: boolean } = {}): BetterSqlite3.Database {
  if (file !== ':memory:' && !options.readonly) mkdirSync(path.dirname(file), { recursive: true });
  const conn = new BetterSqlite3(file, { readonly: options.readonly ?? false });
  if (!options.readonly) {
    conn.pragma('journal_mode = WAL');
    conn.pragma('synchronous = NORMAL');
  }
  conn.pragma('foreign_keys = ON');
  conn.pragma('busy_timeout = 10000');
  sqliteVec.load(conn);
  return conn;
}

/**
 * The SQLite connection reads run on: read-only, so in WAL mode it neither waits for a write transaction
 * nor sees one's uncommitted rows. Its only transactions are the read batch's (one per event-loop turn);
 * starting one through Kysely is a bug.
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
  /** Apply pending migrations first (default true). */
  migrate?: boolean;
}

/** Opens the configured database, migrates it, and returns the handle the app uses. */
export async function openDatabase(
  config: Config['database'],
  options: OpenDatabaseOptions = {},
): Promise<Db> {
  const migrate = options.migrate ?? true;
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
    let readBatch: SqliteReadBatch | undefined;
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialectWith(
        { database: withStatementCache(conn) },
        (config) => new WriterSqliteDriver(config, () => readBatch?.end()),
      ),
    });
    if (migrate) await migrateToLatest(kysely as unknown as Kysely<unknown>, 'sqlite');
    // An in-memory database exists only on its one connection, so there reads share it.
    if (file === ':memory:') return createDb('sqlite', kysely);
    const readSqlite = openSqlite(file, { readonly: true });
    readBatch = new SqliteReadBatch(readSqlite);
    const reads = new Kysely<Database>({
      dialect: new SqliteDialectWith(
        { database: withStatementCache(readSqlite) },
        (config) => new ReadOnlySqliteDriver(config),
      ),
    });
    registerDirectReader(reads, { prepare: (sqlText) => directStatement(readSqlite, sqlText) });
    return createDb('sqlite', kysely, { reads, batch: readBatch });
  }

  // Migrate and prepare roles on a privileged connection, then open the app pool that may switch role.
  const admin = new Kysely<unknown>({
    dialect: new PostgresDialect({ pool: createPgPool(config.url, 1, options.logger) }),
  });
  let switchRole: string | undefined;
  try {
    if (migrate) await migrateToLatest(admin, 'postgres');
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

/** SQLite's separate read connection, and the batch its reads share a turn's snapshot in. */
interface SqliteReads {
  reads: Kysely<Database>;
  batch: SqliteReadBatch;
}

function createDb(dialect: DatabaseDialect, kysely: Kysely<Database>, sqliteReads?: SqliteReads): Db {
  const pgMode = dialect === 'postgres';
  const reads = sqliteReads?.reads ?? kysely;
  const batch = sqliteReads?.batch;

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
    fn: (db: Executor) => MaybePromise<T>,
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

  /** A SQLite read on the read connection: a synchronous answer stays synchronous, a failure rejects. */
  function readNow<T>(fn: (db: Executor) => MaybePromise<T>): MaybePromise<T> {
    try {
      batch?.enter();
      return fn(reads);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  return {
    dialect,
    kysely,
    tenant: (tenantId, fn) => transaction(scopeTo(tenantId), fn),
    read: (tenantId, fn) => {
      // PostgreSQL splices the id into SQL text, so only the shape of an id gets there; both dialects
      // answer the same.
      if (!SCOPE_VALUE.test(tenantId))
        return Promise.reject(notFound('tenants.not_found', `tenant ${tenantId}`));
      return pgMode ? pgRead('app.tenant_id', tenantId, fn) : readNow(fn);
    },
    system: (fn) => transaction(bypassRls, fn),
    systemRead: (fn) => (pgMode ? pgRead('app.bypass_rls', 'on', fn) : readNow(fn)),
    async ping() {
      await sql`SELECT 1`.execute(kysely);
    },
    async close() {
      batch?.end();
      if (reads !== kysely) await reads.destroy();
      await kysely.destroy();
    },
  };
}
