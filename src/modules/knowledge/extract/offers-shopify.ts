/**
 * Shopify themes embed each product page's product as JSON (`<script type="application/json"
 * id="ProductJson-…">` in the legacy themes, `data-product-json` or a script inside the variant
 * picker in newer ones): its variants with their titles, prices in cents and whether they can be
 * bought. Often that is the only place a sold-out variant's price is written. Read from the untouched
 * document, like the other pickers (option-stock.ts).
 */
import { pageProduct } from './page-product.js';
import type { Offer, Product } from './types.js';

interface ShopifyVariant {
  title?: unknown;
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
  return {
    type: 'Offer',
    // Shopify names the only variant of a product without options "Default Title".
    name: v.title === 'Default Title' ? null : v.title,
    price,
    priceText: null,
    currency,
    lowPrice: null,
    highPrice: null,
    offerCount: null,
    availability: stated ? (v.available ? 'in_stock' : 'out_of_stock') : null,
    availabilityText: null,
    availableFrom: null,
    url: null,
    validUntil: null,
    ...(was !== null && was > price ? { referencePrice: was } : {}),
  };
}

/** The products a page's Shopify product JSON describes, one offer per variant. */
export function readShopifyProductJson(doc: Document, currency: string | null): Product[] {
  const out: Product[] = [];
  const scripts = doc.querySelectorAll(
    'script[type="application/json"][id^="ProductJson"], script[type="application/json"][data-product-json]',
  );
  for (const script of scripts) {
    let parsed: ShopifyProduct;
    try {
      const json = JSON.parse(script.textContent ?? '') as ShopifyProduct & { product?: ShopifyProduct };
      // Some themes (Prestige, Impulse) wrap it: `{"product": {…}, "selected_variant_id": …}`.
      parsed = json.product && typeof json.product === 'object' ? json.product : json;
    } catch {
      continue;
    }
    if (typeof parsed.title !== 'string' || !Array.isArray(parsed.variants)) continue;
    const offers = (parsed.variants as ShopifyVariant[])
      .map((v) => offerOf(v, currency))
      .filter((o): o is Offer => o !== null);
    if (offers.length > 0) out.push(pageProduct(parsed.title, offers));
  }
  return out;
}
