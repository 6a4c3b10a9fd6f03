/**
 * A scheduler process for the leadership tests: `node --import tsx src/jobs/test-support/scheduler-process.ts`.
 * It schedules `test.work` every 200 ms and appends "leader <pid>" to SCHED_MARK when it becomes the
 * leader. The lock is the one its configuration implies (Redis when SCHED_REDIS_URL is set).
 *
 * Environment: SCHED_DATABASE_URL, SCHED_REDIS_URL (optional), SCHED_PREFIX, SCHED_TTL_MS, SCHED_MARK.
 */
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { openDatabase } from '../../db/connect.js';
import { DbJobQueue } from '../db/queue.js';
import { defineSchedule } from '../schedule.js';
import { startScheduler } from '../scheduler.js';
import './jobs.js';

const env = process.env;
const config = loadConfig({
  env: {
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dify-agent-sched-')),
    DATABASE_URL: env.SCHED_DATABASE_URL,
    LOG_LEVEL: 'silent',
    ...(env.SCHED_REDIS_URL ? { REDIS_URL: env.SCHED_REDIS_URL } : {}),
  },
});
const db = await openDatabase(config.database);
const queue = new DbJobQueue(db, { clock: systemClock, logger: silentLogger });
const scheduler = startScheduler(
  { config, db, queue, logger: silentLogger },
  [
    defineSchedule({
      name: 'tick',
      job: 'test.work',
      everyMs: 200,
      payload: (slot) => ({ key: slot.toISOString() }),
    }),
  ],
  {
    tickMs: 50,
    lockTtlMs: Number(env.SCHED_TTL_MS ?? 1000),
    ...(env.SCHED_PREFIX ? { prefix: env.SCHED_PREFIX } : {}),
  },
);
let announced = false;
setInterval(() => {
  if (scheduler.isLeader() && !announced) {
    announced = true;
    appendFileSync(env.SCHED_MARK ?? '/dev/null', `leader ${process.pid}\n`);
  }
}, 20);
