import { type Job, Queue } from 'bullmq';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/logger.js';
import { closeRedis, createRedis, isRedisDown, type Redis, redisUnavailable } from '../../core/redis.js';
import { afterCommit, type Db, type Executor } from '../../db/connect.js';
import { readJson } from '../../db/dialect.js';
import type { JobName, JobPayload } from '../catalog.js';
import { withDeadline } from '../deadline.js';
import { normalizeEnqueue } from '../enqueue-input.js';
import { jobNotCancellable, jobNotDead, jobNotFound } from '../errors.js';
import { JobEvents } from '../events.js';
import { validateHandlers } from '../handlers.js';
import {
  deadListLimit,
  defaultRetentionMs,
  type EnqueueOptions,
  type EnqueueResult,
  type JobEventListener,
  type JobHandlers,
  type JobInfo,
  type JobLookup,
  type JobProgress,
  type JobQueue,
  type JobState,
  type ListDeadOptions,
  type RunningWorker,
  type WorkerOptions,
} from '../queue.js';
import { type BullJobData, fromBullPriority, OutboxRelay } from './outbox-relay.js';
import { type OutboxRow, OutboxStore } from './outbox-store.js';
import { BullmqWorker } from './worker.js';

export interface BullmqQueueOptions {
  redisUrl: string;
  clock: Clock;
  logger: Logger;
  /** Redis key prefix; separate deployments (and test runs) sharing a Redis use different ones. */
  prefix?: string;
  /** BullMQ queue name (default `jobs`). */
  queueName?: string;
  /** BullMQ lock duration: how long a job stays claimed without renewal (default 30 s). */
  leaseMs?: number;
  concurrency?: number;
  /** Lock expiries a job survives before it is declared dead (default 3). */
  maxStalls?: number;
  shutdownDeadlineMs?: number;
  /** How often the outbox is swept for rows left unpublished (default 5 s). */
  relaySweepMs?: number;
  succeededRetentionMs?: number;
  deadRetentionMs?: number;
}

/** How long an enqueueing transaction's after-commit hook waits for Redis before leaving it to the sweep. */
const publishWaitMs = 2000;

/**
 * The queue on BullMQ (REDIS_URL set). Enqueue writes an outbox row in the caller's transaction; after
 * commit the row is published to BullMQ with the row id as job id. Workers may run on many machines.
 */
