import { describe, expect, it } from 'vitest';
import { maxFusedScore, RRF_K, reciprocalRankFusion } from './fusion.js';

const id = (s: string) => s;

describe('reciprocal rank fusion', () => {
  it('sums weight / (60 + rank) over the lists', () => {
    const fused = reciprocalRankFusion(
      [
        { weight: 1, items: ['a', 'b', 'c'] },
        { weight: 1, items: ['c', 'a'] },
      ],
      id,
    );
    expect(RRF_K).toBe(60);
    const score = Object.fromEntries(fused.map((f) => [f.key, f.score]));
    expect(score.a).toBeCloseTo(1 / 61 + 1 / 62, 12);
    expect(score.b).toBeCloseTo(1 / 62, 12);
    expect(score.c).toBeCloseTo(1 / 63 + 1 / 61, 12);
    expect(fused.map((f) => f.key)).toEqual(['a', 'c', 'b']);
    expect(fused[0]?.ranks).toEqual([1, 2]);
    expect(fused[2]?.ranks).toEqual([2, undefined]);
  });

  it('applies per-list weights, and a zero weight ignores the list', () => {
    const lists = (w: number) => [
      { weight: 1, items: ['a', 'b'] },
      { weight: w, items: ['b', 'z'] },
    ];
    expect(reciprocalRankFusion(lists(0), id).map((f) => f.key)).toEqual(['a', 'b']);
    const heavy = reciprocalRankFusion(lists(3), id);
    expect(heavy.map((f) => f.key)).toEqual(['b', 'z', 'a']);
    expect(heavy[0]?.score).toBeCloseTo(1 / 62 + 3 / 61, 12);
  });

  it('counts a duplicate in one list once, at its best rank, and breaks ties deterministically', () => {
    const fused = reciprocalRankFusion(
      [
        { weight: 1, items: ['x', 'y', 'x'] },
        { weight: 1, items: ['y', 'x'] },
      ],
      id,
    );
    expect(fused.map((f) => f.key)).toEqual(['x', 'y']);
    expect(fused[0]?.score).toBeCloseTo(fused[1]?.score ?? 0, 12);
  });

  it('gives the best possible score for first place in every weighted list', () => {
    expect(maxFusedScore([1, 0.5])).toBeCloseTo(1.5 / 61, 12);
    expect(maxFusedScore([1, 0])).toBeCloseTo(1 / 61, 12);
  });
});
