import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { systemClock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { silentLogger } from '../core/logger.js';
import { createRedis, type Redis } from '../core/redis.js';
import { createLeaderLock } from './leader/create.js';
import { RedisLeaderLock } from './leader/redis-lock.js';
import { waitFor } from './test-support/jobs.js';
import { runLeadershipTests } from './test-support/leadership.js';

const redisUrl = process.env.TEST_REDIS_URL ?? '';

describe.skipIf(!process.env.TEST_REDIS_URL)('leader election on Redis', () => {
  let t: TestDatabase;
  let redis: Redis;
  let prefix: string;
  beforeAll(async () => {
    t = await createTestDatabase({ REDIS_URL: redisUrl });
    redis = createRedis(redisUrl);
  });
  afterAll(async () => {
    await redis?.quit();
    await t?.cleanup();
  });
  beforeEach(async () => {
    // A fresh key prefix per test: runs sharing one Redis never contend for the same lock.
    prefix = `dify-agent-test:${process.pid}:${newId()}`;
    await t.db.system((tx) => tx.deleteFrom('jobs').execute());
  });

  it('takes the lock with SET NX PX, renews it, and releases only its own', async () => {
    const key = `${prefix}:leader:x`;
    const a = new RedisLeaderLock(redis, key, 'token-a', 5000, silentLogger, false);
    const b = new RedisLeaderLock(redis, key, 'token-b', 5000, silentLogger, false);
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    expect(await a.hold()).toBe(true);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    await b.release(); // not b's lock: nothing happens
    expect(await redis.get(key)).toBe('token-a');
    await a.release();
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
    await b.release();
    expect(await redis.exists(key)).toBe(0);
  });

  it('lets another instance lead once a crashed holder’s lease expires, and the old holder notices', async () => {
    const key = `${prefix}:leader:y`;
    const a = new RedisLeaderLock(redis, key, 'token-a', 200, silentLogger, false);
    const b = new RedisLeaderLock(redis, key, 'token-b', 5000, silentLogger, false);
    expect(await a.hold()).toBe(true);
    // a stops renewing (its process froze); after 200 ms the key is gone.
    await waitFor('the lapsed lease to be taken', () => b.hold());
    expect(await a.hold()).toBe(false);
    await a.release(); // must not delete b's lock
    expect(await redis.get(key)).toBe('token-b');
    await b.release();
  });

  it('uses the Redis lock when REDIS_URL is set', async () => {
    const lock = createLeaderLock('scheduler', t.config, t.db, systemClock, silentLogger, { prefix });
    try {
      expect(lock.kind).toBe('redis');
      expect(await lock.hold()).toBe(true);
      expect(await redis.exists(`${prefix}:leader:scheduler`)).toBe(1);
    } finally {
      await lock.close();
    }
    expect(await redis.exists(`${prefix}:leader:scheduler`)).toBe(0);
  });

  runLeadershipTests(async () => ({
    config: t.config,
    db: t.db,
    childEnv: {
      SCHED_DATABASE_URL: t.url,
      SCHED_REDIS_URL: redisUrl,
      SCHED_PREFIX: prefix,
      SCHED_TTL_MS: '1000',
    },
    options: { lockTtlMs: 1000, prefix },
  }));
});
