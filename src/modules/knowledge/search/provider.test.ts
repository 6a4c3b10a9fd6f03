import { describe, expect, it } from 'vitest';
import { planTerms } from './provider.js';

describe('term planning for large indexes', () => {
  it('searches every term exactly while their document frequencies fit the budget', () => {
    const df = new Map([
      ['beam', 30],
      ['steel', 400],
    ]);
    expect(planTerms(['steel', 'beam', 'unknown'], df, 1000)).toEqual({
      gate: ['steel', 'beam'],
      scoring: ['steel', 'beam'],
      pruned: false,
    });
  });

  it('gates candidates on the rarest terms and drops very common ones from the score', () => {
    const total = 100_000;
    const df = new Map([
      ['prion', 40],
      ['positivity', 900],
      ['abnormal', 6_000],
      ['patients', 25_000],
      ['study', 60_000],
    ]);
    const plan = planTerms(['study', 'patients', 'abnormal', 'prion', 'positivity'], df, total);
    // Budget max(2000, 5% of 100k) = 5,000: prion + positivity = 940 fit, adding abnormal (6,940) does not.
    expect(plan.gate).toEqual(['prion', 'positivity']);
    // "study" is in 60% of the chunks (> 30%): no weight worth scoring.
    expect(plan.scoring).toEqual(['prion', 'positivity', 'abnormal', 'patients']);
    expect(plan.pruned).toBe(true);
  });

  it('always keeps the rarest term, even when it alone exceeds the budget', () => {
    const df = new Map([
      ['cell', 50_000],
      ['protein', 45_000],
    ]);
    const plan = planTerms(['cell', 'protein'], df, 100_000);
    expect(plan.gate).toEqual(['protein']);
  });

  it('plans nothing when no term occurs in the index', () => {
    expect(planTerms(['zzz'], new Map(), 10).gate).toEqual([]);
  });
});
