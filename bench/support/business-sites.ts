/**
 * Runs the knowledge module on a labelled business site the way a user would: the site is served on a
 * local port as if it lived on its own domain, a tenant crawls it through the REST API with a real job
 * worker (crawl → extraction → entries, entities, products, search index), and everything the labels
 * can be checked against is read back through the API: the catalogue, the business profile, entries,
 * gaps, search hits and Dify external retrieval.
 *
 * Used by `npm run bench -- business-sites` and by the business-sites tests; scoring is in
 * business-sites-score.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { jobHandlers } from '../../src/app/modules.js';
import { type RunningWorker, startWorker } from '../../src/jobs/queue.js';
import { createTestApp, type TestApp, type TestTenant } from '../../test/support/app.js';
import { type SiteServer, startSiteServer } from '../../test/support/site-server.js';
import type { BusinessSite } from './business-sites-labels.js';

export interface CatalogItem {
  id: string;
  kind: 'product' | 'service';
  name: string;
  price: number | null;
  priceText: string | null;
  currency: string | null;
  unit: string | null;
  priceFrom: boolean;
  priceMax?: number | null;
  referencePrice?: number | null;
  availability: string | null;
  availableFrom?: string | null;
  variants?: {
    name: string;
    price: number | null;
    availability?: string | null;
    referencePrice?: number | null;
  }[];
  provenance: { sourceUrl: string | null; sources: { url: string }[] };
}

export interface EntryItem {
  id: string;
  question: string;
  answer: string;
  category: string;
  kind: string;
  provenance: {
    sourceUrl: string | null;
    support: { field: string; start: number; end: number; text: string } | null;
    sources: { url: string; support: { field: string; start: number; end: number; text: string } }[];
  };
}

export interface EntityItem {
  id: string;
  type: string;
  name: string;
  data: Record<string, unknown>;
  confidence: number;
  sourceUrl: string | null;
}

export interface BusinessProfileView {
  name: string | null;
  country: string | null;
  address: { value: string } | null;
  phone: { value: string } | null;
  email: { value: string } | null;
  hours: {
    day: string;
    opens: string | null;
    closes: string | null;
    closed: boolean;
    periods?: { opens: string; closes: string }[];
  }[];
}

export interface GapView {
  overall: number;
  categories: { category: string; covered: string[]; missing: string[]; suggestions: string[] }[];
}

export interface SearchHitView {
  url: string | null;
  sourceType: string;
  text: string;
  title: string;
  score: number;
  normalizedScore: number;
}

export interface DifyRecordView {
  content: string;
  score: number;
  title: string;
  metadata: { url: string };
}

/** Everything read back after a site was crawled, with the site's origin to turn URLs into paths. */
export interface SiteRun {
  site: BusinessSite;
  origin: string;
  pages: { id: string; url: string; title: string; markdown: string }[];
  crawl: { status: string; issues: { url: string; reason: string }[] };
  catalog: CatalogItem[];
  entities: EntityItem[];
  entries: EntryItem[];
  profile: BusinessProfileView | null;
  gaps: GapView;
  /** Per labelled query: the top-5 search hits. */
  search: SearchHitView[][];
  /** Per labelled query: Dify retrieval records with `score_threshold` 0.5, top 5. */
  dify: DifyRecordView[][];
  seconds: number;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

/**
 * The site's own domain: from the first `<loc>` of its sitemap, else from its home page's canonical
 * link, `og:url` or `<base href>` (a mini-site has no sitemap), or null.
 */
function siteDomain(root: string): string | null {
  const read = (file: string) => {
    try {
      return readFileSync(path.join(root, file), 'utf8');
    } catch {
      return '';
    }
  };
  const loc =
    /<loc>\s*(https?:\/\/[^<\s]+)/.exec(read('sitemap.xml'))?.[1] ??
    /<(?:link[^>]+rel="canonical"[^>]+href|meta[^>]+property="og:url"[^>]+content|base[^>]+href)="(https?:\/\/[^"]+)"/i.exec(
      read('index.html'),
    )?.[1];
  try {
    return loc ? new URL(loc).host : null;
  } catch {
    return null;
  }
}

/**
 * Serves a site folder on 127.0.0.1 as if it lived on its domain: absolute links, canonical URLs,
 * robots.txt and sitemaps that name the real domain are rewritten to the local origin. With
 * `prettyUrls` a page file is served without its `.html` too (`/collections/all` for
 * `collections/all.html`), for sites saved with the links their builder published.
 */
export async function serveBusinessSite(root: string, prettyUrls = false): Promise<SiteServer> {
  const domain = siteDomain(root);
  const bare = domain?.replace(/^www\./, '') ?? null;
  const pages: Record<string, string> = {};
  for (const file of walk(root)) {
    if (!/\.(?:html|txt|xml)$/.test(file)) continue;
    let text = readFileSync(file, 'utf8');
    if (bare) {
      const escaped = bare.replace(/[.]/g, '\\.');
      text = text.replace(new RegExp(`https?://(?:www\\.)?${escaped}`, 'g'), '{{origin}}');
    }
    pages[`/${path.relative(root, file).split(path.sep).join('/')}`] = text;
  }
  return startSiteServer({ pages, prettyUrls });
}

