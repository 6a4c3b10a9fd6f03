/**
 * Vector encoding shared by both dialects: float32 little-endian bytes in the database, Float32Array
 * in memory.
 */

export function encodeVector(vector: readonly number[]): Buffer {
  const buf = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) buf.writeFloatLE(vector[i] ?? 0, i * 4);
  return buf;
}

export function decodeVector(bytes: Uint8Array): Float32Array {
  // Copy: the driver's buffer may be a slice of a pooled allocation with any alignment.
  const out = new Float32Array(bytes.byteLength / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** Scales to unit length (so a dot product is the cosine); the zero vector stays zero. */
export function normalize(vector: readonly number[]): number[] {
  let n = 0;
  for (const v of vector) n += v * v;
  n = Math.sqrt(n);
  return n > 0 ? vector.map((v) => v / n) : vector.map(() => 0);
}

export function isZero(vector: readonly number[] | Float32Array): boolean {
  for (const v of vector) if (v !== 0) return false;
  return true;
}

export function dot(a: Float32Array | readonly number[], b: Float32Array | readonly number[]): number {
  let s = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
