import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { textLength } from '../../../core/platforms.js';
import { lengthGuard as guard } from './length.js';
import { runOne } from './test-support/bakery.js';

const sentence = (i: number) => `Sentence number ${i} about our fresh bread and the oven.`;

describe('length', () => {
  it('passes within the limit and fails over it, as each platform counts', () => {
    expect(runOne(guard, 'a'.repeat(280), {}, 'x').result.status).toBe('pass');
    // 141 CJK characters weigh 282 on X but are 141 characters on LinkedIn.
    const cjk = '日'.repeat(141);
    expect(runOne(guard, cjk, {}, 'linkedin').result.status).toBe('pass');
    expect(runOne(guard, cjk, {}, 'x').result.status).toBe('fail');
    expect(runOne(guard, 'a'.repeat(2201), {}, 'instagram').result.evidence).toMatchObject({ limit: 2200 });
    expect(runOne(guard, 'a'.repeat(3001), {}, 'linkedin').result.status).toBe('fail');
    expect(runOne(guard, 'a'.repeat(63206), {}, 'facebook').result.status).toBe('pass');
  });

  it('cuts at a sentence boundary and keeps the closing hashtags', () => {
    const body = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    const r = runOne(guard, `${body}\n\n#bread #bakery`, {}, 'x');
    expect(r.result.status).toBe('fixed');
    expect(textLength('x', r.text)).toBeLessThanOrEqual(280);
    expect(r.text.endsWith('\n\n#bread #bakery')).toBe(true);
    expect(r.text.split('\n\n')[0]?.endsWith('oven.')).toBe(true);
    expect(body.startsWith(r.text.split('\n\n')[0] as string)).toBe(true);
  });

  it('keeps a pinned sign-off at the end when it cuts', () => {
    const body = Array.from({ length: 12 }, (_, i) => sentence(i)).join(' ');
    const r = runOne(
      guard,
      `${body}\n– The Rye Team`,
      { voice: { bannedWords: [], pinnedRules: [{ kind: 'sign_off', text: '– The Rye Team' }] } },
      'x',
    );
    expect(r.result.status).toBe('fixed');
    expect(r.text.endsWith('\n– The Rye Team')).toBe(true);
  });

  it('falls back to a clause boundary for one long sentence, and fails when nothing fits', () => {
    const long = `Our bread is good, ${'and very very fresh '.repeat(20)}today.`;
    const r = runOne(guard, long, {}, 'x');
    expect(r.result.status).toBe('fixed');
    expect(r.text).toBe('Our bread is good.');
    const word = 'a'.repeat(300);
    expect(runOne(guard, word, {}, 'x').result.status).toBe('fail');
  });
});

/**
 * The twitter-text conformance cases (../shared/specs/x/twitter-text/conformance/validate.yml), read in
 * place. Our X count must agree with X's v3 counting (emoji discounted to 2). The older
 * `WeightedTweetsCounterTest` set was written for config v2, which weighed each code point of an emoji;
 * its cases without emoji still apply and are checked, the two with emoji are the v2/v3 difference.
 */
const conformance = path.resolve(
  __dirname,
  '../../../../../shared/specs/x/twitter-text/conformance/validate.yml',
);
const available = existsSync(conformance);
if (!available) console.warn(`[guards] twitter-text conformance skipped: ${conformance} not found`);

describe.skipIf(!available)('X length agrees with the twitter-text conformance suite', () => {
  interface Case {
    description: string;
    text: string;
    expected: { weightedLength: number; valid: boolean };
  }
  const tests = available
    ? (parse(readFileSync(conformance, 'utf8')) as { tests: Record<string, Case[]> }).tests
    : {};
  const emoji = /\p{Extended_Pictographic}/u;
  const sets: [string, Case[]][] = [
    [
      'WeightedTweetsWithDiscountedEmojiCounterTest',
      tests.WeightedTweetsWithDiscountedEmojiCounterTest ?? [],
    ],
    ['UnicodeDirectionalMarkerCounterTest', tests.UnicodeDirectionalMarkerCounterTest ?? []],
    [
      'WeightedTweetsCounterTest (no emoji)',
      (tests.WeightedTweetsCounterTest ?? []).filter((c) => !emoji.test(c.text)),
    ],
  ];
  it.each(sets)('%s', (_name, cases) => {
    expect(cases.length).toBeGreaterThan(0);
    for (const c of cases) {
      expect(textLength('x', c.text), c.description).toBe(c.expected.weightedLength);
      expect(
        runOne(guard, c.text, {}, 'x').result.status === 'pass' || !c.expected.valid,
        c.description,
      ).toBe(true);
    }
  });
});
