/**
 * Shared publishing limits: budgets a platform reported as spent ("wait until 14:15") and a cap on
 * publications in flight per platform. Both must hold across every worker process, so they live in Redis
 * when REDIS_URL is set and otherwise in the database (the same one every worker uses).
 */
import type { Clock } from '../../../core/clock.js';
import type { Redis } from '../../../core/redis.js';
import type { Db } from '../../../db/connect.js';
import type { LimitSignal } from '../platforms/types.js';
import * as repo from '../repository.js';

export interface LimitStore {
  /** The latest time any of `keys` is blocked until, if one is blocked now. */
  blockedUntil(keys: readonly string[]): Promise<string | undefined>;
  /** Blocks `key` until `until` (a later block already there is kept). */
  block(key: string, until: string, reason: string): Promise<void>;
  /** Takes one of `capacity` places for `platform`; false when all are held. Held places expire after `ttlMs`. */
  acquire(platform: string, capacity: number, holder: string, ttlMs: number): Promise<boolean>;
  release(platform: string, holder: string): Promise<void>;
}

export function limitKey(
  platform: string,
  scope: 'account' | 'platform',
  accountId: string,
  lane: string,
): string {
  return `${platform}:${scope === 'account' ? accountId : 'app'}:${lane}`;
}

/** Blocks what the platform's answer headers said is spent (a send or a read), for every worker. */
export async function recordSignals(
  limits: LimitStore,
  platform: string,
  accountId: string,
  signals: LimitSignal[],
): Promise<void> {
  for (const s of signals)
    await limits.block(limitKey(platform, s.scope, accountId, s.lane), s.until, s.reason);
}

export function createDbLimitStore(db: Db, clock: Clock): LimitStore {
  return {
    async blockedUntil(keys) {
      const now = clock.iso();
      const rows = await db.systemRead((tx) => repo.activeBlocks(tx, keys, now));
      return rows
        .map((r) => r.blocked_until)
        .sort()
        .at(-1);
    },
    async block(key, until, reason) {
      await db.system((tx) => repo.upsertBlock(tx, key, until, reason, clock.iso()));
    },
    async acquire(platform, capacity, holder, ttlMs) {
      const now = clock.nowMs();
      return db.system((tx) =>
        repo.acquireSlot(
          tx,
          platform,
          capacity,
          holder,
          new Date(now).toISOString(),
          new Date(now + ttlMs).toISOString(),
        ),
      );
    },
    async release(platform, holder) {
      await db.system((tx) => repo.releaseSlot(tx, platform, holder));
    },
  };
}

// Atomic in Redis: drop expired holders, then join if there is room. Scores are expiry times in ms.
const ACQUIRE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
  return 1
end
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) * 2)
  return 1
end
return 0
`;

const BLOCK = `
local current = redis.call('HGET', KEYS[1], 'until')
if current and current >= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'until', ARGV[1], 'reason', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
`;

export function createRedisLimitStore(
  redis: Redis,
  clock: Clock,
  prefix = 'dify-agent:publishing:',
): LimitStore {
  return {
    async blockedUntil(keys) {
      if (keys.length === 0) return undefined;
      const now = clock.iso();
      const values = await Promise.all(keys.map((k) => redis.hget(`${prefix}block:${k}`, 'until')));
      return values
        .filter((v): v is string => typeof v === 'string' && v > now)
        .sort()
        .at(-1);
    },
    async block(key, until, reason) {
      await redis.eval(BLOCK, 1, `${prefix}block:${key}`, until, reason, Date.parse(until) + 60_000);
    },
    async acquire(platform, capacity, holder, ttlMs) {
      // The clock is this process's; places expire on the same clock they were taken with.
      const taken = await redis.eval(
        ACQUIRE,
        1,
        `${prefix}slots:${platform}`,
        clock.nowMs(),
        capacity,
        holder,
        ttlMs,
      );
      return taken === 1;
    },
    async release(platform, holder) {
      await redis.zrem(`${prefix}slots:${platform}`, holder);
    },
  };
}

export function createLimitStore(deps: { db: Db; clock: Clock; redis?: Redis | undefined }): LimitStore {
  return deps.redis ? createRedisLimitStore(deps.redis, deps.clock) : createDbLimitStore(deps.db, deps.clock);
}
