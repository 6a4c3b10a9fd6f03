/**
 * A worker process for the crash tests: `node --import tsx src/jobs/test-support/crash-worker.ts`. It runs
 * `test.crash` jobs whose handler writes "start <attempt> child" to the job's mark file and then either
 * hangs forever (the test SIGKILLs it) or waits for the release file (the test SIGSTOPs it, lets another
 * worker take the job over, then SIGCONTs it to show its late outcome is refused).
 *
 * Environment: CRASH_DATABASE_URL, CRASH_REDIS_URL (optional), CRASH_PREFIX, CRASH_LEASE_MS.
 */
import { appendFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/load.js';
import { sleep, systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { openDatabase } from '../../db/connect.js';
import { createQueue } from '../create.js';
import { startWorker } from '../queue.js';
import './jobs.js';

const env = process.env;
const config = loadConfig({
  env: {
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'dify-agent-crash-')),
    DATABASE_URL: env.CRASH_DATABASE_URL,
    LOG_LEVEL: 'silent',
    ...(env.CRASH_REDIS_URL ? { REDIS_URL: env.CRASH_REDIS_URL } : {}),
  },
});
const db = await openDatabase(config.database);
const queue = createQueue(config, db, silentLogger, systemClock, {
  leaseMs: Number(env.CRASH_LEASE_MS ?? 1000),
  pollMs: 50,
  ...(env.CRASH_PREFIX ? { prefix: env.CRASH_PREFIX } : {}),
});

let markFile: string | undefined;
queue.onEvent((event) => {
  if (markFile && (event.type === 'completed' || event.type === 'lease_lost')) {
    appendFileSync(markFile, `child ${event.type} ${event.attempt}\n`);
  }
});

startWorker(
  queue,
  {
    'test.crash': {
      retry: { maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 10, jitter: 0 },
      async run(payload, ctx) {
        markFile = payload.markFile;
        appendFileSync(payload.markFile, `start ${ctx.attempt} child\n`);
        if (!payload.releaseFile) await new Promise(() => {});
        while (payload.releaseFile && !existsSync(payload.releaseFile)) await sleep(20);
        appendFileSync(payload.markFile, `child handler returned ${ctx.attempt}\n`);
      },
    },
  },
  { concurrency: 1 },
);
process.stdout.write('ready\n');
