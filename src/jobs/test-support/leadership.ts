/**
 * Leadership tests shared by every leader-lock kind: two schedulers, only one leads; stopping or killing
 * (SIGKILL, in a child process) the leader hands leadership to the other. Call inside a `describe`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import type { Config } from '../../config/load.js';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import type { Db } from '../../db/connect.js';
import { DbJobQueue } from '../db/queue.js';
import { defineSchedule } from '../schedule.js';
import { type RunningScheduler, type SchedulerOptions, startScheduler } from '../scheduler.js';
import { waitFor } from './jobs.js';

export interface LeadershipSetup {
  config: Config;
  db: Db;
  /** What the scheduler child process needs to contend for the same lock. */
  childEnv: Record<string, string>;
  options: SchedulerOptions;
}

const processScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scheduler-process.ts');

export function runLeadershipTests(setup: () => Promise<LeadershipSetup>): void {
  const running: RunningScheduler[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all(running.splice(0).map((s) => s.stop()));
  });

  const tick = defineSchedule({
    name: 'tick',
    job: 'test.work',
    everyMs: 200,
    payload: (slot) => ({ key: slot.toISOString() }),
  });
  const slotKeys = (db: Db) =>
    db
      .system((tx) =>
        tx
          .selectFrom('jobs')
          .select('idempotency_key')
          .where('idempotency_key', 'like', 'schedule:tick:%')
          .execute(),
      )
      .then((rows) => rows.map((r) => r.idempotency_key ?? ''));

  it('lets only one of two schedulers lead, and hands over when the leader stops', async () => {
    const s = await setup();
    const deps = { config: s.config, db: s.db, queue: dbQueue(s.db), logger: silentLogger };
    const first = startScheduler(deps, [tick], { ...s.options, tickMs: 50 });
    running.push(first);
    await waitFor('the first scheduler to lead', () => first.isLeader());
    const second = startScheduler(deps, [tick], { ...s.options, tickMs: 50 });
    running.push(second);
    for (let i = 0; i < 5; i++) {
      await second.tick();
      expect(second.isLeader()).toBe(false);
      expect(first.isLeader()).toBe(true);
    }
    const before = await waitFor('the leader to enqueue slots', async () => {
      const keys = await slotKeys(s.db);
      return keys.length >= 2 ? keys : undefined;
    });
    await first.stop();
    await waitFor('the second scheduler to take over', () => second.isLeader());
    await waitFor('the new leader to enqueue a new slot', async () => {
      const keys = await slotKeys(s.db);
      return keys.some((key) => !before.includes(key));
    });
    const keys = await slotKeys(s.db);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('hands leadership over when the leader process is killed (SIGKILL)', async () => {
    const s = await setup();
    const dir = mkdtempSync(path.join(tmpdir(), 'dify-agent-sched-test-'));
    const mark = path.join(dir, 'mark');
    writeFileSync(mark, '');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', processScript], {
        env: { ...process.env, ...s.childEnv, SCHED_MARK: mark },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      await waitFor(
        'the child scheduler to lead',
        () => readFileSync(mark, 'utf8').includes('leader'),
        25_000,
      );
      const survivor = startScheduler(
        { config: s.config, db: s.db, queue: dbQueue(s.db), logger: silentLogger },
        [tick],
        { ...s.options, tickMs: 50 },
      );
      running.push(survivor);
      await survivor.tick();
      expect(survivor.isLeader()).toBe(false);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      await waitFor('the surviving scheduler to take over', () => survivor.isLeader());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
}

/** Schedulers only enqueue here; no worker runs, so the scheduled jobs stay visible. */
function dbQueue(db: Db): DbJobQueue {
  return new DbJobQueue(db, { clock: systemClock, logger: silentLogger });
}