export interface BusinessSitesRunner {
  /** `queries: false` skips the labels' search and Dify questions (their figures stay empty). */
  run(site: BusinessSite, options?: { queries?: boolean }): Promise<SiteRun>;
  close(): Promise<void>;
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean, ms = 180_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One app (database, worker) for many sites; each site gets a fresh tenant. The dialect is TEST_DIALECT's. */
export async function openBusinessSitesRunner(): Promise<BusinessSitesRunner> {
  const t: TestApp = await createTestApp({
    env: {
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      FETCH_TIMEOUT_MS: '60000',
      CRAWL_CONCURRENCY: '4',
      CRAWL_HOST_DELAY_MS: '0',
      JOB_POLL_MS: '20',
    },
  });
  const worker: RunningWorker = startWorker(t.app.queue, jobHandlers(t.app), { concurrency: 2 });

  async function api<T>(p: string, key: string, body?: unknown): Promise<T> {
    const res = await t.request(p, {
      method: body === undefined ? 'GET' : 'POST',
      key,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await res.json()) as T;
    if (res.status >= 400) throw new Error(`${p} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async function listAll<T>(p: string, field: string, key: string): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = p.includes('?') ? '&' : '?';
      const page: Record<string, unknown> = await api<Record<string, unknown>>(
        `${p}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        key,
      );
      out.push(...((page[field] as T[]) ?? []));
      cursor = (page.nextCursor as string | null) ?? null;
    } while (cursor);
    return out;
  }

  let n = 0;
  return {
    async run(site, options = {}) {
      const started = Date.now();
      const server = await serveBusinessSite(site.root, site.prettyUrls ?? false);
      try {
        // A neutral tenant name: the business name must come from the site itself.
        const tenant: TestTenant = await t.tenant(`Business ${++n}`);
        const key = tenant.keys.editor;
        const crawl = await api<{ id: string }>('/api/v1/knowledge/crawls', key, {
          url: `${server.origin}/`,
        });
        const finished = await waitFor(
          'the crawl',
          () =>
            api<{ status: string; issues: { url: string; reason: string }[] }>(
              `/api/v1/knowledge/crawls/${crawl.id}`,
              key,
            ),
          (c) => ['succeeded', 'failed', 'cancelled'].includes(c.status),
        );
        // Entry extraction jobs follow the crawl's page transactions: wait until the queue is empty.
        await waitFor(
          'entry extraction',
          () => t.app.queue.counts(),
          (c) => c.queued === 0 && c.running === 0,
        );
        const pageList = await listAll<{ id: string; url: string; title: string }>(
          '/api/v1/knowledge/pages',
          'pages',
          key,
        );
        const pages = [];
        for (const p of pageList) {
          const full = await api<{ markdown: string }>(`/api/v1/knowledge/pages/${p.id}`, key);
          pages.push({ ...p, markdown: full.markdown });
        }
        const catalog = await listAll<CatalogItem>('/api/v1/products', 'products', key);
        const entities = await listAll<EntityItem>('/api/v1/knowledge/entities', 'entities', key);
        const entries = await listAll<EntryItem>('/api/v1/knowledge/entries', 'entries', key);
        const gaps = await api<GapView>('/api/v1/knowledge/gaps', key);
        let profile: BusinessProfileView | null = null;
        const profileRes = await t.request('/api/v1/knowledge/business', { key });
        if (profileRes.status === 200) profile = (await profileRes.json()) as BusinessProfileView;
        const search: SearchHitView[][] = [];
        const dify: DifyRecordView[][] = [];
        for (const q of options.queries === false ? [] : site.labels.queries) {
          const r = await api<{ hits: SearchHitView[] }>('/api/v1/knowledge/search', key, {
            query: q.query,
            topK: 5,
          });
          search.push(r.hits);
          const res = await t.request('/dify/retrieval', {
            method: 'POST',
            key: tenant.keys.viewer,
            body: JSON.stringify({
              knowledge_id: tenant.slug,
              query: q.query,
              retrieval_setting: { top_k: 5, score_threshold: 0.5 },
            }),
          });
          dify.push(res.status === 200 ? ((await res.json()) as { records: DifyRecordView[] }).records : []);
        }
        return {
          site,
          origin: server.origin,
          pages,
          crawl: finished,
          catalog,
          entities,
          entries,
          profile,
          gaps,
          search,
          dify,
          seconds: Math.round((Date.now() - started) / 100) / 10,
        };
      } finally {
        await server.close();
      }
    },
    async close() {
      await worker.stop();
      await t.cleanup();
    },
  };
}
