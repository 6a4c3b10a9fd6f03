import { describe, expect, it } from 'vitest';
import { computeGaps, type ScoredEntry } from './gaps.js';

const now = new Date('2026-12-07T00:00:00Z');
let n = 0;
const entry = (category: string, answer: string, question = 'Q?', kind = 'statement'): ScoredEntry => ({
  id: `e${++n}`,
  kind,
  category,
  question,
  answer,
  confidence: 0.8,
  changedAt: now.toISOString(),
  pageId: 'p',
});
const cat = (r: ReturnType<typeof computeGaps>, c: string) =>
  r.categories.find((x) => x.category === c) as ReturnType<typeof computeGaps>['categories'][number];

describe('gap report', () => {
  it('checks every category and the stored entities before calling a facet missing', () => {
    const r = computeGaps(
      [
        entry('company_overview', 'Today a team of 14 bakes through the night.'),
        entry(
          'company_overview',
          'Our bakery was named Bakery of the Year at the 2025 South West Food Awards.',
        ),
        entry('mission_values', 'We are a certified B Corporation since 2021.'),
      ],
      now,
      {
        country: 'GB',
        entities: [
          { id: 'loc', type: 'location' },
          { id: 'tel', type: 'contact_point', kind: 'phone' },
        ],
      },
    );
    expect(cat(r, 'company_overview').covered).toContain('size');
    expect(cat(r, 'certifications_awards').missing).toEqual([]);
    expect(cat(r, 'certifications_awards').evidence.map((e) => e.facet)).toEqual([
      'certifications',
      'awards',
    ]);
    expect(cat(r, 'locations_hours').covered).toContain('address');
    expect(cat(r, 'locations_hours').evidence.find((e) => e.facet === 'address')?.entities).toEqual(['loc']);
    expect(cat(r, 'customer_support').missing).not.toContain('phone number');
    expect(cat(r, 'customer_support').missing).toContain('e-mail address');
  });

  it('never covers a facet with an entry that does not state it, nor with a question made from the category', () => {
    const r = computeGaps(
      [
        entry('reviews_testimonials', 'Summer in an 8 oz tin.', 'What do customers say about us?'),
        entry('shipping_delivery', 'Free cutting on every beam.', 'How does delivery work?'),
      ],
      now,
    );
    expect(cat(r, 'reviews_testimonials').covered).toEqual([]);
    expect(cat(r, 'shipping_delivery').covered).toEqual([]);
    // A page's own FAQ question does count.
    const faq = computeGaps(
      [entry('shipping_delivery', 'Yes, within 3 business days.', 'Do you ship to Canada?', 'faq')],
      now,
    );
    expect(cat(faq, 'shipping_delivery').covered).toContain('delivery times');
  });

  it('gives tax advice by country: VAT in the UK, GST in Australia, none for a US shop', () => {
    const prices = [entry('pricing', 'Country sourdough: £4.80')];
    const facets = (country: string | null) => {
      const c = cat(computeGaps(prices, now, { country }), 'pricing');
      return [...c.covered, ...c.missing];
    };
    expect(facets('GB')).toContain('VAT included or not');
    expect(facets('AU')).toContain('GST included or not');
    expect(facets('US').some((f) => /VAT|GST|tax/.test(f))).toBe(false);
    expect(computeGaps(prices, now, { country: 'US' }).country).toBe('US');
    const advice = cat(computeGaps(prices, now, { country: 'US' }), 'pricing').suggestions.join(' ');
    expect(advice).not.toMatch(/VAT/);
  });

  it('counts a facet known only outside its category as three quarters', () => {
    const own = computeGaps([entry('certifications_awards', 'We are a certified B Corporation.')], now);
    const elsewhere = computeGaps([entry('company_overview', 'We are a certified B Corporation.')], now);
    expect(cat(elsewhere, 'certifications_awards').missing).not.toContain('certifications');
    expect(cat(elsewhere, 'certifications_awards').components.coverage).toBeLessThan(
      cat(own, 'certifications_awards').components.coverage,
    );
  });
});
