import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialect } from '../../../test/support/db.js';
import { ManualClock, systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { normalizeEnqueue } from '../enqueue-input.js';
import { runQueueContract } from '../queue.contract.js';
import { startWorker } from '../queue.js';
import { ensureTenants, waitFor } from '../test-support/jobs.js';
import { DbJobQueue } from './queue.js';
import { DbJobStore } from './store.js';

const tenants = ['t_jobs_a', 't_jobs_b'] as const;
const leaseMs = 1000;
const policy = { maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 10, jitter: 0 };
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await ensureTenants(t.db, tenants);
});
afterAll(async () => {
  await t?.cleanup();
});

const emptyQueue = () => t.db.system((tx) => tx.deleteFrom('jobs').execute());

describe(`database queue contract (${testDialect})`, () => {
  runQueueContract(async () => {
    await emptyQueue();
    const queue = new DbJobQueue(t.db, { clock: systemClock, logger: silentLogger, leaseMs, pollMs: 25 });
    return {
      queue,
      db: t.db,
      tenants,
      leaseMs,
      childEnv: { CRASH_DATABASE_URL: t.url, CRASH_LEASE_MS: String(leaseMs) },
      close: () => queue.close(),
    };
  });
});

describe(`database queue routing (${testDialect})`, () => {
  it('never claims a job it has no handler for, so a worker that has one takes it', async () => {
    await emptyQueue();
    const queue = new DbJobQueue(t.db, { clock: systemClock, logger: silentLogger, pollMs: 20 });
    try {
      const other = await t.db.system((tx) => queue.enqueue(tx, 'test.other', { key: 'other' }));
      const mine = await t.db.system((tx) => queue.enqueue(tx, 'test.work', { key: 'mine' }));
      startWorker(queue, { 'test.work': { retry: policy, run: async () => {} } });
      await waitFor('the handled job', async () => (await queue.getJob(mine.id))?.state === 'succeeded');
      expect(await queue.getJob(other.id)).toMatchObject({ state: 'queued', attempts: 0 });
      startWorker(queue, { 'test.other': { retry: policy, run: async () => {} } });
      await waitFor('the other job', async () => (await queue.getJob(other.id))?.state === 'succeeded');
      expect(await queue.getJob(other.id)).toMatchObject({ attempts: 1 });
    } finally {
      await queue.close();
    }
  });
});

describe.runIf(testDialect === 'sqlite')('database queue with a damaged row', () => {
  it('declares a job whose stored payload is not JSON dead instead of running it', async () => {
    await emptyQueue();
    const queue = new DbJobQueue(t.db, { clock: systemClock, logger: silentLogger, pollMs: 20 });
    const ran: string[] = [];
    try {
      const { id } = await t.db.system((tx) => queue.enqueue(tx, 'test.work', { key: 'x' }));
      await t.db.kysely.updateTable('jobs').set({ payload: '{"key": ' }).where('id', '=', id).execute();
      startWorker(queue, { 'test.work': { retry: policy, run: async (p) => void ran.push(p.key) } });
      const dead = await waitFor('the job to be dead', async () => {
        const job = await queue.getJob(id);
        return job?.state === 'dead' ? job : undefined;
      });
      expect(dead.lastError).toBe('the stored payload is not valid JSON');
      expect(ran).toEqual([]);
    } finally {
      await queue.close();
    }
  });
});

describe.runIf(testDialect === 'postgres')('database queue and row-level security', () => {
  it("explains an enqueue that row-level security refuses (another tenant's job in a tenant transaction)", async () => {
    await emptyQueue();
    const queue = new DbJobQueue(t.db, { clock: systemClock, logger: silentLogger });
    const [a, b] = tenants;
    await expect(
      t.db.tenant(a, (tx) => queue.enqueue(tx, 'test.work', { key: 'x' }, { tenantId: b })),
    ).rejects.toMatchObject({ code: 'jobs.wrong_tenant', message: expect.stringContaining('db.tenant') });
    await expect(t.db.tenant(a, (tx) => queue.enqueue(tx, 'test.work', { key: 'x' }))).rejects.toMatchObject({
      code: 'jobs.wrong_tenant',
    });
    expect(await queue.counts()).toMatchObject({ queued: 0 });
  });
});

