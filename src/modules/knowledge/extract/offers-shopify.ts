/**
 * Shopify themes embed each product page's product as JSON (`<script type="application/json"
 * id="ProductJson-…">` in the legacy themes, `data-product-json`, or the variants alone in a script inside Dawn's
 * variant picker): its variants with their titles, prices in cents and whether they can be
 * bought. Often that is the only place a sold-out variant's price is written. Read from the untouched
 * document, like the other pickers (option-stock.ts).
 */
import { pageProduct } from './page-product.js';
import { splitTrailingStock } from './stock.js';
import type { Offer, Product } from './types.js';

interface ShopifyVariant {
  title?: unknown;
  /** "Grom Surf Camp - 5–9 Jan 2027": the product's title, " - ", the variant's. */
  name?: unknown;
  public_title?: unknown;
  price?: unknown;
  compare_at_price?: unknown;
  available?: unknown;
}

interface ShopifyProduct {
  title?: unknown;
  variants?: unknown;
}

/** Cents as Shopify writes them (an integer), or null. */
function cents(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value / 100 : null;
}

function offerOf(v: ShopifyVariant, currency: string | null): Offer | null {
  const price = cents(v.price);
  if (typeof v.title !== 'string' || price === null) return null;
  const was = cents(v.compare_at_price);
  const stated = typeof v.available === 'boolean';
  // An owner who does not track inventory types the state into the option ("6–8 Jan – FULL"): those
  // words, not `available` (true whenever stock is untracked), say whether it can be had.
  const typed = splitTrailingStock(v.title);
  return {
    type: 'Offer',
    // Shopify names the only variant of a product without options "Default Title".
    name: v.title === 'Default Title' ? null : (typed?.name ?? v.title),
    price,
    priceText: null,
    currency,
    lowPrice: null,
    highPrice: null,
    offerCount: null,
    availability: typed ? typed.stock.state : stated ? (v.available ? 'in_stock' : 'out_of_stock') : null,
    availabilityText: typed?.stock.text ?? null,
    availableFrom: typed?.stock.availableFrom ?? null,
    url: null,
    validUntil: null,
    ...(was !== null && was > price ? { referencePrice: was } : {}),
  };
}

/**
 * Dawn (up to v9) writes only the variants, as an array inside its picker (`<variant-radios>`,
 * `<variant-selects>`); each variant's `name` is the product's title and its own, joined by " - ".
 */
function productOfVariants(variants: ShopifyVariant[]): ShopifyProduct | null {
  const first = variants[0];
  if (typeof first?.name !== 'string' || typeof first.public_title !== 'string') return null;
  const suffix = ` - ${first.public_title}`;
  if (!first.name.endsWith(suffix)) return null;
  return { title: first.name.slice(0, -suffix.length), variants };
}

/** The products a page's Shopify product JSON describes, one offer per variant. */
export function readShopifyProductJson(doc: Document, currency: string | null): Product[] {
  const out: Product[] = [];
  const scripts = doc.querySelectorAll(
    'script[type="application/json"][id^="ProductJson"], script[type="application/json"][data-product-json], variant-radios > script[type="application/json"], variant-selects > script[type="application/json"]',
  );
  for (const script of scripts) {
    let parsed: ShopifyProduct | null;
    try {
      const json = JSON.parse(script.textContent ?? '') as
        | (ShopifyProduct & { product?: ShopifyProduct })
        | ShopifyVariant[];
      // Some themes (Prestige, Impulse) wrap it: `{"product": {…}, "selected_variant_id": …}`.
      parsed = Array.isArray(json)
        ? productOfVariants(json)
        : json.product && typeof json.product === 'object'
          ? json.product
          : json;
    } catch {
      continue;
    }
    if (!parsed || typeof parsed.title !== 'string' || !Array.isArray(parsed.variants)) continue;
    const offers = (parsed.variants as ShopifyVariant[])
      .map((v) => offerOf(v, currency))
      .filter((o): o is Offer => o !== null);
    if (offers.length > 0) out.push(pageProduct(parsed.title, offers));
  }
  return out;
}
