import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialect } from '../../test/support/db.js';
import { systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { DbJobQueue } from './db/queue.js';
import { registerJobMetrics } from './metrics.js';
import { startWorker } from './queue.js';
import { waitFor } from './test-support/jobs.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});

describe(`job metrics (${testDialect})`, () => {
  it('counts enqueued, completed, failed and dead jobs by name and reports the queue depth', async () => {
    const queue = new DbJobQueue(t.db, { clock: systemClock, logger: silentLogger, pollMs: 20 });
    const registry = new Registry();
    const unsubscribe = registerJobMetrics(registry, queue);
    const worker = startWorker(queue, {
      'test.work': {
        retry: { maxAttempts: 2, backoffBaseMs: 5, backoffMaxMs: 5, jitter: 0 },
        async run(p) {
          if (p.key === 'bad') throw new Error('always fails');
        },
      },
    });
    try {
      const ids: string[] = [];
      for (const key of ['good', 'bad']) {
        ids.push((await t.db.system((tx) => queue.enqueue(tx, 'test.work', { key }))).id);
      }
      await t.db.system((tx) => queue.enqueue(tx, 'test.work', { key: 'later' }, { delayMs: 3_600_000 }));
      await waitFor('both jobs to finish', async () => {
        const states = await Promise.all(ids.map(async (id) => (await queue.getJob(id))?.state));
        return states[0] === 'succeeded' && states[1] === 'dead';
      });
      const text = await registry.metrics();
      expect(text).toContain('dify_agent_jobs_enqueued_total{name="test.work"} 3');
      expect(text).toContain('dify_agent_jobs_completed_total{name="test.work"} 1');
      expect(text).toContain('dify_agent_jobs_failed_total{name="test.work"} 2');
      expect(text).toContain('dify_agent_jobs_dead_total{name="test.work"} 1');
      expect(text).toContain('dify_agent_jobs{state="queued"} 1');
      expect(text).toContain('dify_agent_jobs{state="dead"} 1');
      expect(text).toContain('dify_agent_job_duration_seconds_count{name="test.work",outcome="succeeded"} 1');
    } finally {
      unsubscribe();
      await worker.stop();
    }
  });
});
