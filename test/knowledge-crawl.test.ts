import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../src/app/modules.js';
import { type RunningWorker, startWorker } from '../src/jobs/queue.js';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';
import { behave, type SiteServer, startSiteServer } from './support/site-server.js';

/**
 * The knowledge base end to end, through the REST API: a crawl job run by a real worker over a local
 * website, pages stored as Markdown, the search index, conditional re-crawl, deletion and isolation.
 */
let t: TestApp;
let a: TestTenant;
let b: TestTenant;
let site: SiteServer;
let worker: RunningWorker;

beforeAll(async () => {
  site = await startSiteServer({
    root: path.resolve('fixtures/sites/crawl-test'),
    routes: {
      '/old-news.html': behave.redirect('/news/launch.html', 301),
      '/go/linkedin': behave.redirect('https://www.linkedin.com/company/northwind-steel', 302),
      '/busy.html': behave.rateLimited('1', 1),
      '/slow.html': behave.slow(120_000),
      '/files/price-list': behave.content('application/pdf', '%PDF-1.4\n% price list\n'),
      '/sitemap-news.xml.gz': behave.gzipOf('/sitemap-news.xml'),
    },
  });
  t = await createTestApp({
    env: {
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      // Long enough that only /slow.html (120 s) times out, even when this process — site server,
      // crawler and extraction in one — is starved of CPU on a loaded machine (safe-fetch also
      // discounts the stalls it can see).
      FETCH_TIMEOUT_MS: '15000',
      CRAWL_HOST_DELAY_MS: '0',
      JOB_POLL_MS: '50',
    },
  });
  a = await t.tenant('Northwind Steel');
  b = await t.tenant('Other Business');
  worker = startWorker(t.app.queue, jobHandlers(t.app), { concurrency: 2 });
});
afterAll(async () => {
  await worker.stop();
  await t.cleanup();
  await site.close();
});

