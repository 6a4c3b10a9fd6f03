import type { Redis } from 'ioredis';
import type { Clock } from '../core/clock.js';
import { isRedisDown } from '../core/redis.js';

/**
 * Token buckets per (tenant, category). A bucket holds up to `capacity` requests (the hourly limit) and
 * refills continuously at capacity/hour, so a tenant may burst up to its limit and then gets a steady
 * share. In memory for one process, or in Redis so every API process draws from the same budget.
 */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again (RateLimit-Reset). */
  resetSeconds: number;
  /** Seconds until the next request would be allowed (Retry-After), when denied. */
  retryAfterSeconds: number;
}

export interface RateLimitStore {
  /** Takes one request from the bucket; a store in this process answers at once, a shared one later. */
  take(key: string, capacity: number, windowMs: number): RateDecision | Promise<RateDecision>;
}

const HOUR_MS = 3_600_000;
export const RATE_WINDOW_MS = HOUR_MS;

function decide(allowed: boolean, tokens: number, capacity: number, perMs: number): RateDecision {
  return {
    allowed,
    limit: capacity,
    remaining: Math.max(0, Math.floor(tokens)),
    resetSeconds: Math.ceil((capacity - tokens) / perMs / 1000),
    retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)),
  };
}

export class MemoryRateLimitStore implements RateLimitStore {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly clock: Clock) {}

  take(key: string, capacity: number, windowMs: number): RateDecision {
    const now = this.clock.nowMs();
    const perMs = capacity / windowMs;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
      if (this.buckets.size > 100_000) this.evictFull(now);
    }
    const tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * perMs);
    const allowed = tokens >= 1;
    bucket.tokens = allowed ? tokens - 1 : tokens;
    bucket.at = now;
    return decide(allowed, bucket.tokens, capacity, perMs);
  }

  /** Buckets that have refilled completely carry no information; drop them to bound memory. */
  private evictFull(now: number): void {
    for (const [key, b] of this.buckets) {
      if (now - b.at > HOUR_MS) this.buckets.delete(key);
    }
  }
}

// Runs atomically in Redis; the server's clock is the only clock, so processes with skewed clocks agree.
const TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local per_ms = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local data = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(data[1]) or capacity
local at = tonumber(data[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * per_ms)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / per_ms) + 60000)
return {allowed, tostring(tokens)}
`;

/**
 * Buckets in Redis, shared by every API process. While Redis cannot be reached the buckets of this
 * process stand in (`fallback`): limits then hold per process instead of failing every call, since
 * calls that do not need Redis must keep working through an outage.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'dify-agent:rate:',
    private readonly fallback?: RateLimitStore,
  ) {}

  async take(key: string, capacity: number, windowMs: number): Promise<RateDecision> {
    const perMs = capacity / windowMs;
    if (this.fallback && isRedisDown(this.redis)) return this.fallback.take(key, capacity, windowMs);
    try {
      const [allowed, tokens] = (await this.redis.eval(
        TAKE_SCRIPT,
        1,
        this.prefix + key,
        capacity,
        perMs,
      )) as [number, string];
      return decide(allowed === 1, Number(tokens), capacity, perMs);
    } catch (error) {
      if (!this.fallback) throw error;
      return this.fallback.take(key, capacity, windowMs);
    }
  }
}

/**
 * Writes the standard headers (IETF RateLimit fields) of a decision into `headers`, each by its own name:
 * a response's header object then keeps one shape from request to request.
 */
function writeRateLimitHeaders(headers: Record<string, string>, d: RateDecision): void {
  headers['ratelimit-limit'] = String(d.limit);
  headers['ratelimit-remaining'] = String(d.remaining);
  headers['ratelimit-reset'] = String(d.resetSeconds);
  if (!d.allowed) headers['retry-after'] = String(d.retryAfterSeconds);
}

/** Standard headers (IETF RateLimit fields) for a decision. */
export function rateLimitHeaders(d: RateDecision): Record<string, string> {
  const h: Record<string, string> = {};
  writeRateLimitHeaders(h, d);
  return h;
}
