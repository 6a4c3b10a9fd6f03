import { describe, expect, it } from 'vitest';
import { availabilityGuard } from './availability.js';
import { guardFacts, guardProduct, readAvailability } from './catalogue.js';
import { piiGuard } from './pii.js';
import { runOne } from './test-support/bakery.js';
import { unsupportedClaimsGuard } from './unsupported-claims.js';

describe('catalogue products for the guards', () => {
  it('reads stock states and a person’s own stock words', () => {
    expect(readAvailability('out_of_stock')).toBe('out_of_stock');
    expect(readAvailability('Sold out until spring')).toBe('out_of_stock');
    expect(readAvailability('Pre-order now')).toBe('preorder');
    expect(readAvailability('coming soon')).toBe('coming_soon');
    expect(readAvailability('In stock')).toBe('in_stock');
    expect(readAvailability('ask us')).toBe('unknown');
    expect(readAvailability(null)).toBeNull();
  });

  it('carries the back-on date so an honest sentence with it passes', () => {
    const product = guardProduct({
      id: 'prd_x',
      name: 'Elderflower Cordial',
      price: 6.5,
      currency: 'GBP',
      availability: 'Sold out',
      availableFrom: '--06',
    });
    const facts = { entries: [], products: [product] };
    expect(
      runOne(availabilityGuard, 'Elderflower Cordial is sold out, back in June.', { facts }).result.status,
    ).toBe('pass');
    expect(
      runOne(availabilityGuard, 'Elderflower Cordial is sold out, back in July.', { facts }).result.status,
    ).toBe('fail');
    expect(runOne(availabilityGuard, 'Get your Elderflower Cordial today!', { facts }).result.status).toBe(
      'fail',
    );
  });

  it('builds facts from entries, entities, products, the request and locked skill text', () => {
    const facts = guardFacts({
      entries: [{ id: 'ent_1', question: 'Do you deliver?', answer: 'Yes, free over £30.', kind: 'faq' }],
      entities: [
        {
          id: 'ent_contact',
          type: 'contact',
          name: 'Contact',
          data: { phone: '01632 960123', email: 'hi@shop.example' },
        },
      ],
      products: [{ id: 'prd_1', name: 'Oat Loaf', price: 3.2, currency: 'GBP', availability: 'in_stock' }],
      request: 'post for 14 February',
      locked: [{ id: 'skill:tips', text: 'Here are 3 tips' }],
    });
    const text =
      'Here are 3 tips for 14 February. Free delivery over £30; Oat Loaf £3.20. Call 01632 960123.';
    const r = runOne(unsupportedClaimsGuard, text, { facts });
    expect(r.result.status).toBe('pass');
    expect(new Set(r.citations.map((c) => c.entryId))).toEqual(
      new Set(['skill:tips', 'request', 'ent_1', 'prd_1', 'ent_contact']),
    );
    expect(runOne(piiGuard, 'Mail hi@shop.example', { facts }).result.status).toBe('pass');
  });
});
