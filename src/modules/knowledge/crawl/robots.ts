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
  /** For `unreachable`: the reason its pages are reported with, when more precise than robots_unreachable. */
  cause?: 'blocked_address' | 'dns_failed';
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

/**
 * A site whose robots.txt could not be read. `cause` names what stopped it when that, not robots.txt
 * itself, is the real problem (an address that is blocked, a name that does not resolve), so each page
 * is reported with that reason rather than a vaguer `robots_unreachable`.
 */
export function unreachableRobots(detail: string, cause?: 'blocked_address' | 'dns_failed'): RobotsPolicy {
  return {
    state: 'unreachable',
    detail,
    ...(cause ? { cause } : {}),
    allows: () => false,
    crawlDelayMs: undefined,
    sitemaps: [],
  };
}
