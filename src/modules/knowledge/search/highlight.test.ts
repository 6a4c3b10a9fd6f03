import { describe, expect, it } from 'vitest';
import { stem } from '../../../ai/offline/lexical-terms.js';
import { highlight } from './highlight.js';

const stems = (...words: string[]) => new Set(words.map((w) => stem(w)));

describe('highlight', () => {
  it('marks inflected forms of the query words in a short text', () => {
    const h = highlight(
      'Our steel beams are galvanised. Beam lengths up to 12 m.',
      stems('beam', 'galvanised'),
    );
    expect(h.text).toBe('Our steel beams are galvanised. Beam lengths up to 12 m.');
    expect(h.ranges.map((r) => h.text.slice(r.start, r.end))).toEqual(['beams', 'galvanised', 'Beam']);
    expect(h.html).toBe(
      'Our steel <mark>beams</mark> are <mark>galvanised</mark>. <mark>Beam</mark> lengths up to 12 m.',
    );
  });

  it('cuts a long text to the passage with the most query terms', () => {
    const filler = Array.from({ length: 80 }, (_, i) => `word${i}`).join(' ');
    const text = `${filler} the opening hours of the bakery are seven to six ${filler}`;
    const h = highlight(text, stems('bakery', 'hours'));
    expect(h.text.startsWith('…')).toBe(true);
    expect(h.text.endsWith('…')).toBe(true);
    expect(h.ranges.map((r) => h.text.slice(r.start, r.end))).toEqual(['hours', 'bakery']);
    expect(h.text.length).toBeLessThan(text.length / 2);
  });

  it('escapes HTML in the text so the marked passage is safe to render', () => {
    const h = highlight('<script>alert(1)</script> price list & terms', stems('price'));
    expect(h.html).toBe('&#60;script&#62;alert(1)&#60;/script&#62; <mark>price</mark> list &#38; terms');
    expect(h.text).toContain('<script>');
  });

  it('returns the start of the text unmarked when no query word occurs', () => {
    const h = highlight('Nothing relevant here.', stems('bakery'));
    expect(h.ranges).toEqual([]);
    expect(h.text).toBe('Nothing relevant here.');
  });
});
