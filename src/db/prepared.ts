import type { Compilable, CompiledQuery } from 'kysely';
import type { Executor } from './connect.js';

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

const MARK = '\u0000dify-agent-param:';

/**
 * A query built and compiled once per dialect, then run with new parameters. Kysely builds and compiles
 * a query on every call, which costs several times what the database needs to answer a primary-key
 * lookup, so the reads on every request's path (the key check, the tenant row) use this; the driver
 * reuses its prepared statement by SQL text (connect.ts).
 *
 * `build` runs once; `param(name)` stands for the caller's parameter `name`. Use it only as a value
 * (`where('hash', '=', param('hash'))`), never branch on it or pass an array.
 */
export function preparedQuery<P extends Record<string, ParamValue>, R>(
  build: (db: Executor, param: (name: keyof P & string) => string) => Compilable<R>,
): PreparedQuery<P, R> {
  // Keyed by the dialect adapter: a transaction shares its database's adapter, so it shares the entry.
  const cache = new WeakMap<object, Compiled>();

  const compiledFor = (db: Executor): Compiled => {
    const adapter = db.getExecutor().adapter;
    let entry = cache.get(adapter);
    if (!entry) {
      const query = build(db, (name) => `${MARK}${name}`).compile();
      const slots = query.parameters.map((value) =>
        typeof value === 'string' && value.startsWith(MARK) ? value.slice(MARK.length) : undefined,
      );
      entry = { query, slots };
      cache.set(adapter, entry);
    }
    return entry;
  };

  const all = async (db: Executor, params: P): Promise<R[]> => {
    const { query, slots } = compiledFor(db);
    const parameters = slots.map((name, i) => {
      if (name === undefined) return query.parameters[i];
      const value = params[name];
      if (value === undefined) throw new Error(`prepared query: parameter "${name}" is missing`);
      return value;
    });
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };

  return {
    all,
    first: async (db, params) => (await all(db, params))[0],
  };
}
