/**
 * robots.txt for each origin the crawl touches, fetched once and shared by every page and redirect
 * check on that origin. A Crawl-delay slows the host's pacing (capped by maxCrawlDelayMs); a
 * robots.txt that cannot be fetched makes the origin unreachable rather than open.
 */
import { isAppError } from '../../../core/errors.js';
import type { CrawlRequest } from './crawl-request.js';
import type { HostPacer } from './politeness.js';
import { noRobots, parseRobots, type RobotsPolicy, unreachableRobots } from './robots.js';
import type { CrawlOptions } from './types.js';

const MAX_ROBOTS_BYTES = 512 * 1024;

export interface RobotsLoader {
  robotsFor(origin: string): Promise<RobotsPolicy>;
  /** The robots.txt state of each origin loaded, for the crawl summary. */
  readonly robotsStates: Record<string, string>;
}

export function createRobotsLoader(settings: {
  options: Pick<CrawlOptions, 'maxCrawlDelayMs'>;
  respectRobots: boolean;
  userAgent: string;
  request: CrawlRequest;
  signal: AbortSignal;
  pacer: HostPacer;
}): RobotsLoader {
  const { options, respectRobots, userAgent, request, signal, pacer } = settings;
  const robotsByOrigin = new Map<string, Promise<RobotsPolicy>>();
  const robotsStates: Record<string, string> = {};

  function robotsFor(origin: string): Promise<RobotsPolicy> {
    if (!respectRobots) return Promise.resolve(noRobots);
    let pending = robotsByOrigin.get(origin);
    if (!pending) {
      pending = loadRobots(origin);
      robotsByOrigin.set(origin, pending);
    }
    return pending;
  }

  async function loadRobots(origin: string): Promise<RobotsPolicy> {
    const robotsUrl = `${origin}/robots.txt`;
    let policy: RobotsPolicy;
    try {
      const { res } = await request(robotsUrl, { maxBytes: MAX_ROBOTS_BYTES });
      if (res.status >= 200 && res.status < 300) policy = parseRobots(res.url, res.text(), userAgent);
      else if (res.status >= 400 && res.status < 500) policy = noRobots;
      else policy = unreachableRobots(`${robotsUrl} answered ${res.status}`);
    } catch (error) {
      if (signal.aborted) throw error;
      const code = isAppError(error) ? error.code : '';
      policy =
        code === 'fetch.blocked_address' || code === 'fetch.dns_failed'
          ? unreachableRobots(
              (error as Error).message,
              code === 'fetch.dns_failed' ? 'dns_failed' : 'blocked_address',
            )
          : unreachableRobots(`${robotsUrl} could not be fetched: ${(error as Error).message}`);
    }
    robotsStates[origin] = policy.state;
    if (policy.crawlDelayMs !== undefined) {
      pacer.setDelay(new URL(origin).host, Math.min(policy.crawlDelayMs, options.maxCrawlDelayMs ?? 10_000));
    }
    return policy;
  }

  return { robotsFor, robotsStates };
}
