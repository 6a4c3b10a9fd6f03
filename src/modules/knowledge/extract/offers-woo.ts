/**
 * WooCommerce variable products: each variation's price and stock, from the product form's
 * `data-product_variations` JSON (read from the untouched document: the form is not content).
 */
import { collapseWhitespace } from './dom.js';
import { readStock } from './stock.js';
import type { Offer } from './types.js';

interface WooVariation {
  attributes?: Record<string, string>;
  display_price?: number;
  display_regular_price?: number;
  is_in_stock?: boolean;
  availability_html?: string;
}

/**
 * WooCommerce variable products keep each variation's price and stock in the form's
 * `data-product_variations` JSON; read it from the untouched document (the form is not content).
 */
export function readWooVariations(doc: Document): { product: string; offers: Offer[] }[] {
  const out: { product: string; offers: Offer[] }[] = [];
  for (const form of doc.querySelectorAll('form[data-product_variations]')) {
    let variations: WooVariation[];
    try {
      variations = JSON.parse(form.getAttribute('data-product_variations') ?? '[]') as WooVariation[];
    } catch {
      continue;
    }
    if (!Array.isArray(variations) || variations.length === 0) continue;
    const container = form.closest('.product, [id^="product-"], article, main') ?? doc.body;
    const title = container.querySelector('.product_title, h1, h2');
    const product = collapseWhitespace(title?.textContent ?? '');
    if (!product) continue;
    const optionText = (value: string) => {
      for (const o of form.querySelectorAll('option')) {
        if (o.getAttribute('value') === value) return collapseWhitespace(o.textContent ?? '');
      }
      return value.replace(/[-_]+/g, ' ');
    };
    const offers: Offer[] = [];
    for (const v of variations) {
      if (typeof v.display_price !== 'number') continue;
      const name = Object.values(v.attributes ?? {})
        .filter((x) => typeof x === 'string' && x !== '')
        .map(optionText)
        .join(' / ');
      const stockText = collapseWhitespace((v.availability_html ?? '').replace(/<[^>]*>/g, ' '));
      const reading = stockText ? readStock(stockText) : null;
      offers.push({
        type: 'Offer',
        name: name || null,
        price: v.display_price,
        priceText: null,
        currency: null,
        lowPrice: null,
        highPrice: null,
        offerCount: null,
        availability:
          reading?.state ?? (v.is_in_stock === false ? 'out_of_stock' : v.is_in_stock ? 'in_stock' : null),
        availabilityText: reading?.text ?? null,
        availableFrom: reading?.availableFrom ?? null,
        referencePrice:
          typeof v.display_regular_price === 'number' && v.display_regular_price > v.display_price
            ? v.display_regular_price
            : null,
        url: null,
        validUntil: null,
      });
    }
    if (offers.length > 0) out.push({ product, offers });
  }
  return out;
}
