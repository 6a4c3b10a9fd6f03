import { describe, expect, it } from 'vitest';
import { availabilityGuard } from './availability.js';
import { guardProduct, readAvailability } from './catalogue.js';
import { runOne } from './test-support/bakery.js';

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
});
