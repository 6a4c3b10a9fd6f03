import { describe, expect, it } from 'vitest';
import { parseHtmlDocument } from './dom.js';
import { interpretJsonLd, parsePrice, readJsonLdBlocks } from './json-ld.js';
import { parseOpeningHoursSpecification, parseOpeningHoursText } from './opening-hours.js';
import { markdownToText } from './plain-text.js';

const base = 'https://shop.example/products/';

function docWith(...scripts: string[]): Document {
  return parseHtmlDocument(
    `<html><head>${scripts.map((s) => `<script type="application/ld+json">${s}</script>`).join('')}</head><body></body></html>`,
  );
}

describe('parsePrice', () => {
  it.each([
    [1299, 1299],
    ['1299', 1299],
    ['1299.50', 1299.5],
    ['1,299.50', 1299.5],
    ['1.299,50', 1299.5],
    ['4,50', 4.5],
    ['1,299', 1299],
    ['1.299.000', 1299000],
    ['€ 1 299', 1299],
    ['£389.00', 389],
    ['free', null],
    [null, null],
  ])('%j → %j', (input, expected) => {
    expect(parsePrice(input)).toBe(expected);
  });
});

describe('opening hours', () => {
  it('reads the compact text form, ranges that wrap the week and several ranges a day', () => {
    const rules = parseOpeningHoursText([
      'Mo-Fr 09:00-12:00,13:00-17:30',
      'Sa 10:00-14:00; Fr-Mo 20:00-23:00',
      'Su',
    ]);
    expect(rules.map((r) => `${r.days.map((d) => d.slice(0, 2)).join('')} ${r.opens}-${r.closes}`)).toEqual([
      'MoTuWeThFr 09:00-12:00',
      'MoTuWeThFr 13:00-17:30',
      'Sa 10:00-14:00',
      'MoFrSaSu 20:00-23:00',
      'Su 00:00-23:59',
    ]);
  });

  it('reads specifications with URL, short and plain day names and skips what it cannot read', () => {
    const rules = parseOpeningHoursSpecification([
      {
        dayOfWeek: ['http://schema.org/Tuesday', 'Mo'],
        opens: '9:00',
        closes: '17:00:00',
        validFrom: '2026-12-01',
      },
      { dayOfWeek: 'PublicHolidays', opens: '10:00', closes: '12:00' },
      { dayOfWeek: 'Saturday', opens: 'morning', closes: '12:00' },
      'nonsense',
    ]);
    expect(rules).toEqual([
      {
        days: ['Monday', 'Tuesday'],
        opens: '09:00',
        closes: '17:00',
        validFrom: '2026-12-01',
        validThrough: null,
      },
    ]);
  });
});

