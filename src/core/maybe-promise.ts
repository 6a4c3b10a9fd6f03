/**
 * A value that may already be known. The request path of a read on SQLite has nothing to wait for (the
 * key and limits are cached, the bucket is in memory, better-sqlite3 answers synchronously), and every
 * promise on that path costs a trip through the microtask queue; @hono/node-server also writes a
 * response returned synchronously without its promise bookkeeping. Functions on that path therefore
 * return `MaybePromise` and their callers either `await` it (always safe) or chain with `andThen`.
 *
 * A function returning a MaybePromise may throw synchronously; `andThen` keeps that, `await` turns it
 * into a rejection. Chain with `andThen` rather than testing for a promise at each step.
 */
export type MaybePromise<T> = T | Promise<T>;

/** `next(value)`: at once when `value` is known, else once it resolves. */
export function andThen<T, U>(value: MaybePromise<T>, next: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
