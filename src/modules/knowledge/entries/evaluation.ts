/**
 * Scores extraction against the hand-labelled gold set in `fixtures/knowledge-labels/`: how many
 * labelled facts an entry covers (entry recall), how often the category of a covering entry is the
 * labelled one (category accuracy), and precision/recall of prices, phones, e-mails, addresses,
 * opening hours and people. Used by the benchmark and by a regression test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { KnowledgeCategory } from './categories.js';
import type { Entity } from './entities.js';
import { locateInSource, normalizeForMatch, normalizeText } from './normalize.js';
import type { PageExtraction } from './types.js';

export interface GoldPrice {
  page: string;
  name: string;
  amount: number;
  currency: string;
  unit?: string;
}

export interface GoldSite {
  site: string;
  origin: string;
  split: 'dev' | 'heldout';
  pages: Record<string, { category: KnowledgeCategory; facts: [string, KnowledgeCategory][] }>;
  prices: GoldPrice[];
  /**
   * Charges that are facts, not things to buy (delivery fees): they belong in entries, and a
   * product or service entity with one of these prices is a false positive.
   */
  fees?: GoldPrice[];
  phones: string[];
  emails: string[];
  addresses: string[];
  hours: { days: string[]; opens: string; closes: string }[];
  people: { name: string; role: string }[];
}

export function loadGold(fixtureRoot: string, site: string): GoldSite {
  return JSON.parse(
    readFileSync(path.join(fixtureRoot, 'knowledge-labels', `${site}.json`), 'utf8'),
  ) as GoldSite;
}

export interface Score {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

function score(tp: number, fp: number, fn: number): Score {
  return {
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : round(tp / (tp + fp)),
    recall: tp + fn === 0 ? 1 : round(tp / (tp + fn)),
  };
}

export interface SiteEvaluation {
  site: string;
  split: 'dev' | 'heldout';
  pages: number;
  entries: number;
  facts: number;
  factsCovered: number;
  categoryCorrect: number;
  /** Facts whose evidence was not found in the page Markdown (a labelling or extraction problem). */
  evidenceMissing: string[];
  pageCategoryCorrect: number;
  prices: Score;
  phones: Score;
  emails: Score;
  addresses: Score;
  hours: Score;
  people: Score;
  confusions: { fact: string; gold: KnowledgeCategory; got: KnowledgeCategory }[];
  missedFacts: string[];
  wrongPrices: string[];
  missedPrices: string[];
  /** Fees found as products or services (they should not be). */
  feesAsProducts: string[];
}

const words = (s: string) =>
  new Set(
    normalizeText(s)
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1 && !['the', 'of', 'and', 'a', 'delivery', 'to'].includes(w))
      // Plurals as singular: "workshops places" names what "workshop places" does.
      .map((w) => (w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w)),
  );

/** Names match when the content words of one contain the other's. */
export function namesMatch(a: string, b: string): boolean {
  const x = words(a);
  const y = words(b);
  if (x.size === 0 || y.size === 0) return words(a).size === words(b).size;
  const inter = [...x].filter((w) => y.has(w)).length;
  return inter === Math.min(x.size, y.size) && inter > 0;
}

function setScore(found: string[], gold: string[], same: (a: string, b: string) => boolean): Score {
  const used = new Set<number>();
  let tp = 0;
  for (const f of found) {
    const k = gold.findIndex((g, i) => !used.has(i) && same(f, g));
    if (k >= 0) {
      used.add(k);
      tp++;
    }
  }
  return score(tp, found.length - tp, gold.length - tp);
}

