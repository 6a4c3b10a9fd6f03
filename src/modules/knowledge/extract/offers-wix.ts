/**
 * Wix Stores gallery cards that show a stock word where the price would be: the card holds
 * `product-item-name` and `product-item-out-of-stock` (or a ribbon such as "Sold Out") but no
 * `product-item-price-to-pay`. The product is listed without a price, with its stock; its price comes
 * from its own product page when that page is read. Cards with a price are read from the page's
 * lines (page-offers.ts) like any other card.
 *
 * Read from the untouched document: Wix's `data-hook` attributes are stable across its templates.
 */
import { collapseWhitespace } from './dom.js';
import { pageProduct } from './page-product.js';
import { readStock } from './stock.js';
import type { Product } from './types.js';

const text = (el: Element | null) => collapseWhitespace(el?.textContent ?? '');

export function readWixGalleryStock(doc: Document): Product[] {
  const out: Product[] = [];
  for (const card of doc.querySelectorAll('[data-hook="product-item-root"]')) {
    const name = text(card.querySelector('[data-hook="product-item-name"]'));
    if (name === '') continue;
    const priced = Array.from(card.querySelectorAll('[data-hook*="price"]')).some((e) => /\d/.test(text(e)));
    if (priced) continue;
    const stock =
      readStock(text(card.querySelector('[data-hook="product-item-out-of-stock"]'))) ??
      readStock(text(card.querySelector('[data-hook="product-item-ribbon"]')));
    if (!stock) continue;
    out.push(
      pageProduct(name, [
        {
          type: 'Offer',
          name: null,
          price: null,
          priceText: null,
          currency: null,
          lowPrice: null,
          highPrice: null,
          offerCount: null,
          availability: stock.state,
          availabilityText: stock.text || null,
          availableFrom: stock.availableFrom,
          url: null,
          validUntil: null,
        },
      ]),
    );
  }
  return out;
}
