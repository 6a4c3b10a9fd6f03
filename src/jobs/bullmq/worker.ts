import os from 'node:os';
import { DelayedError, type Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { newId } from '../../core/ids.js';
import type { Logger } from '../../core/logger.js';
import { closeRedis, createRedis, isRedisDown, type Redis } from '../../core/redis.js';
import { Attempt } from '../attempt.js';
import type { JobName } from '../catalog.js';
import { withDeadline } from '../deadline.js';
import { LeaseLostError } from '../errors.js';
import type { JobEvents } from '../events.js';
import { handlerFor } from '../handlers.js';
import type { JobHandlers, RunningWorker, StopOptions } from '../queue.js';
import { backoffDelay } from '../retry.js';
import type { BullJobData } from './outbox-relay.js';

export interface BullmqWorkerSettings {
  redisUrl: string;
  prefix: string;
  queueName: string;
  concurrency: number;
  leaseMs: number;
  maxStalls: number;
  shutdownDeadlineMs: number;
}

interface InFlight {
  attempt: Attempt;
  job: Job;
  token: string;
}

/** How long a job no handler here knows waits before it is offered again (another worker may have it). */
const unknownJobDelayMs = 2000;

/**
 * Runs jobs from BullMQ. BullMQ owns claiming, lock renewal (the lease), stalled-job recovery and
 * fenced completion (its scripts refuse a finish from a worker whose lock is gone); this class adds the
 * port's semantics on top: the handler context, retry decisions from the handler's policy, permanent
 * errors, and the shutdown deadline that hands running jobs back.
 */
export class BullmqWorker implements RunningWorker {
  readonly id = `${os.hostname()}:${process.pid}:${newId().slice(-8)}`;
  readonly #inflight = new Map<string, InFlight>();
  readonly #connection: Redis;
  readonly #worker: Worker;
  #stopped: Promise<void> | undefined;

  constructor(
    private readonly handlers: JobHandlers,
    private readonly settings: BullmqWorkerSettings,
    private readonly events: JobEvents,
    private readonly logger: Logger,
    private readonly onStopped: (worker: BullmqWorker) => void,
  ) {
    // Worker connections must wait out Redis restarts rather than fail commands.
    this.#connection = createRedis(settings.redisUrl, {
      maxRetriesPerRequest: null,
      connectionName: 'dify-agent:worker',
      logger,
    });
    this.#worker = new Worker(settings.queueName, (job, token) => this.#process(job, token ?? ''), {
      connection: this.#connection,
      prefix: settings.prefix,
      name: this.id,
      concurrency: settings.concurrency,
      lockDuration: settings.leaseMs,
      stalledInterval: settings.leaseMs,
      maxStalledCount: settings.maxStalls,
      settings: {
        backoffStrategy: (attemptsMade, _type, _error, job) => {
          const handler = job ? handlerFor(this.handlers, job.name) : undefined;
          // The port counts attempts as starts (a crashed attempt counts), BullMQ as finishes.
          const started = (job as { attemptsStarted?: number } | undefined)?.attemptsStarted ?? attemptsMade;
          return handler ? backoffDelay(handler.retry, started) : 1000;
        },
      },
    });
    this.#worker.on('lockRenewalFailed', (ids) => {
      for (const id of ids) this.#inflight.get(id)?.attempt.loseLease();
    });
    this.#worker.on('error', (error) => {
      this.logger.warn({ err: error.message }, 'BullMQ worker error');
    });
    this.#worker.on('completed', (job) => {
      const durationMs = (job.finishedOn ?? Date.now()) - (job.processedOn ?? Date.now());
      this.events.emit({
        type: 'completed',
        name: job.name,
        id: job.id ?? '',
        attempt: job.attemptsStarted,
        durationMs,
      });
    });
    this.#worker.on('failed', (job, error) => {
      if (!job) return;
      const dead = error instanceof UnrecoverableError || error.name === 'UnrecoverableError';
      const durationMs = Date.now() - (job.processedOn ?? Date.now());
      this.events.emit({
        type: 'failed',
        name: job.name,
        id: job.id ?? '',
        attempt: job.attemptsStarted,
        durationMs,
        error: error.message,
        dead,
      });
    });
    this.#worker.on('stalled', (jobId) => {
      this.logger.warn({ jobId }, 'job lease expired; its worker stopped responding');
      this.events.emit({ type: 'stalled', name: '', id: jobId, dead: false });
    });
  }

  get active(): number {
    return this.#inflight.size;
  }

  async #process(job: Job, token: string): Promise<void> {
    const id = job.id ?? '';
    const handler = handlerFor(this.handlers, job.name);
    if (!handler) {
      // Not ours (a newer release added the job type): leave it for a worker that knows it.
      this.logger.warn({ jobId: id, job: job.name }, 'no handler for this job here; offering it again later');
      await job.moveToDelayed(Date.now() + unknownJobDelayMs, token);
      throw new DelayedError();
    }
    const data = job.data as BullJobData;
    const attempt = new Attempt(
      {
        id,
        name: job.name as JobName,
        tenantId: data.tenantId,
        attempt: job.attemptsStarted,
        maxAttempts: data.maxAttempts ?? handler.retry.maxAttempts,
        payload: data.payload,
      },
      handler,
      {
        heartbeat: async () => (await job.extendLock(token, this.settings.leaseMs)) === 1,
        progress: async (value) => {
          if ((await job.extendLock(token, this.settings.leaseMs)) !== 1) return false;
          await job.updateProgress(value);
          return true;
        },
      },
      this.logger,
      0, // BullMQ renews locks itself and reports failures through 'lockRenewalFailed'
    );
    this.#inflight.set(id, { attempt, job, token });
    this.events.emit({ type: 'started', name: job.name, id, attempt: job.attemptsStarted });
    try {
      const outcome = await attempt.done;
      const base = { name: job.name, id, attempt: job.attemptsStarted };
      switch (outcome.kind) {
        case 'succeeded':
          // BullMQ fences the completion atomically; checking first lets us report the loss.
          if ((await job.extendLock(token, this.settings.leaseMs)) !== 1) {
            this.events.emit({ type: 'lease_lost', ...base });
            throw new LeaseLostError(id);
          }
          return;
        case 'failed': {
          if (outcome.dead) throw new UnrecoverableError(outcome.message);
          throw new Error(outcome.message, { cause: outcome.error });
        }
        case 'lease_lost':
          this.events.emit({ type: 'lease_lost', ...base });
          throw new LeaseLostError(id);
        case 'released':
          this.events.emit({ type: 'released', ...base });
          // stop() already moved the job back to the queue; tell BullMQ to leave it there.
          throw new WaitingError();
      }
    } finally {
      this.#inflight.delete(id);
    }
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.#stopped ??= this.#stop(options.deadlineMs ?? this.settings.shutdownDeadlineMs);
    return this.#stopped;
  }

  async #stop(deadlineMs: number): Promise<void> {
    // close() stops fetching at once and resolves when running jobs are done.
    const closing = this.#worker.close();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const first = await Promise.race([closing.then(() => 'closed' as const), deadline]);
    clearTimeout(timer);
    if (first === 'deadline') {
      for (const [id, running] of this.#inflight) {
        if (running.attempt.settled) continue;
        if (isRedisDown(this.#connection)) {
          // Handing it back needs Redis; without it the job's lease lapses and another worker takes it.
          running.attempt.release();
          continue;
        }
        try {
          // Back to the queue under our lock, then interrupt: the job is free for another worker now.
          await running.job.moveToWait(running.token);
          running.attempt.release();
          this.logger.info({ jobId: id, job: running.job.name }, 'released running job for another worker');
        } catch (error) {
          this.logger.warn(
            { err: error, jobId: id },
            'could not release the job; it runs again once its lease expires',
          );
          running.attempt.release();
        }
      }
    }
    // With Redis gone BullMQ's close never finishes; the jobs are handed back above or their leases lapse.
    await withDeadline(closing, this.#connection.status === 'ready' ? deadlineMs : 1000);
    await closeRedis(this.#connection);
    this.onStopped(this);
  }
}
