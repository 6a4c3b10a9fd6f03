import { describe, expect, it } from 'vitest';
import { emojiGuard as guard } from './emoji.js';
import { runOne } from './test-support/bakery.js';

describe('emoji', () => {
  it('passes one emoji per sentence', () => {
    expect(runOne(guard, 'Fresh rye 🍞. Open at 7 ☀️.').result.status).toBe('pass');
  });

  it('trims runs, repeats and excess to the first emoji of each sentence', () => {
    const r = runOne(guard, 'Fresh rye 🍞🍞🍞🔥🔥! Come early 🏃‍♀️🏃‍♀️.');
    expect(r.result.status).toBe('fixed');
    expect(r.text).toBe('Fresh rye 🍞! Come early 🏃‍♀️.');
  });

  it('never goes over six in a long post', () => {
    const text = Array.from(
      { length: 10 },
      (_, i) => `Line ${i} ${['🍞', '🥖', '🥐', '🧁', '🍰', '🎂', '🍪', '🥯', '🥨', '🫓'][i]}.`,
    ).join(' ');
    const r = runOne(guard, text);
    expect(r.result.status).toBe('fixed');
    expect(r.result.evidence?.count).toBe(6);
  });

  it('counts a ZWJ family or a flag as one emoji and ignores ©', () => {
    expect(runOne(guard, 'Family day 👨‍👩‍👧. Made in 🇬🇧 © 2026.').result.evidence?.count).toBe(2);
  });
});
