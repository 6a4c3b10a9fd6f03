import { describe, expect, it } from 'vitest';
import { hashtagsGuard as guard } from './hashtags.js';
import { bakeryFacts as facts, runOne } from './test-support/bakery.js';

describe('hashtags', () => {
  it('applies the cap and the norm per platform', () => {
    const five = 'Fresh bread. #a1 #b2 #c3 #d4 #e5';
    expect(runOne(guard, five, {}, 'instagram').result.status).toBe('pass');
    expect(runOne(guard, five, {}, 'linkedin').result.status).toBe('pass');
    expect(runOne(guard, 'Fresh bread. #one #two', {}, 'x').result.status).toBe('pass');
    const three = runOne(guard, 'Fresh bread. #one #two #three', {}, 'x');
    expect(three.result.status).toBe('fixed');
    expect(three.text).toBe('Fresh bread. #one #two');
  });

  it('keeps the most relevant tags: those the post or the facts use', () => {
    const r = runOne(
      guard,
      'Our rye sourdough is back on the shelf.\n\n#food #yum #instagood #Sourdough #RyeBread #bakery #love',
      { facts },
      'instagram',
    );
    expect(r.result.status).toBe('fixed');
    const kept = r.result.evidence?.hashtags as string[];
    expect(kept).toHaveLength(5);
    expect(kept).toEqual(expect.arrayContaining(['#Sourdough', '#RyeBread']));
    expect(r.text.startsWith('Our rye sourdough is back on the shelf.')).toBe(true);
  });

  it('honours a pinned max_hashtags rule and drops a repeated tag', () => {
    const r = runOne(
      guard,
      'Bread! #bread #bakery',
      { voice: { bannedWords: [], pinnedRules: [{ kind: 'max_hashtags', max: 1 }] } },
      'linkedin',
    );
    expect(r.text).toBe('Bread! #bread');
    const rep = runOne(guard, 'Bread! #bread #Bread', {}, 'linkedin');
    expect(rep.result.status).toBe('fixed');
    expect(rep.text).toBe('Bread! #bread');
  });

  it('will not drop a tag that is a word of its sentence', () => {
    const r = runOne(guard, 'Our #rye and #spelt and #wheat loaves are in.', {}, 'x');
    expect(r.result.status).toBe('fail');
    expect(r.defects).toEqual(['too_many_hashtags']);
  });

  it('counts hashtags in any script but not "#1" or URL fragments', () => {
    const r = runOne(guard, 'We are #1 in town! https://shop.com/#menu #日本語', {}, 'x');
    expect(r.result.evidence?.count).toBe(1);
  });
});
