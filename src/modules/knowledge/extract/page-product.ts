import type { Product } from './types.js';

/** A product read from the page's own markup: a name and its offers, nothing else the markup does not say. */
export function pageProduct(name: string, offers: Product['offers']): Product {
  return {
    type: 'Product',
    name,
    description: null,
    sku: null,
    gtin: null,
    brand: null,
    url: null,
    images: [],
    offers,
    rating: null,
    source: 'page',
  };
}
