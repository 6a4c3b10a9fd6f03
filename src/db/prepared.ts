import type { Compilable, CompiledQuery } from 'kysely';
import type { MaybePromise } from '../core/maybe-promise.js';
import type { Executor } from './connect.js';

/** A SELECT prepared once on a SQLite connection and run synchronously with new parameters. */
export interface DirectStatement {
  all(parameters: readonly unknown[]): unknown[];
  first(parameters: readonly unknown[]): unknown;
}

/** Prepares compiled SELECTs straight on a SQLite connection, skipping Kysely's driver. */
export interface DirectReader {
  prepare(sqlText: string): DirectStatement;
}

const directReaders = new WeakMap<object, DirectReader>();

/**
 * Lets prepared queries on `db` run synchronously on its connection. Only for a handle that never holds
 * a transaction (the SQLite read-only connection): there, no other flow's open transaction can be seen.
 */
export function registerDirectReader(db: Executor, reader: DirectReader): void {
  directReaders.set(db, reader);
}

type ParamValue = string | number | null;

/** On a direct reader the rows come back at once (see maybe-promise.ts); elsewhere through Kysely. */
export interface PreparedQuery<P extends Record<string, ParamValue>, R> {
  all(db: Executor, params: P): MaybePromise<R[]>;
  first(db: Executor, params: P): MaybePromise<R | undefined>;
}

interface Compiled {
  query: CompiledQuery;
  /** For each parameter position, the name of the caller's parameter, or undefined for a constant. */
  slots: Array<string | undefined>;
}

/** A query prepared on a direct reader's connection, with what binds its parameters. */
interface Direct {
  statement: DirectStatement;
  compiled: Compiled;
}

const PLACEHOLDER = '\u0000dify-agent-param:';

/**
 * A query built and compiled once per database, then run with new parameters. Kysely builds and compiles
 * a query on every call, which costs several times what SQLite needs to answer a primary-key lookup, so
 * the reads on every request's path (the key check, the tenant row) use this.
 *
 * `build` runs once, with placeholder strings standing in for the parameters: use each parameter only as
 * a value (`where('id', '=', p.id)`), never branch on it or pass an array.
 */
export function preparedQuery<P extends Record<string, ParamValue>, R>(
  build: (db: Executor, params: P) => Compilable<R>,
): PreparedQuery<P, R> {
  // Keyed by the dialect adapter: a transaction shares its database's adapter, so it shares the entry.
  const cache = new WeakMap<object, Compiled>();
  // Keyed by the database handle: a statement belongs to one connection.
  const statements = new WeakMap<object, Direct | null>();

  const compiledFor = (db: Executor): Compiled => {
    const adapter = db.getExecutor().adapter;
    let entry = cache.get(adapter);
    if (!entry) {
      const placeholders = new Proxy({} as P, {
        get: (_target, name) => (typeof name === 'string' ? `${PLACEHOLDER}${name}` : undefined),
      });
      const query = build(db, placeholders).compile();
      const slots = query.parameters.map((value) =>
        typeof value === 'string' && value.startsWith(PLACEHOLDER)
          ? value.slice(PLACEHOLDER.length)
          : undefined,
      );
      entry = { query, slots };
      cache.set(adapter, entry);
    }
    return entry;
  };

  const valuesOf = ({ query, slots }: Compiled, params: P): unknown[] => {
    const values = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const name = slots[i];
      if (name === undefined) values[i] = query.parameters[i];
      else if (params[name] === undefined) throw new Error(`prepared query: parameter "${name}" is missing`);
      else values[i] = params[name];
    }
    return values;
  };

  /** The statement prepared on `db`'s own connection, or null when `db` runs queries through Kysely. */
  const directFor = (db: Executor): Direct | null => {
    let direct = statements.get(db);
    if (direct === undefined) {
      const reader = directReaders.get(db);
      const compiled = compiledFor(db);
      direct = reader ? { statement: reader.prepare(compiled.query.sql), compiled } : null;
      statements.set(db, direct);
    }
    return direct;
  };

  const run = async (db: Executor, params: P): Promise<R[]> => {
    const compiled = compiledFor(db);
    return (await db.executeQuery<R>({ ...compiled.query, parameters: valuesOf(compiled, params) })).rows;
  };

  return {
    all(db, params) {
      const direct = directFor(db);
      if (direct) return direct.statement.all(valuesOf(direct.compiled, params)) as R[];
      return run(db, params);
    },
    first(db, params) {
      const direct = directFor(db);
      if (direct) return direct.statement.first(valuesOf(direct.compiled, params)) as R | undefined;
      return run(db, params).then((rows) => rows[0]);
    },
  };
}
