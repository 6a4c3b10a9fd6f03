import { describe, expect, it } from 'vitest';
import { duplicatesGuard as guard, shingles, similarity } from './duplicates.js';
import { runOne } from './test-support/bakery.js';

const recentPosts = [
  {
    id: 'post_1',
    text: 'Our rye sourdough is back on the shelves this weekend, baked fresh every morning at 7am.',
  },
  { id: 'post_2', text: 'Meet Tom, our head baker, who has been shaping loaves with us for twelve years.' },
];

describe('near-duplicates', () => {
  it('fails a light rewording of a recent post and names it', () => {
    const r = runOne(
      guard,
      'Our rye sourdough is back on the shelves this weekend, baked fresh every morning! #rye',
      {
        recentPosts,
      },
    );
    expect(r.result.status).toBe('fail');
    expect(r.result.evidence?.postId).toBe('post_1');
    expect(r.defects).toEqual(['duplicate']);
  });

  it('fails a recent post re-used with a line added (containment)', () => {
    const text = `${recentPosts[1]?.text} Come and say hello on Saturday, he will have samples of the new spelt loaf.`;
    expect(runOne(guard, text, { recentPosts }).result.status).toBe('fail');
  });

  it('passes a new post on the same topic', () => {
    const r = runOne(
      guard,
      'Rye sourdough: a crisp crust, a tangy crumb and the long slow proof that makes it.',
      {
        recentPosts,
      },
    );
    expect(r.result.status).toBe('pass');
  });

  it('says it did not check without recent posts', () => {
    expect(runOne(guard, 'Anything.').result.message).toMatch(/not checked/);
  });

  it('computes Jaccard and containment over word 3-shingles', () => {
    const a = shingles('one two three four');
    const b = shingles('one two three five');
    expect([...a]).toEqual(['one two three', 'two three four']);
    expect(similarity(a, b)).toEqual({ jaccard: 1 / 3, containment: 0.5 });
  });
});
