import { Redis } from 'ioredis';
import { AppError } from './errors.js';
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
  /**
   * For clients that serve requests: a command is not retried across reconnects and fails after 3 s
   * without an answer, so a request gets a 503 (server/errors.ts) instead of waiting for Redis to come
   * back. Callers that can, check `status` first and answer at once. Never for blocking clients (BullMQ
   * workers).
   */
  failFast?: boolean;
}

/**
 * An ioredis client for REDIS_URL (`redis://` or `rediss://`), shared by the BullMQ driver, the
 * scheduler's leader lock and the rate limiter. It reconnects forever with a capped backoff; the caller
 * closes it with `quit()`.
 */
export function createRedis(url: string, options: CreateRedisOptions = {}): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: options.failFast
      ? 0
      : options.maxRetriesPerRequest === undefined
        ? 3
        : options.maxRetriesPerRequest,
    ...(options.failFast ? { commandTimeout: 3000 } : {}),
    connectionName: options.connectionName ?? 'dify-agent',
    lazyConnect: options.lazyConnect ?? false,
    connectTimeout: 10_000,
    retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
  });
  // Lost (an error or a closed connection since it was last ready), as opposed to still connecting.
  client.on('ready', () => lost.delete(client));
  client.on('close', () => lost.add(client));
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    lost.add(client);
    const now = Date.now();
    if (now - lastLogged < 10_000) return;
    lastLogged = now;
    options.logger?.warn({ err: error.message }, 'Redis connection error; reconnecting');
  });
  return client;
}

const lost = new WeakSet<Redis>();

/**
 * True while Redis is known to be unreachable for this client: it was lost and has not come back. A
 * client still making its first connection is not down (its commands wait in the offline queue).
 */
export function isRedisDown(client: Redis): boolean {
  if (client.status === 'ready') return false;
  return lost.has(client) || client.status === 'reconnecting' || client.status === 'end';
}

/** Seconds a client is asked to wait before retrying a call that needed an unreachable Redis. */
export const REDIS_RETRY_AFTER_SECONDS = 5;

/** The 503 of a call that needs Redis while it cannot be reached; transports add `Retry-After`. */
export function redisUnavailable(cause?: unknown): AppError {
  return new AppError(
    'unavailable',
    503,
    `Redis cannot be reached right now; retry in ${REDIS_RETRY_AFTER_SECONDS}s`,
    { retryAfterSeconds: REDIS_RETRY_AFTER_SECONDS },
    cause === undefined ? undefined : { cause },
  );
}

/**
 * True for the errors ioredis raises when Redis is unreachable (connection closed or refused, the
 * offline queue off, retries or the command timeout exhausted), as opposed to an error Redis answered.
 */
export function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code = (error as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH'].includes(code)
  )
    return true;
  return /enableOfflineQueue|Connection is closed|Command timed out|Stream isn't writeable|connect ETIMEDOUT/.test(
    error.message,
  );
}

/** `redis://user:secret@host:6379/0` as it may be shown: without the password. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * Checks at start that Redis answers, trying again for up to `waitMs` (0: one attempt). Throws the
 * one-line `redis.unavailable` error a bad DATABASE_URL also gets; opens no lasting connection.
 */
export async function checkRedisReachable(url: string, waitMs: number, logger?: Logger): Promise<void> {
  const deadline = Date.now() + waitMs;
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    const client = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
      connectTimeout: 3000,
      connectionName: 'dify-agent:start-check',
    });
    client.on('error', () => {}); // the failure is reported below, once
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch (error) {
      lastError = error;
      client.disconnect();
    }
    if (Date.now() + 1000 > deadline) break;
    if (attempt === 1) logger?.warn({ redis: describeRedisUrl(url), waitMs }, 'waiting for Redis');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new AppError(
    'redis.unavailable',
    503,
    `cannot reach Redis at ${describeRedisUrl(url)}: ${reason}${waitMs > 0 ? ` (waited ${Math.round(waitMs / 1000)}s)` : ''}; start Redis, fix REDIS_URL, or set REDIS_START_WAIT_MS to wait for it`,
  );
}

/** Closes a client without waiting on a Redis that is not there: QUIT when connected, else drop the socket. */
export async function closeRedis(client: Redis, timeoutMs = 2000): Promise<void> {
  if (client.status !== 'ready') {
    client.disconnect();
    return;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.quit().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  client.disconnect();
}
