/**
 * Sitemaps as crawl entry points: reads the listed sitemaps (and a guessed /sitemap.xml, which may
 * quietly be missing), follows sitemap indexes, and queues every entry at depth 0 with its lastmod.
 */
import { isAppError } from '../../../core/errors.js';
import type { SafeResponse } from '../../../core/safe-fetch.js';
import { canonicalizeUrl } from './canonical-url.js';
import type { CrawlFrontier } from './crawl-frontier.js';
import { type CrawlRequest, FAILURE_CODES } from './crawl-request.js';
import { HTML_TYPES } from './html-content.js';
import type { RobotsPolicy } from './robots.js';
import { maybeGunzip, parseSitemap } from './sitemap.js';
import type { CrawlOptions, CrawlReason } from './types.js';

const MAX_SITEMAP_FILES = 50;

/** A sitemap fetch refused on a redirect hop that robots.txt disallows. */
class SitemapDisallowed extends Error {
  constructor(readonly url: string) {
    super(`robots.txt disallows ${url}`);
  }
}
const MAX_SITEMAP_ENTRIES = 50_000;

/** A start URL ending in .xml or .xml.gz is read as a sitemap, not as a page. */
export function isSitemapUrl(url: URL): boolean {
  return /\.xml(\.gz)?$/i.test(url.pathname);
}

export interface SitemapReading {
  options: Pick<CrawlOptions, 'maxBytes'>;
  request: CrawlRequest;
  signal: AbortSignal;
  frontier: Pick<CrawlFrontier, 'issue' | 'enqueue'>;
  /** Sitemaps read so far; appended to as each one is parsed. */
  sitemapsRead: string[];
  /** robots.txt of an origin: a sitemap (and every redirect of its fetch) is read only where it allows. */
  robotsFor(origin: string): Promise<RobotsPolicy>;
}

/** Reads sitemaps (following sitemap indexes) and queues their entries at depth 0. */
export async function readSitemaps(
  reading: SitemapReading,
  listed: string[],
  guessed: string[],
): Promise<void> {
  const { options, request, signal, sitemapsRead } = reading;
  const { issue, enqueue } = reading.frontier;
  const queue = [
    ...listed.map((url) => ({ url, guessed: false })),
    ...guessed.map((url) => ({ url, guessed: true })),
  ];
  const seen = new Set<string>();
  let entries = 0;
  while (queue.length > 0 && seen.size < MAX_SITEMAP_FILES && !signal.aborted) {
    const next = queue.shift() as { url: string; guessed: boolean };
    const key = canonicalizeUrl(next.url);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const fail = (reason: CrawlReason, message: string, status?: number) =>
      next.guessed
        ? undefined
        : issue({ url: key, reason, message, source: 'sitemap', depth: 0, ...(status ? { status } : {}) });
    // robots.txt applies to every fetch of a crawl, sitemaps included (a guessed one quietly).
    const robots = await reading.robotsFor(new URL(key).origin);
    if (robots.state === 'unreachable') {
      await fail('robots_unreachable', `sitemap ${key} not read because robots.txt is unavailable`);
      continue;
    }
    if (!robots.allows(key)) {
      await fail('robots_disallowed', `robots.txt of ${new URL(key).origin} disallows the sitemap ${key}`);
      continue;
    }
    let res: SafeResponse;
    try {
      res = (
        await request(key, {
          beforeRedirect: async (to) => {
            if (!(await reading.robotsFor(to.origin)).allows(to.href)) {
              throw new SitemapDisallowed(to.href);
            }
          },
        })
      ).res;
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof SitemapDisallowed) {
        await fail(
          'robots_disallowed',
          `sitemap ${key} redirects to ${error.url}, which robots.txt disallows`,
        );
        continue;
      }
      const reason = (isAppError(error) && FAILURE_CODES[error.code]) || 'fetch_failed';
      await fail(reason, (error as Error).message);
      continue;
    }
    if (res.status < 200 || res.status >= 300) {
      await fail(
        `http_${res.status}`,
        `sitemap ${key} answered ${res.status} ${res.statusText}`.trim(),
        res.status,
      );
      continue;
    }
    try {
      const parsed = parseSitemap(maybeGunzip(res.body, key, options.maxBytes ?? 50 * 1024 * 1024), key);
      sitemapsRead.push(key);
      if (parsed.kind === 'index') {
        for (const s of parsed.sitemaps) queue.push({ url: s, guessed: false });
        continue;
      }
      for (const entry of parsed.urls) {
        if (entries++ >= MAX_SITEMAP_ENTRIES) break;
        await enqueue(entry.loc, 0, {
          entry: true,
          ...(entry.lastmod ? { sitemapLastmod: entry.lastmod } : {}),
        });
      }
    } catch (error) {
      // A guessed /sitemap.xml that is really an HTML "not found" page is no sitemap: say nothing.
      if (next.guessed && res.contentType && HTML_TYPES.has(res.contentType)) continue;
      await issue({
        url: key,
        reason: 'sitemap_invalid',
        message: (error as Error).message,
        source: 'sitemap',
        depth: 0,
      });
    }
  }
}