/** Evaluates one site: `pages` maps a page path to its Markdown and extraction. */
export function evaluateSite(
  gold: GoldSite,
  pages: ReadonlyMap<string, { markdown: string; extraction: PageExtraction }>,
): SiteEvaluation {
  let facts = 0;
  let factsCovered = 0;
  let categoryCorrect = 0;
  let pageCategoryCorrect = 0;
  const evidenceMissing: string[] = [];
  const confusions: SiteEvaluation['confusions'] = [];
  const missedFacts: string[] = [];
  let entries = 0;
  for (const [pagePath, labels] of Object.entries(gold.pages)) {
    const page = pages.get(pagePath);
    if (!page) throw new Error(`gold page ${gold.site}/${pagePath} was not extracted`);
    entries += page.extraction.entries.length;
    if (page.extraction.pageCategory.category === labels.category) pageCategoryCorrect++;
    const normalized = { ...normalizeForMatch(page.markdown), original: page.markdown };
    for (const [evidence, category] of labels.facts) {
      facts++;
      const at = locateInSource(normalized, evidence);
      if (!at) {
        evidenceMissing.push(`${pagePath}: ${evidence}`);
        continue;
      }
      const length = at.end - at.start;
      // The covering entry: most overlap with the evidence, at least half of it.
      let best: { overlap: number; category: KnowledgeCategory; spanLength: number } | null = null;
      for (const e of page.extraction.entries) {
        if (e.support.field !== 'markdown') continue;
        const overlap = Math.min(e.support.end, at.end) - Math.max(e.support.start, at.start);
        if (overlap < length / 2) continue;
        const spanLength = e.support.end - e.support.start;
        if (!best || overlap > best.overlap || (overlap === best.overlap && spanLength < best.spanLength))
          best = { overlap, category: e.category, spanLength };
      }
      if (!best) {
        missedFacts.push(`${pagePath}: ${evidence}`);
        continue;
      }
      factsCovered++;
      if (best.category === category) categoryCorrect++;
      else confusions.push({ fact: `${pagePath}: ${evidence}`, gold: category, got: best.category });
    }
  }

  const all = (type: Entity['type'] | Entity['type'][]) =>
    [...pages.entries()].flatMap(([p, v]) =>
      v.extraction.entities
        .filter((e) => (Array.isArray(type) ? type.includes(e.type) : e.type === type))
        .map((e) => ({ page: p, e })),
    );
  // Prices: an extracted priced entity is right when the gold set has the same amount, currency and
  // a matching name on the same page.
  const priced = all(['product', 'service']).filter(
    ({ e }) => (e.type === 'product' || e.type === 'service') && e.price !== null,
  );
  const used = new Set<number>();
  let tp = 0;
  const wrongPrices: string[] = [];
  for (const { page, e } of priced) {
    if (e.type !== 'product' && e.type !== 'service') continue;
    const k = gold.prices.findIndex(
      (g, i) =>
        !used.has(i) &&
        g.page === page &&
        Math.abs(g.amount - (e.price as number)) < 0.005 &&
        g.currency === e.currency &&
        namesMatch(g.name, e.name),
    );
    if (k >= 0) {
      used.add(k);
      tp++;
    } else wrongPrices.push(`${page}: ${e.name} ${e.price} ${e.currency}`);
  }
  const feesAsProducts = priced
    .filter(({ page, e }) =>
      (gold.fees ?? []).some(
        (f) =>
          f.page === page &&
          (e.type === 'product' || e.type === 'service') &&
          Math.abs(f.amount - (e.price as number)) < 0.005,
      ),
    )
    .map(
      ({ page, e }) => `${page}: ${e.name} ${e.type === 'product' || e.type === 'service' ? e.price : ''}`,
    );
  const missedPrices = gold.prices
    .filter((_, i) => !used.has(i))
    .map((g) => `${g.page}: ${g.name} ${g.amount}`);
  const prices = score(tp, priced.length - tp, gold.prices.length - tp);

  const uniq = (xs: string[]) => [...new Set(xs)];
  const contacts = all('contact_point');
  const phones = setScore(
    uniq(
      contacts.flatMap(({ e }) =>
        e.type === 'contact_point' && e.kind === 'phone' ? [e.value.replace(/\D/g, '').slice(-9)] : [],
      ),
    ),
    gold.phones.map((p) => p.replace(/\D/g, '').slice(-9)),
    (a, b) => a === b,
  );
  const emails = setScore(
    uniq(
      contacts.flatMap(({ e }) =>
        e.type === 'contact_point' && e.kind === 'email' ? [e.value.toLowerCase()] : [],
      ),
    ),
    gold.emails.map((e) => e.toLowerCase()),
    (a, b) => a === b,
  );
  const postcode = (s: string) =>
    (/[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]{2}\s\d{5}/.exec(s)?.[0] ?? s).replace(/\s/g, '');
  const addresses = setScore(
    uniq(all('location').map(({ e }) => (e.type === 'location' ? postcode(e.address) : ''))),
    gold.addresses.map(postcode),
    (a, b) => a === b,
  );
  const hours = setScore(
    uniq(
      all('opening_hours').flatMap(({ e }) =>
        e.type === 'opening_hours' && !e.closed ? [`${e.days.join(',')} ${e.opens}-${e.closes}`] : [],
      ),
    ),
    gold.hours.map((h) => `${h.days.join(',')} ${h.opens}-${h.closes}`),
    (a, b) => a === b,
  );
  const people = setScore(
    uniq(all('person').map(({ e }) => e.name)),
    gold.people.map((p) => p.name),
    (a, b) => normalizeText(a) === normalizeText(b),
  );
  return {
    site: gold.site,
    split: gold.split,
    pages: Object.keys(gold.pages).length,
    entries,
    facts,
    factsCovered,
    categoryCorrect,
    evidenceMissing,
    pageCategoryCorrect,
    prices,
    phones,
    emails,
    addresses,
    hours,
    people,
    confusions,
    missedFacts,
    wrongPrices,
    missedPrices,
    feesAsProducts,
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
