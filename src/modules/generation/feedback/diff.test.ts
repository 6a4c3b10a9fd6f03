import { describe, expect, it } from 'vitest';
import { diffEdit } from './diff.js';

describe('diffEdit', () => {
  it('finds the words a person removed and added, in order, case-insensitively kept', () => {
    const d = diffEdit(
      'Our AMAZING new I-beams are in stock! Order today!! 🚀🔥 #steel #construction #beams',
      'Our new I-beams are in stock. Order today. #steel',
    );
    expect(d.removedWords).toEqual(['amazing']);
    expect(d.addedWords).toEqual([]);
    expect(d.removedEmoji).toEqual(['🚀', '🔥']);
    expect(d.removedHashtags).toEqual(['#construction', '#beams']);
    expect(d.hashtagsAfter).toBe(1);
    expect(d.exclamationsBefore).toBe(3);
    expect(d.exclamationsAfter).toBe(0);
    expect(d.lengthAfter).toBeLessThan(d.lengthBefore);
    expect(d.readable).toContain('[-AMAZING-]');
    expect(d.readable).toContain('Order today [-! ! 🚀 🔥-] {+.+} #steel [-#construction #beams-]');
  });

  it('treats a change of case as no change, and measures how much was rewritten', () => {
    expect(diffEdit('Fresh bread daily', 'fresh Bread daily').magnitude).toBe(0);
    const swap = diffEdit('We bake fresh sourdough every morning', 'We bake rye every evening');
    expect(swap.removedWords).toEqual(['fresh', 'sourdough', 'morning']);
    expect(swap.addedWords).toEqual(['rye', 'evening']);
    expect(swap.magnitude).toBeGreaterThan(0.3);
    expect(swap.magnitude).toBeLessThan(0.7);
    expect(diffEdit('one two', 'three four').magnitude).toBe(1);
  });

  it('keeps URLs, mentions and contractions as single tokens', () => {
    const d = diffEdit("We're open, see https://example.com/a?b=1 @bakery", "We're closed, see @bakery");
    expect(d.removedWords).toEqual(['open']);
    expect(d.addedWords).toEqual(['closed']);
    expect(d.readable).toBe("We're [-open-] {+closed+} , see [-https://example.com/a?b=1-] @bakery");
  });
});
