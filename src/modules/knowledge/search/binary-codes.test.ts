import { describe, expect, it } from 'vitest';
import { binaryCode, CODE_BITS } from './binary-codes.js';

const hamming = (a: Buffer, b: Buffer) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    let x = (a[i] as number) ^ (b[i] as number);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
};

/** A unit vector at `degrees` from e0 in the plane of e0 and e1, in `dim` dimensions. */
const atAngle = (degrees: number, dim: number) => {
  const v = new Array<number>(dim).fill(0);
  v[0] = Math.cos((degrees * Math.PI) / 180);
  v[1] = Math.sin((degrees * Math.PI) / 180);
  return v;
};

describe('binary codes', () => {
  it('are deterministic and CODE_BITS long for any dimension', () => {
    for (const dim of [3, 384, 768, 1536]) {
      const v = Array.from({ length: dim }, (_, i) => Math.sin(i + 1));
      expect(binaryCode(v).length).toBe(CODE_BITS / 8);
      expect(binaryCode(v).equals(binaryCode(v))).toBe(true);
    }
  });

  it('have Hamming distances that grow with the angle, even for sparse vectors', () => {
    const base = binaryCode(atAngle(0, 768));
    const d10 = hamming(base, binaryCode(atAngle(10, 768)));
    const d45 = hamming(base, binaryCode(atAngle(45, 768)));
    const d90 = hamming(base, binaryCode(atAngle(90, 768)));
    const d180 = hamming(base, binaryCode(atAngle(180, 768)));
    // Expected fraction of differing bits is angle / 180°.
    expect(d10 / CODE_BITS).toBeLessThan(0.12);
    expect(d10).toBeLessThan(d45);
    expect(d45).toBeLessThan(d90);
    expect(Math.abs(d90 / CODE_BITS - 0.5)).toBeLessThan(0.1);
    expect(d180).toBe(CODE_BITS);
  });
});
