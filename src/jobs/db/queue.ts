import { sql } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { afterCommit, type Db, type Executor } from '../../db/connect.js';
import type { JobName, JobPayload } from '../catalog.js';
import { normalizeEnqueue } from '../enqueue-input.js';
import { JobEvents } from '../events.js';
import { validateHandlers } from '../handlers.js';
import {
  defaultRetentionMs,
  type EnqueueOptions,
  type EnqueueResult,
  type JobEventListener,
  type JobHandlers,
  type JobInfo,
  type JobLookup,
  type JobQueue,
  type JobState,
  type ListDeadOptions,
  type RunningWorker,
  type WorkerOptions,
} from '../queue.js';
import { DbJobStore } from './store.js';
import { DbWorker } from './worker.js';

export interface DbQueueOptions {
  clock: Clock;
  logger: Logger;
  /** A claimed job belongs to its worker this long without a heartbeat (default 30 s). */
  leaseMs?: number;
  /** How often an idle worker looks for due jobs (default 500 ms). */
  pollMs?: number;
  /** Default worker concurrency (default 4). */
  concurrency?: number;
  /** Lease expiries a job survives before it is declared dead (default 3). */
  maxStalls?: number;
  /** How long a worker's `stop()` waits for running jobs by default (default 10 s). */
  shutdownDeadlineMs?: number;
  /** Succeeded jobs are deleted after this long (default 7 days). */
  succeededRetentionMs?: number;
  /** Dead jobs are deleted after this long (default 30 days). */
  deadRetentionMs?: number;
}

/** The default queue: jobs live in the application database (SQLite or PostgreSQL). */
export class DbJobQueue implements JobQueue {
  readonly driver = 'database' as const;
  readonly store: DbJobStore;
  readonly #events: JobEvents;
  readonly #workers = new Set<DbWorker>();
  readonly #settings: Required<Omit<DbQueueOptions, 'clock' | 'logger'>>;

  constructor(
    private readonly db: Db,
    private readonly options: DbQueueOptions,
  ) {
    this.store = new DbJobStore(db, options.clock);
    this.#events = new JobEvents(options.logger);
    this.#settings = {
      leaseMs: options.leaseMs ?? 30_000,
      pollMs: options.pollMs ?? 500,
      concurrency: options.concurrency ?? 4,
      maxStalls: options.maxStalls ?? 3,
      shutdownDeadlineMs: options.shutdownDeadlineMs ?? 10_000,
      succeededRetentionMs: options.succeededRetentionMs ?? defaultRetentionMs.succeeded,
      deadRetentionMs: options.deadRetentionMs ?? defaultRetentionMs.dead,
    };
  }

  async enqueue<N extends JobName>(
    tx: Executor,
    name: N,
    payload: JobPayload<N>,
    options: EnqueueOptions = {},
  ): Promise<EnqueueResult> {
    const job = normalizeEnqueue(this.options.clock, name, payload, options);
    const result = await this.store.insert(tx, job);
    if (!result.deduplicated) {
      afterCommit(tx, () => {
        this.#events.emit({ type: 'enqueued', name, id: result.id });
        for (const worker of this.#workers) worker.notify();
      });
    }
    return result;
  }

  getJob(id: string, lookup?: JobLookup): Promise<JobInfo | undefined> {
    return this.store.get(id, lookup);
  }

  listDead(options?: ListDeadOptions): Promise<JobInfo[]> {
    return this.store.listDead(options);
  }

  async retryDead(id: string, lookup?: JobLookup): Promise<JobInfo> {
    const job = await this.store.retryDead(id, lookup);
    for (const worker of this.#workers) worker.notify();
    return job;
  }

  cancel(id: string, lookup?: JobLookup): Promise<void> {
    return this.store.cancel(id, lookup);
  }

  counts(): Promise<Record<JobState, number>> {
    return this.store.counts();
  }

  work(handlers: JobHandlers, options: WorkerOptions = {}): RunningWorker {
    validateHandlers(handlers);
    const worker = new DbWorker(
      this.store,
      handlers,
      {
        ...this.#settings,
        concurrency: options.concurrency ?? this.#settings.concurrency,
        shutdownDeadlineMs: options.shutdownDeadlineMs ?? this.#settings.shutdownDeadlineMs,
      },
      this.options.clock,
      this.#events,
      (options.logger ?? this.options.logger).child({ component: 'job-worker' }),
      (stopped) => this.#workers.delete(stopped),
    );
    this.#workers.add(worker);
    worker.start();
    return worker;
  }

  onEvent(listener: JobEventListener): () => void {
    return this.#events.on(listener);
  }

  async ping(): Promise<void> {
    await sql`SELECT 1`.execute(this.db.kysely);
  }

  /** Stops workers still running on this queue (with their default deadline). The database stays open. */
  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((worker) => worker.stop()));
  }
}
