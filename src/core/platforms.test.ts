import { describe, expect, it } from 'vitest';
import { fitsPlatform, textLength } from './platforms.js';

describe('textLength', () => {
  it('counts X by twitter-text weights: a URL is 23, CJK and emoji are 2', () => {
    expect(textLength('x', 'hi https://example.com/a/very/long/path?q=1')).toBe(3 + 23);
    expect(textLength('x', '日本')).toBe(4);
    expect(textLength('x', '👩‍👩‍👧')).toBe(2);
  });

  it('counts other platforms in code points', () => {
    expect(textLength('linkedin', '👍 ok')).toBe(4);
    expect(textLength('instagram', 'e\u0301')).toBe(1);
  });

  it('applies each platform limit', () => {
    expect(fitsPlatform('x', 'a'.repeat(280))).toBe(true);
    expect(fitsPlatform('x', 'a'.repeat(281))).toBe(false);
    expect(fitsPlatform('instagram', 'a'.repeat(2201))).toBe(false);
    expect(fitsPlatform('linkedin', 'a'.repeat(3000))).toBe(true);
  });
});
