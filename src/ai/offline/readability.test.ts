import { describe, expect, it } from 'vitest';
import { readability } from './readability.js';

describe('readability', () => {
  it('computes Flesch Reading Ease and Flesch-Kincaid grade from the published formulas', () => {
    // 9 words, 2 sentences, 11 syllables ("sentences" has 3).
    const r = readability('This is a short test. It has two sentences.');
    expect(r).toMatchObject({
      sentences: 2,
      words: 9,
      syllables: 11,
      polysyllables: 1,
      wordsPerSentence: 4.5,
    });
    // 206.835 − 1.015 × 4.5 − 84.6 × 11/9 = 98.8675; 0.39 × 4.5 + 11.8 × 11/9 − 15.59 = 0.5872
    expect(r.fleschReadingEase).toBeCloseTo(98.87, 2);
    expect(r.fleschKincaidGrade).toBeCloseTo(0.59, 2);
  });

  it('gives the textbook score for "The cat sat on the mat."', () => {
    const r = readability('The cat sat on the mat.');
    expect(r.fleschReadingEase).toBeCloseTo(116.15, 2);
    expect(r.fleschKincaidGrade).toBeCloseTo(-1.45, 2);
  });

  it('ranks plain writing as easier than dense writing', () => {
    const plain = readability(
      'We cut steel beams to size. We bring them to your site. It takes two days. Call us to order.',
    );
    const dense = readability(
      'Notwithstanding the aforementioned contractual obligations, the manufacturer shall indemnify the purchaser against consequential liabilities arising from structural deficiencies attributable to metallurgical nonconformities.',
    );
    expect(plain.fleschReadingEase).toBeGreaterThan(80);
    expect(dense.fleschReadingEase).toBeLessThan(0);
    expect(dense.fleschKincaidGrade).toBeGreaterThan(plain.fleschKincaidGrade + 15);
  });

  it('counts hyphenated words by their parts and skips numbers and hashtags', () => {
    const r = readability('Our state-of-the-art yard ships 500 beams. #steel');
    expect(r.words).toBe(5);
    expect(r.syllables).toBe(1 + 4 + 1 + 1 + 1);
  });

  it('returns zeros, not NaN, for text without words', () => {
    expect(readability('')).toMatchObject({ words: 0, fleschReadingEase: 0, fleschKincaidGrade: 0 });
    expect(readability('123 456. 🎉')).toMatchObject({ words: 0, fleschReadingEase: 0 });
  });
});