describe(`database queue store (${testDialect})`, () => {
  // The store on a hand-moved clock: leases expire exactly when the test says so.
  async function setup() {
    await emptyQueue();
    const clock = new ManualClock('2026-03-01T00:00:00.000Z');
    const store = new DbJobStore(t.db, clock);
    const add = (key: string, options: Parameters<typeof normalizeEnqueue>[3] = {}) =>
      t.db.system((tx) => store.insert(tx, normalizeEnqueue(clock, 'test.work', { key }, options)));
    return { clock, store, add };
  }

  it('fences every write after a takeover: the old lease holder can no longer complete, fail or extend', async () => {
    const { clock, store, add } = await setup();
    const { id } = await add('fenced');
    const [first] = await store.claim(['test.work'], 1, 1000, 'worker-a');
    expect(first?.row).toMatchObject({ id, state: 'running', attempts: 1, locked_by: 'worker-a' });

    clock.advance(1001);
    expect(await store.reapExpired(3)).toEqual([{ id, name: 'test.work', state: 'queued' }]);
    const [second] = await store.claim(['test.work'], 1, 1000, 'worker-b');
    expect(second?.row).toMatchObject({ id, attempts: 2, stalls: 1, locked_by: 'worker-b' });

    const old = first?.token ?? '';
    expect(await store.heartbeat(id, old, 1000)).toBe(false);
    expect(await store.progress(id, old, 50)).toBe(false);
    expect(await store.complete(id, old)).toBe(false);
    expect(await store.fail(id, old, 'late failure', null)).toBe(false);
    expect(await store.release(id, old)).toBe(false);
    expect(await store.get(id)).toMatchObject({ state: 'running', attempts: 2 });

    expect(await store.complete(id, second?.token ?? '')).toBe(true);
    expect(await store.get(id)).toMatchObject({ state: 'succeeded', attempts: 2 });
  });

  it('claims only due jobs it has handlers for, by priority then age, each once', async () => {
    const { clock, store, add } = await setup();
    const old = await add('old');
    clock.advance(10);
    const urgent = await add('urgent', { priority: 5 });
    await add('future', { delayMs: 60_000 });
    await t.db.system((tx) => store.insert(tx, normalizeEnqueue(clock, 'test.other', { key: 'other' }, {})));
    const claimed = await store.claim(['test.work'], 10, 1000, 'w');
    expect(claimed.map((c) => c.row.id)).toEqual([urgent.id, old.id]);
    expect(await store.claim(['test.work'], 10, 1000, 'w')).toEqual([]);
    clock.advance(60_000);
    expect((await store.claim(['test.work'], 10, 1000, 'w')).map((c) => JSON.parse(c.row.payload))).toEqual([
      { key: 'future' },
    ]);
  });

  it('never hands one job to two workers claiming at the same time', async () => {
    const { store, add } = await setup();
    for (let i = 0; i < 40; i++) await add(`job-${i}`);
    const batches = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store.claim(['test.work'], 7, 1000, `worker-${i}`)),
    );
    expect(batches.every((batch) => batch.length <= 7)).toBe(true);
    const ids = batches.flat().map((c) => c.row.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
  });

  it('declares a job dead once its lease expired more often than allowed', async () => {
    const { clock, store, add } = await setup();
    const { id } = await add('crashes-workers');
    for (let stall = 0; stall < 2; stall++) {
      await store.claim(['test.work'], 1, 1000, 'w');
      clock.advance(1001);
      expect(await store.reapExpired(2)).toEqual([{ id, name: 'test.work', state: 'queued' }]);
    }
    await store.claim(['test.work'], 1, 1000, 'w');
    clock.advance(1001);
    expect(await store.reapExpired(2)).toEqual([{ id, name: 'test.work', state: 'dead' }]);
    expect(await store.get(id)).toMatchObject({
      state: 'dead',
      attempts: 3,
      lastError: expect.stringContaining('stopped responding'),
      finishedAt: clock.iso(),
    });
  });

  it('schedules a retry at the time the store is given and keeps the error', async () => {
    const { clock, store, add } = await setup();
    const { id } = await add('retry');
    const [claim] = await store.claim(['test.work'], 1, 1000, 'w');
    const retryAt = new Date(clock.nowMs() + 5000).toISOString();
    expect(await store.fail(id, claim?.token ?? '', 'boom', retryAt)).toBe(true);
    expect(await store.get(id)).toMatchObject({
      state: 'failed',
      runAt: retryAt,
      lastError: 'boom',
      finishedAt: null,
    });
    expect(await store.claim(['test.work'], 1, 1000, 'w')).toEqual([]);
    clock.advance(5000);
    expect(await store.claim(['test.work'], 1, 1000, 'w')).toHaveLength(1);
  });

  it('prunes finished jobs past their retention and keeps the rest', async () => {
    const { clock, store, add } = await setup();
    const done = await add('done');
    const dead = await add('dead');
    const waiting = await add('waiting', { delayMs: 365 * 86_400_000 });
    for (const claim of await store.claim(['test.work'], 2, 1000, 'w')) {
      if (claim.row.id === done.id) await store.complete(done.id, claim.token);
      else await store.fail(dead.id, claim.token, 'x', null);
    }
    clock.advance(10 * 86_400_000);
    const tenDaysAgo = new Date(clock.nowMs() - 10 * 86_400_000 + 1).toISOString();
    const longAgo = new Date(clock.nowMs() - 30 * 86_400_000).toISOString();
    expect(await store.prune(tenDaysAgo, longAgo)).toBe(1);
    expect(await store.get(done.id)).toBeUndefined();
    expect(await store.get(dead.id)).toMatchObject({ state: 'dead' });
    expect(await store.get(waiting.id)).toMatchObject({ state: 'queued' });
  });
});
