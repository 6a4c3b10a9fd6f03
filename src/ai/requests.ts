import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { classifyFailure, type Failure } from './failures.js';

/** A model's failure after its retries, with what it consumed on the way. */
export class ModelFailure extends Error {
  constructor(
    readonly failure: Failure,
    readonly attempts: number,
    readonly inputTokens: number,
    readonly outputTokens: number,
    readonly original: unknown,
  ) {
    super(failure.message);
  }
}

export interface RequestPolicy {
  /** AI_TIMEOUT_MS: limit of one request. */
  timeoutMs: number;
  /** AI_MAX_RETRIES: retries of a retryable failure. */
  maxRetries: number;
  /** Backoff before the first retry; doubles each time, with jitter. */
  baseDelayMs: number;
  /** Longest pause before a retry; a longer `retry-after` gives up on the model instead. */
  maxDelayMs: number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  clock: Clock;
  log: Logger;
}

/** Runs one model request with the timeout and retries; throws `ModelFailure` when the model gives up. */
export type RunRequest = <R>(
  fn: (signal: AbortSignal) => PromiseLike<R>,
  signal: AbortSignal | undefined,
) => Promise<{ value: R; attempts: number }>;

/** Timeouts and retries of single requests, shared by text and embedding calls. */
export function createRequestRunner(policy: RequestPolicy): RunRequest {
  const { timeoutMs, maxRetries, baseDelayMs: baseDelay, maxDelayMs: maxDelay, sleep, clock, log } = policy;

  /** One request with our own timer, so a timeout is told apart from the caller cancelling. */
  async function once<R>(
    fn: (signal: AbortSignal) => PromiseLike<R>,
    callerSignal?: AbortSignal,
  ): Promise<R> {
    if (callerSignal?.aborted) {
      const failure = classifyFailure(callerSignal.reason, {
        timedOut: false,
        cancelled: true,
        nowMs: clock.nowMs(),
      });
      throw Object.assign(new Error(failure.message), { failure, original: callerSignal.reason });
    }
    const controller = new AbortController();
    let timedOut = false;
    let rejectAbort: (reason: unknown) => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      rejectAbort = reject;
    });
    aborted.catch(() => {}); // observed through the race below; never an unhandled rejection
    const timer = setTimeout(() => {
      timedOut = true;
      const reason = new Error(`timed out after ${timeoutMs} ms`);
      controller.abort(reason);
      rejectAbort(reason);
    }, timeoutMs);
    const onCancel = () => {
      controller.abort(callerSignal?.reason);
      rejectAbort(callerSignal?.reason);
    };
    callerSignal?.addEventListener('abort', onCancel, { once: true });
    try {
      // Racing the abort makes the limit hold even for a model that ignores its abort signal.
      return await Promise.race([Promise.resolve(fn(controller.signal)), aborted]);
    } catch (error) {
      const failure = classifyFailure(error, {
        timedOut,
        cancelled: callerSignal?.aborted ?? false,
        nowMs: clock.nowMs(),
      });
      throw Object.assign(new Error(failure.message), { failure, original: error });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCancel);
    }
  }

  /**
   * Runs `fn` with retries on retryable failures (AI_MAX_RETRIES). Throws `ModelFailure` when the
   * model gives up.
   */
  async function withRetries<R>(
    fn: (signal: AbortSignal) => PromiseLike<R>,
    signal: AbortSignal | undefined,
  ): Promise<{ value: R; attempts: number }> {
    let attempt = 0;
    for (;;) {
      attempt += 1;
      try {
        return { value: await once(fn, signal), attempts: attempt };
      } catch (error) {
        const { failure, original } = error as { failure: Failure; original: unknown };
        const canRetry = failure.retryable && attempt <= maxRetries;
        const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1)) * (0.5 + Math.random() * 0.5);
        const wait = failure.retryAfterMs ?? backoff;
        if (!canRetry || wait > maxDelay) throw new ModelFailure(failure, attempt, 0, 0, original);
        log.debug({ attempt, wait, code: failure.code }, 'retrying model call');
        await sleep(wait, signal);
      }
    }
  }

  return withRetries;
}
