/**
 * The labelled small-business websites the knowledge module is measured on: the shared dataset
 * `../shared/datasets/business-sites/` (read in place, never copied; absent on a clean clone) and our
 * own sites in `fixtures/business-sites/` (same layout and label schema, see its README).
 *
 * The split is fixed here, decided before any tuning: tuned sites may be read and tuned on; held-out
 * sites are only ever scored. The dataset keeps 4 more sites hidden from us, so nothing may be
 * special-cased for a site.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Availability = 'in_stock' | 'out_of_stock' | 'preorder' | 'unknown';

export interface LabelledItem {
  name: string;
  variant?: string;
  price: number | null;
  referencePrice?: number;
  priceMax?: number;
  from?: boolean;
  unit?: string;
  availability: Availability;
  path: string;
  availabilityText?: string;
  evidence?: string;
  variants?: { variant: string; price: number }[];
  note?: string;
}

export interface SiteLabels {
  site: string;
  currency: string;
  markup_style?: string;
  products: LabelledItem[];
  services: LabelledItem[];
  not_products: { text: string; price: number; path: string; reason: string }[];
  contact: { address: string; phone: string; email: string; notes?: string };
  hours: Record<string, string>;
  hours_note?: string;
  facts: { statement: string; path: string; text: string }[];
  queries: { query: string; path: string; answer: string }[];
  forbidden_paths: string[];
  forbidden_text: string[];
}

export type SplitName = 'tuned' | 'heldout';

/**
 * Dataset split, written down before tuning (2026-12-07). Held-out sites vary the markup shape on
 * purpose: Wix div soup with the address only in JSON-LD (AUD), a WordPress pub with a menu plugin
 * and a `<dl>` of hours (EUR, Ireland), a Gutenberg dental clinic with services only and hours only
 * in JSON-LD (USD).
 */
export const DATASET_SPLIT: Record<string, SplitName> = {
  'ember-and-wick': 'tuned',
  'tamarack-hollow-maple': 'tuned',
  'wieldokter-utrecht': 'tuned',
  'fynbos-and-light': 'tuned',
  'fogon-rojo-tacos': 'tuned',
  'tallow-point-surf': 'heldout',
  'crooked-lantern-galway': 'heldout',
  'cedar-grove-dental': 'heldout',
};

export interface BusinessSite {
  slug: string;
  /** Where the site's files are (served as the web root). */
  root: string;
  labels: SiteLabels;
  /** The shared dataset, our business-site fixtures, or our mini-sites (bench/support/mini-sites.ts). */
  source: 'dataset' | 'fixtures' | 'mini';
  /** Serve `x.html` at `/x` and `/x/` too (bench/support/business-sites.ts). */
  prettyUrls?: boolean;
  split: SplitName;
}

/** The shared dataset's folder (`BUSINESS_SITES_DIR` overrides), or null when it is absent. */
export function datasetDir(): string | null {
  const dir =
    process.env.BUSINESS_SITES_DIR ?? path.resolve(process.cwd(), '../shared/datasets/business-sites');
  return existsSync(path.join(dir, 'PROVENANCE.md')) ? dir : null;
}

export const FIXTURE_SITES_DIR = path.resolve(process.cwd(), 'fixtures/business-sites');

function readSites(dir: string, source: BusinessSite['source'], splitOf: (slug: string) => SplitName) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.labels.json'))
    .sort()
    .map((f): BusinessSite => {
      const slug = f.slice(0, -'.labels.json'.length);
      const labels = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as SiteLabels & {
        split?: SplitName;
      };
      return { slug, root: path.join(dir, slug), labels, source, split: labels.split ?? splitOf(slug) };
    });
}

/** Every labelled site we can find: the dataset's (when present) and our fixtures'. */
export function loadBusinessSites(): BusinessSite[] {
  const out: BusinessSite[] = [];
  const dir = datasetDir();
  // A dataset site not in the split table is one we have not seen: held out.
  if (dir) out.push(...readSites(dir, 'dataset', (slug) => DATASET_SPLIT[slug] ?? 'heldout'));
  if (existsSync(FIXTURE_SITES_DIR)) out.push(...readSites(FIXTURE_SITES_DIR, 'fixtures', () => 'tuned'));
  return out;
}
