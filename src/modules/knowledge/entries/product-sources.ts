/**
 * One product seen on several pages (a shop tile and its own product page, a menu and the home page's
 * specials) is one catalogue entry: the fullest description leads, and what it lacks is filled from
 * the others. Variants are united by name.
 */
import type { ProductEntity, ProductVariant } from './entities.js';

/** How much a source says about the product: variants, stock words, sale price, a price at all. */
function detail(p: ProductEntity): number {
  return (
    (p.variants?.length ?? 0) * 4 +
    (p.availabilityText ? 2 : 0) +
    (p.availability ? 1 : 0) +
    (p.referencePrice ? 1 : 0) +
    (p.price !== null ? 2 : 0) +
    p.confidence
  );
}

const key = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function mergeProductSources(sources: ProductEntity[]): ProductEntity | null {
  if (sources.length === 0) return null;
  const [lead, ...rest] = [...sources].sort((a, b) => detail(b) - detail(a));
  const merged: ProductEntity = {
    ...(lead as ProductEntity),
    variants: [...((lead as ProductEntity).variants ?? [])],
  };
  for (const other of rest) {
    for (const [k, v] of Object.entries(other)) {
      const current = (merged as Record<string, unknown>)[k];
      if ((current === null || current === undefined) && v !== null && v !== undefined)
        (merged as Record<string, unknown>)[k] = v;
    }
    for (const v of other.variants ?? []) {
      const same = merged.variants?.find((x: ProductVariant) => key(x.name) === key(v.name));
      if (!same) merged.variants?.push(v);
    }
  }
  return merged;
}
