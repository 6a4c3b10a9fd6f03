import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialect } from '../../test/support/db.js';
import { ManualClock, systemClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { DbJobQueue } from './db/queue.js';
import { createLeaderLock } from './leader/create.js';
import type { LeaderLock } from './leader/lock.js';
import { PgAdvisoryLock } from './leader/pg-advisory.js';
import { TableLeaseLock } from './leader/table-lease.js';
import { defineSchedule } from './schedule.js';
import { startScheduler } from './scheduler.js';
import { waitFor } from './test-support/jobs.js';
import { runLeadershipTests } from './test-support/leadership.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.cleanup();
});
beforeEach(async () => {
  await t.db.system(async (tx) => {
    await tx.deleteFrom('jobs').execute();
    await tx.deleteFrom('locks').execute();
  });
});

describe(`leader locks (${testDialect})`, () => {
  it('lets one table lease holder lead until it releases or its lease expires', async () => {
    const clock = new ManualClock('2026-03-01T00:00:00.000Z');
    const a = new TableLeaseLock(t.db, 'scheduler', 'a', 1000, clock, silentLogger);
    const b = new TableLeaseLock(t.db, 'scheduler', 'b', 1000, clock, silentLogger);
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
    clock.advance(900);
    expect(await a.hold()).toBe(true); // renewed: good for another 1000 ms
    clock.advance(900);
    expect(await b.hold()).toBe(false);
    await a.release();
    expect(await b.hold()).toBe(true);
    expect(await a.hold()).toBe(false);
    clock.advance(1000); // b crashed: its lease runs out
    expect(await a.hold()).toBe(true);
    expect(await b.hold()).toBe(false);
  });

  it(`hands the configured lock (${testDialect === 'postgres' ? 'advisory lock' : 'table lease'}) over on release`, async () => {
    const a = createLeaderLock('handover', t.config, t.db, systemClock, silentLogger);
    const b = createLeaderLock('handover', t.config, t.db, systemClock, silentLogger);
    try {
      expect(a.kind).toBe(testDialect === 'postgres' ? 'postgres-advisory' : 'table-lease');
      expect(await a.hold()).toBe(true);
      expect(await a.hold()).toBe(true);
      expect(await b.hold()).toBe(false);
      await a.release();
      expect(await b.hold()).toBe(true);
      expect(await a.hold()).toBe(false);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it.runIf(testDialect === 'postgres')(
    'frees the advisory lock when the holder’s connection dies',
    async () => {
      const a = new PgAdvisoryLock(t.url, 'killed', silentLogger);
      const b = new PgAdvisoryLock(t.url, 'killed', silentLogger);
      try {
        expect(await a.hold()).toBe(true);
        expect(await b.hold()).toBe(false);
        // As if the holder's process died: its session ends (the app role may not do this, a superuser may).
        const admin = new pg.Client({ connectionString: t.url });
        await admin.connect();
        await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_locks
          WHERE locktype = 'advisory' AND objid = hashtext('killed')::oid AND granted`);
        await admin.end();
        await waitFor('the lock to pass to the other session', () => b.hold());
        expect(await a.hold()).toBe(false);
      } finally {
        await a.close();
        await b.close();
      }
    },
  );
});

describe(`scheduler (${testDialect})`, () => {
  const every = defineSchedule({
    name: 'every-minute',
    job: 'test.work',
    everyMs: 60_000,
    payload: (slot) => ({ key: slot.toISOString() }),
  });
  const alwaysLeader: LeaderLock = {
    kind: 'table-lease',
    hold: async () => true,
    release: async () => {},
    close: async () => {},
  };
  const scheduledJobs = () =>
    t.db.system((tx) =>
      tx.selectFrom('jobs').select(['idempotency_key', 'payload', 'run_at']).orderBy('run_at').execute(),
    );

  it('enqueues each slot once even when two leaders overlap', async () => {
    const clock = new ManualClock('2026-03-01T10:00:05.000Z');
    const queue = new DbJobQueue(t.db, { clock, logger: silentLogger });
    const deps = { config: t.config, db: t.db, queue, logger: silentLogger, clock };
    // Two instances that both believe they lead, as after a lease lapsed mid-tick.
    const a = startScheduler(deps, [every], { lock: alwaysLeader, tickMs: 3_600_000 });
    const b = startScheduler(deps, [every], { lock: alwaysLeader, tickMs: 3_600_000 });
    try {
      await Promise.all([a.tick(), b.tick()]);
      clock.advance(60_000);
      await Promise.all([a.tick(), b.tick(), a.tick()]);
      const jobs = await scheduledJobs();
      expect(jobs.map((j) => j.idempotency_key)).toEqual([
        'schedule:every-minute:2026-03-01T10:00:00.000Z',
        'schedule:every-minute:2026-03-01T10:01:00.000Z',
      ]);
      expect(JSON.parse(jobs[1]?.payload ?? '')).toEqual({ key: '2026-03-01T10:01:00.000Z' });
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('skips a slot missed by more than the grace period instead of replaying it', async () => {
    const clock = new ManualClock('2026-03-01T10:00:59.000Z');
    const queue = new DbJobQueue(t.db, { clock, logger: silentLogger });
    const s = startScheduler({ config: t.config, db: t.db, queue, logger: silentLogger, clock }, [every], {
      lock: alwaysLeader,
      tickMs: 3_600_000,
      misfireGraceMs: 30_000,
    });
    try {
      await s.tick();
      expect(await scheduledJobs()).toEqual([]);
      clock.advance(1000);
      await s.tick();
      expect((await scheduledJobs()).map((j) => j.run_at)).toEqual(['2026-03-01T10:01:00.000Z']);
    } finally {
      await s.stop();
    }
  });

  runLeadershipTests(async () => ({
    config: t.config,
    db: t.db,
    childEnv: { SCHED_DATABASE_URL: t.url, SCHED_TTL_MS: '1000' },
    options: { lockTtlMs: 1000 },
  }));
});
