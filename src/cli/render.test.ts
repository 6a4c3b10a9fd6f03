import { describe, expect, it } from 'vitest';
import { plainText, renderHuman, renderResult } from './render.js';

const provenance = {
  origin: 'extracted',
  pageId: 'page_1',
  sourceUrl: 'https://steel.example/products/',
  support: { field: 'markdown', start: 10, end: 40, text: '203 x 133 x 25 UB · £32.40 · In stock' },
  sources: [
    {
      pageId: 'page_1',
      url: 'https://steel.example/products/',
      support: { field: 'markdown', start: 10, end: 40, text: '203 x 133 x 25 UB' },
      confidence: 0.9,
    },
  ],
  editedByPerson: false,
  editedBy: null,
  editedAt: null,
};

const product = (
  name: string,
  priceText: string | null,
  price: number | null,
  availability: string | null,
) => ({
  id: `prod_${name}`,
  kind: 'product',
  name,
  sku: null,
  price,
  priceText,
  currency: 'GBP',
  unit: 'm',
  priceFrom: false,
  availability,
  url: null,
  description: 'A long description that nobody reads in a list',
  confidence: 0.9,
  provenance,
  hidden: false,
  createdAt: '2026-12-06T10:00:00.000Z',
  updatedAt: '2026-12-06T10:00:00.000Z',
});

function widest(text: string): number {
  return Math.max(...text.split('\n').map((l) => l.length));
}

