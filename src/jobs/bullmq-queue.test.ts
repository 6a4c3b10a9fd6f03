import { afterAll, beforeAll, describe } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { systemClock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import { silentLogger } from '../core/logger.js';
import { BullmqJobQueue } from './bullmq-queue.js';
import { runQueueContract } from './queue.contract.js';
import { ensureTenants } from './testing/jobs.js';

const redisUrl = process.env.TEST_REDIS_URL ?? '';
const tenants = ['t_bull_a', 't_bull_b'] as const;
const leaseMs = 1000;

describe.skipIf(!process.env.TEST_REDIS_URL)('BullMQ queue contract', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await ensureTenants(t.db, tenants);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  runQueueContract(async () => {
    // A fresh key prefix per test: runs (and tests) sharing one Redis never see each other's jobs.
    const prefix = `dify-agent-test:${process.pid}:${newId()}`;
    await t.db.system((tx) => tx.deleteFrom('job_outbox').execute());
    const queue = new BullmqJobQueue(t.db, {
      redisUrl,
      prefix,
      clock: systemClock,
      logger: silentLogger,
      leaseMs,
      relaySweepMs: 200,
    });
    return {
      queue,
      db: t.db,
      tenants,
      leaseMs,
      childEnv: {
        CRASH_DATABASE_URL: t.url,
        CRASH_REDIS_URL: redisUrl,
        CRASH_PREFIX: prefix,
        CRASH_LEASE_MS: String(leaseMs),
      },
      async close() {
        await queue.obliterate().catch(() => {});
        await queue.close();
      },
    };
  });
});
