import { describe, expect, it } from 'vitest';
import { FaultSet } from './faults.js';

const tweet = { platform: 'x' as const, method: 'POST', path: '/2/tweets' };

describe('fault rules', () => {
  it('match on platform, method and path pattern', () => {
    const faults = new FaultSet(1);
    faults.add({ kind: '5xx', platform: 'facebook', method: 'post', path: '/*/feed' });
    expect(faults.decide(tweet).fault).toBeUndefined();
    expect(faults.decide({ platform: 'facebook', method: 'GET', path: '/123/feed' }).fault).toBeUndefined();
    expect(faults.decide({ platform: 'facebook', method: 'POST', path: '/123/feed' }).fault?.kind).toBe(
      '5xx',
    );
    expect(
      faults.decide({ platform: 'facebook', method: 'POST', path: '/123/photos' }).fault,
    ).toBeUndefined();
  });

  it('skip the first calls, then hit a fixed count', () => {
    const faults = new FaultSet(1);
    faults.add({ kind: '429', skip: 2, count: 2 });
    const hits = Array.from({ length: 6 }, () => faults.decide(tweet).fault?.kind ?? '-');
    expect(hits).toEqual(['-', '-', '429', '429', '-', '-']);
    expect(faults.list()[0]).toMatchObject({ matched: 6, applied: 2 });
  });

  it('roll seeded dice: the same seed hits the same calls, about as often as asked', () => {
    const pattern = (seed: number) => {
      const faults = new FaultSet(seed);
      faults.add({ kind: '5xx', probability: 0.2 });
      return Array.from({ length: 1000 }, () => (faults.decide(tweet).fault ? 1 : 0));
    };
    expect(pattern(5)).toEqual(pattern(5));
    expect(pattern(5)).not.toEqual(pattern(6));
    const rate = pattern(5).reduce<number>((s, v) => s + v, 0) / 1000;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.25);
  });

  it('add slow delays to one answer-changing fault; the first such rule wins', () => {
    const faults = new FaultSet(1);
    faults.add({ kind: 'slow', delayMs: 300 });
    faults.add({ kind: 'duplicate' });
    faults.add({ kind: '5xx' });
    faults.add({ kind: 'slow', delayMs: 200 });
    const d = faults.decide(tweet);
    expect(d.delayMs).toBe(500);
    expect(d.fault?.kind).toBe('duplicate');
    expect(d.hits.map((h) => h.kind)).toEqual(['slow', 'duplicate', 'slow']);
  });
});
