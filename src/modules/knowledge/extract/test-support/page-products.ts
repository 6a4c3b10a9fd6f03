/** Test support: what the offers reader makes of a page, as short strings. */
import { extractPage } from '../extract-page.js';

/** The page's products as `name [variant] price (ref, max, unit, stock)` strings. */
export function products(body: string, url = 'https://shop.example/page.html', lang = 'en-US'): string[] {
  const page = extractPage(
    `<!doctype html><html lang="${lang}"><head><title>T</title></head><body><main>${body}</main></body></html>`,
    url,
  );
  return page.structured.products.flatMap((p) =>
    p.offers.map((o) => {
      const bits = [
        o.referencePrice ? `was ${o.referencePrice}` : '',
        o.highPrice ? `to ${o.highPrice}` : '',
        o.unit ? `per ${o.unit}` : '',
        o.from ? 'from' : '',
        o.availability ?? '',
        o.availableFrom ?? '',
      ].filter(Boolean);
      return `${p.name}${o.name ? ` [${o.name}]` : ''} ${o.price ?? o.lowPrice ?? 'none'}${bits.length ? ` (${bits.join(', ')})` : ''}`;
    }),
  );
}
