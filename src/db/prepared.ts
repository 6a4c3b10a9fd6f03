import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './connect.js';

/** Runs a compiled SELECT straight on a SQLite connection, skipping Kysely's driver. */
export interface DirectReader {
  all(sqlText: string, parameters: readonly unknown[]): unknown[];
  first(sqlText: string, parameters: readonly unknown[]): unknown;
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

export interface PreparedQuery<P extends Record<string, ParamValue>, R> {
  all(db: Executor, params: P): Promise<R[]>;
  first(db: Executor, params: P): Promise<R | undefined>;
}

interface Compiled {
  query: CompiledQuery;
  /** For each parameter position, the name of the caller's parameter, or undefined for a constant. */
  slots: Array<string | undefined>;
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

  /** The compiled query of `db`'s dialect with this call's parameter values in place. */
  const bound = (db: Executor, params: P): CompiledQuery => {
    const { query, slots } = compiledFor(db);
    const parameters = slots.map((name, i) => {
      if (name === undefined) return query.parameters[i];
      const value = params[name];
      if (value === undefined) throw new Error(`prepared query: parameter "${name}" is missing`);
      return value;
    });
    return { ...query, parameters };
  };

  return {
    async all(db, params) {
      const query = bound(db, params);
      const direct = directReaders.get(db);
      if (direct) return direct.all(query.sql, query.parameters) as R[];
      return (await db.executeQuery<R>(query)).rows;
    },
    async first(db, params) {
      const query = bound(db, params);
      const direct = directReaders.get(db);
      if (direct) return direct.first(query.sql, query.parameters) as R | undefined;
      return (await db.executeQuery<R>(query)).rows[0];
    },
  };
}
