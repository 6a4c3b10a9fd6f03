/**
 * One page of the crawl, from frontier task to kept page or reported skip: robots.txt and file
 * extension checks, the conditional fetch (redirects checked against scope and robots), status,
 * content type, noindex, rel=canonical and content-hash dedupe, then `onPage` with what changed.
 */
import type { Clock } from '../../../core/clock.js';
import { isAppError } from '../../../core/errors.js';
import type { SafeResponse } from '../../../core/safe-fetch.js';
import { canonicalizeUrl, urlExtension } from './canonical-url.js';
import type { CrawlFrontier, Task } from './crawl-frontier.js';
import { type CrawlRequest, FAILURE_CODES } from './crawl-request.js';
import { BINARY_EXTENSIONS, decodeHtml, HTML_TYPES, looksLikeHtml } from './html-content.js';
import { readPage } from './page-facts.js';
import type { RobotsLoader } from './robots-loader.js';
import type { CrawlScope } from './scope.js';
import type { CrawlDeps, CrawledPage, CrawlReason, PreviousPage } from './types.js';

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

export function createPageHandler(settings: {
  deps: Pick<CrawlDeps, 'previous' | 'onPage'>;
  clock: Clock;
  signal: AbortSignal;
  scope: CrawlScope;
  token: string;
  frontier: CrawlFrontier;
  request: CrawlRequest;
  robots: RobotsLoader;
}): { fetch(task: Task): Promise<void>; settleRest(canKeep: () => boolean): Promise<void> } {
  const { deps, clock, signal, scope, token, frontier, request } = settings;
  const { robotsFor } = settings.robots;
  const { states, counts, drop, enqueue } = frontier;
  const keptByHash = new Map<string, string>();
  /** Pages waiting on their declared canonical URL to be fetched, by that URL. */
  const awaiting = new Map<string, ((kept: boolean) => Promise<void>)[]>();
  /** The URL a redirected task ended at. */
  const finalOf = new Map<string, string>();

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
      if (signal.aborted) return;
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
      finalOf.set(task.url, finalKey);
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

    const declared = facts.canonical ? canonicalizeUrl(facts.canonical) : undefined;
    // What is left once the page is known to stand for itself: content dedupe, then keep.
    const admit = async () => {
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
    };
    const deferred = async () => {
      states.set(finalKey, 'dropped');
      await drop(task, 'duplicate', `declares ${declared} as its canonical URL`, {
        duplicateOf: declared,
        status: res.status,
        attempts,
      });
    };

    // rel=canonical: defer to the declared URL when it is on site, unless it is known to be different.
    // Until that URL is fetched the page waits: it is a duplicate once the canonical URL is kept, and
    // stands for itself when that URL cannot be had (a 404, a redirect off site, beyond the depth).
    if (declared && declared !== finalKey && scope.allows(new URL(declared))) {
      if (states.get(declared) === undefined) await enqueue(declared, task.depth, { foundOn: finalKey });
      const state = states.get(declared);
      if (state === 'kept' && keptByHash.get(facts.contentHash) === declared) return deferred();
      if (state === 'queued' || state === 'fetching') {
        awaiting.set(declared, [
          ...(awaiting.get(declared) ?? []),
          async (kept) => {
            await (kept ? deferred() : admit());
            await settle(task.url);
            if (finalKey !== task.url) await settle(finalKey);
          },
        ]);
        return;
      }
    }
    await admit();
  }

  /**
   * Settles the pages waiting on `url` as their canonical URL, once it has been fetched. A canonical
   * URL that is itself waiting on another settles its waiters when it is settled in turn.
   */
  async function settle(url: string): Promise<void> {
    const waiting = awaiting.get(url);
    const state = states.get(finalOf.get(url) ?? url);
    if (!waiting || state === 'queued' || state === 'fetching') return;
    awaiting.delete(url);
    for (const resume of waiting) await resume(state === 'kept');
  }

  /**
   * At the crawl's end, the pages still waiting on a canonical URL that was never fetched (the page
   * limit came first, or two pages name each other): each stands for itself while `canKeep` allows.
   */
  async function settleRest(canKeep: () => boolean): Promise<void> {
    for (const [url, waiting] of [...awaiting]) {
      awaiting.delete(url);
      for (const resume of waiting) await resume(!canKeep());
    }
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

  return {
    async fetch(task: Task): Promise<void> {
      try {
        await fetchPage(task);
      } finally {
        await settle(task.url);
      }
    },
    settleRest,
  };
}
