import { describe, expect, it } from 'vitest';
import { engagementBaitGuard as guard } from './engagement-bait.js';
import { runOne } from './test-support/bakery.js';

const bait = [
  'Comment YES if you want the recipe!',
  'Tag a friend who needs this loaf.',
  'Tag 3 friends below!',
  'Like if you love sourdough.',
  'Share this post to win a loaf!',
  'Smash that like button.',
  'Type "BREAD" in the comments.',
  'React with ❤️ for rye, 👍 for spelt.',
];
const fine = [
  'What would you add to a perfect Saturday loaf?',
  'We would love your advice on our new menu.',
  'Share your favourite recipe with us in the comments.',
  'We like it when you drop by.',
];

describe('engagement bait', () => {
  it.each(bait)('fails on LinkedIn and Facebook: %s', (text) => {
    expect(runOne(guard, `Fresh rye today. ${text}`, {}, 'linkedin').text).toBe('Fresh rye today.');
    const alone = runOne(guard, text, {}, 'facebook');
    expect(alone.result.status).toBe('fail');
    expect(alone.defects).toEqual(['engagement_bait']);
  });

  it.each(fine)('does not take a genuine question or request for advice for bait: %s', (text) => {
    expect(runOne(guard, text, {}, 'linkedin').result.status).toBe('pass');
  });

  it('passes with a note on X, which does not demote it', () => {
    const r = runOne(guard, 'Comment YES below!', {}, 'x');
    expect(r.result.status).toBe('pass');
    expect(r.result.evidence?.bait).toEqual(['Comment YES below!']);
  });
});
