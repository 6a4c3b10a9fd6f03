import type { Logger } from '../core/logger.js';
import type { Executor } from '../db/connect.js';
import type { JobName, JobPayload, JsonValue } from './catalog.js';
import type { RetryPolicy } from './retry.js';

/**
 * The queue port. Two drivers implement it and pass one contract suite (queue.contract.ts): the
 * database-backed queue (default, SQLite or PostgreSQL) and BullMQ (when REDIS_URL is set).
 *
 * Delivery is at least once: a job whose worker dies mid-run is run again, so handlers must be
 * idempotent (check whether their effect already happened, use upserts). A worker whose lease was taken
 * over cannot record an outcome.
 */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'dead';

export const jobStates: readonly JobState[] = ['queued', 'running', 'succeeded', 'failed', 'dead'];

export interface EnqueueOptions {
  /** Earliest start. Give this or `delayMs`, not both. */
  runAt?: Date | string;
  /** Start no sooner than this many milliseconds from now. */
  delayMs?: number;
  /**
   * A second enqueue with the same key (within the same tenant, or among system jobs) returns the
   * existing job instead of adding one, for as long as that job is kept.
   */
  idempotencyKey?: string;
  /** -1000..1000, default 0. Higher runs first among due jobs. */
  priority?: number;
  /** Overrides the handler's `retry.maxAttempts` for this job. */
  maxAttempts?: number;
  /**
   * The tenant the job works for. Inside `db.tenant(id, …)` it must be that tenant (PostgreSQL's
   * row-level security refuses anything else); leave it out for system jobs, enqueued in `db.system()`.
   */
  tenantId?: string;
}

export interface EnqueueResult {
  id: string;
  /** True when an existing job with the same idempotency key was returned and nothing was added. */
  deduplicated: boolean;
}

/** Progress a handler reports: a number (e.g. percent) or a small JSON object. */
export type JobProgress = number | { [key: string]: JsonValue };

