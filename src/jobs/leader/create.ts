import os from 'node:os';
import type { Config } from '../../config/load.js';
import type { Clock } from '../../core/clock.js';
import { randomToken } from '../../core/ids.js';
import type { Logger } from '../../core/logger.js';
import { createRedis } from '../../core/redis.js';
import type { Db } from '../../db/connect.js';
import type { LeaderLock } from './lock.js';
import { PgAdvisoryLock } from './pg-advisory.js';
import { RedisLeaderLock } from './redis-lock.js';
import { TableLeaseLock } from './table-lease.js';

export interface LeaderLockOptions {
  /** Lease length of the table and Redis locks: how long a crashed leader blocks a successor. */
  ttlMs?: number;
  /** Redis key prefix (default `dify-agent`). */
  prefix?: string;
}

/**
 * The leader lock for this deployment: a Redis lock when REDIS_URL is set (processes may run on many
 * machines), else a PostgreSQL advisory lock, else a lease row in SQLite's `locks` table.
 */
export function createLeaderLock(
  name: string,
  config: Config,
  db: Db,
  clock: Clock,
  logger: Logger,
  options: LeaderLockOptions = {},
): LeaderLock {
  const ttlMs = options.ttlMs ?? 15_000;
  const owner = `${os.hostname()}:${process.pid}:${randomToken(6)}`;
  if (config.redisUrl) {
    const redis = createRedis(config.redisUrl, {
      connectionName: 'dify-agent:leader',
      logger,
      failFast: true,
    });
    return new RedisLeaderLock(
      redis,
      `${options.prefix ?? 'dify-agent'}:leader:${name}`,
      owner,
      ttlMs,
      logger,
      true,
    );
  }
  if (db.dialect === 'postgres') return new PgAdvisoryLock(config.database.url, name, logger);
  return new TableLeaseLock(db, name, owner, ttlMs, clock, logger);
}
