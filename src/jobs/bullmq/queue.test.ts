import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { systemClock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import { silentLogger } from '../../core/logger.js';
import { runQueueContract } from '../queue.contract.js';
import { startWorker } from '../queue.js';
import { ensureTenants, waitFor } from '../test-support/jobs.js';
import { BullmqJobQueue } from './queue.js';

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

  it('puts back a job its worker has no handler for, to run once a worker has one', async () => {
    const prefix = `dify-agent-test:${process.pid}:${newId()}`;
    const queue = new BullmqJobQueue(t.db, {
      redisUrl,
      prefix,
      clock: systemClock,
      logger: silentLogger,
      leaseMs,
    });
    const policy = { maxAttempts: 1, backoffBaseMs: 10, backoffMaxMs: 10, jitter: 0 };
    try {
      const { id } = await t.db.system((tx) => queue.enqueue(tx, 'test.other', { key: 'other' }));
      // Every BullMQ worker sees every job; one without the handler defers it instead of failing it.
      const without = startWorker(queue, { 'test.work': { retry: policy, run: async () => {} } });
      const deferred = await waitFor('the job to be deferred', async () => {
        const job = await queue.getJob(id);
        return job && job.attempts >= 1 && job.state === 'queued' ? job : undefined;
      });
      expect(deferred.lastError).toBeNull();
      await without.stop();
      const ran: string[] = [];
      startWorker(queue, { 'test.other': { retry: policy, run: async (p) => void ran.push(p.key) } });
      await waitFor('the job to succeed', async () => (await queue.getJob(id))?.state === 'succeeded');
      expect(ran).toEqual(['other']);
    } finally {
      await queue.obliterate().catch(() => {});
      await queue.close();
    }
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
