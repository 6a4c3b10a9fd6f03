/**
 * A lock that at most one process holds at a time: the scheduler's leadership. Three kinds, chosen by
 * configuration (see create.ts): a PostgreSQL advisory lock, a lease row in the `locks` table (SQLite),
 * or a Redis key (REDIS_URL set).
 */
export interface LeaderLock {
  readonly kind: 'postgres-advisory' | 'table-lease' | 'redis';
  /**
   * Takes the lock if it is free, or keeps it (renews the lease) if this instance holds it. Returns
   * whether this instance holds it now. Never throws: an unreachable store means "not held".
   */
  hold(): Promise<boolean>;
  /** Gives the lock up, if held, so another instance can take it at once. */
  release(): Promise<void>;
  /** Releases the lock and closes connections the lock opened. */
  close(): Promise<void>;
}
