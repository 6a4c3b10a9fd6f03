import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/db.js';
import { ManualClock } from '../../../core/clock.js';
import { createRedis, type Redis } from '../../../core/redis.js';
import { createDbLimitStore, createRedisLimitStore, type LimitStore } from './store.js';

let t: TestDatabase;
let redis: Redis | undefined;
// Near the real time: Redis expires keys by its own clock.
const start = Math.floor(Date.now() / 60_000) * 60_000 + 60_000;
const clock = new ManualClock(start);
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();

beforeAll(async () => {
  t = await createTestDatabase();
  if (process.env.TEST_REDIS_URL) redis = createRedis(process.env.TEST_REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await t?.cleanup();
});

const stores: Array<[string, () => LimitStore | undefined]> = [
  ['database', () => createDbLimitStore(t.db, clock)],
  [
    'redis',
    () =>
      redis
        ? createRedisLimitStore(redis, clock, `dify-agent:test:${Math.random().toString(36).slice(2)}:`)
        : undefined,
  ],
];

describe.each(stores)('publishing limits in the %s', (name, make) => {
  it('holds at most `capacity` places per platform, across holders, until released or expired', async (ctx) => {
    const store = make();
    if (!store) return ctx.skip(`${name}: TEST_REDIS_URL is not set`);
    const platform = `x-${Math.random()}`;
    const taken = [];
    for (const holder of ['a', 'b', 'c', 'd']) taken.push(await store.acquire(platform, 3, holder, 10_000));
    expect(taken).toEqual([true, true, true, false]);
    expect(await store.acquire(platform, 3, 'a', 10_000)).toBe(true);
    await store.release(platform, 'b');
    expect(await store.acquire(platform, 3, 'd', 10_000)).toBe(true);
    expect(await store.acquire(platform, 3, 'e', 10_000)).toBe(false);
    // A holder that stopped renewing (its worker died) loses its place when the time runs out.
    clock.advance(10_001);
    expect(await store.acquire(platform, 3, 'e', 10_000)).toBe(true);
    clock.advance(-10_001);
  });

  it('keeps the latest block of a budget and forgets it once it passed', async (ctx) => {
    const store = make();
    if (!store) return ctx.skip(`${name}: TEST_REDIS_URL is not set`);
    const key = `x:acct_${Math.random()}:publish`;
    expect(await store.blockedUntil([key])).toBeUndefined();
    await store.block(key, at(15), 'x-rate-limit spent');
    await store.block(key, at(5), 'an earlier reset does not shorten the wait');
    await store.block(`${key}:other`, at(20), 'another budget');
    expect(await store.blockedUntil([key])).toBe(at(15));
    expect(await store.blockedUntil([key, `${key}:other`])).toBe(at(20));
    clock.set(at(16));
    expect(await store.blockedUntil([key])).toBeUndefined();
    clock.set(start);
  });
});
