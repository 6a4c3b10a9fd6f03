/**
 * One entity per thing: entities found more than once on a page (in text, a table and JSON-LD)
 * are merged, keeping the better-supported one and filling what it lacks from the other.
 */
import { type Entity, entityKey } from './entities.js';
import { normalizeText } from './normalize.js';

export function dedupeEntities(entities: Entity[]): Entity[] {
  const byKey = new Map<string, Entity>();
  // A product listed by name in a table and by SKU in JSON-LD is one product: names point at keys.
  const keyOfName = new Map<string, string>();
  for (const e of entities) {
    let key = entityKey(e);
    if (e.type === 'product' || e.type === 'service') {
      const nameKey = normalizeText(e.name);
      const known = keyOfName.get(nameKey);
      if (known && byKey.has(known)) key = known;
      else keyOfName.set(nameKey, key);
      if (e.sku) {
        for (const [k, other] of byKey) {
          if (
            (other.type === 'product' || other.type === 'service') &&
            !other.sku &&
            normalizeText(other.name) === nameKey
          )
            key = k;
        }
      }
    }
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, e);
      continue;
    }
    // Keep the better-supported one, filling what it lacks from the other.
    const [best, other] = e.confidence > seen.confidence ? [e, seen] : [seen, e];
    if (
      (best.type === 'product' || best.type === 'service') &&
      (other.type === 'product' || other.type === 'service')
    ) {
      byKey.set(key, {
        ...best,
        sku: best.sku ?? other.sku,
        unit: best.unit ?? other.unit,
        availability: best.availability ?? other.availability,
        description: best.description ?? other.description,
        confidence: Math.min(1, Math.max(best.confidence, other.confidence) + 0.03),
      });
    } else byKey.set(key, best);
  }
  return [...byKey.values()];
}
