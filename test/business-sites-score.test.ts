import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../bench/support/business-sites.js';
import type { SiteLabels } from '../bench/support/business-sites-labels.js';
import { scoreCatalog } from '../bench/support/business-sites-score.js';

/** The benchmark's catalogue scoring: what counts as a fee leaked into the catalogue. */
function product(id: string, name: string, price: number): CatalogItem {
  return {
    id,
    kind: 'product',
    name,
    price,
    priceText: null,
    currency: 'GBP',
    unit: null,
    priceFrom: false,
    availability: null,
    provenance: { sourceUrl: null, sources: [] },
  };
}

const labels = {
  site: 't',
  currency: 'GBP',
  products: [{ name: 'Ferryman’s burger', price: 15, availability: 'unknown', path: 'food/index.html' }],
  services: [],
  not_products: [
    { text: 'Corkage is £15 a bottle', price: 15, path: 'drinks/index.html', reason: 'corkage' },
  ],
  contact: { address: '', phone: '', email: '' },
  hours: {},
  facts: [],
  queries: [],
  forbidden_paths: [],
  forbidden_text: [],
} satisfies SiteLabels;

describe('scoreCatalog leaks', () => {
  it('a labelled product that happens to cost the same as a fee is not a leak', () => {
    const score = scoreCatalog(labels, [product('p1', 'Ferryman’s burger', 15)]);
    expect(score.f1).toBe(1);
    expect(score.leaks).toEqual([]);
  });

  it('an unlabelled catalogue entry at the fee is one', () => {
    const score = scoreCatalog(labels, [
      product('p1', 'Ferryman’s burger', 15),
      product('p2', 'Corkage', 15),
    ]);
    expect(score.leaks).toEqual(['"Corkage is £15 a bottle" (corkage) → product "Corkage" 15']);
  });

  it("a labelled product's own variant at its price is that price, not the fee", () => {
    const burger = {
      ...product('p1', 'Ferryman’s burger', 15),
      variants: [{ name: 'Lunch', price: 15, availability: null }],
    } as CatalogItem;
    expect(scoreCatalog(labels, [burger]).leaks).toEqual([]);
  });
});

describe('scoreCatalog variants', () => {
  it('matches a labelled variant to the variant of its very name before one whose words it holds', () => {
    const jersey = {
      ...product('p1', 'Riding Jersey', 35),
      variants: [
        { name: 'Large', price: 35, availability: 'in_stock' },
        { name: 'X-Large', price: 35, availability: 'out_of_stock' },
      ],
    } as CatalogItem;
    const score = scoreCatalog(
      {
        ...labels,
        products: [
          { name: 'Riding Jersey', variant: 'Large', price: 35, availability: 'in_stock', path: 'p.html' },
          {
            name: 'Riding Jersey',
            variant: 'X-Large',
            price: 35,
            availability: 'out_of_stock',
            path: 'p.html',
          },
        ],
        not_products: [],
      },
      [jersey],
    );
    expect(score.recall).toBe(1);
    expect(score.availability).toMatchObject({ stated: 2, right: 2 });
  });

  it("reads a label's stock on the product its name is closest to", () => {
    const pint = { ...product('p1', 'Gorge Haze IPA', 7) };
    const pack = { ...product('p2', 'Gorge Haze IPA 4-pack (16 oz cans)', 15), availability: 'in_stock' };
    const score = scoreCatalog(
      {
        ...labels,
        products: [
          {
            name: 'Gorge Haze IPA 4-pack (16 oz cans)',
            price: 15,
            availability: 'in_stock',
            path: 'beer.html',
          },
          // No price the catalogue has: found by name alone.
          { name: 'Gorge Haze IPA 4-pack (16 oz cans)', price: 99, availability: 'in_stock', path: 'x.html' },
        ],
        not_products: [],
      },
      [pint, pack],
    );
    expect(score.availability).toMatchObject({ stated: 2, right: 2 });
  });
});
