import { describe, expect, it } from 'vitest';
import { type Contribution, EPSILON, MIN_TENANTS, releaseFigures } from './shared.js';

/** A seeded uniform generator (mulberry32), so every run of these tests sees the same noise. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const builtin = new Set(['product-launch', 'event-invitation']);
const isShared = (id: string) => builtin.has(id);

/** A tenant with `approved` of `total` decisions on LinkedIn product launches. */
const tenant = (approved: number, total = 10, skillId = 'product-launch'): Contribution[] => [
  { platform: 'linkedin', skillId, approved, rejected: total - approved },
];

describe('shared figures: what leaves a tenant', () => {
  it('releases a cell only when at least 5 tenants with enough decisions fed it', () => {
    const random = seeded(1);
    const four = [tenant(8), tenant(6), tenant(7), tenant(9)];
    expect(releaseFigures(four, isShared, random)).toEqual([]);
    // A fifth tenant with too few decisions does not make the cell releasable.
    expect(releaseFigures([...four, tenant(2, 2)], isShared, random)).toEqual([]);
    const five = releaseFigures([...four, tenant(5)], isShared, random);
    expect(five).toHaveLength(1);
    expect(five[0]).toMatchObject({ platform: 'linkedin', skillId: 'product-launch', tenantsBand: '5-9' });
    expect(MIN_TENANTS).toBe(5);
  });

  it('carries no text, no counts and no tenant-made skill: only a platform, a built-in id, a rate and a band', () => {
    const tenants = Array.from({ length: 12 }, (_, i) => [
      ...tenant(i % 10),
      { platform: 'x', skillId: 'our-secret-spring-menu', approved: 9, rejected: 1 },
    ]);
    const figures = releaseFigures(tenants, isShared, seeded(2));
    expect(figures).toHaveLength(1);
    for (const f of figures) {
      expect(Object.keys(f).sort()).toEqual(['approvalRate', 'key', 'platform', 'skillId', 'tenantsBand']);
      expect(builtin.has(f.skillId)).toBe(true);
      expect(['linkedin', 'x', 'facebook', 'instagram']).toContain(f.platform);
      expect(['5-9', '10-19', '20-49', '50+']).toContain(f.tenantsBand);
      expect(f.approvalRate).toBeGreaterThanOrEqual(0);
      expect(f.approvalRate).toBeLessThanOrEqual(1);
    }
    expect(JSON.stringify(figures)).not.toContain('secret');
  });

  it('lets nobody tell one tenant’s rate from the figure, even knowing every other tenant exactly', () => {
    // The attacker knows the other four tenants' rates and that there are five, and sees the release.
    // World A: the target approved nothing; world B: everything. The best threshold on the released
    // figure (chosen with hindsight, which favours the attacker) must not tell them apart more often
    // than ε-differential privacy allows: e^ε / (1 + e^ε) ≈ 0.73 for ε = 1.
    const random = seeded(3);
    const trials = 4000;
    const others = [tenant(3), tenant(7), tenant(5), tenant(9)];
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < trials; i++) {
      a.push(releaseFigures([...others, tenant(0)], isShared, random)[0]?.approvalRate as number);
      b.push(releaseFigures([...others, tenant(10)], isShared, random)[0]?.approvalRate as number);
    }
    let best = 0;
    for (let t = 0; t <= 100; t++) {
      const cut = t / 100;
      const right = a.filter((v) => v < cut).length + b.filter((v) => v >= cut).length;
      best = Math.max(best, right / (2 * trials));
    }
    const bound = Math.exp(EPSILON) / (1 + Math.exp(EPSILON));
    expect(best).toBeLessThanOrEqual(bound);
    expect(best).toBeGreaterThan(0.5); // the figure does carry information about the population
  });

  it('defeats reconstruction by differencing: the attacker does worse than a blind guess', () => {
    // Subtracting the known others from n × figure recovers a tenant's rate exactly from a plain mean;
    // with the release's noise the estimate is worse than guessing 0.5 for everyone.
    const attack = (epsilon: number, seed: number) => {
      const random = seeded(seed);
      let attacker = 0;
      let blind = 0;
      const trials = 2000;
      for (let i = 0; i < trials; i++) {
        const otherRates = [0, 1, 2, 3].map(() => Math.floor(random() * 11));
        const target = Math.floor(random() * 11);
        const figure = releaseFigures(
          [...otherRates.map((r) => tenant(r)), tenant(target)],
          isShared,
          random,
          epsilon,
        )[0]?.approvalRate as number;
        const knownSum = otherRates.reduce((s, r) => s + r / 10, 0);
        const estimate = Math.min(1, Math.max(0, 5 * figure - knownSum));
        attacker += Math.abs(estimate - target / 10);
        blind += Math.abs(0.5 - target / 10);
      }
      return { attacker: attacker / trials, blind: blind / trials };
    };
    const noisy = attack(EPSILON, 4);
    expect(noisy.attacker).toBeGreaterThan(noisy.blind);
    // The same attack on a release without meaningful noise recovers the tenant: the test can fail.
    const plain = attack(1e9, 5);
    expect(plain.attacker).toBeLessThan(0.05);
  });
});