export class BullmqJobQueue implements JobQueue {
  readonly driver = 'bullmq' as const;
  readonly outbox: OutboxStore;
  readonly #connection: Redis;
  readonly #queue: Queue;
  readonly #relay: OutboxRelay;
  readonly #events: JobEvents;
  readonly #workers = new Set<BullmqWorker>();
  /** Ids enqueued per transaction, published together by one after-commit hook. */
  readonly #pendingByTx = new WeakMap<object, Array<{ id: string; name: string }>>();
  readonly #settings: {
    prefix: string;
    queueName: string;
    leaseMs: number;
    concurrency: number;
    maxStalls: number;
    shutdownDeadlineMs: number;
  };

  constructor(
    db: Db,
    private readonly options: BullmqQueueOptions,
  ) {
    this.#settings = {
      prefix: options.prefix ?? 'dify-agent',
      queueName: options.queueName ?? 'jobs',
      leaseMs: options.leaseMs ?? 30_000,
      concurrency: options.concurrency ?? 4,
      maxStalls: options.maxStalls ?? 3,
      shutdownDeadlineMs: options.shutdownDeadlineMs ?? 10_000,
    };
    this.#events = new JobEvents(options.logger);
    this.outbox = new OutboxStore(db, options.clock);
    // Serves requests (job status, cancel, the publish after commit): fail fast while Redis is away.
    this.#connection = createRedis(options.redisUrl, {
      connectionName: 'dify-agent:queue',
      logger: options.logger,
      failFast: true,
    });
    this.#queue = new Queue(this.#settings.queueName, {
      connection: this.#connection,
      prefix: this.#settings.prefix,
    });
    this.#queue.on('error', (error) => options.logger.warn({ err: error.message }, 'BullMQ queue error'));
    this.#relay = new OutboxRelay(this.outbox, this.#queue, options.clock, options.logger, {
      sweepMs: options.relaySweepMs ?? 5000,
      succeededRetentionMs: options.succeededRetentionMs ?? defaultRetentionMs.succeeded,
      deadRetentionMs: options.deadRetentionMs ?? defaultRetentionMs.dead,
    });
    this.#relay.start();
  }

  async enqueue<N extends JobName>(
    tx: Executor,
    name: N,
    payload: JobPayload<N>,
    options: EnqueueOptions = {},
  ): Promise<EnqueueResult> {
    const job = normalizeEnqueue(this.options.clock, name, payload, options);
    const result = await this.outbox.insert(tx, job);
    if (result.deduplicated) return result;
    const pending = this.#pendingByTx.get(tx);
    if (pending) {
      pending.push({ id: result.id, name });
    } else {
      const jobs = [{ id: result.id, name }];
      this.#pendingByTx.set(tx, jobs);
      afterCommit(tx, () => {
        this.#pendingByTx.delete(tx);
        return this.#afterCommit(jobs);
      });
    }
    return result;
  }

  /** A 503 at once when Redis is not connected, rather than a call that waits for it. */
  #requireRedis(): void {
    if (isRedisDown(this.#connection)) throw redisUnavailable();
  }

  async #afterCommit(jobs: Array<{ id: string; name: string }>): Promise<void> {
    for (const job of jobs) this.#events.emit({ type: 'enqueued', name: job.name, id: job.id });
    // The rows are in the outbox: with Redis away the sweep publishes them once it is back.
    if (isRedisDown(this.#connection)) return;
    const ids = jobs.map((job) => job.id);
    // Wait briefly so the job is in Redis when the caller's transaction call returns; if Redis is slow
    // or down, the sweep publishes it later and the caller is not held up.
    let timer: NodeJS.Timeout | undefined;
    const publishing = this.#relay.publishIds(ids).catch((error: unknown) => {
      this.options.logger.warn(
        { err: error, ids },
        'publishing jobs to Redis failed; the outbox sweep retries',
      );
    });
    await Promise.race([publishing, new Promise((resolve) => (timer = setTimeout(resolve, publishWaitMs)))]);
    clearTimeout(timer);
  }

  async getJob(id: string, lookup: JobLookup = {}): Promise<JobInfo | undefined> {
    if (isRedisDown(this.#connection)) {
      // A job still in the outbox is known without Redis; any other needs it.
      const row = await this.outbox.get(id, lookup);
      if (row && row.published_at === null) return outboxInfo(row);
      throw redisUnavailable();
    }
    // State first, then the job's fields: a finished state never changes back on its own, so the fields
    // read after it are at least as new (read the other way round, a job that just failed could show
    // its failed state with the fields of its running attempt).
    const state = await this.#queue.getJobState(id);
    const job = state === 'unknown' ? undefined : await this.#queue.getJob(id);
    if (job) {
      const info = await this.#toInfo(job, state);
      if (lookup.tenantId !== undefined && info.tenantId !== lookup.tenantId) return undefined;
      return info;
    }
    const row = await this.outbox.get(id, lookup);
    return row && row.published_at === null ? outboxInfo(row) : undefined;
  }

  async listDead(options: ListDeadOptions = {}): Promise<JobInfo[]> {
    this.#requireRedis();
    const limit = deadListLimit(options);
    const out: JobInfo[] = [];
    const page = 200;
    // BullMQ keeps no index by name or tenant: filter while paging, newest first, within a bound.
    for (let start = 0; out.length < limit && start < 10_000; start += page) {
      const jobs = await this.#queue.getFailed(start, start + page - 1);
      for (const job of jobs) {
        const data = job.data as BullJobData;
        if (options.name !== undefined && job.name !== options.name) continue;
        if (options.tenantId !== undefined && data.tenantId !== options.tenantId) continue;
        const info = this.#info(job, 'failed', null);
        out.push(info);
        if (out.length >= limit) break;
      }
      if (jobs.length < page) break;
    }
    return out;
  }

  async retryDead(id: string, lookup: JobLookup = {}): Promise<JobInfo> {
    this.#requireRedis();
    const job = await this.#queue.getJob(id);
    const data = job?.data as BullJobData | undefined;
    if (!job || (lookup.tenantId !== undefined && data?.tenantId !== lookup.tenantId)) throw jobNotFound(id);
    const state = await job.getState();
    if (state !== 'failed') {
      throw jobNotDead(id, mapState(job, state));
    }
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    const info = await this.getJob(id);
    if (!info) throw jobNotFound(id);
    return info;
  }

  async cancel(id: string, lookup: JobLookup = {}): Promise<void> {
    this.#requireRedis();
    const job = await this.#queue.getJob(id);
    if (job) {
      const data = job.data as BullJobData;
      if (lookup.tenantId !== undefined && data.tenantId !== lookup.tenantId) throw jobNotFound(id);
      await this.#removeQueued(job);
      await this.outbox.delete(id, false);
      return;
    }
    const row = await this.outbox.get(id, lookup);
    if (!row || row.published_at !== null) throw jobNotFound(id);
    if (!(await this.outbox.delete(id, true))) {
      // Published in the meantime: cancel it in Redis instead.
      const published = await this.#queue.getJob(id);
      if (!published) throw jobNotFound(id);
      await this.#removeQueued(published);
      await this.outbox.delete(id, false);
    }
  }

  async #removeQueued(job: Job): Promise<void> {
    const id = job.id ?? '';
    const state = await job.getState();
    if (state === 'active' || state === 'completed' || state === 'failed')
      throw jobNotCancellable(id, mapState(job, state));
    try {
      await job.remove();
    } catch {
      // BullMQ refuses to remove a locked job: a worker took it in the meantime.
      throw jobNotCancellable(id, 'running');
    }
  }

  async counts(): Promise<Record<JobState, number>> {
    this.#requireRedis();
    const [c, unpublished] = await Promise.all([
      this.#queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed'),
      this.outbox.countUnpublished(),
    ]);
    const n = (key: string) => c[key] ?? 0;
    return {
      queued: n('waiting') + n('prioritized') + n('delayed') + unpublished,
      running: n('active'),
      succeeded: n('completed'),
      failed: 0,
      dead: n('failed'),
    };
  }

  work(handlers: JobHandlers, options: WorkerOptions = {}): RunningWorker {
    validateHandlers(handlers);
    const worker = new BullmqWorker(
      handlers,
      {
        redisUrl: this.options.redisUrl,
        prefix: this.#settings.prefix,
        queueName: this.#settings.queueName,
        concurrency: options.concurrency ?? this.#settings.concurrency,
        leaseMs: this.#settings.leaseMs,
        maxStalls: this.#settings.maxStalls,
        shutdownDeadlineMs: options.shutdownDeadlineMs ?? this.#settings.shutdownDeadlineMs,
      },
      this.#events,
      (options.logger ?? this.options.logger).child({ component: 'job-worker' }),
      (stopped) => this.#workers.delete(stopped),
    );
    this.#workers.add(worker);
    return worker;
  }

  onEvent(listener: JobEventListener): () => void {
    return this.#events.on(listener);
  }

  async ping(): Promise<void> {
    if (this.#connection.status !== 'ready')
      throw new Error(`Redis is unreachable (${this.#connection.status})`);
    await this.#connection.ping();
  }

  /** Publishes what is left in the outbox now (tests and shutdown use it). */
  flushOutbox(): Promise<void> {
    return this.#relay.sweep();
  }

  async close(): Promise<void> {
    await Promise.all([...this.#workers].map((worker) => worker.stop()));
    await this.#relay.stop();
    // BullMQ's close talks to Redis; when it is not there, do not wait for it.
    if (this.#connection.status === 'ready') await withDeadline(this.#queue.close(), 2000);
    else this.#queue.close().catch(() => undefined);
    await closeRedis(this.#connection);
  }

  /** Deletes every key of this queue's prefix (test cleanup). */
  async obliterate(): Promise<void> {
    await this.#queue.obliterate({ force: true });
  }

  async #toInfo(job: Job, state: string): Promise<JobInfo> {
    let retryAt: string | null = null;
    if (state === 'delayed') {
      // The delayed set's score holds the due time (ms · 4096 + a tie-breaker).
      const score = await this.#connection.zscore(this.#queue.toKey('delayed'), job.id ?? '');
      if (score !== null) retryAt = new Date(Math.floor(Number(score) / 0x1000)).toISOString();
    }
    return this.#info(job, state, retryAt);
  }

  #info(job: Job, state: string, retryAt: string | null): JobInfo {
    const data = job.data as BullJobData;
    const progress = job.progress as JobProgress | undefined;
    return {
      id: job.id ?? '',
      name: job.name,
      tenantId: data.tenantId,
      state: mapState(job, state),
      attempts: job.attemptsStarted,
      maxAttempts: data.maxAttempts,
      priority: fromBullPriority(job.priority),
      payload: data.payload,
      idempotencyKey: data.idempotencyKey,
      runAt: retryAt ?? data.runAt,
      lastError: job.failedReason || null,
      progress: progress === undefined || progress === 0 ? null : progress,
      createdAt: new Date(job.timestamp).toISOString(),
      startedAt: job.processedOn ? new Date(job.processedOn).toISOString() : null,
      finishedAt:
        job.finishedOn && (state === 'completed' || state === 'failed')
          ? new Date(job.finishedOn).toISOString()
          : null,
    };
  }
}

function mapState(job: Job, state: string): JobState {
  switch (state) {
    case 'active':
      return 'running';
    case 'completed':
      return 'succeeded';
    case 'failed':
      return 'dead';
    case 'delayed':
      // A delayed job that already failed is waiting for its retry.
      return job.attemptsMade > 0 && job.failedReason ? 'failed' : 'queued';
    default:
      return 'queued';
  }
}

function outboxInfo(row: OutboxRow): JobInfo {
  return {
    id: row.id,
    name: row.name,
    tenantId: row.tenant_id,
    state: 'queued',
    attempts: 0,
    maxAttempts: row.max_attempts,
    priority: row.priority,
    payload: readJson<unknown>(row.payload, null),
    idempotencyKey: row.idempotency_key,
    runAt: row.run_at,
    lastError: null,
    progress: null,
    createdAt: row.created_at,
    startedAt: null,
    finishedAt: null,
  };
}
