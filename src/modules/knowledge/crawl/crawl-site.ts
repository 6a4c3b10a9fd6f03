/**
 * The crawl engine: walks one site from a start URL (and its sitemaps), politely and safely, and hands
 * every kept page to `onPage` and every URL it did not keep to `onSkip` with a reason. Storage, jobs
 * and progress reporting belong to the caller; this module only decides what to fetch and what came of it.
 *
 * Order of decisions for one URL: canonical key → on site? → depth → include/exclude → robots.txt →
 * file extension → fetch (conditional, retried, redirects checked against scope and robots) → status →
 * content type → noindex → rel=canonical → content-hash dedupe → kept.
 *
 * This file resolves the options, runs the workers and sums up; the parts live beside it:
 * crawl-frontier (URL states, queue, counts, skip reports), crawl-request (pacing and retries),
 * robots-loader, sitemap-reader, page-handler (one URL from fetch to kept or skipped) and
 * html-content (content types and decoding).
 */
import { setMaxListeners } from 'node:events';
import type { Config } from '../../../config/load.js';
import { sleep as realSleep, systemClock } from '../../../core/clock.js';
import { AppError } from '../../../core/errors.js';
import { canonicalizeUrl } from './canonical-url.js';
import { createCrawlFrontier } from './crawl-frontier.js';
import { createCrawlRequest } from './crawl-request.js';
import { createPageHandler } from './page-handler.js';
import { createHostPacer } from './politeness.js';
import { noRobots, robotsToken } from './robots.js';
import { createRobotsLoader } from './robots-loader.js';
import { createScope } from './scope.js';
import { isSitemapUrl, readSitemaps } from './sitemap-reader.js';
import type { CrawlDeps, CrawlOptions, CrawlProgress, CrawlSummary } from './types.js';

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

  const frontier = createCrawlFrontier({ startKey, scope, maxDepth, deps });
  const { states, counts, reasons, beyond, external, queuedCount, enqueue, takeTask } = frontier;
  const sitemapsRead: string[] = [];
  const signal = controller.signal;
  const request = createCrawlRequest({
    options,
    deps,
    signal,
    pacer,
    clock,
    sleep,
    random,
    counts,
    maxRetries,
    backoff,
  });
  const robotsLoader = createRobotsLoader({ options, respectRobots, userAgent, request, signal, pacer });
  const { robotsFor, robotsStates } = robotsLoader;
  const pages = createPageHandler({
    deps,
    clock,
    signal,
    scope,
    token,
    frontier,
    request,
    robots: robotsLoader,
  });
  let inFlight = 0;

  const progress = (): CrawlProgress => ({
    found: counts.found,
    done: counts.kept,
    failed: counts.failed,
    skipped: counts.skipped,
    queued: queuedCount(),
    inFlight,
  });
  const report = () => deps.onProgress?.(progress());

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
        await pages.fetch(task);
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
      { options, request, signal, frontier, sitemapsRead, robotsFor },
      listed,
      guessed.filter((g) => !listed.includes(g)),
    );
    report();
    await Promise.all(Array.from({ length: concurrency }, worker));
    // Pages whose canonical URL was never fetched stand for themselves.
    if (!controller.signal.aborted) await pages.settleRest(() => counts.kept < maxPages);
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
