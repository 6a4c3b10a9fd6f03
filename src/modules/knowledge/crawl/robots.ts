/**
 * robots.txt, per origin, read once per crawl and interpreted as RFC 9309 says:
 * - 2xx: the rules apply (our product token's group, else `*`);
 * - 4xx (including 401/403 and 404): no robots.txt, everything may be crawled;
 * - 5xx, or the file cannot be fetched at all: the site is treated as fully disallowed, and every URL
 *   of it is reported as `robots_unreachable`.
 */
import robotsParserModule from 'robots-parser';

interface ParsedRobots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}

// The package is CommonJS (`module.exports = function`) while its typings declare an ES default export;
// under NodeNext the default import is that function itself.
const robotsParser = robotsParserModule as unknown as (url: string, body: string) => ParsedRobots;

export type RobotsState = 'rules' | 'none' | 'unreachable';

export interface RobotsPolicy {
  state: RobotsState;
  /** Why the file could not be used (for `unreachable`). */
  detail?: string;
  /** True when our user agent may fetch the URL. */
  allows(url: string): boolean;
  /** Crawl-delay for our user agent, in milliseconds. */
  crawlDelayMs: number | undefined;
  /** Sitemap URLs the file lists. */
  sitemaps: string[];
}

/** The product token robots.txt groups are matched against: `dify-agent` of `dify-agent/0.1 (+…)`. */
export function robotsToken(userAgent: string): string {
  return (userAgent.trim().split(/[\s/]/)[0] ?? userAgent).toLowerCase();
}

export function parseRobots(robotsUrl: string, body: string, userAgent: string): RobotsPolicy {
  const token = robotsToken(userAgent);
  const robots = robotsParser(robotsUrl, body);
  const delay = robots.getCrawlDelay(token);
  return {
    state: 'rules',
    allows: (url) => robots.isAllowed(url, token) !== false,
    crawlDelayMs: delay !== undefined && Number.isFinite(delay) ? delay * 1000 : undefined,
    sitemaps: robots.getSitemaps(),
  };
}

export const noRobots: RobotsPolicy = {
  state: 'none',
  allows: () => true,
  crawlDelayMs: undefined,
  sitemaps: [],
};

export function unreachableRobots(detail: string): RobotsPolicy {
  return { state: 'unreachable', detail, allows: () => false, crawlDelayMs: undefined, sitemaps: [] };
}
