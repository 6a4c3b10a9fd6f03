/**
 * Seeded randomness for the simulator. Everything the simulator "decides" (ids, fault rolls, engagement
 * noise) comes from here so a run with the same seed and the same calls gives the same answers.
 */

/** FNV-1a over the parts joined by `|`, as an unsigned 32-bit integer. */
export function hashParts(...parts: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5;
  const s = parts.join('|');
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche (murmur3 fmix) so near-identical inputs land far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) determined by the parts alone. */
export function unitFromParts(...parts: ReadonlyArray<string | number>): number {
  return hashParts(...parts) / 4294967296;
}

/** A standard normal number determined by the parts alone (Box-Muller on two hashed uniforms). */
export function normalFromParts(...parts: ReadonlyArray<string | number>): number {
  const u1 = Math.max(unitFromParts(...parts, 'u1'), 1e-12);
  const u2 = unitFromParts(...parts, 'u2');
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A sequence of uniform numbers in [0, 1) from a 32-bit seed (mulberry32). */
export class SeededRandom {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  /** `length` characters drawn from `alphabet`. */
  chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
  /** `length` decimal digits, the first one not zero. */
  digits(length: number): string {
    return String(this.int(1, 9)) + this.chars(length - 1, '0123456789');
  }
}
