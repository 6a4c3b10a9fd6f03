import { setMaxListeners } from 'node:events';
/**
 * The crawl engine: walks one site from a start URL (and its sitemaps), politely and safely, and hands
 * every kept page to `onPage` and every URL it did not keep to `onSkip` with a reason. Storage, jobs
 * and progress reporting belong to the caller; this module only decides what to fetch and what came of it.
 *
 * Order of decisions for one URL: canonical key → on site? → depth → include/exclude → robots.txt →
 * file extension → fetch (conditional, retried, redirects checked against scope and robots) → status →
 * content type → noindex → rel=canonical → content-hash dedupe → kept.
 */
import type { Config } from '../../../config/load.js';
import { sleep as realSleep, systemClock } from '../../../core/clock.js';
import { AppError, isAppError } from '../../../core/errors.js';
import type { SafeFetchOptions, SafeResponse } from '../../../core/safe-fetch.js';
import { canonicalizeUrl, urlExtension } from './canonical-url.js';
import { readPage } from './page-facts.js';
import { createHostPacer } from './politeness.js';
import { isRetryableStatus, parseRetryAfter, retryDelayMs } from './retry.js';
import { noRobots, parseRobots, type RobotsPolicy, robotsToken, unreachableRobots } from './robots.js';
import { createScope } from './scope.js';
import { maybeGunzip, parseSitemap } from './sitemap.js';
import type {
  CrawlDeps,
  CrawledPage,
  CrawlIssue,
  CrawlOptions,
  CrawlProgress,
  CrawlReason,
  CrawlSummary,
  PreviousPage,
} from './types.js';

export type * from './types.js';

/** The crawl limits that come from configuration, to spread under a request's own options. */
export function crawlDefaultsFromConfig(config: Config): Partial<CrawlOptions> {
  return {
    concurrency: config.knowledge.crawlConcurrency,
    hostDelayMs: config.knowledge.hostDelayMs,
    maxPages: config.knowledge.maxPages,
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    userAgent: config.fetch.userAgent,
  };
}

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

/** Extensions that are never HTML pages, with the type named in the skip message. */
const BINARY_EXTENSIONS: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  exe: 'application/octet-stream',
  dmg: 'application/octet-stream',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  css: 'text/css',
  js: 'text/javascript',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
};

const FAILURE_CODES: Record<string, CrawlReason> = {
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

const SKIP_REASONS = new Set<CrawlReason>([
  'robots_disallowed',
  'excluded',
  'out_of_scope',
  'redirect_out_of_scope',
  'duplicate',
  'noindex',
  'unsupported_content_type',
]);

/** Thrown from a redirect check to stop following and report the URL with this reason. */
class CrawlStop extends Error {
  constructor(
    readonly reason: CrawlReason,
    message: string,
    readonly redirectedTo?: string,
  ) {
    super(message);
  }
}

interface Task {
  url: string;
  depth: number;
  foundOn?: string;
  /** Fetched for its links only (an entry point that the include/exclude patterns leave out). */
  linksOnly?: boolean;
  sitemapLastmod?: string;
}

type UrlState = 'queued' | 'fetching' | 'kept' | 'dropped' | 'alias';

const MAX_SITEMAP_FILES = 50;
const MAX_SITEMAP_ENTRIES = 50_000;
const MAX_ROBOTS_BYTES = 512 * 1024;

function isSitemapUrl(url: URL): boolean {
  return /\.xml(\.gz)?$/i.test(url.pathname);
}

/** The charset a page declares in <meta>, for pages whose Content-Type does not say. */
function metaCharset(body: Buffer): string | undefined {
  const head = body.subarray(0, 2048).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
}

function decodeHtml(res: SafeResponse): string {
  const charset = res.charset ?? metaCharset(res.body);
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    try {
      return new TextDecoder(charset).decode(res.body);
    } catch {
      // Unknown label: UTF-8 below.
    }
  }
  return res.body.toString('utf8');
}

function looksLikeHtml(body: Buffer): boolean {
  const head = body.subarray(0, 1024).toString('latin1').trimStart().toLowerCase();
  return (
    head.startsWith('<!doctype html') || head.startsWith('<html') || /<(head|body|title)[\s>]/.test(head)
  );
}

function invalidStart(message: string): AppError {
  return new AppError('knowledge.invalid_start_url', 400, message);
}

