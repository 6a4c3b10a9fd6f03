/**
 * One crawl request: waits for the host's turn (pacing), then fetches, retrying on 429/5xx answers
 * and dropped connections with backoff (or the server's Retry-After, which pauses the whole host).
 * Also maps fetch error codes to the crawl reasons reported for a URL.
 */
import type { Clock } from '../../../core/clock.js';
import { isAppError } from '../../../core/errors.js';
import type { SafeFetchOptions, SafeResponse } from '../../../core/safe-fetch.js';
import type { CrawlCounts } from './crawl-frontier.js';
import type { HostPacer, Sleep } from './politeness.js';
import { type BackoffPolicy, isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry.js';
import type { CrawlDeps, CrawlOptions, CrawlReason } from './types.js';

export const FAILURE_CODES: Record<string, CrawlReason> = {
  'fetch.timeout': 'timeout',
  'fetch.too_large': 'too_large',
  'fetch.blocked_address': 'blocked_address',
  'fetch.network': 'network',
  'fetch.dns_failed': 'dns_failed',
  'fetch.too_many_redirects': 'too_many_redirects',
  'fetch.invalid_url': 'invalid_url',
  'fetch.unsupported_scheme': 'unsupported_scheme',
  'knowledge.sitemap_invalid': 'sitemap_invalid',
};

export type CrawlRequest = (
  url: string,
  init: SafeFetchOptions,
) => Promise<{ res: SafeResponse; attempts: number }>;

export function createCrawlRequest(settings: {
  options: Pick<CrawlOptions, 'timeoutMs' | 'maxBytes'>;
  deps: Pick<CrawlDeps, 'fetch' | 'logger'>;
  signal: AbortSignal;
  pacer: HostPacer;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  counts: Pick<CrawlCounts, 'requests'>;
  maxRetries: number;
  backoff: BackoffPolicy;
}): CrawlRequest {
  const { options, deps, signal, pacer, clock, sleep, random, counts, maxRetries, backoff } = settings;

  /** One request with pacing and retries on 429/5xx and dropped connections. */
  async function request(
    url: string,
    init: SafeFetchOptions,
  ): Promise<{ res: SafeResponse; attempts: number }> {
    const host = new URL(url).host;
    for (let attempt = 1; ; attempt++) {
      await pacer.take(host, signal);
      counts.requests++;
      try {
        const res = await deps.fetch(url, {
          ...init,
          signal,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.maxBytes && init.maxBytes === undefined ? { maxBytes: options.maxBytes } : {}),
        });
        if (!isRetryableStatus(res.status) || attempt > maxRetries) return { res, attempts: attempt };
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'), clock.nowMs());
        const wait = retryDelayMs(attempt, retryAfter, backoff, random);
        // A rate limit applies to the whole host, not just this page.
        if (res.status === 429 || retryAfter !== undefined) pacer.pause(host, wait);
        deps.logger?.debug({ url, status: res.status, wait }, 'crawl: retrying after server answer');
        await sleep(wait, signal);
      } catch (error) {
        if (!(isAppError(error) && error.code === 'fetch.network') || attempt > maxRetries) throw error;
        await sleep(retryDelayMs(attempt, undefined, backoff, random), signal);
      }
    }
  }

  return request;
}
