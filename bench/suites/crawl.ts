/**
 * Crawl of a generated local site (default 50 pages, ~6 KB each, linked as a small site is: a home page,
 * section pages, detail pages with related links, and a sitemap) served on 127.0.0.1, through safeFetch.
 * Reports wall time and pages/s at the given concurrency, for a server that answers at once and one that
 * takes `--latency` ms per page (where concurrency matters), plus one run at the default politeness
 * delay (250 ms per host), which bounds any single-site crawl at about 4 pages/s.
 *   npm run bench -- crawl [--pages 50] [--concurrency 10] [--latency 50] [--runs 3] [--polite true]
 */
import { performance } from 'node:perf_hooks';
import { createSafeFetch } from '../../src/core/safe-fetch.js';
import { crawlSite } from '../../src/modules/knowledge/crawl/crawl-site.js';
import { behave, type SiteRoute, startSiteServer } from '../../test/support/site-server.js';
import type { BenchArgs } from '../run.js';

const words = (
  'steel beam column girder weld bolt plate channel angle primer galvanised tonne metre yard delivery crane ' +
  'fabricator architect builder site load span grade tolerance cut length stock order quote invoice'
).split(' ');

function paragraph(seed: number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(words[(seed * 7 + i * 13) % words.length] as string);
  return `${out.join(' ')}.`;
}

/** A site of `count` pages: home → 5 sections → detail pages, each detail linking to 3 related ones. */
function generateSite(count: number): Record<string, string> {
  const sections = 5;
  const details = count - 1 - sections;
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>` +
    `<nav><a href="/">Home</a>${Array.from({ length: sections }, (_, s) => ` <a href="/s${s}/">Section ${s}</a>`).join('')}</nav>` +
    `<main><h1>${title}</h1>${body}</main><footer><a href="https://www.linkedin.com/company/x">LinkedIn</a></footer></body></html>`;
  const text = (seed: number) =>
    Array.from({ length: 12 }, (_, i) => `<p>${paragraph(seed + i, 60)}</p>`).join('');
  const pages: Record<string, string> = {};
  pages['/index.html'] = page('Home', text(1));
  for (let s = 0; s < sections; s++) {
    const mine = Array.from({ length: details }, (_, d) => d).filter((d) => d % sections === s);
    pages[`/s${s}/index.html`] = page(
      `Section ${s}`,
      text(100 + s) +
        `<ul>${mine.map((d) => `<li><a href="/s${s}/p${d}.html">Item ${d}</a></li>`).join('')}</ul>`,
    );
  }
  for (let d = 0; d < details; d++) {
    const related = [1, 2, 3].map((k) => (d + k * 7) % details);
    pages[`/s${d % sections}/p${d}.html`] = page(
      `Item ${d}`,
      text(1000 + d) +
        related
          .map((r) => `<a href="/s${r % sections}/p${r}.html?utm_source=related">Related ${r}</a>`)
          .join(' '),
    );
  }
  const urls = Object.keys(pages).map((p) => p.replace(/index\.html$/, ''));
  pages['/sitemap.xml'] =
    `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` +
    urls.map((u) => `<url><loc>{{origin}}${u}</loc></url>`).join('') +
    '</urlset>';
  pages['/robots.txt'] = 'User-agent: *\nDisallow: /admin/\n\nSitemap: {{origin}}/sitemap.xml\n';
  return pages;
}

export default async function crawl(args: BenchArgs) {
  const count = Number(args.pages ?? 50);
  const concurrency = Number(args.concurrency ?? 10);
  const latency = Number(args.latency ?? 50);
  const runs = Number(args.runs ?? 3);
  const polite = String(args.polite ?? 'true') !== 'false';
  const pages = generateSite(count);
  const htmlBytes = Object.entries(pages)
    .filter(([p]) => p.endsWith('.html'))
    .reduce((n, [, v]) => n + Buffer.byteLength(v), 0);

  const site = await startSiteServer({ pages });
  const fetch = createSafeFetch({
    allowHosts: ['127.0.0.1'],
    timeoutMs: 15_000,
    maxBytes: 10 * 1024 * 1024,
    userAgent: 'dify-agent-bench/0.1',
  });

  async function measure(label: string, options: { hostDelayMs: number; latencyMs: number; runs: number }) {
    const delayed: SiteRoute | undefined = options.latencyMs > 0 ? behave.slow(options.latencyMs) : undefined;
    for (const p of Object.keys(pages)) {
      const route = p.replace(/index\.html$/, '');
      site.setRoute(route, delayed);
    }
    const times: number[] = [];
    let kept = 0;
    let requests = 0;
    for (let i = 0; i < options.runs; i++) {
      let n = 0;
      const t0 = performance.now();
      const summary = await crawlSite(
        { startUrl: `${site.origin}/`, concurrency, hostDelayMs: options.hostDelayMs, maxPages: 10_000 },
        {
          fetch,
          onPage: () => {
            n++;
          },
        },
      );
      times.push(performance.now() - t0);
      kept = n;
      requests = summary.requests;
      if (summary.pages !== count)
        throw new Error(`${label}: expected ${count} pages, kept ${summary.pages}`);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] as number;
    const result = {
      label,
      concurrency,
      hostDelayMs: options.hostDelayMs,
      serverLatencyMs: options.latencyMs,
      runs: options.runs,
      pages: kept,
      requests,
      wallMsMedian: Math.round(median),
      wallMsAll: times.map((t) => Math.round(t)),
      pagesPerSecond: Math.round((kept / (median / 1000)) * 10) / 10,
    };
    console.error(JSON.stringify(result));
    return result;
  }

  // Warm-up (module loading, JIT, connection pool), not reported.
  await measure('warmup', { hostDelayMs: 0, latencyMs: 0, runs: 1 });
  const results = [
    await measure('instant server, no politeness delay', { hostDelayMs: 0, latencyMs: 0, runs }),
    await measure(`server latency ${latency} ms, no politeness delay`, {
      hostDelayMs: 0,
      latencyMs: latency,
      runs,
    }),
  ];
  if (polite) {
    results.push(
      await measure('server latency 0 ms, default politeness 250 ms/host', {
        hostDelayMs: 250,
        latencyMs: 0,
        runs: 1,
      }),
    );
  }
  await fetch.close();
  await site.close();
  return { sitePages: count, htmlKiB: Math.round(htmlBytes / 1024), results };
}