describe('human output', () => {
  it('shows products as one row each: name, price, availability and source page, no provenance', () => {
    const out = renderResult(
      'products.list',
      {
        products: [
          product('203 x 133 x 25 UB', '£32.40', 32.4, 'In stock'),
          product('Flat bar', null, 7.45, 'https://schema.org/InStock'),
        ],
        nextCursor: 'c2',
      },
      100,
    );
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^Name\s+Price\s+Availability\s+Source page$/);
    expect(lines[2]).toMatch(/^203 x 133 x 25 UB\s+£32\.40\s+In stock\s+\/products\/$/);
    expect(lines[3]).toMatch(/^Flat bar\s+GBP 7\.45 \/ m\s+InStock\s+\/products\/$/);
    expect(out).toContain('2 products on https://steel.example');
    expect(out).toContain('--cursor c2');
    expect(out).not.toMatch(/support|confidence|pageId/);
  });

  it('shows entries as question, answer, category and source, folding long answers to the width', () => {
    const answer =
      'Order by 2pm for next working day delivery to most of England and Wales; Scotland and Northern Ireland take two days, and we phone ahead with a one-hour window.';
    const out = renderResult(
      'knowledge.entries.list',
      {
        entries: [
          {
            id: 'e1',
            question: 'Where do you deliver?',
            answer,
            category: 'shipping_delivery',
            categoryConfidence: 0.8,
            confidence: 0.9,
            kind: 'fact',
            entities: [],
            provenance: { ...provenance, sourceUrl: 'https://steel.example/delivery.html' },
            hidden: false,
            createdAt: '2026-12-06T10:00:00.000Z',
            updatedAt: '2026-12-06T10:00:00.000Z',
          },
        ],
        nextCursor: null,
      },
      80,
    );
    expect(out.split('\n')[0]).toMatch(/^Question\s+Answer\s+Category\s+Source$/);
    expect(widest(out)).toBeLessThanOrEqual(80);
    expect(out.replace(/\s+/g, ' ')).toContain('one-hour window.');
    expect(out).toMatch(/shipping\s[\s\S]*delivery/); // the category may wrap at this width
    expect(out).toContain('/delivery.html');
  });

  it('shows search hits ranked, with the page path, a snippet without markup and a short score', () => {
    const out = renderResult(
      'knowledge.search',
      {
        query: 'universal beams',
        hits: [
          {
            id: 'c1',
            sourceType: 'page',
            sourceId: 'p1',
            url: 'https://steel.example/products/',
            title: 'Steel prices',
            headingPath: ['Universal beams (S355)'],
            category: null,
            publishedAt: null,
            text: '| Product | Price |\n| --- | --- |\n| **203 UB** | £32.40 |',
            score: 0.0327868852,
            normalizedScore: 0.987654,
            lexicalRank: 1,
            vectorRank: 2,
            highlight: {
              text: '| Product | Price |\n| --- | --- |\n| **203 UB** | £32.40 |',
              html: '<mark>203</mark> UB',
            },
          },
        ],
        vectorModel: 'local',
        cached: false,
      },
      100,
    );
    const [header, , row] = out.split('\n');
    expect(header).toMatch(/^#\s+Title\s+Path\s+Snippet\s+Score$/);
    expect(row).toMatch(
      /^1\s+Steel prices\s+\/products\/ › Universal beams \(S355\)\s+Product · Price · 203 UB · £32\.40\s+0\.99$/,
    );
    expect(out).not.toMatch(/<mark>|\*\*|---|0\.0327/);
  });

  it('shows a voice score with every reason in full, however long', () => {
    const long =
      'wording reads less like the brand than 100% of its own posts do; reuse its usual words and phrases such as "cut to length", "next working day" and "mill certificates"';
    const out = renderResult(
      'voice.score',
      {
        score: 38.6,
        dimensions: { tone: 41, length: 2, vocabulary: 0 },
        reasons: [
          {
            dimension: 'length',
            message: '80-139 characters; the brand usually writes 171-214',
            weight: 0.3,
          },
          { dimension: 'vocabulary', message: long, weight: 0.6 },
        ],
        violations: [
          { ruleId: 'r1', kind: 'banned_phrase', message: 'uses "cheap", which the brand never says' },
        ],
        components: { features: 0.4, lexical: { perChar: 1, percentile: 0 }, evidence: 1, typicality: 0.2 },
        platform: 'linkedin',
        version: 3,
      },
      60,
    );
    expect(out).toMatch(/^Voice match: 39\/100 \(linkedin, profile version 3\)/);
    expect(out.replace(/\s+/g, ' ')).toContain(long);
    expect(out.indexOf('vocabulary:')).toBeLessThan(out.indexOf('length:')); // weightiest first
    expect(out).toContain('uses "cheap"');
    expect(widest(out)).toBeLessThanOrEqual(60);
  });

  it('shows any other list as a table of its plain fields and says which fields it left out', () => {
    const out = renderHuman(
      {
        keys: [
          {
            id: 'key_01M96D07AQATHRY7EX9SGM83MM',
            name: 'First admin key',
            role: 'admin',
            scopes: [],
            expiresAt: null,
            createdAt: '2026-12-06T19:23:57.141Z',
            nested: { a: 1 },
          },
        ],
      },
      100,
    );
    expect(out.split('\n')[0]).toMatch(/^id\s+name\s+role\s+createdAt$/);
    expect(out).toContain('key_01M96D07AQATHRY7EX9SGM83MM');
    expect(out).toContain('2026-12-06 19:23');
    expect(out).not.toContain('expiresAt'); // empty in every row
  });

  it('turns Markdown into plain text', () => {
    expect(plainText('## Prices\n- **S355** beams, see [the list](https://x.example/list) `now`')).toBe(
      'Prices S355 beams, see the list now',
    );
  });
});

describe('new keys', () => {
  it('says the key of a new tenant plainly, with the line that puts it to use', () => {
    const out = renderResult(
      'tenants.create',
      {
        tenant: { id: 'ten_1', name: 'Next Day Steel', slug: 'next-day-steel', timeZone: 'Europe/London' },
        adminKey: { id: 'key_1', name: 'First admin key', role: 'admin', key: 'da_abc' },
      },
      100,
    );
    expect(out).toContain('Created tenant Next Day Steel (slug next-day-steel');
    expect(out).toContain('shown once');
    expect(out).toContain('export DIFY_AGENT_API_KEY=da_abc');
  });
});
