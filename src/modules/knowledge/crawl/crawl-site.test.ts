import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { behave, type SiteServer, startSiteServer } from '../../../../test/support/site-server.js';
import { createSafeFetch, type SafeFetch } from '../../../core/safe-fetch.js';
import {
  type CrawlDeps,
  type CrawledPage,
  type CrawlIssue,
  type CrawlOptions,
  crawlSite,
} from './crawl-site.js';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../fixtures/sites/crawl-test',
);

let site: SiteServer;
let fetch: SafeFetch;

function routes() {
  return {
    '/old-news.html': behave.redirect('/news/launch.html', 301),
    '/go/linkedin': behave.redirect('https://www.linkedin.com/company/northwind-steel', 302),
    '/busy.html': behave.rateLimited('1', 1),
    '/slow.html': behave.slow(10_000),
    '/files/price-list': behave.content('application/pdf', '%PDF-1.4\n% price list\n'),
    '/sitemap-news.xml.gz': behave.gzipOf('/sitemap-news.xml'),
  };
}

beforeAll(async () => {
  site = await startSiteServer({ root, routes: routes() });
  fetch = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 5000,
    maxBytes: 1_000_000,
    userAgent: 'dify-agent/0.1 (+test)',
  });
});

afterAll(async () => {
  await fetch.close();
  await site.close();
});

afterEach(() => {
  site.requests.length = 0;
  for (const [p, route] of Object.entries(routes())) site.setRoute(p, route);
  site.setRoute('/robots.txt', undefined);
  site.setRoute('/contact.html', undefined);
});

interface Run {
  pages: CrawledPage[];
  issues: CrawlIssue[];
  waits: number[];
  summary: Awaited<ReturnType<typeof crawlSite>>;
}

async function crawl(options: Partial<CrawlOptions> = {}, deps: Partial<CrawlDeps> = {}): Promise<Run> {
  const pages: CrawledPage[] = [];
  const issues: CrawlIssue[] = [];
  const waits: number[] = [];
  const summary = await crawlSite(
    { startUrl: `${site.origin}/`, hostDelayMs: 0, timeoutMs: 1500, userAgent: 'dify-agent/0.1', ...options },
    {
      fetch,
      onPage: (p) => {
        pages.push(p);
      },
      onSkip: (i) => {
        issues.push(i);
      },
      // Record waits instead of sitting them out; the test asserts what was asked for, not how long it took.
      sleep: async (ms) => {
        waits.push(ms);
        await new Promise((r) => setTimeout(r, Math.min(ms, 5)));
      },
      ...deps,
    },
  );
  return { pages, issues, waits, summary };
}

const u = (p: string) => `${site.origin}${p}`;
const paths = (urls: string[]) => urls.map((x) => x.slice(site.origin.length)).sort();

