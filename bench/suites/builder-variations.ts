/**
 * The knowledge module on the same labelled sites rewritten the way other builders write the same
 * content: the tuned dataset sites and our fixture sites (never the held-out ones), each copied to a
 * temporary folder (deleted afterwards; the dataset is never copied into the repository) with one
 * markup habit changed, crawled and scored like `business-sites`. A figure that drops under a variation
 * names a habit the extractor leans on that some builder does not have.
 *
 * Variations (all keep the words, prices and labels as they are):
 * - `minify`: no whitespace between tags (React-rendered builders);
 * - `div-title`: `<h1>`-`<h6>` as `<div class="title">`;
 * - `bold`: headings as bold paragraphs (an owner who bolds instead of choosing a heading style);
 * - `aria`: headings as `<div role="heading" aria-level>`;
 * - `font-size`: headings as paragraphs with a sized span (Wix and Weebly rich text);
 * - `plain`: headings as plain paragraphs, no cue at all (the floor, not a target);
 * - `upper`: heading text typed in capitals;
 * - `br`: consecutive paragraphs joined into one with `<br>`;
 * - `div-table`: tables as grids of `div`s;
 * - `sr-label`: a visually-hidden "Price" label before every price.
 *
 * Runs: `npm run bench -- builder-variations [--variation a,b] [--site a,b] [--details]`.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchArgs } from '../run.js';
import { openBusinessSitesRunner } from '../support/business-sites.js';
import { type BusinessSite, loadBusinessSites } from '../support/business-sites-labels.js';
import { type SiteScore, scoreSite, summarise } from '../support/business-sites-score.js';

type Rewrite = (html: string) => string;

const HEADING_OPEN = /<h([1-6])\b[^>]*>/gi;
const HEADING_CLOSE = /<\/h[1-6]\s*>/gi;
const PX = [40, 32, 26, 22, 20, 18];

export const VARIATIONS: Record<string, Rewrite> = {
  minify: (h) => h.replace(/>\s+</g, '><'),
  'div-title': (h) => h.replace(HEADING_OPEN, '<div class="title">').replace(HEADING_CLOSE, '</div>'),
  bold: (h) => h.replace(HEADING_OPEN, '<p><strong>').replace(HEADING_CLOSE, '</strong></p>'),
  aria: (h) =>
    h
      .replace(/<h([1-6])\b([^>]*)>/gi, '<div role="heading" aria-level="$1"$2>')
      .replace(HEADING_CLOSE, '</div>'),
  'font-size': (h) =>
    h
      .replace(HEADING_OPEN, (_m, n: string) => `<p><span style="font-size:${PX[Number(n) - 1]}px">`)
      .replace(HEADING_CLOSE, '</span></p>'),
  plain: (h) => h.replace(HEADING_OPEN, '<p>').replace(HEADING_CLOSE, '</p>'),
  upper: (h) =>
    h.replace(
      /(<h[1-6]\b[^>]*>)([\s\S]*?)(<\/h[1-6]\s*>)/gi,
      (_m, open: string, inner: string, close: string) => {
        const text = `>${inner}<`.replace(/>([^<]*)</g, (_t, words: string) => `>${words.toUpperCase()}<`);
        return open + text.slice(1, -1) + close;
      },
    ),
  br: (h) => h.replace(/<\/p>\s*<p\b[^>]*>/gi, '<br>'),
  'div-table': (h) =>
    h
      .replace(/<(\/?)(?:table|thead|tbody|tfoot)\b/gi, '<$1div')
      .replace(/<tr\b/gi, '<div class="row"')
      .replace(/<\/tr>/gi, '</div>')
      .replace(/<t[dh]\b/gi, '<div class="cell"')
      .replace(/<\/t[dh]>/gi, '</div>'),
  'sr-label': (h) =>
    h.replace(
      /(>)(\s*(?:[A-Z]{0,3}[$€£]|R|CHF|kr)\s?\d[\d.,'\u00a0 ]*)(<)/g,
      '$1<span class="sr-only">Price</span>$2$3',
    ),
};

function rewriteTree(dir: string, rewrite: Rewrite): void {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) rewriteTree(file, rewrite);
    else if (name.endsWith('.html')) writeFileSync(file, rewrite(readFileSync(file, 'utf8')));
  }
}

/** A copy of `site` under `root` with every page rewritten; the labels stay as they are. */
function varied(site: BusinessSite, root: string, rewrite: Rewrite): BusinessSite {
  const copy = path.join(root, site.source, site.slug);
  cpSync(site.root, copy, { recursive: true });
  rewriteTree(copy, rewrite);
  return { ...site, root: copy };
}

export default async function run(args: BenchArgs): Promise<Record<string, unknown>> {
  const onlySites = typeof args.site === 'string' ? args.site.split(',') : null;
  const names =
    typeof args.variation === 'string' ? args.variation.split(',') : ['none', ...Object.keys(VARIATIONS)];
  // Held-out sites are never rewritten: they are measured as they are, in `business-sites`.
  const sites = loadBusinessSites().filter(
    (s) => s.split === 'tuned' && (!onlySites || onlySites.includes(s.slug)),
  );
  if (sites.length === 0) return { skipped: 'no tuned business sites found' };
  const root = mkdtempSync(path.join(os.tmpdir(), 'builder-variations-'));
  const runner = await openBusinessSitesRunner();
  const out: Record<string, unknown> = {};
  try {
    for (const name of names) {
      const rewrite = name === 'none' ? (h: string) => h : VARIATIONS[name];
      if (!rewrite)
        throw new Error(`unknown variation "${name}"; known: ${Object.keys(VARIATIONS).join(', ')}`);
      const dir = path.join(root, name);
      const scores: SiteScore[] = [];
      for (const site of sites) {
        process.stderr.write(`${name} ${site.slug} … `);
        // Only catalogue figures are reported here: no search questions.
        scores.push(scoreSite(await runner.run(varied(site, dir, rewrite), { queries: false })));
        process.stderr.write('done\n');
      }
      const sum = summarise(scores).catalog;
      out[name] = {
        f1: sum.f1,
        availability: sum.availability,
        leaks: sum.leaks,
        below: scores
          .filter(
            (s) => s.catalog.f1 < 1 || s.catalog.leaks.length > 0 || s.catalog.availability.wrong.length > 0,
          )
          .map((s) =>
            args.details
              ? {
                  site: s.site,
                  f1: s.catalog.f1,
                  misses: s.catalog.misses,
                  extras: s.catalog.extras,
                  availability: s.catalog.availability.wrong,
                  leaks: s.catalog.leaks,
                }
              : `${s.site} F1 ${s.catalog.f1}, availability ${s.catalog.availability.right}/${s.catalog.availability.stated}, leaks ${s.catalog.leaks.length}`,
          ),
      };
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await runner.close();
    rmSync(root, { recursive: true, force: true });
  }
  return { sites: sites.map((s) => s.slug), variations: out };
}
