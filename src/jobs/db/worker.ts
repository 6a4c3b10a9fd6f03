import os from 'node:os';
import { type Clock, isoAfter } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { Logger } from '../../core/logger.js';
import { Attempt, type AttemptOutcome } from '../attempt.js';
import type { JobName } from '../catalog.js';
import { errorSummary } from '../errors.js';
import type { JobEvents } from '../events.js';
import { handlerFor, handlerNames } from '../handlers.js';
import type { JobHandler, JobHandlers, RunningWorker, StopOptions } from '../queue.js';
import { backoffDelay } from '../retry.js';
import type { ClaimedJob, DbJobStore } from './store.js';

export interface DbWorkerSettings {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  maxStalls: number;
  shutdownDeadlineMs: number;
  succeededRetentionMs: number;
  deadRetentionMs: number;
}

interface InFlight {
  /** Undefined while a job that never started (bad payload) is being recorded. */
  attempt: Attempt | undefined;
  token: string;
  finished: Promise<void>;
}

const pruneEveryMs = 10 * 60_000;

/**
 * Runs jobs from the database-backed queue: claims due jobs up to its concurrency, keeps their leases
 * alive while handlers run, records outcomes under the claim's fencing token, and takes back jobs of
 * workers that vanished (expired leases).
 */
export class DbWorker implements RunningWorker {
  readonly id = `${os.hostname()}:${process.pid}:${newId().slice(-8)}`;
  readonly #inflight = new Map<string, InFlight>();
  readonly #names: string[];
  #loop: Promise<void> = Promise.resolve();
  #wake: (() => void) | undefined;
  /** A wake-up that came while the loop was busy: the next pause returns at once. */
  #woken = false;
  #stopping = false;
  #stopped: Promise<void> | undefined;
  #lastReap = 0;
  #lastPrune = 0;

  constructor(
    private readonly store: DbJobStore,
    private readonly handlers: JobHandlers,
    private readonly settings: DbWorkerSettings,
    private readonly clock: Clock,
    private readonly events: JobEvents,
    private readonly logger: Logger,
    private readonly onStopped: (worker: DbWorker) => void,
  ) {
    this.#names = handlerNames(handlers);
  }

  get active(): number {
    return this.#inflight.size;
  }

  start(): void {
    this.#loop = this.#run();
  }

