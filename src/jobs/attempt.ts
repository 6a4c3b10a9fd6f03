import type { Logger } from '../core/logger.js';
import type { JobName } from './catalog.js';
import { errorSummary, isPermanentError, LeaseLostError, WorkerStoppingError } from './errors.js';
import type { JobContext, JobHandler, JobProgress } from './queue.js';

/** What the driver lets an attempt do with its lease. Each returns false once the lease is gone. */
export interface LeaseControls {
  heartbeat(): Promise<boolean>;
  progress(value: JobProgress): Promise<boolean>;
}

export interface AttemptJob {
  id: string;
  name: JobName;
  tenantId: string | null;
  attempt: number;
  maxAttempts: number;
  payload: unknown;
}

export type AttemptOutcome =
  | { kind: 'succeeded' }
  | { kind: 'failed'; error: unknown; message: string; dead: boolean }
  | { kind: 'lease_lost' }
  | { kind: 'released' };

/**
 * One run of one job, shared by both drivers: builds the handler's context, keeps the lease alive,
 * and decides what the result means (success, retry, dead, or nothing at all because the lease was lost
 * or the worker handed the job back). The driver records the outcome under its fencing token.
 */
export class Attempt {
  readonly startedAt = Date.now();
  readonly done: Promise<AttemptOutcome>;
  readonly #controller = new AbortController();
  #resolve!: (outcome: AttemptOutcome) => void;
  #outcome: AttemptOutcome | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    readonly job: AttemptJob,
    handler: JobHandler,
    private readonly lease: LeaseControls,
    private readonly logger: Logger,
    /** Background heartbeat period; 0 when the driver renews leases itself (BullMQ). */
    heartbeatMs: number,
  ) {
    this.done = new Promise<AttemptOutcome>((resolve) => {
      this.#resolve = resolve;
    });
    if (heartbeatMs > 0) {
      this.#timer = setInterval(() => void this.#beat(), heartbeatMs);
      this.#timer.unref();
    }
    const ctx = this.#context();
    // The handler may outlive an interrupted attempt; its late result is ignored, never unhandled.
    Promise.resolve()
      .then(() => handler.run(job.payload as never, ctx))
      .then(
        () => this.#settle({ kind: 'succeeded' }),
        (error: unknown) => this.#settle(this.#failure(error)),
      );
  }

  /** True once the outcome is known (the handler returned or threw, or the attempt was interrupted). */
  get settled(): boolean {
    return this.#outcome !== undefined;
  }

  /** Another worker owns the job now: stop waiting, abort the handler, record nothing. */
  loseLease(): void {
    if (!this.#settle({ kind: 'lease_lost' })) return;
    this.logger.warn({ jobId: this.job.id, job: this.job.name }, 'job lease lost; outcome discarded');
    this.#controller.abort(new LeaseLostError(this.job.id));
  }

  /**
   * The worker hands the job back to the queue (shutdown deadline): abort the handler. Returns false
   * when the outcome was already known, so there is nothing to hand back.
   */
  release(): boolean {
    if (!this.#settle({ kind: 'released' })) return false;
    this.#controller.abort(new WorkerStoppingError(this.job.id));
    return true;
  }

  #settle(outcome: AttemptOutcome): boolean {
    if (this.#outcome) return false;
    this.#outcome = outcome;
    if (this.#timer) clearInterval(this.#timer);
    this.#resolve(outcome);
    return true;
  }

  #failure(error: unknown): AttemptOutcome {
    const dead = isPermanentError(error) || this.job.attempt >= this.job.maxAttempts;
    return { kind: 'failed', error, message: errorSummary(error), dead };
  }

  async #beat(): Promise<void> {
    if (this.#outcome) return;
    try {
      if (!(await this.lease.heartbeat())) this.loseLease();
    } catch (error) {
      // A database or network blip: keep trying; the lease only ends when another worker takes it.
      this.logger.warn({ err: error, jobId: this.job.id }, 'job heartbeat failed; retrying');
    }
  }

  #context(): JobContext {
    const { job } = this;
    const check = async (ok: () => Promise<boolean>) => {
      if (this.#outcome?.kind === 'lease_lost' || !(await ok())) {
        this.loseLease();
        throw new LeaseLostError(job.id);
      }
    };
    return {
      id: job.id,
      name: job.name,
      attempt: job.attempt,
      maxAttempts: job.maxAttempts,
      tenantId: job.tenantId,
      signal: this.#controller.signal,
      logger: this.logger.child({ jobId: job.id, job: job.name, attempt: job.attempt }),
      heartbeat: () => check(() => this.lease.heartbeat()),
      progress: (value) => check(() => this.lease.progress(value)),
    };
  }
}
