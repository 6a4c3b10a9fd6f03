import { describe, expect, it } from 'vitest';
import { applyOptionMentions } from './option-mentions.js';
import { pageProduct } from './page-product.js';
import type { Offer, Product } from './types.js';

const offer = (name: string | null, availability: string | null = null): Offer => ({
  type: 'Offer',
  name,
  price: 690,
  priceText: null,
  currency: 'ZAR',
  lowPrice: null,
  highPrice: null,
  offerCount: null,
  availability,
  availabilityText: null,
  availableFrom: null,
  url: null,
  validUntil: null,
});

const stock = (p: Product) => p.offers.map((o) => `${o.name ?? '-'}: ${o.availability ?? 'none'}`);

describe('options an owner speaks of in the description', () => {
  it('gives the one option a stock sentence names its stock, and nothing to the others', () => {
    const camp = pageProduct('Holiday Club', [
      offer(null),
      offer('15–17 Dec (3 days)', 'out_of_stock'),
      offer('5–7 Jan (3 days)'),
      offer('12–16 Jan (5 days)'),
    ]);
    applyOptionMentions(
      [camp],
      'The 3-day weeks are R690. The 12 – 16 Jan week is nearly full, so don’t wait. 15–17 Dec is back in stock soon.',
    );
    expect(stock(camp)).toEqual([
      '-: none',
      '15–17 Dec (3 days): out_of_stock',
      '5–7 Jan (3 days): none',
      '12–16 Jan (5 days): in_stock',
    ]);
  });

  it('reads no sentence naming two options, and no option named by a bare word', () => {
    const tee = pageProduct('Tee', [offer('Small'), offer('Large')]);
    const camp = pageProduct('Camp', [offer('5–7 Jan'), offer('12–16 Jan')]);
    applyOptionMentions([tee], 'Small is sold out.');
    applyOptionMentions([camp], 'Both 5–7 Jan and 12–16 Jan are sold out.');
    expect([...stock(tee), ...stock(camp)]).toEqual([
      'Small: none',
      'Large: none',
      '5–7 Jan: none',
      '12–16 Jan: none',
    ]);
  });
});
