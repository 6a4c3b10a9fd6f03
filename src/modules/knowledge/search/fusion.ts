/**
 * Reciprocal Rank Fusion (Cormack, Clarke & Büttcher, 2009): each list votes weight / (k + rank) for
 * every item it ranks; items are ordered by the sum. Rank-based, so BM25 scores and cosine similarities
 * need no common scale.
 */

export const RRF_K = 60;

export interface RankedList<T> {
  weight: number;
  /** Best first. */
  items: readonly T[];
}

export interface FusedItem<T> {
  key: string;
  score: number;
  /** 1-based rank in each list that contains the item, by list index; undefined where absent. */
  ranks: Array<number | undefined>;
  /** The item as it appears in each list. */
  items: Array<T | undefined>;
}

/**
 * Fuses ranked lists. Ties are broken by the best single rank, then by key, so the order is stable.
 * A key appearing twice in one list counts once, at its best rank.
 */
export function reciprocalRankFusion<T>(
  lists: ReadonlyArray<RankedList<T>>,
  keyOf: (item: T) => string,
  k: number = RRF_K,
): Array<FusedItem<T>> {
  const byKey = new Map<string, FusedItem<T>>();
  lists.forEach((list, li) => {
    if (list.weight <= 0) return;
    list.items.forEach((item, i) => {
      const key = keyOf(item);
      let fused = byKey.get(key);
      if (!fused) {
        fused = { key, score: 0, ranks: lists.map(() => undefined), items: lists.map(() => undefined) };
        byKey.set(key, fused);
      }
      if (fused.ranks[li] !== undefined) return;
      fused.ranks[li] = i + 1;
      fused.items[li] = item;
      fused.score += list.weight / (k + i + 1);
    });
  });
  const bestRank = (f: FusedItem<T>) => Math.min(...f.ranks.map((r) => r ?? Number.POSITIVE_INFINITY));
  return [...byKey.values()].sort(
    (a, b) => b.score - a.score || bestRank(a) - bestRank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** The highest fused score possible: first in every list with a positive weight. */
export function maxFusedScore(weights: readonly number[], k: number = RRF_K): number {
  return weights.reduce((s, w) => (w > 0 ? s + w / (k + 1) : s), 0);
}
