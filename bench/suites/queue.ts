/**
 * Job queue throughput: jobs/s for enqueue alone (one transaction per job, as a request handler does),
 * for draining a backlog with a worker, and for enqueue+complete with the worker running while a
 * producer enqueues. Handlers do nothing, so this measures the queue's own cost.
 *   npm run bench -- queue [--jobs 1000] [--runs 3] [--concurrency 8] [--postgres postgres://…] [--redis redis://…]
 * Each figure is the median of the runs, with the range beside it.
 * PostgreSQL runs when --postgres or TEST_POSTGRES_URL is given; BullMQ when Redis answers (--redis,
 * TEST_REDIS_URL or redis://127.0.0.1:6379), with its outbox in SQLite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/load.js';
import { systemClock } from '../../src/core/clock.js';
import { newId } from '../../src/core/ids.js';
import { silentLogger } from '../../src/core/logger.js';
import { createRedis } from '../../src/core/redis.js';
import { type Db, openDatabase } from '../../src/db/connect.js';
import { BullmqJobQueue } from '../../src/jobs/bullmq/queue.js';
import { DbJobQueue } from '../../src/jobs/db/queue.js';
import { type JobQueue, startWorker } from '../../src/jobs/queue.js';
import type { BenchArgs } from '../run.js';

declare module '../../src/jobs/catalog.js' {
  interface JobCatalog {
    'bench.noop': { n: number };
  }
}

interface RunResult {
  enqueuePerSec: number;
  drainPerSec: number;
  enqueueAndCompletePerSec: number;
}

interface Figure {
  median: number;
  min: number;
  max: number;
}

interface DriverResult {
  driver: string;
  enqueuePerSec: Figure;
  drainPerSec: Figure;
  enqueueAndCompletePerSec: Figure;
}

const log = (message: string) => process.stderr.write(`${message}\n`);
const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);

function figure(values: number[]): Figure {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor(sorted.length / 2)] ?? 0,
    min: sorted[0] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

async function measure(
  driver: string,
  db: Db,
  queue: JobQueue,
  jobs: number,
  concurrency: number,
  runs: number,
): Promise<DriverResult> {
  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run++) {
    log(`${driver}: run ${run} of ${runs}`);
    results.push(await measureOnce(driver, db, queue, jobs, concurrency));
  }
  return {
    driver,
    enqueuePerSec: figure(results.map((r) => r.enqueuePerSec)),
    drainPerSec: figure(results.map((r) => r.drainPerSec)),
    enqueueAndCompletePerSec: figure(results.map((r) => r.enqueueAndCompletePerSec)),
  };
}

async function measureOnce(
  driver: string,
  db: Db,
  queue: JobQueue,
  jobs: number,
  concurrency: number,
): Promise<RunResult> {
  let completed = 0;
  let waiting: { target: number; resolve: () => void } | undefined;
  const unsubscribe = queue.onEvent((event) => {
    if (event.type !== 'completed') return;
    completed++;
    if (waiting && completed >= waiting.target) waiting.resolve();
  });
  const completedReach = (target: number) =>
    completed >= target
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waiting = { target, resolve };
        });
  const enqueueAll = async () => {
    for (let n = 0; n < jobs; n++) await db.system((tx) => queue.enqueue(tx, 'bench.noop', { n }));
  };
  const handlers = {
    'bench.noop': {
      retry: { maxAttempts: 3, backoffBaseMs: 10, backoffMaxMs: 10, jitter: 0 },
      run: async () => {},
    },
  };

  // Warm-up: connections, prepared statements, JIT.
  const warm = startWorker(queue, handlers, { concurrency });
  for (let n = 0; n < 50; n++) await db.system((tx) => queue.enqueue(tx, 'bench.noop', { n }));
  await completedReach(50);
  await warm.stop();

  log(`${driver}: enqueue ${jobs}`);
  let started = performance.now();
  await enqueueAll();
  const enqueueMs = performance.now() - started;

  log(`${driver}: drain ${jobs}`);
  started = performance.now();
  const drainWorker = startWorker(queue, handlers, { concurrency });
  await completedReach(50 + jobs);
  const drainMs = performance.now() - started;
  await drainWorker.stop();

  log(`${driver}: enqueue+complete ${jobs}`);
  const worker = startWorker(queue, handlers, { concurrency });
  started = performance.now();
  await enqueueAll();
  await completedReach(50 + 2 * jobs);
  const bothMs = performance.now() - started;
  await worker.stop();
  unsubscribe();

  return {
    enqueuePerSec: rate(jobs, enqueueMs),
    drainPerSec: rate(jobs, drainMs),
    enqueueAndCompletePerSec: rate(jobs, bothMs),
  };
}

async function redisAnswers(url: string): Promise<boolean> {
  const client = createRedis(url, { maxRetriesPerRequest: 0, lazyConnect: true });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export default async function queueBench(args: BenchArgs) {
  const jobs = Number(args.jobs ?? 1000);
  const runs = Number(args.runs ?? 3);
  const concurrency = Number(args.concurrency ?? 8);
  const results: DriverResult[] = [];
  const skipped: string[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-queue-'));

  const open = async (url: string) => {
    const config = loadConfig({
      env: { DATA_DIR: dataDir, DATABASE_URL: url, LOG_LEVEL: 'silent' },
      cwd: dataDir,
    });
    return openDatabase(config.database);
  };

  try {
    const sqlite = await open(`sqlite:${path.join(dataDir, 'queue.db')}`);
    const sqliteQueue = new DbJobQueue(sqlite, { clock: systemClock, logger: silentLogger });
    results.push(await measure('database (SQLite)', sqlite, sqliteQueue, jobs, concurrency, runs));
    await sqliteQueue.close();

    const pgBase = typeof args.postgres === 'string' ? args.postgres : process.env.TEST_POSTGRES_URL;
    if (pgBase) {
      const name = `da_bench_queue_${Date.now()}`;
      const admin = new pg.Client({ connectionString: pgBase });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const u = new URL(pgBase);
      u.pathname = `/${name}`;
      const pgDb = await open(u.toString());
      try {
        const pgQueue = new DbJobQueue(pgDb, { clock: systemClock, logger: silentLogger });
        results.push(await measure('database (PostgreSQL)', pgDb, pgQueue, jobs, concurrency, runs));
        await pgQueue.close();
      } finally {
        await pgDb.close();
        const dropper = new pg.Client({ connectionString: pgBase });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await dropper.end();
      }
    } else skipped.push('database (PostgreSQL): no --postgres URL and TEST_POSTGRES_URL is not set');

    const redisUrl =
      (typeof args.redis === 'string' ? args.redis : undefined) ??
      process.env.TEST_REDIS_URL ??
      'redis://127.0.0.1:6379';
    if (await redisAnswers(redisUrl)) {
      const bull = new BullmqJobQueue(sqlite, {
        redisUrl,
        prefix: `dify-agent-bench:${newId()}`,
        clock: systemClock,
        logger: silentLogger,
      });
      try {
        results.push(await measure('BullMQ (outbox in SQLite)', sqlite, bull, jobs, concurrency, runs));
      } finally {
        await bull.obliterate().catch(() => {});
        await bull.close();
      }
    } else skipped.push(`BullMQ: Redis at ${redisUrl} does not answer`);
    await sqlite.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { jobs, runs, concurrency, handler: 'no-op', results, skipped };
}
