/**
 * A small seeded generator (mulberry32) and a string hash (FNV-1a), so the same request, knowledge and
 * seed always give the same candidates: a person can reproduce what they saw, and tests can pin it.
 */

export type Rng = () => number;

/** 32-bit FNV-1a of a string. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A generator of floats in [0, 1) from a 32-bit seed. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for one part of the work, derived from the run's seed and a label. */
export function deriveSeed(seed: number, ...parts: Array<string | number>): number {
  return hashString(`${seed}\u0000${parts.join('\u0000')}`);
}

/** One item, chosen with the generator; weights default to 1. */
export function pick<T>(rng: Rng, items: readonly T[], weights?: readonly number[]): T | undefined {
  if (items.length === 0) return undefined;
  const w = weights ?? items.map(() => 1);
  const total = w.reduce((s, x) => s + Math.max(0, x), 0);
  if (total <= 0) return items[0];
  let r = rng() * total;
  for (let i = 0; i < items.length; i++) {
    r -= Math.max(0, w[i] ?? 0);
    if (r < 0) return items[i];
  }
  return items[items.length - 1];
}
