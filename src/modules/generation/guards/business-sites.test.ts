/**
 * The claim, availability and PII guards on businesses whose facts nobody here tuned them on: the
 * labelled business sites (fixtures/business-sites, always; ../shared/datasets/business-sites when
 * present, read in place — tuned and held-out sites reported apart). Facts are built from the labels
 * (products with price, currency and stock; the sites' fact sentences; contact details), then:
 * - a product's price, written three ways, is supported and cited to the product; a price 1.37 off is not;
 * - a post made of the site's own sentences and product lines is fully supported;
 * - the labels' own paraphrases of the site's facts ("Opened in 2012 by Greta Lindqvist.") are supported
 *   by the site's sentences;
 * - an out-of-stock product promoted plainly fails with alternatives; said to be sold out, it passes;
 * - the business's own phone and e-mail pass the PII guard; another number fails.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { availabilityGuard } from './availability.js';
import { guardProduct } from './catalogue.js';
import { piiGuard } from './pii.js';
import { runOne } from './test-support/bakery.js';
import type { GuardFacts } from './types.js';
import { unsupportedClaimsGuard } from './unsupported-claims.js';

interface LabelProduct {
  name: string;
  variant?: string;
  price?: number | null;
  referencePrice?: number | null;
  availability?: string;
}
interface Labels {
  site: string;
  split: string;
  currency: string;
  products: LabelProduct[];
  services?: LabelProduct[];
  contact?: { address?: string; phone?: string; email?: string };
  facts?: { statement: string; text: string }[];
}

const root = path.resolve(__dirname, '../../../..');
const dirs = [
  path.join(root, 'fixtures/business-sites'),
  path.resolve(root, '../shared/datasets/business-sites'),
];
const shared = dirs[1] as string;
if (!existsSync(shared)) console.warn(`[guards] shared business-sites dataset skipped: ${shared} not found`);
const sites: Labels[] = dirs
  .filter((d) => existsSync(d))
  .flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.labels.json'))
      .map((f) => JSON.parse(readFileSync(path.join(d, f), 'utf8')) as Labels),
  );

const SYMBOL: Record<string, string> = {
  USD: '$',
  GBP: '£',
  EUR: '€',
  CAD: '$',
  AUD: '$',
  NZD: '$',
  ZAR: 'R',
};

function facts(site: Labels): GuardFacts {
  const items = [...site.products, ...(site.services ?? [])];
  return {
    entries: [
      ...(site.facts ?? []).map((f, i) => ({ id: `${site.site}_fact${i}`, text: f.text })),
      {
        id: `${site.site}_contact`,
        text: `Contact: ${site.contact?.address ?? ''}, ${site.contact?.phone ?? ''}, ${site.contact?.email ?? ''}`,
      },
    ],
    products: items.map((p, i) =>
      guardProduct({
        id: `${site.site}_p${i}`,
        name: p.variant ? `${p.name} ${p.variant}` : p.name,
        price: p.price ?? null,
        currency: site.currency,
        referencePrice: p.referencePrice ?? null,
        availability: p.availability ?? null,
      }),
    ),
  };
}

function prices(amount: number, currency: string): string[] {
  const fixed = amount.toFixed(2);
  const sym = SYMBOL[currency] ?? currency;
  return [`${sym}${fixed}`, `${fixed} ${currency}`, `${currency} ${fixed.replace('.', ',')}`];
}

describe.each(sites.map((s) => [`${s.site} (${s.split})`, s] as const))('%s', (_name, site) => {
  const f = facts(site);

  it('supports each product price in three spellings and cites the product; a wrong price fails', () => {
    const priced = f.products.filter((p) => typeof p.price === 'number');
    expect(priced.length).toBeGreaterThan(0);
    for (const p of priced) {
      for (const written of prices(p.price as number, site.currency)) {
        const text = `${p.name}: ${written}.`;
        const r = runOne(unsupportedClaimsGuard, text, { facts: f });
        expect(r.result.status, `${text} ${r.result.message}`).toBe('pass');
        expect(
          r.citations.map((c) => c.entryId),
          text,
        ).toContain(p.id);
      }
      const wrong = `${p.name}: ${prices((p.price as number) + 1.37, site.currency)[0]}.`;
      expect(runOne(unsupportedClaimsGuard, wrong, { facts: f }).result.status, wrong).toBe('fail');
    }
  });

  it("supports the labels' paraphrases of the site's facts, flagging only what the sentence lacks", () => {
    // A claim the guard flags must really be missing from the site's sentence (labels sometimes
    // paraphrase beyond the excerpt: "Rated 4.9 stars" over "From more than 1,200 reviews").
    for (const fact of site.facts ?? []) {
      const r = runOne(unsupportedClaimsGuard, fact.statement, { facts: f });
      const flagged = (r.result.evidence?.unsupported ?? []) as { claim: string }[];
      for (const u of flagged) {
        // The claim's number written as a number of its own in the sentence, not as part of a time
        // or of another number ("30 minutes" is not in "12:30"; "4.9" is in "rated 4.9").
        const ungroup = (t: string) => t.replace(/(\d)[,\s\u00a0](?=\d{3}\b)/g, '$1');
        const number = /\d(?:[\d.,\s\u00a0]*\d)?/.exec(ungroup(u.claim))?.[0];
        const standalone = number
          ? new RegExp(`(?<![\\d:.,])${number.replace(/[.]/g, '\\.')}(?![\\d:]|[.,]\\d)`)
          : null;
        expect(!standalone?.test(ungroup(fact.text)), `${fact.statement}: ${u.claim}`).toBe(true);
      }
    }
  });

  it("passes a post made of the site's own sentences and product lines, citing each", () => {
    const lines = [
      // Each excerpt as a sentence of its own: excerpts cut before their full stop would otherwise
      // run into the next one ("Lunch is not included Club evenings run …").
      ...(site.facts ?? []).map((x) => (/[.!?]$/.test(x.text.trim()) ? x.text : `${x.text.trim()}.`)),
      ...f.products
        .filter((p) => typeof p.price === 'number' && p.availability !== 'out_of_stock')
        .slice(0, 3)
        .map((p) => `${p.name} for ${prices(p.price as number, site.currency)[0]}.`),
    ];
    const text = lines.join(' ');
    const r = runOne(unsupportedClaimsGuard, text, { facts: f });
    expect(r.result.status, r.result.message).toBe('pass');
    expect(r.citations.length).toBeGreaterThan(0);
  });

  it('never lets an out-of-stock product be promoted, and accepts an honest sentence', () => {
    for (const p of f.products.filter((x) => x.availability === 'out_of_stock')) {
      const plain = runOne(availabilityGuard, `Get your ${p.name} today!`, { facts: f });
      expect(plain.result.status, p.name).toBe('fail');
      expect(((plain.result.evidence?.alternatives ?? []) as unknown[]).length).toBeGreaterThan(0);
      expect(
        runOne(availabilityGuard, `${p.name} is sold out at the moment.`, { facts: f }).result.status,
      ).toBe('pass');
    }
  });

  it("passes the business's own contact details and fails someone else's", () => {
    const own = [site.contact?.phone, site.contact?.email].filter(Boolean).join(' or ');
    if (own) expect(runOne(piiGuard, `Reach us: ${own}.`, { facts: f }).result.status).toBe('pass');
    expect(
      runOne(piiGuard, 'Reach Sam on 07700 900 461 or sam.t@gmail.com.', { facts: f }).result.status,
    ).toBe('fail');
  });
});
