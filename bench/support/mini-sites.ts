/**
 * Mini-sites (`fixtures/mini-sites/`): small labelled sites of two to four pages, each written by
 * someone who had not read the extractor to test one aspect across many builders and countries:
 * contact and weekly hours, or a catalogue with its stock and the priced things that are not items
 * (fees, deposits, shipping, savings). A full business site states one set of hours and a few fees;
 * thirty mini-sites state thirty. Labels carry only the aspects they test (see
 * fixtures/mini-sites/README.md); each is scored with the business-sites scorer
 * (business-sites-score.ts), and a mini-site's split (`"split"`) is fixed in its labels.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BusinessSite, SiteLabels, SplitName } from './business-sites-labels.js';
import { r3, ratio, type SiteScore } from './business-sites-score.js';

export const MINI_SITES_DIR = path.resolve(process.cwd(), 'fixtures/mini-sites');

export type MiniAspect = 'catalogue' | 'contact' | 'hours';

interface MiniLabels extends Partial<SiteLabels> {
  site: string;
  split: SplitName;
  builder: string;
  traps: string;
}

export interface MiniSite extends BusinessSite {
  aspects: MiniAspect[];
  builder: string;
}

/** The mini-sites' labels as full business-site labels (what a mini-site does not test is empty). */
export function loadMiniSites(dir = MINI_SITES_DIR): MiniSite[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.labels.json'))
    .sort()
    .map((f): MiniSite => {
      const slug = f.slice(0, -'.labels.json'.length);
      const raw = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as MiniLabels;
      const aspects: MiniAspect[] = [];
      if (raw.products?.length || raw.services?.length || raw.not_products?.length) aspects.push('catalogue');
      if (raw.contact) aspects.push('contact');
      if (raw.hours) aspects.push('hours');
      const labels: SiteLabels = {
        site: raw.site,
        currency: raw.currency ?? '',
        products: raw.products ?? [],
        services: raw.services ?? [],
        not_products: raw.not_products ?? [],
        contact: raw.contact ?? { address: '', phone: '', email: '' },
        hours: raw.hours ?? {},
        facts: [],
        queries: [],
        forbidden_paths: [],
        forbidden_text: [],
        ...(raw.hours_note ? { hours_note: raw.hours_note } : {}),
      };
      return {
        slug,
        root: path.join(dir, slug),
        labels,
        source: 'mini',
        // Mini-sites keep the links their builders publish (`/shop/`, `/collections/all`).
        prettyUrls: true,
        split: raw.split,
        aspects,
        builder: raw.builder,
      };
    });
}

/** One mini-site's figures on the aspects it tests, with what went wrong. */
export interface MiniScore {
  site: string;
  split: SplitName;
  builder: string;
  catalogue?: { f1: number; availability: string; leaks: number; wrong: string[] };
  contact?: { address: boolean; phone: boolean; email: boolean; got: SiteScore['contact']['got'] };
  hours?: { right: number; wrong: string[] };
}

export function miniScore(site: MiniSite, s: SiteScore): MiniScore {
  const out: MiniScore = { site: site.slug, split: site.split, builder: site.builder };
  if (site.aspects.includes('catalogue'))
    out.catalogue = {
      f1: s.catalog.f1,
      availability: `${s.catalog.availability.right}/${s.catalog.availability.stated}`,
      leaks: s.catalog.leaks.length,
      wrong: [
        ...s.catalog.misses.map((m) => `MISS ${m}`),
        ...s.catalog.extras.map((m) => `EXTRA ${m}`),
        ...s.catalog.availability.wrong.map((m) => `STOCK ${m}`),
        ...s.catalog.leaks.map((m) => `LEAK ${m}`),
      ],
    };
  if (site.aspects.includes('contact'))
    out.contact = {
      address: s.contact.address,
      phone: s.contact.phone,
      email: s.contact.email,
      got: s.contact.got,
    };
  if (site.aspects.includes('hours')) out.hours = { right: s.hours.right, wrong: s.hours.wrong };
  return out;
}

/** Sums over mini-sites, each aspect over the sites that test it. */
export function summariseMini(sites: MiniSite[], scores: SiteScore[]) {
  const pairs = sites.map((site, i) => ({ site, s: scores[i] as SiteScore }));
  const testing = (a: MiniAspect) => pairs.filter((p) => p.site.aspects.includes(a));
  const cat = testing('catalogue').map((p) => p.s.catalog);
  const sum = <T>(xs: T[], f: (x: T) => number) => xs.reduce((a, x) => a + f(x), 0);
  const predicted = sum(cat, (c) => c.predicted);
  const precision = ratio(
    sum(cat, (c) => c.predictedRight),
    predicted,
  );
  const gold = sum(cat, (c) => c.gold);
  const recall = ratio(
    sum(cat, (c) => c.matched),
    gold,
  );
  const contact = testing('contact').map((p) => p.s.contact);
  const hours = testing('hours').map((p) => p.s.hours);
  const stated = sum(cat, (c) => c.availability.stated);
  return {
    sites: pairs.length,
    catalogue: {
      sites: cat.length,
      gold,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : r3((2 * precision * recall) / (precision + recall)),
      availability: stated === 0 ? null : r3(sum(cat, (c) => c.availability.right) / stated),
      availabilityStated: stated,
      leaks: sum(cat, (c) => c.leaks.length),
      notProducts: sum(testing('catalogue'), (p) => p.site.labels.not_products.length),
    },
    contact: {
      sites: contact.length,
      address: `${sum(contact, (c) => Number(c.address))}/${contact.length}`,
      phone: `${sum(contact, (c) => Number(c.phone))}/${contact.length}`,
      email: `${sum(contact, (c) => Number(c.email))}/${contact.length}`,
    },
    hours: {
      sites: hours.length,
      days: r3(
        sum(hours, (h) => h.right) /
          Math.max(
            1,
            sum(hours, (h) => h.days),
          ),
      ),
      sitesAllRight: sum(hours, (h) => Number(h.right === h.days)),
    },
  };
}
