/**
 * The queue contract: one suite every driver passes. `runQueueContract(makeQueue)` is called inside a
 * `describe` by each driver's test file; `makeQueue` returns a fresh, empty queue with a short lease.
 * Nothing here asserts on speed: tests wait for states, bounded only by the test timeout.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sleep } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Db } from '../db/connect.js';
import type { JobName, JobPayload } from './catalog.js';
import { PermanentJobError, WorkerStoppingError } from './errors.js';
import {
  type EnqueueOptions,
  type JobHandlers,
  type JobInfo,
  type JobQueue,
  type JobState,
  type RunningWorker,
  startWorker,
  type WorkerOptions,
} from './queue.js';
import type { RetryPolicy } from './retry.js';
import { waitFor } from './test-support/jobs.js';

export interface QueueHarness {
  queue: JobQueue;
  db: Db;
  /** Two tenants that exist in the database. */
  tenants: readonly [string, string];
  /** The queue's lease: short, so takeovers happen within a test. */
  leaseMs: number;
  /** Environment that makes the crash worker child process open this same queue. */
  childEnv: Record<string, string>;
  close(): Promise<void>;
}

const quick: RetryPolicy = { maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 20, jitter: 0 };
const crashWorkerScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'test-support',
  'crash-worker.ts',
);
const hourMs = 3_600_000;

