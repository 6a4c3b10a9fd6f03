import { AppError, conflict, notFound } from '../core/errors.js';

/**
 * Thrown by a handler when retrying cannot help (the input is wrong, the target is gone): the job goes
 * straight to the dead-letter state, whatever attempts are left.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** The job's lease was taken over by another worker; this worker's result no longer counts. */
export class LeaseLostError extends Error {
  constructor(jobId: string) {
    super(`job ${jobId} lost its lease to another worker; its outcome here is discarded`);
    this.name = 'LeaseLostError';
  }
}

/** The reason a handler's signal aborts when its worker stops and hands the job back to the queue. */
export class WorkerStoppingError extends Error {
  constructor(jobId: string) {
    super(`worker is shutting down; job ${jobId} was released for another worker`);
    this.name = 'WorkerStoppingError';
  }
}

/**
 * True when an error must not be retried: a `PermanentJobError`, or an `AppError` saying the request
 * itself is wrong (4xx). Timeouts (408) and rate limits (429) are transient and stay retryable.
 */
export function isPermanentError(error: unknown): boolean {
  if (error instanceof PermanentJobError) return true;
  if (error instanceof Error && error.name === 'PermanentJobError') return true;
  if (error instanceof AppError) {
    return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
  }
  return false;
}

/** A message safe to store as a job's last error: the message, with an AppError's code in front. */
export function errorSummary(error: unknown): string {
  const text =
    error instanceof AppError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message || error.name
        : String(error);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

export const jobNotFound = (id: string): AppError => notFound('jobs.not_found', `job ${id}`);

/** Only dead jobs can be retried; `state` is the job's state as the caller sees it. */
export const jobNotDead = (id: string, state: string): AppError =>
  conflict('jobs.not_dead', `job ${id} is ${state}; only dead jobs can be retried`);

/** Only jobs that have not started can be cancelled; `state` is the job's state as the caller sees it. */
export const jobNotCancellable = (id: string, state: string): AppError =>
  conflict('jobs.not_cancellable', `job ${id} is ${state}; only jobs that have not started can be cancelled`);

export const invalidJobOptions = (message: string): AppError =>
  new AppError('jobs.invalid_options', 400, message);

/**
 * Turns PostgreSQL's row-level-security refusal of an enqueue into a message that says what to change;
 * any other error passes through unchanged.
 */
export function explainEnqueueError(error: unknown, name: string, tenantId: string | null): unknown {
  const pgError = error as { code?: string; message?: string };
  if (pgError?.code === '42501' && /row-level security/.test(pgError.message ?? '')) {
    return new AppError(
      'jobs.wrong_tenant',
      500,
      `job "${name}" for ${tenantId ? `tenant ${tenantId}` : 'the system (no tenantId)'} cannot be enqueued in this transaction: inside db.tenant(id, …) pass { tenantId: id }; enqueue system jobs in db.system(…)`,
      undefined,
      { cause: error },
    );
  }
  return error;
}