/** What operators see of a job. */
export interface JobInfo {
  id: string;
  name: string;
  tenantId: string | null;
  state: JobState;
  /** Attempts started so far (one lost to a crashed or stopped worker counts). */
  attempts: number;
  /** The job's own limit, when it overrides the handler's policy. */
  maxAttempts: number | null;
  priority: number;
  payload: unknown;
  idempotencyKey: string | null;
  /** Earliest time of the next start (for queued and failed jobs). */
  runAt: string;
  lastError: string | null;
  progress: JobProgress | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface JobLookup {
  /** Only return the job if it belongs to this tenant (for tenant-facing operations). */
  tenantId?: string;
}

export interface ListDeadOptions {
  name?: string;
  tenantId?: string;
  /** At most this many, newest first (default 50, at most 500). */
  limit?: number;
}

/** The `limit` of a dead-job listing as both drivers apply it: default 50, clamped to 1..500. */
export function deadListLimit(options: ListDeadOptions): number {
  return Math.min(Math.max(options.limit ?? 50, 1), 500);
}

const day = 86_400_000;

/** How long both drivers keep finished jobs unless configured otherwise. */
export const defaultRetentionMs = { succeeded: 7 * day, dead: 30 * day } as const;

/** What a handler gets besides its payload. */
export interface JobContext {
  readonly id: string;
  readonly name: JobName;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The limit that applies to this job (its own or the handler's). */
  readonly maxAttempts: number;
  readonly tenantId: string | null;
  /**
   * Aborted when the worker lost the job's lease (another worker took it over) or when a stopping
   * worker's deadline passed and it handed the job back. Long work should check it and stop.
   */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /**
   * Extends the lease now. The worker already does this in the background while the handler runs; call
   * it to find out early that the lease is gone (it then throws `LeaseLostError`).
   */
  heartbeat(): Promise<void>;
  /** Records progress on the job, visible through `getJob`. */
  progress(value: JobProgress): Promise<void>;
}

/** One job type's handler and its explicit retry policy. */
export interface JobHandler<N extends JobName = JobName> {
  retry: RetryPolicy;
  /**
   * Does the work. Throwing retries the job (with backoff) until its attempts run out, then it is dead;
   * throwing a `PermanentJobError` or an `AppError` with a 4xx status makes it dead at once.
   */
  run(payload: JobPayload<N>, ctx: JobContext): Promise<void>;
}

/** Handlers by job name. A worker only takes jobs it has a handler for. */
export type JobHandlers = { [N in JobName]?: JobHandler<N> };

export interface WorkerOptions {
  /** Jobs run at once by this worker (default: the queue's configured concurrency). */
  concurrency?: number;
  /** How long `stop()` waits for running jobs by default (default 10 s). */
  shutdownDeadlineMs?: number;
  logger?: Logger;
}

export interface StopOptions {
  /** Wait this long for running jobs, then hand the rest back to the queue. */
  deadlineMs?: number;
}

export interface RunningWorker {
  readonly id: string;
  /** Jobs running right now. */
  readonly active: number;
  /**
   * Stops taking work, waits for running jobs up to the deadline, then releases the ones still running so
   * another worker picks them up at once (their signals abort), and closes the worker's connections.
   */
  stop(options?: StopOptions): Promise<void>;
}

/** What a queue reports as it works; metrics (metrics.ts) and logs listen to these. */
export type JobEvent =
  | { type: 'enqueued'; name: string; id: string }
  | { type: 'started'; name: string; id: string; attempt: number }
  | { type: 'completed'; name: string; id: string; attempt: number; durationMs: number }
  | {
      type: 'failed';
      name: string;
      id: string;
      attempt: number;
      durationMs: number;
      error: string;
      dead: boolean;
    }
  | { type: 'lease_lost'; name: string; id: string; attempt: number }
  | { type: 'released'; name: string; id: string; attempt: number }
  | { type: 'stalled'; name: string; id: string; dead: boolean };

export type JobEventListener = (event: JobEvent) => void;

export interface JobQueue {
  readonly driver: 'database' | 'bullmq';
  /**
   * Adds a job inside the caller's transaction (from `db.tenant()` or `db.system()`): it exists, and runs,
   * only if that transaction commits. Validation errors throw `jobs.invalid_payload` /
   * `jobs.invalid_options` and write nothing.
   */
  enqueue<N extends JobName>(
    tx: Executor,
    name: N,
    payload: JobPayload<N>,
    options?: EnqueueOptions,
  ): Promise<EnqueueResult>;
  getJob(id: string, lookup?: JobLookup): Promise<JobInfo | undefined>;
  listDead(options?: ListDeadOptions): Promise<JobInfo[]>;
  /** Puts a dead job back in the queue with fresh attempts. Throws `jobs.not_found` / `jobs.not_dead`. */
  retryDead(id: string, lookup?: JobLookup): Promise<JobInfo>;
  /**
   * Removes a job that has not started (queued, or failed and waiting for its retry), freeing its
   * idempotency key. Throws `jobs.not_found` / `jobs.not_cancellable` (running or finished).
   */
  cancel(id: string, lookup?: JobLookup): Promise<void>;
  /** Jobs per state (the BullMQ driver counts jobs waiting for a retry as queued). */
  counts(): Promise<Record<JobState, number>>;
  /** Starts a worker on this queue; `startWorker()` is the usual way in. */
  work(handlers: JobHandlers, options?: WorkerOptions): RunningWorker;
  /** Subscribes to events of this process's enqueues and workers; returns the unsubscribe function. */
  onEvent(listener: JobEventListener): () => void;
  /** Checks the queue's backing store answers (for /ready). */
  ping(): Promise<void>;
  /** Stops background timers and closes connections the queue opened (not the database). */
  close(): Promise<void>;
}

/** Starts a worker that runs `handlers` with bounded concurrency. */
export function startWorker(
  queue: JobQueue,
  handlers: JobHandlers,
  options: WorkerOptions = {},
): RunningWorker {
  return queue.work(handlers, options);
}
