/**
 * Per-host pacing: requests to one host start at least `delayMs` apart (the larger of the configured
 * delay and the site's robots.txt Crawl-delay), and a 429/503 with Retry-After pauses the whole host,
 * not only the page that got it. Different hosts do not wait for each other.
 */
import type { Clock } from '../../../core/clock.js';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface HostPacer {
  /** Waits for this host's next free slot and takes it. */
  take(host: string, signal?: AbortSignal): Promise<void>;
  /** Sets this host's gap between requests (e.g. from Crawl-delay); never below the configured delay. */
  setDelay(host: string, delayMs: number): void;
  /** Holds every request to the host until `ms` from now. */
  pause(host: string, ms: number): void;
}

export function createHostPacer(defaultDelayMs: number, clock: Clock, sleep: Sleep): HostPacer {
  const next = new Map<string, number>();
  const delays = new Map<string, number>();
  return {
    async take(host, signal) {
      const now = clock.nowMs();
      const at = Math.max(now, next.get(host) ?? now);
      // Reserve the slot before sleeping so concurrent callers queue behind it.
      next.set(host, at + (delays.get(host) ?? defaultDelayMs));
      if (at > now) await sleep(at - now, signal);
    },
    setDelay(host, delayMs) {
      delays.set(host, Math.max(defaultDelayMs, delayMs));
    },
    pause(host, ms) {
      const until = clock.nowMs() + ms;
      if ((next.get(host) ?? 0) < until) next.set(host, until);
    },
  };
}
