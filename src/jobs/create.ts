import type { Config } from '../config/load.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../db/connect.js';
import { BullmqJobQueue } from './bullmq/queue.js';
import { DbJobQueue } from './db/queue.js';
import type { JobQueue } from './queue.js';

/** Settings the configuration does not carry; tests and benchmarks shorten them. */
export interface QueueOverrides {
  leaseMs?: number;
  pollMs?: number;
  concurrency?: number;
  maxStalls?: number;
  shutdownDeadlineMs?: number;
  /** Redis key prefix of the BullMQ driver (default `dify-agent`). */
  prefix?: string;
  relaySweepMs?: number;
}

/**
 * The queue this process uses: BullMQ when REDIS_URL is set, otherwise the database-backed queue in the
 * application database. Worker concurrency, lease and poll interval come from WORKER_CONCURRENCY,
 * JOB_LEASE_MS and JOB_POLL_MS.
 */
export function createQueue(
  config: Config,
  db: Db,
  logger: Logger,
  clock: Clock = systemClock,
  overrides: QueueOverrides = {},
): JobQueue {
  const common = {
    clock,
    logger: logger.child({ component: 'jobs' }),
    leaseMs: overrides.leaseMs ?? config.jobs.leaseMs,
    concurrency: overrides.concurrency ?? config.jobs.concurrency,
    ...(overrides.maxStalls !== undefined ? { maxStalls: overrides.maxStalls } : {}),
    // Running jobs get the process's shutdown grace period (SHUTDOWN_GRACE_MS), then are handed back.
    shutdownDeadlineMs: overrides.shutdownDeadlineMs ?? config.lifecycle.shutdownGraceMs,
  };
  if (config.redisUrl) {
    return new BullmqJobQueue(db, {
      ...common,
      redisUrl: config.redisUrl,
      ...(overrides.prefix !== undefined ? { prefix: overrides.prefix } : {}),
      ...(overrides.relaySweepMs !== undefined ? { relaySweepMs: overrides.relaySweepMs } : {}),
    });
  }
  return new DbJobQueue(db, { ...common, pollMs: overrides.pollMs ?? config.jobs.pollMs });
}
