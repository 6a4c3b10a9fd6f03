import { describe, expect, it } from 'vitest';
import { tokenizeWords, words } from './words.js';

describe('tokenizeWords', () => {
  it('keeps contractions, hyphenated words, abbreviations and numbers whole', () => {
    expect(
      tokenizeWords("Don't miss our state-of-the-art U.S. beams: 1,250.50 kg, 3.5% off").map((t) => [
        t.text,
        t.kind,
      ]),
    ).toEqual([
      ["Don't", 'word'],
      ['miss', 'word'],
      ['our', 'word'],
      ['state-of-the-art', 'word'],
      ['U.S', 'word'],
      ['beams', 'word'],
      ['1,250.50', 'number'],
      ['kg', 'word'],
      ['3.5', 'number'],
      ['off', 'word'],
    ]);
  });

  it('marks hashtags and mentions and normalises case and apostrophes', () => {
    const tokens = tokenizeWords('Thanks @NextDaySteel! #SteelBeams it’s here');
    expect(tokens.map((t) => [t.normal, t.kind])).toEqual([
      ['thanks', 'word'],
      ['@nextdaysteel', 'mention'],
      ['#steelbeams', 'hashtag'],
      ["it's", 'word'],
      ['here', 'word'],
    ]);
  });

  it('splits words joined by a comma without a space, but not numbers', () => {
    expect(words('beams,columns and 1,000 bolts')).toEqual(['beams', 'columns', 'and', 'bolts']);
  });

  it('handles accents and scripts without spaces', () => {
    expect(words('Café naïve Straße')).toEqual(['café', 'naïve', 'straße']);
    expect(words('我们销售钢梁').length).toBeGreaterThan(1);
  });

  it('reports offsets into the original text', () => {
    const text = 'Hi 👋 there, état!';
    for (const t of tokenizeWords(text)) expect(text.slice(t.start, t.end)).toBe(t.text);
  });
});