describe('readJsonLdBlocks and interpretJsonLd', () => {
  it('reads arrays of entities, nested offers and @id references across blocks', () => {
    const doc = docWith(
      JSON.stringify([
        {
          '@context': 'https://schema.org',
          '@type': 'Product',
          name: 'Anchor bolt M12',
          brand: { '@id': '#brand' },
          offers: {
            '@type': 'Offer',
            priceSpecification: { price: '2.40', priceCurrency: 'EUR' },
            url: 'm12',
          },
          aggregateRating: { ratingValue: '4.6', reviewCount: 31 },
        },
        {
          '@type': 'schema:Service',
          name: 'Cutting to length',
          offers: [{ price: 0, priceCurrency: 'EUR' }],
        },
      ]),
      JSON.stringify({
        '@context': 'https://schema.org',
        '@id': '#brand',
        '@type': 'Brand',
        name: 'Fixwell',
      }),
    );
    const { blocks, notes } = readJsonLdBlocks(doc);
    expect(notes).toEqual([]);
    const facts = interpretJsonLd(blocks, base);
    expect(facts.products).toEqual([
      expect.objectContaining({
        type: 'Product',
        name: 'Anchor bolt M12',
        brand: 'Fixwell',
        rating: { value: 4.6, count: 31 },
        offers: [
          expect.objectContaining({ price: 2.4, currency: 'EUR', url: 'https://shop.example/products/m12' }),
        ],
      }),
      expect.objectContaining({
        type: 'Service',
        name: 'Cutting to length',
        offers: [expect.objectContaining({ price: 0 })],
      }),
    ]);
  });

  it('reads a ProductGroup’s variants as offers of the group, named by what they vary by', () => {
    const facts = interpretJsonLd(
      [
        {
          '@context': 'https://schema.org',
          '@type': 'ProductGroup',
          name: 'Tide Pool Mug',
          variesBy: ['https://schema.org/color'],
          hasVariant: [
            {
              '@type': 'Product',
              name: 'Tide Pool Mug - Sea Foam',
              color: 'Sea Foam',
              offers: {
                '@type': 'Offer',
                price: '42.00',
                priceCurrency: 'NZD',
                availability: 'https://schema.org/InStock',
              },
            },
            {
              '@type': 'Product',
              name: 'Tide Pool Mug - Storm',
              offers: {
                '@type': 'Offer',
                price: '42.00',
                priceCurrency: 'NZD',
                availability: 'https://schema.org/OutOfStock',
              },
            },
          ],
        },
      ],
      'https://shop.example/',
    );
    expect(facts.products.map((p) => p.name)).toEqual(['Tide Pool Mug']);
    expect(facts.products[0]?.offers.map((o) => [o.name, o.price, o.availability])).toEqual([
      ['Sea Foam', 42, 'InStock'],
      ['Storm', 42, 'OutOfStock'],
    ]);
  });

  it('finds FAQ pairs inside a WebPage graph and questions answered as lists', () => {
    const doc = docWith(
      JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage', '@id': '#page', mainEntity: { '@id': '#faq' } },
          {
            '@type': 'FAQPage',
            '@id': '#faq',
            mainEntity: [
              {
                '@type': 'Question',
                name: 'Do you ship abroad?',
                acceptedAnswer: [{ '@type': 'Answer', text: 'Yes, across the EU &amp; UK.' }],
              },
              { '@type': 'Question', name: 'Unanswered?' },
            ],
          },
        ],
      }),
    );
    const facts = interpretJsonLd(readJsonLdBlocks(doc).blocks, base);
    expect(facts.faq).toEqual([{ question: 'Do you ship abroad?', answer: 'Yes, across the EU & UK.' }]);
    expect(facts.types.has('FAQPage')).toBe(true);
  });

  it('treats an organization with opening hours as a local business and keeps plain organizations apart', () => {
    const doc = docWith(
      JSON.stringify({
        '@context': 'https://schema.org',
        '@graph': [
          {
            '@type': 'Organization',
            name: 'Fixwell GmbH',
            url: '/',
            address: 'Hafenstraße 3, 20457 Hamburg',
          },
          {
            '@type': 'Organization',
            name: 'Fixwell Lager Süd',
            openingHours: 'Mo-Sa 07:00-16:00',
            address: {
              '@type': 'PostalAddress',
              streetAddress: 'Ring 9',
              addressLocality: 'München',
              postalCode: '80331',
            },
          },
          { '@type': 'Restaurant', name: 'Kantine', servesCuisine: 'German' },
        ],
      }),
    );
    const facts = interpretJsonLd(readJsonLdBlocks(doc).blocks, base);
    expect(facts.organizations).toEqual([
      expect.objectContaining({
        name: 'Fixwell GmbH',
        url: 'https://shop.example/',
        address: expect.objectContaining({ text: 'Hafenstraße 3, 20457 Hamburg' }),
      }),
    ]);
    expect(
      facts.localBusinesses.map((b) => [b.type, b.name, b.address?.text ?? null, b.openingHours.length]),
    ).toEqual([
      ['Organization', 'Fixwell Lager Süd', 'Ring 9, 80331 München', 1],
      ['Restaurant', 'Kantine', null, 0],
    ]);
  });

  it('a business of a type the list lacks is one by its address and opening hours', () => {
    const doc = docWith(
      JSON.stringify([
        {
          '@context': 'https://schema.org',
          '@type': 'VeterinaryCare',
          name: 'Jacaranda Animal Clinic',
          address: {
            '@type': 'PostalAddress',
            streetAddress: '287 Lynnwood Road',
            addressLocality: 'Pretoria',
          },
          openingHoursSpecification: [
            { '@type': 'OpeningHoursSpecification', dayOfWeek: 'Monday', opens: '07:30', closes: '18:00' },
          ],
        },
        {
          '@context': 'https://schema.org',
          '@type': 'Chiropractic',
          name: 'Spine & Co',
          address: 'Hauptstraße 1, Köln',
          openingHours: 'Mo-Fr 08:00-17:00',
        },
        { '@context': 'https://schema.org', '@type': 'Event', name: 'Open day', address: 'Köln' },
      ]),
    );
    const facts = interpretJsonLd(readJsonLdBlocks(doc).blocks, base);
    expect(facts.localBusinesses.map((b) => [b.type, b.name, b.openingHours.length])).toEqual([
      ['VeterinaryCare', 'Jacaranda Animal Clinic', 1],
      ['Chiropractic', 'Spine & Co', 1],
    ]);
  });

  it('never throws on odd JSON-LD: empty, null, scalars, cycles of references, HTML comments', () => {
    const doc = docWith(
      '',
      'null',
      '"just a string"',
      '<!-- {"@type": "Organization", "name": "Commented"} -->',
      JSON.stringify({
        '@graph': [{ '@id': '#a', '@type': 'Product', name: 'Loop', isRelatedTo: { '@id': '#a' } }],
      }),
      '{ "@type": "Product", "name": ',
    );
    const { blocks, notes } = readJsonLdBlocks(doc);
    expect(notes).toEqual([expect.stringMatching(/^JSON-LD block 6 skipped/)]);
    const facts = interpretJsonLd(blocks, base);
    expect(facts.organizations.map((o) => o.name)).toEqual(['Commented']);
    expect(facts.products.map((p) => p.name)).toEqual(['Loop']);
  });
});

describe('markdownToText', () => {
  it('keeps the words a reader sees and drops Markdown syntax, link targets and images', () => {
    const md = [
      '## Prices',
      '',
      'Our **HEB 200** beams cost _£389_ — see the [price list](https://x.example/p "Prices") ![beam](https://x.example/b.jpg).',
      '',
      '| Profile | Price |',
      '| --- | ---: |',
      '| HEB 200 | £389<br>incl. VAT |',
      '',
      '- [x] in stock',
      '> 1\\. quoted',
      '```',
      'code **stays**',
      '```',
    ].join('\n');
    expect(markdownToText(md)).toBe(
      [
        'Prices',
        '',
        'Our HEB 200 beams cost £389 — see the price list .',
        '',
        'Profile | Price',
        'HEB 200 | £389 incl. VAT',
        '',
        'in stock',
        '1. quoted',
        'code **stays**',
      ].join('\n'),
    );
  });
});
