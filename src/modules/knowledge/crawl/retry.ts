/** When to try a page again after a 429 or 5xx answer, and how long to wait first. */

/** Statuses worth another attempt: rate limiting and temporary server trouble. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

/**
 * Parses a Retry-After header: delay-seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`).
 * Returns milliseconds from `nowMs` (never negative), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export interface BackoffPolicy {
  /** First wait when the server gives no Retry-After. */
  baseMs: number;
  /** Longest wait, whatever Retry-After asks for. */
  maxMs: number;
}

/**
 * Wait before attempt `attempt + 1` (attempt counts from 1): the server's Retry-After when it sent one,
 * else exponential backoff (base, 2×base, 4×base, …) with up to 25% jitter so parallel crawls spread
 * out; always capped at `maxMs`.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxMs);
  const exp = policy.baseMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(policy.maxMs, Math.round(exp * (1 + 0.25 * random())));
}
