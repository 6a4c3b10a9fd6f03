/**
 * Binary codes for the fast first pass of vector search (SimHash, Charikar 2002): bit i is the sign
 * of the vector's dot product with a fixed random Gaussian direction. The Hamming distance between two
 * codes estimates the angle between the vectors, whatever their sparsity. (Taking the signs of the raw
 * components does not: the local embedding's query vectors are mostly zeros, and their codes would say
 * nothing.) Candidates found by Hamming distance are re-scored with the exact float vectors.
 *
 * The directions come from a seeded generator, so every process and every run computes the same codes.
 * Changing the seed, the generator or CODE_BITS invalidates stored codes: bump CODE_VERSION.
 */

export const CODE_BITS = 512;
export const CODE_VERSION = 'simhash-v1';

const projections = new Map<number, Float32Array>();

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

function projection(dimension: number): Float32Array {
  let p = projections.get(dimension);
  if (p) return p;
  const next = generator(0x5eed0000 + dimension);
  p = new Float32Array(CODE_BITS * dimension);
  for (let i = 0; i < p.length; i += 2) {
    // Box-Muller: two standard normal values per pair of uniforms.
    const u = Math.max(next(), 1e-12);
    const v = next();
    const r = Math.sqrt(-2 * Math.log(u));
    p[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < p.length) p[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  projections.set(dimension, p);
  return p;
}

/** The CODE_BITS-bit SimHash of a vector, as bytes for sqlite-vec's `bit[]` columns (bit i = byte i>>3, bit i&7). */
export function simhash(vector: ArrayLike<number>): Buffer {
  const d = vector.length;
  const p = projection(d);
  const out = Buffer.alloc(CODE_BITS / 8);
  for (let b = 0; b < CODE_BITS; b++) {
    let s = 0;
    const o = b * d;
    for (let j = 0; j < d; j++) s += (p[o + j] as number) * (vector[j] as number);
    if (s > 0) out[b >> 3] = (out[b >> 3] as number) | (1 << (b & 7));
  }
  return out;
}
