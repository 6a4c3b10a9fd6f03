import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

export type { Redis } from 'ioredis';

export interface CreateRedisOptions {
  /**
   * How often one command is retried across reconnects before it fails. BullMQ workers (and anything
   * that blocks on Redis) need `null`: wait for Redis to come back instead of failing. Default 3, so an
   * API request fails fast when Redis is down.
   */
  maxRetriesPerRequest?: number | null;
  /** Shown by `CLIENT LIST`, e.g. `dify-agent:worker`. */
  connectionName?: string;
  /** Connect on the first command instead of at once. */
  lazyConnect?: boolean;
  /** Connection errors are logged here (at most one line per 10 s) instead of ioredis's console output. */
  logger?: Logger;
}

/**
 * An ioredis client for REDIS_URL (`redis://` or `rediss://`), shared by the BullMQ driver, the
 * scheduler's leader lock and the rate limiter. It reconnects forever with a capped backoff; the caller
 * closes it with `quit()`.
 */
export function createRedis(url: string, options: CreateRedisOptions = {}): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: options.maxRetriesPerRequest === undefined ? 3 : options.maxRetriesPerRequest,
    connectionName: options.connectionName ?? 'dify-agent',
    lazyConnect: options.lazyConnect ?? false,
    connectTimeout: 10_000,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
  });
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLogged < 10_000) return;
    lastLogged = now;
    options.logger?.warn({ err: error.message }, 'Redis connection error; reconnecting');
  });
  return client;
}
