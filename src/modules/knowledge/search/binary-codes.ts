/**
 * Binary codes for the fast first pass of vector search: the signs of a randomly rotated copy of the
 * vector (SimHash, Charikar 2002, with a structured rotation). The Hamming distance between two codes
 * estimates the angle between the vectors, whatever their sparsity. Taking the signs of the raw
 * components does not work here: the local embedding's query vectors are mostly zeros, and their codes
 * would say nothing. Candidates found by Hamming distance are re-scored with the exact float vectors.
 *
 * The rotation is a randomized Hadamard transform (three rounds of fixed random sign flips followed by
 * a fast Walsh-Hadamard transform over the vector zero-padded to a power of two, at least CODE_BITS):
 * O(m log m) instead of the O(m × CODE_BITS) of a dense Gaussian projection, with the same behaviour
 * for this purpose. The signs come from a seeded generator, so every process computes the same codes.
 * Changing the seed, the rounds or CODE_BITS invalidates stored codes: bump CODE_VERSION.
 */

export const CODE_BITS = 512;
export const CODE_VERSION = 'srht-v1';
const ROUNDS = 3;

const signCache = new Map<number, Int8Array>();

/** mulberry32: small, fast, deterministic. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ROUNDS × m random signs for a padded length m. */
function signs(m: number): Int8Array {
  let s = signCache.get(m);
  if (s) return s;
  const next = generator(0x5eed0000 + m);
  s = new Int8Array(ROUNDS * m);
  for (let i = 0; i < s.length; i++) s[i] = next() < 0.5 ? -1 : 1;
  signCache.set(m, s);
  return s;
}

/** In-place unnormalised fast Walsh-Hadamard transform; `x.length` is a power of two. */
function walshHadamard(x: Float64Array): void {
  const n = x.length;
  for (let h = 1; h < n; h <<= 1) {
    for (let i = 0; i < n; i += h << 1) {
      for (let j = i; j < i + h; j++) {
        const a = x[j] as number;
        const b = x[j + h] as number;
        x[j] = a + b;
        x[j + h] = a - b;
      }
    }
  }
}

/** The CODE_BITS-bit code of a vector, as bytes for sqlite-vec's `bit[]` columns. */
export function binaryCode(vector: ArrayLike<number>): Buffer {
  let m = CODE_BITS;
  while (m < vector.length) m <<= 1;
  const s = signs(m);
  const x = new Float64Array(m);
  for (let i = 0; i < vector.length; i++) x[i] = vector[i] as number;
  for (let r = 0; r < ROUNDS; r++) {
    const o = r * m;
    for (let i = 0; i < m; i++) x[i] = (x[i] as number) * (s[o + i] as number);
    walshHadamard(x);
  }
  const out = Buffer.alloc(CODE_BITS / 8);
  for (let b = 0; b < CODE_BITS; b++) {
    if ((x[b] as number) > 0) out[b >> 3] = (out[b >> 3] as number) | (1 << (b & 7));
  }
  return out;
}
