/**
 * The fixture business sites in `fixtures/sites/<site>/` read as stored pages would be, for tests and
 * the extraction benchmark: each HTML file is extracted with the real extractor.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJson } from '../../../../db/dialect.js';
import { extractPage } from '../../extract/index.js';
import type { ExtractedPage } from '../../extract/types.js';
import type { PageInput } from '../types.js';

export const FIXTURE_ROOT = fileURLToPath(new URL('../../../../../fixtures/', import.meta.url));
export const businessSites = ['next-day-steel', 'crumb-and-co', 'bluepeak-plumbing'] as const;
export type BusinessSite = (typeof businessSites)[number];

export const siteOrigins: Record<BusinessSite, string> = {
  'next-day-steel': 'https://nextdaysteel.example',
  'crumb-and-co': 'https://crumbandco.example',
  'bluepeak-plumbing': 'https://bluepeakplumbing.example',
};

export interface FixturePage {
  /** Path inside the site, e.g. `products/index.html`. */
  path: string;
  extracted: ExtractedPage;
  input: PageInput;
}

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = path.join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.html') ? [p] : [];
    });
}

export function toPageInput(extracted: ExtractedPage): PageInput {
  return {
    url: extracted.url,
    title: extracted.title,
    markdown: extracted.markdown,
    structured: extracted.structured,
    structuredText: writeJson(extracted.structured),
    siteName: extracted.siteName,
    language: extracted.language,
  };
}

/** Reads and extracts one HTML file of a fixture site. */
export function fixturePageHtml(site: BusinessSite, pagePath: string): string {
  return readFileSync(path.join(FIXTURE_ROOT, 'sites', site, pagePath), 'utf8');
}

export function loadFixtureSite(site: BusinessSite): FixturePage[] {
  const root = path.join(FIXTURE_ROOT, 'sites', site);
  return walk(root).map((file) => {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const extracted = extractPage(readFileSync(file, 'utf8'), `${siteOrigins[site]}/${rel}`);
    return { path: rel, extracted, input: toPageInput(extracted) };
  });
}