  /** Looks for work now (a job was just enqueued in this process, or a slot freed). */
  notify(): void {
    if (this.#wake) this.#wake();
    else this.#woken = true;
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let idle = true;
      try {
        await this.#maintain();
        const free = this.settings.concurrency - this.#inflight.size;
        if (free > 0 && !this.#stopping) {
          const claimed = await this.store.claim(this.#names, free, this.settings.leaseMs, this.id);
          for (const job of claimed) this.#start(job);
          idle = claimed.length < free;
        }
      } catch (error) {
        this.logger.error({ err: error }, 'job worker could not reach the queue; retrying');
      }
      if (this.#stopping) break;
      // Busy: the next completion wakes us. Idle: poll, unless an enqueue in this process wakes us first.
      await this.#pause(idle ? this.settings.pollMs : Math.max(this.settings.pollMs, 1000));
    }
  }

  #pause(ms: number): Promise<void> {
    if (this.#woken) {
      this.#woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  async #maintain(): Promise<void> {
    const now = Date.now();
    const reapEveryMs = Math.min(Math.max(this.settings.leaseMs / 2, 50), 5000);
    if (now - this.#lastReap >= reapEveryMs) {
      this.#lastReap = now;
      const reaped = await this.store.reapExpired(this.settings.maxStalls);
      for (const job of reaped) {
        const dead = job.state === 'dead';
        this.logger.warn(
          { jobId: job.id, job: job.name, dead },
          'job lease expired; its worker stopped responding',
        );
        this.events.emit({ type: 'stalled', name: job.name, id: job.id, dead });
      }
    }
    if (now - this.#lastPrune >= pruneEveryMs) {
      this.#lastPrune = now;
      const removed = await this.store.prune(
        isoAfter(this.clock, -this.settings.succeededRetentionMs),
        isoAfter(this.clock, -this.settings.deadRetentionMs),
      );
      if (removed > 0) this.logger.info({ removed }, 'pruned finished jobs past their retention');
    }
  }

  #start({ row, token }: ClaimedJob): void {
    const handler = handlerFor(this.handlers, row.name) as JobHandler;
    const maxAttempts = row.max_attempts ?? handler.retry.maxAttempts;
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      // Only a damaged row gets here (enqueue writes valid JSON); retrying cannot help.
      const message = 'the stored payload is not valid JSON';
      this.events.emit({
        type: 'failed',
        name: row.name,
        id: row.id,
        attempt: row.attempts,
        durationMs: 0,
        error: message,
        dead: true,
      });
      const finished = this.store
        .fail(row.id, token, message, null)
        .then(() => undefined)
        .catch((error: unknown) =>
          this.logger.error({ err: error, jobId: row.id }, 'could not record the job outcome'),
        )
        .finally(() => this.#inflight.delete(row.id));
      this.#inflight.set(row.id, { attempt: undefined, token, finished });
      return;
    }
    const { leaseMs } = this.settings;
    const attempt = new Attempt(
      {
        id: row.id,
        name: row.name as JobName,
        tenantId: row.tenant_id,
        attempt: row.attempts,
        maxAttempts,
        payload,
      },
      handler,
      {
        heartbeat: () => this.store.heartbeat(row.id, token, leaseMs),
        progress: (value) => this.store.progress(row.id, token, value),
      },
      this.logger,
      Math.max(Math.floor(leaseMs / 3), 10),
    );
    this.events.emit({ type: 'started', name: row.name, id: row.id, attempt: row.attempts });
    const finished = attempt.done
      .then((outcome) => this.#finish(attempt, token, handler, outcome))
      .catch((error: unknown) => {
        // Recording failed (database down): the lease expires and another worker runs the job again.
        this.logger.error(
          { err: error, jobId: row.id },
          'could not record the job outcome; it will run again',
        );
      })
      .finally(() => {
        this.#inflight.delete(row.id);
        this.notify();
      });
    this.#inflight.set(row.id, { attempt, token, finished });
  }

  async #finish(
    attempt: Attempt,
    token: string,
    handler: JobHandler,
    outcome: AttemptOutcome,
  ): Promise<void> {
    const { id, name } = attempt.job;
    const base = { name, id, attempt: attempt.job.attempt };
    const durationMs = Date.now() - attempt.startedAt;
    switch (outcome.kind) {
      case 'succeeded': {
        const recorded = await this.store.complete(id, token);
        this.events.emit(
          recorded ? { type: 'completed', ...base, durationMs } : { type: 'lease_lost', ...base },
        );
        if (!recorded)
          this.logger.warn({ jobId: id, job: name }, 'job finished after losing its lease; not recorded');
        return;
      }
      case 'failed': {
        const retryAt = outcome.dead
          ? null
          : isoAfter(this.clock, backoffDelay(handler.retry, attempt.job.attempt));
        const recorded = await this.store.fail(id, token, outcome.message, retryAt);
        if (!recorded) {
          this.events.emit({ type: 'lease_lost', ...base });
          return;
        }
        this.logger[outcome.dead ? 'error' : 'warn'](
          { jobId: id, job: name, attempt: attempt.job.attempt, retryAt, err: outcome.error },
          outcome.dead ? 'job failed for good (dead)' : 'job attempt failed; will retry',
        );
        this.events.emit({ type: 'failed', ...base, durationMs, error: outcome.message, dead: outcome.dead });
        return;
      }
      case 'lease_lost':
        this.events.emit({ type: 'lease_lost', ...base });
        return;
      case 'released':
        this.events.emit({ type: 'released', ...base });
        return;
    }
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.#stopped ??= this.#stop(options.deadlineMs ?? this.settings.shutdownDeadlineMs);
    return this.#stopped;
  }

  async #stop(deadlineMs: number): Promise<void> {
    this.#stopping = true;
    this.notify();
    await this.#loop;
    const running = () => [...this.#inflight.values()].map((job) => job.finished);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), deadlineMs);
    });
    const first = await Promise.race([Promise.all(running()).then(() => 'drained' as const), deadline]);
    clearTimeout(timer);
    if (first === 'deadline') {
      for (const [id, job] of this.#inflight) {
        // Interrupt first so a handler finishing right now cannot record over the release.
        if (!job.attempt?.release()) continue;
        try {
          await this.store.release(id, job.token);
          this.logger.info(
            { jobId: id, job: job.attempt.job.name },
            'released running job for another worker',
          );
        } catch (error) {
          this.logger.warn(
            { err: errorSummary(error), jobId: id },
            'could not release the job; it runs again once its lease expires',
          );
        }
      }
      await Promise.all(running());
    }
    this.onStopped(this);
  }
}
