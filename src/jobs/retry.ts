import { AppError } from '../core/errors.js';

/**
 * How a job type is retried. The n-th retry waits `min(maxMs, baseMs · 2^(n-1))`, shortened by a random
 * part of up to `jitter` of itself so that jobs failing together do not retry together.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = never retry). */
  maxAttempts: number;
  /** Delay before the first retry, in milliseconds. */
  backoffBaseMs: number;
  /** The longest delay between two attempts. */
  backoffMaxMs: number;
  /** 0 = exact delays, 1 = anywhere between 0 and the delay ("full jitter"). */
  jitter: number;
}

/** A sensible policy for most jobs: 5 attempts, 1 s, 2 s, 4 s, 8 s (±50%), capped at 5 minutes. */
export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  backoffBaseMs: 1000,
  backoffMaxMs: 300_000,
  jitter: 0.5,
};

/** The most attempts any job may have; a policy above it is refused. */
export const maxAttemptsCeiling = 1000;

/** Throws a typed error when a policy cannot work (no attempts, negative delays, jitter outside 0..1). */
export function validateRetryPolicy(name: string, policy: RetryPolicy): void {
  const problems: string[] = [];
  if (
    !Number.isInteger(policy.maxAttempts) ||
    policy.maxAttempts < 1 ||
    policy.maxAttempts > maxAttemptsCeiling
  )
    problems.push(`maxAttempts must be an integer from 1 to ${maxAttemptsCeiling}`);
  if (!Number.isFinite(policy.backoffBaseMs) || policy.backoffBaseMs < 0)
    problems.push('backoffBaseMs must be 0 or more');
  if (!Number.isFinite(policy.backoffMaxMs) || policy.backoffMaxMs < policy.backoffBaseMs)
    problems.push('backoffMaxMs must be at least backoffBaseMs');
  if (!Number.isFinite(policy.jitter) || policy.jitter < 0 || policy.jitter > 1)
    problems.push('jitter must be between 0 and 1');
  if (problems.length > 0) {
    throw new AppError(
      'jobs.invalid_retry_policy',
      500,
      `retry policy of job "${name}" is invalid: ${problems.join('; ')}`,
      { job: name, problems },
    );
  }
}

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based) before the next one.
 * `random` returns a number in [0, 1); tests pass a fixed one.
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 52));
  const exact = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** exponent);
  return Math.round(exact * (1 - policy.jitter * random()));
}