export function runQueueContract(makeQueue: () => Promise<QueueHarness>): void {
  let h: QueueHarness;
  let scratch: string;
  const workers: RunningWorker[] = [];
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    h = await makeQueue();
    scratch = mkdtempSync(path.join(tmpdir(), 'dify-agent-jobs-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
    }
    await Promise.all(workers.splice(0).map((w) => w.stop({ deadlineMs: 0 })));
    await h.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  function work(handlers: JobHandlers, options?: WorkerOptions): RunningWorker {
    const worker = startWorker(h.queue, handlers, options);
    workers.push(worker);
    return worker;
  }
  const enqueue = <N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions) =>
    h.db.system((tx) => h.queue.enqueue(tx, name, payload, options));
  const reach = (id: string, state: JobState) =>
    waitFor<JobInfo>(`job ${id} to be ${state}`, async () => {
      const job = await h.queue.getJob(id);
      return job?.state === state ? job : undefined;
    });

  it('runs a job enqueued in a committed transaction once, with its payload and context', async () => {
    const seen: unknown[] = [];
    work({
      'test.work': {
        retry: quick,
        async run(payload, ctx) {
          seen.push({ ...payload, id: ctx.id, name: ctx.name, attempt: ctx.attempt, tenantId: ctx.tenantId });
        },
      },
    });
    const [tenant] = h.tenants;
    const result = await h.db.tenant(tenant, (tx) =>
      h.queue.enqueue(tx, 'test.work', { key: 'hello' }, { tenantId: tenant }),
    );
    const job = await reach(result.id, 'succeeded');
    expect(result.deduplicated).toBe(false);
    expect(seen).toEqual([{ key: 'hello', id: result.id, name: 'test.work', attempt: 1, tenantId: tenant }]);
    expect(job).toMatchObject({
      name: 'test.work',
      tenantId: tenant,
      attempts: 1,
      payload: { key: 'hello' },
    });
    expect(job.lastError).toBeNull();
    expect(job.startedAt && job.finishedAt).toBeTruthy();
    expect(job.createdAt <= (job.startedAt ?? '') && (job.startedAt ?? '') <= (job.finishedAt ?? '')).toBe(
      true,
    );
  });

  it('never runs a job whose transaction rolled back', async () => {
    const ran: string[] = [];
    let rolledBack = '';
    await expect(
      h.db.system(async (tx) => {
        rolledBack = (await h.queue.enqueue(tx, 'test.work', { key: 'rolled-back' })).id;
        throw new Error('the caller failed after enqueueing');
      }),
    ).rejects.toThrow('the caller failed');
    expect(await h.queue.getJob(rolledBack)).toBeUndefined();
    work({ 'test.work': { retry: quick, run: async (p) => void ran.push(p.key) } });
    const committed = await enqueue('test.work', { key: 'committed' });
    await reach(committed.id, 'succeeded');
    expect(ran).toEqual(['committed']);
    expect(await h.queue.getJob(rolledBack)).toBeUndefined();
  });

  it('runs every job of a transaction that enqueued several', async () => {
    const ran: string[] = [];
    work({ 'test.work': { retry: quick, run: async (p) => void ran.push(p.key) } });
    const ids = await h.db.system(async (tx) => {
      const out: string[] = [];
      for (const key of ['one', 'two', 'three'])
        out.push((await h.queue.enqueue(tx, 'test.work', { key })).id);
      return out;
    });
    for (const id of ids) await reach(id, 'succeeded');
    expect(ran.sort()).toEqual(['one', 'three', 'two']);
  });

  it('returns the existing job for a repeated idempotency key, per tenant, and runs it once', async () => {
    const [a, b] = h.tenants;
    const first = await enqueue('test.work', { key: 'first' }, { idempotencyKey: 'order-1', tenantId: a });
    const repeat = await enqueue('test.work', { key: 'repeat' }, { idempotencyKey: 'order-1', tenantId: a });
    const otherTenant = await enqueue(
      'test.work',
      { key: 'other' },
      { idempotencyKey: 'order-1', tenantId: b },
    );
    expect(repeat).toEqual({ id: first.id, deduplicated: true });
    expect(otherTenant.deduplicated).toBe(false);
    expect(otherTenant.id).not.toBe(first.id);

    const ran: string[] = [];
    work({ 'test.work': { retry: quick, run: async (p) => void ran.push(p.key) } });
    await reach(first.id, 'succeeded');
    await reach(otherTenant.id, 'succeeded');
    expect(ran.sort()).toEqual(['first', 'other']);
    const afterRun = await enqueue('test.work', { key: 'late' }, { idempotencyKey: 'order-1', tenantId: a });
    expect(afterRun).toEqual({ id: first.id, deduplicated: true });
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    const attempts: number[] = [];
    work({
      'test.work': {
        retry: { maxAttempts: 5, backoffBaseMs: 10, backoffMaxMs: 40, jitter: 0.5 },
        async run(_p, ctx) {
          attempts.push(ctx.attempt);
          if (ctx.attempt < 3) throw new Error(`flaky attempt ${ctx.attempt}`);
        },
      },
    });
    const { id } = await enqueue('test.work', { key: 'flaky' });
    const job = await reach(id, 'succeeded');
    expect(attempts).toEqual([1, 2, 3]);
    expect(job.attempts).toBe(3);
    expect(job.lastError).toContain('flaky attempt 2');
  });

  it('keeps a failed job with its error and the time of its next attempt', async () => {
    work({
      'test.work': {
        retry: { maxAttempts: 3, backoffBaseMs: hourMs, backoffMaxMs: hourMs, jitter: 0 },
        async run() {
          throw new Error('upstream said try later');
        },
      },
    });
    const { id } = await enqueue('test.work', { key: 'later' });
    const job = await reach(id, 'failed');
    expect(job.attempts).toBe(1);
    expect(job.lastError).toContain('upstream said try later');
    expect(Date.parse(job.runAt)).toBeGreaterThan(Date.now() + hourMs / 2);
    // Waiting for a retry still counts as not started: it can be cancelled.
    await h.queue.cancel(id);
    expect(await h.queue.getJob(id)).toBeUndefined();
  });

  it('moves a job to dead after its last attempt; dead jobs are listed and can be retried', async () => {
    const [a, b] = h.tenants;
    let healthy = false;
    work({
      'test.work': {
        retry: { maxAttempts: 2, backoffBaseMs: 5, backoffMaxMs: 5, jitter: 0 },
        async run() {
          if (!healthy) throw new Error('downstream unavailable');
        },
      },
    });
    const { id } = await enqueue('test.work', { key: 'doomed' }, { tenantId: a });
    const dead = await reach(id, 'dead');
    expect(dead.attempts).toBe(2);
    expect(dead.lastError).toContain('downstream unavailable');
    expect(dead.finishedAt).toBeTruthy();
    expect((await h.queue.listDead({ name: 'test.work' })).map((j) => j.id)).toEqual([id]);
    expect((await h.queue.listDead({ tenantId: a })).map((j) => j.id)).toEqual([id]);
    expect(await h.queue.listDead({ tenantId: b })).toEqual([]);
    await expect(h.queue.retryDead(id, { tenantId: b })).rejects.toMatchObject({ code: 'jobs.not_found' });

    healthy = true;
    const retried = await h.queue.retryDead(id);
    expect(['queued', 'running', 'succeeded']).toContain(retried.state);
    const done = await reach(id, 'succeeded');
    expect(done.attempts).toBe(1);
    expect(await h.queue.listDead()).toEqual([]);
    await expect(h.queue.retryDead(id)).rejects.toMatchObject({ code: 'jobs.not_dead', status: 409 });
  });

  it('sends permanent errors straight to dead and retries server errors', async () => {
    work({
      'test.work': {
        retry: { maxAttempts: 5, backoffBaseMs: 5, backoffMaxMs: 5, jitter: 0 },
        async run(p, ctx) {
          if (p.key === 'gone') throw new PermanentJobError('the page no longer exists');
          if (p.key === 'bad-input') throw new AppError('knowledge.invalid_url', 400, 'not a URL');
          if (p.key === 'busy' && ctx.attempt < 2) throw new AppError('ai.unavailable', 503, 'model busy');
        },
      },
    });
    const gone = await enqueue('test.work', { key: 'gone' });
    const badInput = await enqueue('test.work', { key: 'bad-input' });
    const busy = await enqueue('test.work', { key: 'busy' });
    expect(await reach(gone.id, 'dead')).toMatchObject({
      attempts: 1,
      lastError: 'the page no longer exists',
    });
    expect(await reach(badInput.id, 'dead')).toMatchObject({
      attempts: 1,
      lastError: 'knowledge.invalid_url: not a URL',
    });
    expect(await reach(busy.id, 'succeeded')).toMatchObject({ attempts: 2 });
  });

  it('holds a delayed job until its runAt', async () => {
    const ranAt: Record<string, number> = {};
    work(
      {
        'test.work': {
          retry: quick,
          run: async (p) => {
            ranAt[p.key] = Date.now();
          },
        },
      },
      { concurrency: 1 },
    );
    const farAt = new Date(Date.now() + hourMs);
    const far = await enqueue('test.work', { key: 'far' }, { runAt: farAt });
    const soon = await enqueue('test.work', { key: 'soon' }, { delayMs: 300 });
    const now = await enqueue('test.work', { key: 'now' });
    await reach(now.id, 'succeeded');
    const soonJob = await reach(soon.id, 'succeeded');
    expect(ranAt.soon).toBeGreaterThanOrEqual(Date.parse(soonJob.runAt));
    const farJob = await h.queue.getJob(far.id);
    expect(farJob).toMatchObject({ state: 'queued', attempts: 0, runAt: farAt.toISOString() });
    expect(ranAt.far).toBeUndefined();
  });

  it('runs higher-priority jobs first', async () => {
    const low = await enqueue('test.work', { key: 'low' }, { priority: -5 });
    await enqueue('test.work', { key: 'high' }, { priority: 10 });
    await enqueue('test.work', { key: 'normal' });
    const order: string[] = [];
    work({ 'test.work': { retry: quick, run: async (p) => void order.push(p.key) } }, { concurrency: 1 });
    await reach(low.id, 'succeeded');
    expect(order).toEqual(['high', 'normal', 'low']);
  });

  it('cancels a job that has not started and refuses to cancel a running one', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    work(
      {
        'test.work': {
          retry: quick,
          async run(p) {
            if (p.key === 'blocker') await gate;
          },
        },
      },
      { concurrency: 1 },
    );
    const running = await enqueue('test.work', { key: 'blocker' });
    await reach(running.id, 'running');
    const queued = await enqueue('test.work', { key: 'queued' }, { idempotencyKey: 'cancel-me' });
    await h.queue.cancel(queued.id);
    expect(await h.queue.getJob(queued.id)).toBeUndefined();
    await expect(h.queue.cancel(running.id)).rejects.toMatchObject({
      code: 'jobs.not_cancellable',
      status: 409,
    });
    await expect(h.queue.cancel('job_does_not_exist')).rejects.toMatchObject({
      code: 'jobs.not_found',
      status: 404,
    });
    // The cancelled job's idempotency key is free again.
    const again = await enqueue('test.work', { key: 'again' }, { idempotencyKey: 'cancel-me' });
    expect(again.deduplicated).toBe(false);
    open();
    await reach(again.id, 'succeeded');
    await reach(running.id, 'succeeded');
  });

  it('never runs more jobs at once than its concurrency', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await enqueue('test.work', { key: `job-${i}` })).id);
    let active = 0;
    let peak = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    work(
      {
        'test.work': {
          retry: quick,
          async run() {
            active++;
            peak = Math.max(peak, active);
            await gate;
            active--;
          },
        },
      },
      { concurrency: 2 },
    );
    await waitFor('two jobs running', () => active === 2);
    expect((await h.queue.counts()).running).toBe(2);
    open();
    for (const id of ids) await reach(id, 'succeeded');
    expect(peak).toBe(2);
  });

  it('keeps a job that runs longer than its lease on the same worker (heartbeats)', async () => {
    const runs: number[] = [];
    work({
      'test.work': {
        retry: quick,
        async run(_p, ctx) {
          runs.push(ctx.attempt);
          await sleep(h.leaseMs * 3);
          await ctx.heartbeat();
        },
      },
    });
    const { id } = await enqueue('test.work', { key: 'long' });
    const job = await reach(id, 'succeeded');
    expect(runs).toEqual([1]);
    expect(job.attempts).toBe(1);
  });

  it('shows the progress a running job reports', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    work({
      'test.work': {
        retry: quick,
        async run(_p, ctx) {
          await ctx.progress({ done: 1, total: 2 });
          await gate;
        },
      },
    });
    const { id } = await enqueue('test.work', { key: 'progress' });
    const running = await waitFor('progress to show', async () => {
      const job = await h.queue.getJob(id);
      return job?.progress ? job : undefined;
    });
    expect(running).toMatchObject({ state: 'running', progress: { done: 1, total: 2 } });
    open();
    await reach(id, 'succeeded');
  });

  it('lets running jobs finish when a worker stops within its deadline', async () => {
    let finished = false;
    const worker = work({
      'test.work': {
        retry: quick,
        async run() {
          await sleep(300);
          finished = true;
        },
      },
    });
    const { id } = await enqueue('test.work', { key: 'finish-me' });
    await reach(id, 'running');
    await worker.stop({ deadlineMs: 20_000 });
    expect(finished).toBe(true);
    expect(worker.active).toBe(0);
    expect((await h.queue.getJob(id))?.state).toBe('succeeded');
  });

  it('releases jobs still running at the stop deadline so another worker takes them at once', async () => {
    const reasons: unknown[] = [];
    const first = work({
      'test.work': {
        retry: quick,
        run: (_p, ctx) =>
          new Promise<void>((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => {
              reasons.push(ctx.signal.reason);
              reject(ctx.signal.reason);
            });
          }),
      },
    });
    const { id } = await enqueue('test.work', { key: 'stuck' });
    await reach(id, 'running');
    await first.stop({ deadlineMs: 50 });
    expect(reasons[0]).toBeInstanceOf(WorkerStoppingError);
    // Handed back, not failed: no lease has to expire before another worker can take it.
    expect(await h.queue.getJob(id)).toMatchObject({ state: 'queued', attempts: 1, lastError: null });
    const attempts: number[] = [];
    work({ 'test.work': { retry: quick, run: async (_p, ctx) => void attempts.push(ctx.attempt) } });
    const done = await reach(id, 'succeeded');
    expect(attempts).toEqual([2]);
    expect(done.attempts).toBe(2);
  });

  it('refuses bad input with typed errors and writes nothing', async () => {
    const invalid = { code: 'jobs.invalid_options', status: 400 };
    await expect(enqueue('test.work', { key: 'x' }, { runAt: new Date(), delayMs: 5 })).rejects.toMatchObject(
      invalid,
    );
    await expect(enqueue('test.work', { key: 'x' }, { runAt: 'next tuesday' })).rejects.toMatchObject(
      invalid,
    );
    await expect(enqueue('test.work', { key: 'x' }, { priority: 5000 })).rejects.toMatchObject(invalid);
    await expect(enqueue('test.work', { key: 'x' }, { maxAttempts: 0 })).rejects.toMatchObject(invalid);
    await expect(enqueue('test.work', { key: 10n as unknown as string })).rejects.toMatchObject({
      code: 'jobs.invalid_payload',
    });
    await expect(enqueue('test.work', { key: 'x'.repeat(300 * 1024) })).rejects.toMatchObject({
      code: 'jobs.invalid_payload',
      message: expect.stringContaining('pass its id'),
    });
    expect(await h.queue.counts()).toEqual({ queued: 0, running: 0, succeeded: 0, failed: 0, dead: 0 });
    expect(() =>
      startWorker(h.queue, { 'test.work': { retry: { ...quick, maxAttempts: 0 }, run: async () => {} } }),
    ).toThrow(expect.objectContaining({ code: 'jobs.invalid_retry_policy' }));
  });

  it('counts jobs by state and finds them only for their own tenant', async () => {
    const [a, b] = h.tenants;
    work({
      'test.work': {
        retry: { ...quick, maxAttempts: 1 },
        async run(p) {
          if (p.key === 'fail') throw new Error('no');
        },
      },
    });
    const ok = await enqueue('test.work', { key: 'ok' }, { tenantId: a });
    const fail = await enqueue('test.work', { key: 'fail' }, { tenantId: a });
    const later = await enqueue('test.work', { key: 'later' }, { tenantId: a, delayMs: hourMs });
    await reach(ok.id, 'succeeded');
    await reach(fail.id, 'dead');
    expect(await h.queue.counts()).toEqual({ queued: 1, running: 0, succeeded: 1, failed: 0, dead: 1 });
    expect((await h.queue.getJob(later.id, { tenantId: a }))?.id).toBe(later.id);
    expect(await h.queue.getJob(later.id, { tenantId: b })).toBeUndefined();
    await expect(h.queue.cancel(later.id, { tenantId: b })).rejects.toMatchObject({ code: 'jobs.not_found' });
    await h.queue.cancel(later.id, { tenantId: a });
  });

  function spawnCrashWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', crashWorkerScript], {
      env: { ...process.env, ...h.childEnv },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code, signal) => {
      if (code !== null && code !== 0) console.error(`crash worker exited with ${code}: ${stderr}`);
      else if (signal === null && stderr) console.error(stderr);
    });
    children.push(child);
    return child;
  }
  const marks = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const parentHandler: JobHandlers = {
    'test.crash': {
      retry: { maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 10, jitter: 0 },
      async run(payload, ctx) {
        appendFileSync(payload.markFile, `start ${ctx.attempt} parent\n`);
        appendFileSync(payload.markFile, `done ${ctx.attempt}\n`);
      },
    },
  };

  it('completes exactly once the job of a worker process killed mid-job (SIGKILL)', async () => {
    const markFile = path.join(scratch, 'marks');
    writeFileSync(markFile, '');
    const { id } = await enqueue('test.crash', { markFile });
    const child = spawnCrashWorker();
    await waitFor('the child worker to start the job', () => marks(markFile).includes('start 1 child'));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    work(parentHandler);
    const job = await reach(id, 'succeeded');
    expect(job.attempts).toBe(2);
    expect(marks(markFile)).toEqual(['start 1 child', 'start 2 parent', 'done 2']);
  }, 240_000);

  it('refuses the late outcome of a worker whose lease was taken over (SIGSTOP, then SIGCONT)', async () => {
    const markFile = path.join(scratch, 'marks');
    const releaseFile = path.join(scratch, 'release');
    writeFileSync(markFile, '');
    const { id } = await enqueue('test.crash', { markFile, releaseFile });
    const child = spawnCrashWorker();
    await waitFor('the child worker to start the job', () => marks(markFile).includes('start 1 child'));
    child.kill('SIGSTOP');

    work(parentHandler);
    const job = await reach(id, 'succeeded');
    writeFileSync(releaseFile, '');
    child.kill('SIGCONT');
    const final = await waitFor('the child to report its outcome', () => {
      const lines = marks(markFile);
      return lines.some((line) => line.startsWith('child lease_lost') || line.startsWith('child completed'))
        ? lines
        : undefined;
    });
    expect(final).toContain('child lease_lost 1');
    expect(final).not.toContain('child completed 1');
    expect(final.filter((line) => line.startsWith('done'))).toEqual(['done 2']);
    expect(await h.queue.getJob(id)).toMatchObject({
      state: 'succeeded',
      attempts: 2,
      finishedAt: job.finishedAt,
    });
  }, 240_000);
}
