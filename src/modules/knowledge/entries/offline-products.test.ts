import { describe, expect, it } from 'vitest';
import type { ProductVariant } from './entities.js';
import { combinedStock } from './offline-products.js';

const variant = (name: string, availability: string | null): ProductVariant => ({
  name,
  price: 450,
  priceText: null,
  referencePrice: null,
  availability: availability as ProductVariant['availability'],
  availabilityText: null,
  availableFrom: null,
  sku: null,
});

describe("a product's stock from its variants", () => {
  it('is in stock when any variant is', () => {
    expect(combinedStock([variant('S', 'out_of_stock'), variant('M', 'in_stock')])?.availability).toBe(
      'in_stock',
    );
  });

  it('is out only when every variant says so', () => {
    expect(combinedStock([variant('L', 'out_of_stock'), variant('XL', 'out_of_stock')])?.availability).toBe(
      'out_of_stock',
    );
    // Sizes the page leaves unmarked beside sold-out ones do not make the product sold out.
    expect(
      combinedStock([variant('S', null), variant('L', 'out_of_stock'), variant('XL', 'out_of_stock')]),
    ).toBeNull();
  });
});
