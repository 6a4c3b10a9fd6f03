import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { isPermanentError, PermanentJobError } from './errors.js';
import { backoffDelay, defaultRetryPolicy, type RetryPolicy, validateRetryPolicy } from './retry.js';

const policy: RetryPolicy = { maxAttempts: 8, backoffBaseMs: 1000, backoffMaxMs: 10_000, jitter: 0.5 };

describe('retry policy', () => {
  it('doubles the delay after each failed attempt up to the cap', () => {
    const exact = { ...policy, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(exact, n))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });

  it('shortens each delay by at most the jitter share, spreading retries that fail together', () => {
    expect(backoffDelay(policy, 3, () => 0)).toBe(4000);
    expect(backoffDelay(policy, 3, () => 0.999_999)).toBe(2000);
    const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(policy, 3)));
    expect(spread.size).toBeGreaterThan(10);
    for (const delay of spread) expect(delay >= 2000 && delay <= 4000).toBe(true);
  });

  it('stays finite for very high attempt numbers', () => {
    expect(backoffDelay({ ...policy, jitter: 0 }, 10_000)).toBe(10_000);
  });

  it('accepts the default policy and refuses broken ones with the job name', () => {
    expect(() => validateRetryPolicy('x.y', defaultRetryPolicy)).not.toThrow();
    for (const broken of [
      { ...policy, maxAttempts: 0 },
      { ...policy, maxAttempts: 1.5 },
      { ...policy, backoffBaseMs: -1 },
      { ...policy, backoffMaxMs: 10 },
      { ...policy, jitter: 2 },
    ]) {
      expect(() => validateRetryPolicy('knowledge.crawl', broken)).toThrow(
        expect.objectContaining({
          code: 'jobs.invalid_retry_policy',
          message: expect.stringContaining('knowledge.crawl'),
        }),
      );
    }
  });

  it('treats explicit permanent errors and client errors as permanent, timeouts and rate limits as transient', () => {
    expect(isPermanentError(new PermanentJobError('gone'))).toBe(true);
    expect(isPermanentError(new AppError('x.bad', 400, 'bad'))).toBe(true);
    expect(isPermanentError(new AppError('x.missing', 404, 'missing'))).toBe(true);
    expect(isPermanentError(new AppError('x.limited', 429, 'slow down'))).toBe(false);
    expect(isPermanentError(new AppError('x.timeout', 408, 'timeout'))).toBe(false);
    expect(isPermanentError(new AppError('x.down', 503, 'down'))).toBe(false);
    expect(isPermanentError(new Error('socket hang up'))).toBe(false);
  });
});