async function api<T = Record<string, unknown>>(
  p: string,
  key: string,
  init: { method?: string; body?: unknown } = {},
) {
  const res = await t.request(p, {
    method: init.method ?? 'GET',
    key,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface CrawlView {
  id: string;
  status: string;
  progress: { found: number; done: number; changed: number; failed: number; skipped: number };
  issues: { url: string; kind: string; reason: string }[];
}

async function crawlToEnd(key: string, body: Record<string, unknown>): Promise<CrawlView> {
  const started = await api<CrawlView>('/api/v1/knowledge/crawls', key, { method: 'POST', body });
  expect(started.status).toBe(202);
  expect(started.body.status).toBe('queued');
  for (let i = 0; i < 600; i++) {
    const s = await api<CrawlView>(`/api/v1/knowledge/crawls/${started.body.id}`, key);
    if (['succeeded', 'failed', 'cancelled'].includes(s.body.status)) return s.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('crawl did not finish');
}

const rel = (url: string) => url.replace(site.origin, '');

describe(`knowledge base (${testDialect})`, () => {
  let firstCrawl: CrawlView;

  it('crawls a website into pages, recording every URL it did not keep with its reason', async () => {
    firstCrawl = await crawlToEnd(a.keys.editor, { url: `${site.origin}/` });
    expect(firstCrawl.status).toBe('succeeded');
    const pages = await api<{ pages: { id: string; url: string; title: string }[] }>(
      '/api/v1/knowledge/pages?limit=100',
      a.keys.viewer,
    );
    const urls = pages.body.pages.map((p) => rel(p.url)).sort();
    expect(urls).toContain('/products/i-beams.html');
    expect(urls).toContain('/news/launch.html');
    expect(urls).toContain('/busy.html');
    expect(urls).not.toContain('/private/secret.html');
    expect(urls).not.toContain('/slow.html');
    const reasons = Object.fromEntries(firstCrawl.issues.map((i) => [rel(i.url), i.reason]));
    expect(reasons).toMatchObject({
      '/private/secret.html': 'robots_disallowed',
      '/missing.html': 'http_404',
      '/slow.html': 'timeout',
      '/brochure.pdf': 'unsupported_content_type',
      '/company/profile.html': 'duplicate',
      '/thank-you.html': 'noindex',
    });
    expect(firstCrawl.progress.done).toBe(pages.body.pages.length);
    expect(firstCrawl.progress.changed).toBe(pages.body.pages.length);

    const events = await api<{ events: { type: string; data: { done?: number } }[] }>(
      `/api/v1/events?subjectId=${firstCrawl.id}`,
      a.keys.viewer,
    );
    const types = events.body.events.map((e) => e.type);
    expect(types[0]).toBe('knowledge.crawl_started');
    expect(types).toContain('knowledge.crawl_progress');
    expect(types.at(-1)).toBe('knowledge.crawl_succeeded');

    const beams = pages.body.pages.find((p) => rel(p.url) === '/products/i-beams.html') as { id: string };
    const page = await api<{ markdown: string; title: string }>(
      `/api/v1/knowledge/pages/${beams.id}`,
      a.keys.viewer,
    );
    expect(page.body.markdown).toContain('S355 grade universal beams');
    expect(page.body.markdown).not.toMatch(/<\/?(div|span|script)/);
  });

  it('finds the right passage with its source URL', async () => {
    const r = await api<{ hits: { url: string; text: string; highlight: { html: string } }[] }>(
      '/api/v1/knowledge/search',
      a.keys.viewer,
      { method: 'POST', body: { query: 'S355 universal beams cut to length', topK: 3 } },
    );
    expect(r.status).toBe(200);
    expect(rel(r.body.hits[0]?.url ?? '')).toBe('/products/i-beams.html');
    expect(r.body.hits[0]?.highlight.html).toContain('<mark>');
  });

  it('turns crawled pages into cited knowledge entries in the background', async () => {
    // Each stored page has its own extraction job, finishing in no set order: wait for all of them
    // (the first entries can come from any page), retries included ('failed' waits for its retry),
    // then look.
    for (let i = 0; i < 1200; i++) {
      const jobs = await t.app.queue.counts();
      if (jobs.queued + jobs.running + jobs.failed === 0) break;
      await new Promise((res) => setTimeout(res, 100));
    }
    const r = await api<{ entries: { question: string; answer: string }[] }>(
      '/api/v1/knowledge/entries?limit=200',
      a.keys.viewer,
    );
    const entries = r.body.entries;
    expect(entries.length).toBeGreaterThan(3);
    expect(JSON.stringify(entries)).toContain('S355');
    const gaps = await api<{ categories: { category: string; score: number }[] }>(
      '/api/v1/knowledge/gaps',
      a.keys.viewer,
    );
    expect(gaps.status).toBe(200);
    expect(gaps.body.categories.length).toBe(18);
  });

  it('re-crawls only what changed', async () => {
    const changedAt = async () => {
      const r = await api<{ pages: { url: string; changedAt: string }[] }>(
        '/api/v1/knowledge/pages?limit=100',
        a.keys.viewer,
      );
      return new Map(r.body.pages.map((p) => [rel(p.url), p.changedAt]));
    };
    const before = await changedAt();
    site.setPage(
      '/products/h-beams.html',
      '<html><head><title>H-beams</title></head><body><main><h1>H-beams</h1><p>Now in weathering steel COR-TEN, 203 x 203 mm, delivered next day.</p></main></body></html>',
    );
    const again = await crawlToEnd(a.keys.editor, { url: `${site.origin}/` });
    expect(again.status).toBe('succeeded');
    const after = await changedAt();
    // Re-indexed: the page that changed, and any page the first crawl could not store (none, unless a
    // page failed then); every other page is left as it was.
    const reindexed = [...after].filter(([url, at]) => before.get(url) !== at).map(([url]) => url);
    const newlyStored = [...after.keys()].filter((url) => !before.has(url));
    expect(reindexed.sort()).toEqual(['/products/h-beams.html', ...newlyStored].sort());
    expect(again.progress.changed).toBe(reindexed.length);
    const r = await api<{ hits: { url: string }[] }>('/api/v1/knowledge/search', a.keys.viewer, {
      method: 'POST',
      body: { query: 'weathering steel COR-TEN' },
    });
    expect(rel(r.body.hits[0]?.url ?? '')).toBe('/products/h-beams.html');
  });

  it("never shows one tenant's knowledge to another, cache included", async () => {
    const query = { query: 'S355 universal beams cut to length' };
    const own = await api<{ hits: unknown[] }>('/api/v1/knowledge/search', a.keys.viewer, {
      method: 'POST',
      body: query,
    });
    expect(own.body.hits.length).toBeGreaterThan(0);
    const other = await api<{ hits: unknown[]; cached: boolean }>('/api/v1/knowledge/search', b.keys.viewer, {
      method: 'POST',
      body: query,
    });
    expect(other.body.hits).toEqual([]);
    const pages = await api<{ pages: unknown[] }>('/api/v1/knowledge/pages', b.keys.viewer);
    expect(pages.body.pages).toEqual([]);
    expect((await api(`/api/v1/knowledge/crawls/${firstCrawl.id}`, b.keys.viewer)).status).toBe(404);
  });

  it('deletes a page together with its passages', async () => {
    const pages = await api<{ pages: { id: string; url: string }[] }>(
      '/api/v1/knowledge/pages?limit=100',
      a.keys.viewer,
    );
    const beams = pages.body.pages.find((p) => rel(p.url) === '/products/i-beams.html') as { id: string };
    expect(
      (await api(`/api/v1/knowledge/pages/${beams.id}`, a.keys.editor, { method: 'DELETE' })).status,
    ).toBe(200);
    expect((await api(`/api/v1/knowledge/pages/${beams.id}`, a.keys.viewer)).status).toBe(404);
    const r = await api<{ hits: { url: string }[] }>('/api/v1/knowledge/search', a.keys.viewer, {
      method: 'POST',
      body: { query: 'S355 universal beams cut to length' },
    });
    expect(r.body.hits.map((h) => rel(h.url))).not.toContain('/products/i-beams.html');
  });

  it('marks a crawl of an unreachable or forbidden site as failed with the reason', async () => {
    const blocked = await crawlToEnd(a.keys.editor, { url: 'http://10.255.255.1/' });
    expect(blocked.status).toBe('failed');
    expect(blocked.issues[0]?.reason).toBe('blocked_address');
  });

  it('cancels a queued crawl', async () => {
    await worker.stop();
    const started = await api<CrawlView>('/api/v1/knowledge/crawls', a.keys.editor, {
      method: 'POST',
      body: { url: `${site.origin}/` },
    });
    const cancelled = await api<CrawlView>(
      `/api/v1/knowledge/crawls/${started.body.id}/cancel`,
      a.keys.editor,
      {
        method: 'POST',
        body: {},
      },
    );
    expect(cancelled.body.status).toBe('cancelled');
    worker = startWorker(t.app.queue, jobHandlers(t.app), { concurrency: 2 });
    const again = await api(`/api/v1/knowledge/crawls/${started.body.id}/cancel`, a.keys.editor, {
      method: 'POST',
      body: {},
    });
    expect(again.status).toBe(409);
  });
});
