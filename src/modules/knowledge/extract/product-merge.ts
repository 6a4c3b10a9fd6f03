/**
 * One product per name on a page: the same product described by JSON-LD, microdata and the page's
 * markup is merged. Earlier lists win on what they state (structured data is deliberate); later ones
 * fill what is missing (a reference price from a struck-through price, stock words, variants).
 */
import { readStock, type StockReading, schemaStock } from './stock.js';
import type { Offer, Product } from './types.js';

export function productNameKey(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const offerKey = (o: Offer) => (o.name ? productNameKey(o.name) : '');

function fill<T extends object>(target: T, source: T): void {
  for (const [k, v] of Object.entries(source)) {
    const current = (target as Record<string, unknown>)[k];
    if ((current === null || current === undefined || current === false) && v !== null && v !== undefined)
      (target as Record<string, unknown>)[k] = v;
  }
}

/**
 * A page's own "Backordered — ships in 3 weeks" or "Pre-order" over structured data's InStock: a shop's
 * feed calls anything it will sell in stock, a back-ordered or pre-ordered item included.
 */
function preorderOverInStock(target: Offer, later: Offer): void {
  if (later.availability !== 'preorder' || !target.availability) return;
  if ((schemaStock(target.availability) ?? readStock(target.availability)?.state) !== 'in_stock') return;
  target.availability = later.availability;
  target.availabilityText = later.availabilityText;
  target.availableFrom = later.availableFrom ?? target.availableFrom;
}

export function mergeProducts(lists: Product[][]): Product[] {
  const out: Product[] = [];
  for (const list of lists) {
    for (const p of list) {
      const key = productNameKey(p.name);
      // A title read as a name and its qualifier ("Ice Fishing Day" / "Heated Shack") is the product
      // structured data names whole ("Ice Fishing Day – Heated Shack").
      const whole = p.description ? productNameKey(`${p.name} ${p.description}`) : null;
      const same = out.find((o) => productNameKey(o.name) === key || productNameKey(o.name) === whole);
      if (!same) {
        out.push({ ...p, offers: p.offers.map((o) => ({ ...o })) });
        continue;
      }
      const { offers, ...rest } = p;
      fill(same, { ...rest, offers: same.offers } as Product);
      for (const o of offers) {
        const match = same.offers.find((x) => offerKey(x) === offerKey(o));
        if (match) {
          preorderOverInStock(match, o);
          fill(match, o);
        } else same.offers.push({ ...o });
      }
    }
  }
  return out;
}

/**
 * Availability as one of `in_stock`, `out_of_stock`, `preorder`, `coming_soon` whatever the source
 * wrote (`https://schema.org/InStock`, `OutOfStock`, "Sold out"); the words as written stay in
 * `availabilityText` when there were any.
 */
export function normalizeStock(products: Product[]): Product[] {
  for (const p of products) {
    for (const o of p.offers) {
      if (!o.availability) continue;
      const state = schemaStock(o.availability) ?? readStock(o.availability)?.state ?? null;
      if (!state) continue;
      if (
        !o.availabilityText &&
        !/schema\.org|^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/.test(o.availability) &&
        !/_/.test(o.availability)
      )
        o.availabilityText = o.availability;
      o.availability = state;
    }
  }
  return products;
}

/**
 * A product page's own stock meta tag (`product:availability`, `og:availability`: "in stock",
 * "oos", "preorder") for the page's one product, or the one its title names, when nothing on the
 * page said more (offers without a stock state of their own get it).
 */
export function applyPageAvailability(products: Product[], value: string | null, title: string | null): void {
  if (!value) return;
  const v = value.trim().toLowerCase();
  const state =
    schemaStock(v) ??
    (v === 'oos' ? 'out_of_stock' : v === 'pending' ? 'preorder' : null) ??
    readStock(v)?.state ??
    null;
  if (!state) return;
  const key = title ? productNameKey(title) : '';
  const named = products.filter((p) => key !== '' && key.startsWith(productNameKey(p.name)));
  const target = products.length === 1 ? products : named.length === 1 ? named : [];
  for (const p of target) for (const o of p.offers) if (!o.availability) o.availability = state;
}

/** A shop's buy button, by the classes the platforms give it (Squarespace, Shopify, WooCommerce, Wix). */
const BUY_BUTTON =
  '[class*="add-to-cart" i], [class*="add_to_cart" i], [class*="addtocart" i], .product-form__submit, button[name="add"], [data-hook="add-to-cart"]';

/**
 * What a product page's buy button says when it says "Pre-order" (an owner's custom label, a
 * pre-order app): the page's product can be ordered now and ships later, whatever the structured
 * data's `InStock` (platforms write it whenever the quantity is above zero). Read from the
 * untouched document. Only the pre-order state: a "Sold out" button speaks for the selected option.
 */
export function buyButtonPreorder(doc: Document): StockReading | null {
  for (const el of doc.querySelectorAll(BUY_BUTTON)) {
    const stock = readStock((el.textContent ?? '').replace(/\s+/g, ' '));
    if (stock?.state === 'preorder') return stock;
  }
  return null;
}

/** The page's one product, with no other stock state than in stock, takes the buy button's pre-order. */
export function applyBuyButtonPreorder(products: Product[], stock: StockReading | null): void {
  const only = products.length === 1 ? (products[0] as Product) : null;
  if (!stock || !only) return;
  if (!only.offers.every((o) => o.availability === null || o.availability === 'in_stock')) return;
  for (const o of only.offers) {
    o.availability = stock.state;
    o.availabilityText = stock.text;
    o.availableFrom = stock.availableFrom;
  }
}