describe('crawlSite on the fixture site', () => {
  it('keeps exactly the expected pages and records every other URL with its reason', async () => {
    const { pages, issues, waits, summary } = await crawl();

    expect(paths(pages.map((p) => p.url))).toEqual([
      '/',
      '/about.html',
      '/busy.html',
      '/contact.html',
      '/news/',
      '/news/launch.html',
      '/products/',
      '/products/h-beams.html',
      '/products/i-beams.html',
    ]);

    const byUrl = Object.fromEntries(
      issues.map((i) => [i.url.slice(site.origin.length), { reason: i.reason, kind: i.kind }]),
    );
    expect(byUrl).toEqual({
      '/private/secret.html': { reason: 'robots_disallowed', kind: 'skipped' },
      '/missing.html': { reason: 'http_404', kind: 'failed' },
      '/slow.html': { reason: 'timeout', kind: 'failed' },
      '/brochure.pdf': { reason: 'unsupported_content_type', kind: 'skipped' },
      '/files/price-list': { reason: 'unsupported_content_type', kind: 'skipped' },
      '/company/profile.html': { reason: 'duplicate', kind: 'skipped' },
      '/products/i-beams.html?color=red': { reason: 'duplicate', kind: 'skipped' },
      '/go/linkedin': { reason: 'redirect_out_of_scope', kind: 'skipped' },
      '/thank-you.html': { reason: 'noindex', kind: 'skipped' },
    });
    const issue = (p: string) => issues.find((i) => i.url === u(p)) as CrawlIssue;
    expect(issue('/company/profile.html').duplicateOf).toBe(u('/about.html'));
    expect(issue('/products/i-beams.html?color=red').duplicateOf).toBe(u('/products/i-beams.html'));
    expect(issue('/go/linkedin').redirectedTo).toBe('https://www.linkedin.com/company/northwind-steel');
    expect(issue('/files/price-list').contentType).toBe('application/pdf');
    expect(issue('/missing.html')).toMatchObject({ status: 404, foundOn: u('/') });
    for (const i of issues) expect(i.message.length).toBeGreaterThan(10);

    // The redirect is followed and recorded; the 429 page is kept after waiting the Retry-After second.
    const launch = pages.find((p) => p.url === u('/news/launch.html')) as CrawledPage;
    expect(launch.requestedUrl).toBe(u('/old-news.html'));
    expect(launch.redirects).toEqual([u('/old-news.html')]);
    const busy = pages.find((p) => p.url === u('/busy.html')) as CrawledPage;
    expect(busy.attempts).toBe(2);
    expect(waits).toContain(1000);
    expect(site.hits('/busy.html')).toBe(2);

    // Never asked for: the robots-disallowed page, the PDF by extension, the off-site redirect target.
    expect(site.hits('/private/secret.html')).toBe(0);
    expect(site.hits('/brochure.pdf')).toBe(0);
    // Fragment and utm_* variants are one URL, fetched once.
    expect(site.hits('/about.html')).toBe(1);
    expect(site.hits('/products/')).toBe(1);
    expect(site.hits('/robots.txt')).toBe(1);
    // Found only through the gzip sitemap listed by the sitemap index listed in robots.txt.
    expect(pages.find((p) => p.url === u('/news/'))?.sitemapLastmod).toBe('2026-11-02');
    expect(summary.sitemaps.map((s) => s.slice(site.origin.length))).toEqual([
      '/sitemap.xml',
      '/sitemap-pages.xml',
      '/sitemap-news.xml.gz',
    ]);
    expect(site.requests.every((r) => r.headers['user-agent'] === 'dify-agent/0.1 (+test)')).toBe(true);

    expect(summary).toMatchObject({
      pages: 9,
      new: 9,
      failed: 2,
      skipped: 7,
      // 9 kept + 9 reported + /old-news.html, which redirected to a kept page.
      found: 19,
      aborted: false,
      limitReached: false,
      robots: { [site.origin]: 'rules' },
    });
    expect(summary.externalLinks).toBe(1);
  });

  it('gives each kept page its HTML, title, hash, validators and on-site links', async () => {
    const { pages } = await crawl({ maxDepth: 0 });
    const home = pages.find((p) => p.url === u('/')) as CrawledPage;
    expect(home.title).toBe('Northwind Steel – Structural steel for builders');
    expect(home.html).toContain('<h1>Structural steel');
    expect(home.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(home.etag).toMatch(/^"/);
    expect(home.lastModified).toBe('Wed, 01 Oct 2026 08:00:00 GMT');
    expect(home.links).toContain(u('/products/'));
    expect(home.links).not.toContain('https://www.linkedin.com/company/northwind-steel');
    expect(home.change).toBe('new');
  });

  it('re-crawls conditionally: 304 or the same hash is unchanged, new content is changed', async () => {
    const first = await crawl();
    const stored = new Map(first.pages.map((p) => [p.url, p]));
    site.setRoute(
      '/contact.html',
      behave.content('text/html', '<title>Contact</title><p>We moved to Canal Road 9.</p>'),
    );
    const previous = (url: string) => {
      const p = stored.get(url);
      if (!p) return undefined;
      // /news/ is stored without validators, so only its hash can tell it is unchanged.
      if (url === u('/news/')) return { contentHash: p.contentHash };
      return {
        etag: p.etag ?? null,
        lastModified: p.lastModified ?? null,
        contentHash: p.contentHash,
        links: p.links,
      };
    };
    site.requests.length = 0;
    const second = await crawl({}, { previous });
    const change = Object.fromEntries(second.pages.map((p) => [p.url.slice(site.origin.length), p.change]));
    expect(change).toMatchObject({
      '/': 'unchanged',
      '/about.html': 'unchanged',
      '/news/': 'unchanged',
      '/contact.html': 'changed',
    });
    expect(second.pages.find((p) => p.url === u('/'))).toMatchObject({
      notModified: true,
      html: null,
      status: 304,
    });
    expect(second.pages.find((p) => p.url === u('/news/'))).toMatchObject({
      notModified: false,
      status: 200,
    });
    expect(site.requests.find((r) => r.path === '/about.html')?.headers['if-none-match']).toBe(
      stored.get(u('/about.html'))?.etag,
    );
    // Links of 304 pages come from `previous`, so the crawl still reaches the same pages.
    expect(paths(second.pages.map((p) => p.url))).toEqual(paths(first.pages.map((p) => p.url)));
    expect(second.summary).toMatchObject({ changed: 1, new: 0 });
  });

  it('keeps a page under its own URL when its declared canonical URL cannot be had, or when two pages name each other', async () => {
    const html = (canonical: string, body: string) =>
      `<html><head><title>${body}</title><link rel="canonical" href="${canonical}"></head><body><p>${body}</p></body></html>`;
    site.setRoute(
      '/contact.html',
      behave.content(
        'text/html',
        `${html('/contact', 'Call us on 01632 960123.').replace('</body>', '<a href="/loop-a.html">a</a></body>')}`,
      ),
    );
    site.setRoute('/loop-a.html', behave.content('text/html', html('/loop-b.html', 'Page A')));
    site.setRoute('/loop-b.html', behave.content('text/html', html('/loop-a.html', 'Page B')));
    try {
      const { pages, issues } = await crawl();
      const kept = paths(pages.map((p) => p.url));
      // "/contact" answers 404: the page that named it stands for itself.
      expect(kept).toContain('/contact.html');
      expect(issues.find((i) => i.url === u('/contact'))?.reason).toBe('http_404');
      expect(issues.some((i) => i.url === u('/contact.html'))).toBe(false);
      // Two pages naming each other as canonical: neither is lost.
      expect(kept).toEqual(expect.arrayContaining(['/loop-a.html', '/loop-b.html']));
    } finally {
      site.setRoute('/loop-a.html', undefined);
      site.setRoute('/loop-b.html', undefined);
    }
  });

  it('stops at maxPages and reports what it left', async () => {
    const { pages, summary } = await crawl({ maxPages: 3, concurrency: 2 });
    expect(pages).toHaveLength(3);
    expect(summary.limitReached).toBe(true);
    expect(summary.notCrawled).toBeGreaterThan(0);
  });

  it('follows links only to maxDepth', async () => {
    const { pages, summary } = await crawl({ maxDepth: 0 });
    // The entry points only: the start page and the sitemap entries.
    expect(paths(pages.map((p) => p.url))).toEqual([
      '/',
      '/about.html',
      '/contact.html',
      '/news/',
      '/products/',
    ]);
    expect(summary.beyondDepth).toBeGreaterThan(5);
  });

  it('narrows the crawl with include and exclude patterns', async () => {
    const { pages, issues } = await crawl({ include: ['/products/**'], exclude: ['/^\\/products\\/h-/'] });
    expect(paths(pages.map((p) => p.url))).toEqual(['/products/', '/products/i-beams.html']);
    const reasons = Object.fromEntries(issues.map((i) => [i.url.slice(site.origin.length), i.reason]));
    expect(reasons['/']).toBe('excluded');
    expect(reasons['/about.html']).toBe('excluded');
    expect(reasons['/products/h-beams.html']).toBe('excluded');
    expect(site.hits('/products/h-beams.html')).toBe(0);
    expect(site.hits('/about.html')).toBe(0);
  });

  it('can start from a sitemap', async () => {
    const { pages, summary } = await crawl({ startUrl: `${site.origin}/sitemap.xml`, maxDepth: 0 });
    expect(paths(pages.map((p) => p.url))).toEqual([
      '/',
      '/about.html',
      '/contact.html',
      '/news/',
      '/products/',
    ]);
    expect(summary.sitemaps).toHaveLength(3);
  });

  it('treats a site whose robots.txt fails with 5xx as off limits', async () => {
    site.setRoute('/robots.txt', behave.status(503, 'down'));
    const { pages, issues, summary } = await crawl({ maxRetries: 1, discoverSitemaps: false });
    expect(pages).toHaveLength(0);
    expect(issues.map((i) => i.reason)).toEqual(['robots_unreachable']);
    expect(summary.robots[site.origin]).toBe('unreachable');
    expect(site.hits('/')).toBe(0);
  });

  it('applies robots.txt to sitemaps too: Disallow: / fetches no sitemap, listed or guessed', async () => {
    site.setRoute(
      '/robots.txt',
      behave.content('text/plain', `User-agent: *\nDisallow: /\nSitemap: ${site.origin}/sitemap-pages.xml\n`),
    );
    const { pages, issues, summary } = await crawl();
    expect(pages).toHaveLength(0);
    expect(site.hits('/sitemap.xml')).toBe(0);
    expect(site.hits('/sitemap-pages.xml')).toBe(0);
    expect(site.hits('/')).toBe(0);
    expect(summary.sitemaps).toEqual([]);
    // The listed sitemap is reported; the guessed /sitemap.xml is left quietly.
    expect(issues.filter((i) => i.source === 'sitemap')).toMatchObject([
      { url: u('/sitemap-pages.xml'), reason: 'robots_disallowed' },
    ]);
  });

  it('does not follow a sitemap redirect to a path robots.txt disallows', async () => {
    site.setRoute('/robots.txt', behave.content('text/plain', 'User-agent: *\nDisallow: /private/\n'));
    site.setRoute('/sitemap.xml', behave.redirect('/private/sitemap.xml', 302));
    const { issues } = await crawl({ sitemapUrls: [u('/sitemap.xml')], maxDepth: 0 });
    expect(site.hits('/private/sitemap.xml')).toBe(0);
    expect(issues.filter((i) => i.source === 'sitemap')).toMatchObject([
      { url: u('/sitemap.xml'), reason: 'robots_disallowed' },
    ]);
  });

  it('reports pages over the size limit as too_large', async () => {
    const { pages, issues } = await crawl({ maxBytes: 1000, maxDepth: 0, discoverSitemaps: false });
    expect(pages).toHaveLength(0);
    expect(issues).toMatchObject([{ url: u('/'), reason: 'too_large', kind: 'failed' }]);
  });

  it('reports a site on a private address that is not allow-listed as blocked_address', async () => {
    const strict = createSafeFetch({ allowHosts: [], timeoutMs: 5000, maxBytes: 1_000_000, userAgent: 'x' });
    const { pages, issues } = await crawl({}, { fetch: strict });
    await strict.close();
    expect(pages).toHaveLength(0);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ url: u('/'), reason: 'blocked_address', kind: 'failed' });
    expect(issues[0]?.message).toContain('FETCH_ALLOW_HOSTS');
    expect(site.requests).toHaveLength(0);
  });

  it('stops when aborted and says so', async () => {
    const controller = new AbortController();
    const { pages, summary } = await crawl(
      { concurrency: 1 },
      {
        signal: controller.signal,
        onPage: () => controller.abort(),
      },
    );
    expect(pages).toHaveLength(0);
    expect(summary.aborted).toBe(true);
    expect(summary.pages).toBe(1);
  });

  it('fails with the callback error when onPage throws', async () => {
    await expect(
      crawl(
        {},
        {
          onPage: () => {
            throw new Error('disk full');
          },
        },
      ),
    ).rejects.toThrow('disk full');
  });

  it('refuses a start URL that is not http(s)', async () => {
    await expect(crawl({ startUrl: 'ftp://example.com/' })).rejects.toMatchObject({
      code: 'knowledge.invalid_start_url',
    });
  });
});
