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

function fillMissing<T extends object>(target: T, source: T): void {
  for (const [k, v] of Object.entries(source)) {
    const current = (target as Record<string, unknown>)[k];
    if ((current === null || current === undefined) && v !== null && v !== undefined)
      (target as Record<string, unknown>)[k] = v;
  }
}

export function mergeProductSources(sources: ProductEntity[]): ProductEntity | null {
  if (sources.length === 0) return null;
  const [lead, ...rest] = [...sources].sort((a, b) => detail(b) - detail(a));
  const merged: ProductEntity = {
    ...(lead as ProductEntity),
    variants: [...((lead as ProductEntity).variants ?? [])],
  };
  for (const other of rest) {
    fillMissing(merged, other);
    for (const v of other.variants ?? []) {
      const index = merged.variants?.findIndex((x: ProductVariant) => key(x.name) === key(v.name)) ?? -1;
      if (index < 0) merged.variants?.push(v);
      else if (merged.variants) {
        // The shop tile lists the size, the product page says it is sold out: one variant, both facts.
        const same = { ...(merged.variants[index] as ProductVariant) };
        fillMissing(same, v);
        merged.variants[index] = same;
      }
    }
  }
  return merged;
}
