import type { Clock } from '../../../core/clock.js';
import type { Logger } from '../../../core/logger.js';
import type { SafeFetch } from '../../../core/safe-fetch.js';
import type { Sleep } from './politeness.js';

/** Settings of one crawl. Unset limits take the defaults listed (see `crawlDefaultsFromConfig`). */
export interface CrawlOptions {
  /** Where to start: a page, or a sitemap (a URL ending in .xml or .xml.gz). */
  startUrl: string;
  /** More sitemaps to read besides the ones robots.txt lists. */
  sitemapUrls?: string[];
  /** Read the sitemaps robots.txt lists and try /sitemap.xml (default true). */
  discoverSitemaps?: boolean;
  /** Pages kept at most (default 500, CRAWL_MAX_PAGES). Failed and skipped URLs do not count. */
  maxPages?: number;
  /** Link hops from an entry point (the start URL or a sitemap entry, depth 0); default 10. */
  maxDepth?: number;
  /** Path globs or /regex/ patterns a page must match (see scope.ts); empty means the whole site. */
  include?: string[];
  /** Path globs or /regex/ patterns never fetched. Exclude wins over include. */
  exclude?: string[];
  /** Also crawl subdomains of the start host. */
  allowSubdomains?: boolean;
  /** Pages fetched at once (default 10, CRAWL_CONCURRENCY). */
  concurrency?: number;
  /** Minimum gap between requests to one host (default 250 ms, CRAWL_HOST_DELAY_MS). */
  hostDelayMs?: number;
  /** Longest robots.txt Crawl-delay honoured (default 10 s); longer ones are capped to this. */
  maxCrawlDelayMs?: number;
  /** Deadline of one request, redirects and body included (default FETCH_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Largest page body (default FETCH_MAX_BYTES). */
  maxBytes?: number;
  /** Retries after a 429/5xx answer or a dropped connection (default 2, so 3 attempts). */
  maxRetries?: number;
  /** First backoff wait when the server sends no Retry-After (default 1 s, doubling). */
  retryBaseMs?: number;
  /** Longest wait before a retry, whatever Retry-After asks (default 30 s). */
  maxRetryWaitMs?: number;
  /** User agent whose robots.txt group applies (default FETCH_USER_AGENT); the HTTP header comes from safeFetch. */
  userAgent?: string;
  /** Obey robots.txt (default true). Only for crawling a site you own that blocks all robots. */
  respectRobots?: boolean;
}

/** What the caller knows about a URL from an earlier crawl, for a conditional re-crawl. */
export interface PreviousPage {
  etag?: string | null;
  lastModified?: string | null;
  contentHash?: string | null;
  /** Links found on it last time: followed when the server answers 304, so discovery still works. */
  links?: readonly string[] | null;
}

export interface CrawledPage {
  /** Canonical URL the page is stored under. */
  url: string;
  /** The URL that answered (after redirects), canonicalised. */
  fetchedUrl: string;
  /** The URL that was requested, canonicalised. */
  requestedUrl: string;
  /** URLs that redirected on the way, in order. */
  redirects: string[];
  depth: number;
  /** The page that linked to it first; undefined for entry points. */
  foundOn?: string;
  status: number;
  /** `new`: no previous record; `changed`: content hash differs; `unchanged`: 304 or same hash. */
  change: 'new' | 'changed' | 'unchanged';
  /** True when the server answered 304: `html` is then null and the caller keeps what it has. */
  notModified: boolean;
  html: string | null;
  title?: string;
  contentType?: string;
  /** SHA-256 of the visible text (see page-facts.ts); carried over from `previous` on a 304. */
  contentHash: string;
  etag?: string;
  lastModified?: string;
  /** `<link rel=canonical>` as the page declared it (resolved), if any. */
  declaredCanonical?: string;
  /** On-site links found on the page, canonicalised, for the next conditional crawl. */
  links: string[];
  /** `<lastmod>` from the sitemap that listed it. */
  sitemapLastmod?: string;
  attempts: number;
  fetchedAt: string;
}

/** Why a URL was not kept. */
export type CrawlReason =
  | 'robots_disallowed'
  | 'robots_unreachable'
  | 'excluded'
  | 'out_of_scope'
  | 'redirect_out_of_scope'
  | 'duplicate'
  | 'noindex'
  | 'unsupported_content_type'
  | 'timeout'
  | 'too_large'
  | 'blocked_address'
  | 'network'
  | 'dns_failed'
  | 'too_many_redirects'
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'sitemap_invalid'
  | 'fetch_failed'
  | `http_${number}`;

/** A URL that was not kept: failed (an error) or skipped (by policy), with the reason. */
export interface CrawlIssue {
  url: string;
  kind: 'failed' | 'skipped';
  reason: CrawlReason;
  /** What happened, for a person. */
  message: string;
  /** `page` for pages, `sitemap` for sitemap files. */
  source: 'page' | 'sitemap';
  depth: number;
  foundOn?: string;
  status?: number;
  contentType?: string;
  /** The kept URL this one duplicates (`duplicate`). */
  duplicateOf?: string;
  /** Where it redirected (`redirect_out_of_scope`, …). */
  redirectedTo?: string;
  attempts?: number;
}

export interface CrawlProgress {
  /** Distinct on-site URLs discovered so far (entry points, sitemap entries, links). */
  found: number;
  /** Pages kept. */
  done: number;
  failed: number;
  skipped: number;
  queued: number;
  inFlight: number;
}

export interface CrawlSummary {
  startUrl: string;
  pages: number;
  new: number;
  changed: number;
  unchanged: number;
  failed: number;
  skipped: number;
  found: number;
  /** Issues per reason. */
  reasons: Record<string, number>;
  /** Discovered URLs left uncrawled because `maxPages` was reached. */
  notCrawled: number;
  /** On-site links not followed because they were deeper than `maxDepth`. */
  beyondDepth: number;
  /** Distinct off-site links seen (never fetched). */
  externalLinks: number;
  /** Sitemap files read. */
  sitemaps: string[];
  /** robots.txt state per origin: `rules`, `none` (absent) or `unreachable`. */
  robots: Record<string, string>;
  /** HTTP requests made (attempts, robots.txt and sitemaps included). */
  requests: number;
  limitReached: boolean;
  aborted: boolean;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
}

export interface CrawlDeps {
  fetch: SafeFetch;
  /** Called for every kept page (awaited: a slow store slows the crawl; a throw stops it). */
  onPage: (page: CrawledPage) => void | Promise<void>;
  /** Called for every failed or skipped URL. */
  onSkip?: (issue: CrawlIssue) => void | Promise<void>;
  onProgress?: (progress: CrawlProgress) => void;
  /** Looks up what an earlier crawl stored for a canonical URL. */
  previous?: (url: string) => PreviousPage | undefined | Promise<PreviousPage | undefined>;
  signal?: AbortSignal;
  clock?: Clock;
  /** Waits (politeness and retry backoff); tests pass one that records instead of waiting. */
  sleep?: Sleep;
  random?: () => number;
  logger?: Logger;
}