/** Crawls one site. Resolves with a summary when done or aborted; rejects only if a callback throws. */
export async function crawlSite(options: CrawlOptions, deps: CrawlDeps): Promise<CrawlSummary> {
  const clock = deps.clock ?? systemClock;
  const sleep = deps.sleep ?? realSleep;
  const random = deps.random ?? Math.random;
  const startedMs = clock.nowMs();
  const startedAt = clock.iso();

  const startKey = canonicalizeUrl(options.startUrl);
  if (!startKey) throw invalidStart(`"${options.startUrl}" is not an http(s) URL`);
  const start = new URL(startKey);
  const scope = createScope(start, {
    allowSubdomains: options.allowSubdomains ?? false,
    include: options.include ?? [],
    exclude: options.exclude ?? [],
  });
  const maxPages = options.maxPages ?? 500;
  const maxDepth = options.maxDepth ?? 10;
  const concurrency = Math.max(1, options.concurrency ?? 10);
  const maxRetries = options.maxRetries ?? 2;
  const backoff = { baseMs: options.retryBaseMs ?? 1000, maxMs: options.maxRetryWaitMs ?? 30_000 };
  const userAgent = options.userAgent ?? 'dify-agent';
  const token = robotsToken(userAgent);
  const respectRobots = options.respectRobots ?? true;
  const pacer = createHostPacer(options.hostDelayMs ?? 250, clock, sleep);

  // Stops the crawl: the caller's abort, or a callback that threw.
  const controller = new AbortController();
  // Every request in flight (up to `concurrency`) listens on this signal: not a leak.
  setMaxListeners(Math.max(10, (options.concurrency ?? 10) * 4), controller.signal);
  const onOuterAbort = () => controller.abort(deps.signal?.reason);
  if (deps.signal?.aborted) onOuterAbort();
  deps.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let fatal: unknown;

  const states = new Map<string, UrlState>();
  const levels: Task[][] = [];
  const keptByHash = new Map<string, string>();
  const beyond = new Set<string>();
  const external = new Set<string>();
  const reasons: Record<string, number> = {};
  const sitemapsRead: string[] = [];
  const robotsByOrigin = new Map<string, Promise<RobotsPolicy>>();
  const robotsStates: Record<string, string> = {};
  const counts = { found: 0, kept: 0, new: 0, changed: 0, unchanged: 0, failed: 0, skipped: 0, requests: 0 };
  let inFlight = 0;

  const queuedCount = () =>
    levels.reduce((n, l) => n + l.filter((t) => states.get(t.url) === 'queued').length, 0);
  const progress = (): CrawlProgress => ({
    found: counts.found,
    done: counts.kept,
    failed: counts.failed,
    skipped: counts.skipped,
    queued: queuedCount(),
    inFlight,
  });
  const report = () => deps.onProgress?.(progress());

  async function issue(entry: Omit<CrawlIssue, 'kind'>): Promise<void> {
    const kind = SKIP_REASONS.has(entry.reason) ? 'skipped' : 'failed';
    counts[kind]++;
    reasons[entry.reason] = (reasons[entry.reason] ?? 0) + 1;
    await deps.onSkip?.({ kind, ...entry });
  }

  async function drop(task: Task, reason: CrawlReason, message: string, extra: Partial<CrawlIssue> = {}) {
    if (states.get(task.url) !== 'kept') states.set(task.url, 'dropped');
    await issue({
      url: task.url,
      reason,
      message,
      source: 'page',
      depth: task.depth,
      ...(task.foundOn ? { foundOn: task.foundOn } : {}),
      ...extra,
    });
  }

  /** Adds a URL to the frontier if it is on site, new, shallow enough and allowed by the patterns. */
  async function enqueue(raw: string, depth: number, from: Partial<Task> & { entry?: boolean } = {}) {
    const key = canonicalizeUrl(raw);
    if (!key) return;
    const url = new URL(key);
    if (!scope.onSite(url)) {
      if (from.entry) {
        await issue({
          url: key,
          reason: 'out_of_scope',
          message: `${key} is not on the site of ${startKey}`,
          source: 'page',
          depth,
          ...(from.foundOn ? { foundOn: from.foundOn } : {}),
        });
      } else external.add(key);
      return;
    }
    if (states.has(key)) return;
    if (depth > maxDepth) {
      beyond.add(key);
      return;
    }
    const verdict = scope.patternVerdict(url);
    const task: Task = {
      url: key,
      depth,
      ...(from.foundOn ? { foundOn: from.foundOn } : {}),
      ...(from.sitemapLastmod ? { sitemapLastmod: from.sitemapLastmod } : {}),
    };
    if (verdict) {
      if (key !== startKey) {
        states.set(key, 'dropped');
        await drop(task, 'excluded', `${key} is ${verdict}`);
        return;
      }
      task.linksOnly = true;
    }
    states.set(key, 'queued');
    counts.found++;
    const level = levels[depth] ?? [];
    levels[depth] = level;
    level.push(task);
  }

  function takeTask(): Task | undefined {
    for (const level of levels) {
      while (level && level.length > 0) {
        const task = level.shift() as Task;
        if (states.get(task.url) === 'queued') {
          states.set(task.url, 'fetching');
          return task;
        }
      }
    }
    return undefined;
  }

  /** One request with pacing and retries on 429/5xx and dropped connections. */
  async function request(
    url: string,
    init: SafeFetchOptions,
  ): Promise<{ res: SafeResponse; attempts: number }> {
    const host = new URL(url).host;
    for (let attempt = 1; ; attempt++) {
      await pacer.take(host, controller.signal);
      counts.requests++;
      try {
        const res = await deps.fetch(url, {
          ...init,
          signal: controller.signal,
          ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
          ...(options.maxBytes && init.maxBytes === undefined ? { maxBytes: options.maxBytes } : {}),
        });
        if (!isRetryableStatus(res.status) || attempt > maxRetries) return { res, attempts: attempt };
        const retryAfter = parseRetryAfter(res.headers.get('retry-after'), clock.nowMs());
        const wait = retryDelayMs(attempt, retryAfter, backoff, random);
        // A rate limit applies to the whole host, not just this page.
        if (res.status === 429 || retryAfter !== undefined) pacer.pause(host, wait);
        deps.logger?.debug({ url, status: res.status, wait }, 'crawl: retrying after server answer');
        await sleep(wait, controller.signal);
      } catch (error) {
        if (!(isAppError(error) && error.code === 'fetch.network') || attempt > maxRetries) throw error;
        await sleep(retryDelayMs(attempt, undefined, backoff, random), controller.signal);
      }
    }
  }

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
      if (controller.signal.aborted) throw error;
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

  /** Reads sitemaps (following sitemap indexes) and queues their entries at depth 0. */
  async function readSitemaps(listed: string[], guessed: string[]): Promise<void> {
    const queue = [
      ...listed.map((url) => ({ url, guessed: false })),
      ...guessed.map((url) => ({ url, guessed: true })),
    ];
    const seen = new Set<string>();
    let entries = 0;
    while (queue.length > 0 && seen.size < MAX_SITEMAP_FILES && !controller.signal.aborted) {
      const next = queue.shift() as { url: string; guessed: boolean };
      const key = canonicalizeUrl(next.url);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      const fail = (reason: CrawlReason, message: string, status?: number) =>
        next.guessed
          ? undefined
          : issue({ url: key, reason, message, source: 'sitemap', depth: 0, ...(status ? { status } : {}) });
      let res: SafeResponse;
      try {
        res = (await request(key, {})).res;
      } catch (error) {
        if (controller.signal.aborted) return;
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

  async function fetchPage(task: Task): Promise<void> {
    const url = new URL(task.url);
    const robots = await robotsFor(url.origin);
    if (robots.state === 'unreachable') {
      if (robots.cause) await drop(task, robots.cause, robots.detail ?? robots.cause);
      else
        await drop(
          task,
          'robots_unreachable',
          `not crawled because robots.txt is unavailable: ${robots.detail ?? ''}`,
        );
      return;
    }
    if (!robots.allows(task.url)) {
      await drop(
        task,
        'robots_disallowed',
        `robots.txt of ${url.origin} disallows ${url.pathname} for ${token}`,
      );
      return;
    }
    const ext = urlExtension(task.url);
    const guessedType = BINARY_EXTENSIONS[ext];
    if (guessedType) {
      await drop(task, 'unsupported_content_type', `a .${ext} file is not an HTML page; not downloaded`, {
        contentType: guessedType,
      });
      return;
    }

    const previous: PreviousPage | undefined = await deps.previous?.(task.url);
    const headers: Record<string, string> = {
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1',
    };
    if (previous?.etag) headers['if-none-match'] = previous.etag;
    if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;

    let res: SafeResponse;
    let attempts: number;
    try {
      ({ res, attempts } = await request(task.url, {
        headers,
        shouldReadBody: ({ status, contentType }) =>
          status >= 200 && status < 300 && (contentType === undefined || HTML_TYPES.has(contentType)),
        beforeRedirect: async (to) => {
          const next = canonicalizeUrl(to.href) ?? to.href;
          const nextUrl = new URL(next);
          if (!scope.onSite(nextUrl)) {
            throw new CrawlStop(
              'redirect_out_of_scope',
              `redirects to ${next}, which is not on the site`,
              next,
            );
          }
          const verdict = scope.patternVerdict(nextUrl);
          if (verdict && !task.linksOnly)
            throw new CrawlStop('excluded', `redirects to ${next}, which is ${verdict}`, next);
          const rules = await robotsFor(nextUrl.origin);
          if (!rules.allows(next)) {
            throw new CrawlStop(
              'robots_disallowed',
              `redirects to ${next}, which robots.txt disallows for ${token}`,
              next,
            );
          }
        },
      }));
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof CrawlStop) {
        await drop(
          task,
          error.reason,
          error.message,
          error.redirectedTo ? { redirectedTo: error.redirectedTo } : {},
        );
        return;
      }
      if (isAppError(error)) {
        await drop(task, FAILURE_CODES[error.code] ?? 'fetch_failed', error.message);
        return;
      }
      throw error;
    }

    const finalKey = canonicalizeUrl(res.url) ?? task.url;
    if (finalKey !== task.url) {
      const state = states.get(finalKey);
      if (state === 'kept' || state === 'fetching' || state === 'alias') {
        await drop(task, 'duplicate', `redirects to ${finalKey}, which is crawled already`, {
          duplicateOf: finalKey,
          redirectedTo: finalKey,
          attempts,
        });
        return;
      }
      // The page is handled here under its final URL; a queued copy of that URL is not fetched again.
      if (state === undefined) counts.found++;
      states.set(finalKey, 'fetching');
      states.set(task.url, 'alias');
    }

    // A redirected page is stored under its final URL: that is where an earlier crawl kept it.
    const known = finalKey !== task.url ? ((await deps.previous?.(finalKey)) ?? previous) : previous;
    const notModified = res.status === 304 && previous !== undefined;
    if (!notModified && (res.status < 200 || res.status >= 300)) {
      await drop(task, `http_${res.status}`, `${res.url} answered ${res.status} ${res.statusText}`.trim(), {
        status: res.status,
        attempts,
      });
      states.set(finalKey, 'dropped');
      return;
    }

    const redirectFields = { fetchedUrl: finalKey, requestedUrl: task.url, redirects: res.redirects };
    const validators = {
      ...(res.headers.get('etag') ? { etag: res.headers.get('etag') as string } : {}),
      ...(res.headers.get('last-modified')
        ? { lastModified: res.headers.get('last-modified') as string }
        : {}),
    };

    if (notModified) {
      const links: string[] = [];
      for (const link of previous.links ?? []) {
        await enqueue(link, task.depth + 1, { foundOn: finalKey });
        const k = canonicalizeUrl(link);
        if (k) links.push(k);
      }
      const hash = previous.contentHash ?? '';
      if (hash) keptByHash.set(hash, finalKey);
      await keep(task, {
        url: finalKey,
        ...redirectFields,
        status: 304,
        change: 'unchanged',
        notModified: true,
        html: null,
        contentHash: hash,
        ...(previous.etag ? { etag: previous.etag } : {}),
        ...(previous.lastModified ? { lastModified: previous.lastModified } : {}),
        ...validators,
        links,
        attempts,
      });
      return;
    }

    const isHtml = res.bodyRead && (res.contentType !== undefined || looksLikeHtml(res.body));
    if (!isHtml) {
      await drop(
        task,
        'unsupported_content_type',
        `${res.url} is ${res.contentType ?? 'not HTML'}, not an HTML page`,
        {
          status: res.status,
          ...(res.contentType ? { contentType: res.contentType } : {}),
          attempts,
        },
      );
      states.set(finalKey, 'dropped');
      return;
    }

    const html = decodeHtml(res);
    const facts = readPage(html, res.url, token);
    const links: string[] = [];
    if (!facts.nofollow) {
      for (const link of facts.links) {
        await enqueue(link, task.depth + 1, { foundOn: finalKey });
        const k = canonicalizeUrl(link);
        if (k && scope.onSite(new URL(k))) links.push(k);
      }
    }

    if (task.linksOnly) {
      states.set(finalKey, 'dropped');
      await drop(
        task,
        'excluded',
        `${task.url} is ${scope.patternVerdict(url)}; visited for its links only`,
        {
          status: res.status,
        },
      );
      return;
    }
    const robotsHeader = (res.headers.get('x-robots-tag') ?? '').toLowerCase();
    if (facts.noindex || /\b(noindex|none)\b/.test(robotsHeader)) {
      states.set(finalKey, 'dropped');
      await drop(task, 'noindex', `${finalKey} asks not to be indexed (robots noindex)`, {
        status: res.status,
      });
      return;
    }

    // rel=canonical: defer to the declared URL when it is on site, unless it is known to be different.
    const declared = facts.canonical ? canonicalizeUrl(facts.canonical) : undefined;
    if (declared && declared !== finalKey && scope.allows(new URL(declared))) {
      const state = states.get(declared);
      const sameAsKept = state === 'kept' && keptByHash.get(facts.contentHash) === declared;
      const pending = state === 'queued' || state === 'fetching';
      if (sameAsKept || pending || state === undefined) {
        if (state === undefined) await enqueue(declared, task.depth, { foundOn: finalKey });
        states.set(finalKey, 'dropped');
        await drop(task, 'duplicate', `declares ${declared} as its canonical URL`, {
          duplicateOf: declared,
          status: res.status,
          attempts,
        });
        return;
      }
    }

    const twin = keptByHash.get(facts.contentHash);
    if (twin && twin !== finalKey) {
      states.set(finalKey, 'dropped');
      await drop(task, 'duplicate', `same content as ${twin}`, {
        duplicateOf: twin,
        status: res.status,
        attempts,
      });
      return;
    }
    keptByHash.set(facts.contentHash, finalKey);

    const change: CrawledPage['change'] = !known
      ? 'new'
      : known.contentHash === facts.contentHash
        ? 'unchanged'
        : 'changed';
    await keep(task, {
      url: finalKey,
      ...redirectFields,
      status: res.status,
      change,
      notModified: false,
      html,
      ...(facts.title ? { title: facts.title } : {}),
      ...(res.contentType ? { contentType: res.contentType } : {}),
      contentHash: facts.contentHash,
      ...validators,
      ...(declared ? { declaredCanonical: declared } : {}),
      links: [...new Set(links)],
      attempts,
    });
  }

  async function keep(
    task: Task,
    page: Omit<CrawledPage, 'depth' | 'fetchedAt' | 'foundOn' | 'sitemapLastmod'>,
  ): Promise<void> {
    states.set(page.url, 'kept');
    counts.kept++;
    counts[page.change]++;
    await deps.onPage({
      ...page,
      depth: task.depth,
      ...(task.foundOn ? { foundOn: task.foundOn } : {}),
      ...(task.sitemapLastmod ? { sitemapLastmod: task.sitemapLastmod } : {}),
      fetchedAt: clock.iso(),
    });
  }

  // Wakes idle workers when work may have appeared or the crawl may be over.
  let wake: () => void = () => {};
  let wakeup = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const notify = () => {
    const w = wake;
    wakeup = new Promise<void>((resolve) => {
      wake = resolve;
    });
    w();
  };
  controller.signal.addEventListener('abort', notify, { once: true });

  async function worker(): Promise<void> {
    for (;;) {
      if (controller.signal.aborted) return;
      const task = counts.kept + inFlight < maxPages ? takeTask() : undefined;
      if (!task) {
        if (inFlight === 0) {
          notify();
          return;
        }
        await wakeup;
        continue;
      }
      inFlight++;
      try {
        await fetchPage(task);
      } catch (error) {
        if (!controller.signal.aborted) {
          fatal ??= error;
          controller.abort(error);
        }
      } finally {
        inFlight--;
        report();
        notify();
      }
    }
  }

  try {
    const startIsSitemap = isSitemapUrl(start);
    const robots = await robotsFor(start.origin).catch(() => noRobots);
    const listed = [...(options.sitemapUrls ?? []), ...(startIsSitemap ? [startKey] : [])];
    const discover = options.discoverSitemaps ?? true;
    if (discover) listed.push(...robots.sitemaps);
    const guessed = discover && !startIsSitemap ? [`${start.origin}/sitemap.xml`] : [];
    if (!startIsSitemap) await enqueue(startKey, 0, { entry: true });
    await readSitemaps(
      listed,
      guessed.filter((g) => !listed.includes(g)),
    );
    report();
    await Promise.all(Array.from({ length: concurrency }, worker));
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    deps.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (fatal !== undefined) throw fatal;

  const notCrawled = queuedCount();
  const finishedMs = clock.nowMs();
  report();
  return {
    startUrl: startKey,
    pages: counts.kept,
    new: counts.new,
    changed: counts.changed,
    unchanged: counts.unchanged,
    failed: counts.failed,
    skipped: counts.skipped,
    found: counts.found,
    reasons,
    notCrawled,
    beyondDepth: [...beyond].filter((u) => !states.has(u)).length,
    externalLinks: external.size,
    sitemaps: sitemapsRead,
    robots: robotsStates,
    requests: counts.requests,
    limitReached: notCrawled > 0 && counts.kept >= maxPages,
    aborted: deps.signal?.aborted ?? false,
    startedAt,
    finishedAt: clock.iso(),
    durationMs: finishedMs - startedMs,
  };
}
