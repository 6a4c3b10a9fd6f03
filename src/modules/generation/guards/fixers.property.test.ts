/**
 * Properties of the fixers over generated posts (fast-check): a fixer only removes, re-cases or
 * re-spells, so it never adds a number, price or date that was not in the input; and a text a fixer
 * returns passes the guard it was fixed for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { platforms } from '../../../core/platforms.js';
import { extractClaims } from './claims/extract.js';
import { runTextGuards, textGuards } from './index.js';
import { bakeryFacts } from './test-support/bakery.js';
import type { GuardContext, GuardEnv } from './types.js';

const fragments = [
  'Our Rye Sourdough is back',
  'Fresh from the oven at 7am',
  'Only €4.50 a loaf',
  'Now 30% off',
  'Spelt Loaf 800g for 5,20 €',
  'See you on 5 December',
  'Back on Dec 1st',
  'HUGE SALE TODAY',
  'amazing crust',
  'Tag a friend who loves bread',
  'Comment YES below',
  'Share this post to win a loaf',
  'since 1998',
  'open 24/7',
  'call 07700 900123',
  '🍞🍞🍞',
  '🔥',
  '#bread #rye #bakery #sourdough #food #yum',
  '#RyeBread',
  '@ryeandco',
  'https://shop.com/rye',
  'Christmas Stollen is here',
  'Try our new Walnut Sourdough',
  'made with 100% organic flour',
  'x'.repeat(40),
  'and the long slow proof, the crisp crust and the tangy crumb that make it worth the wait',
];
const ends = ['.', '!', '?', ',', ''];

const post = fc
  .array(
    fc.tuple(fc.constantFrom(...fragments), fc.constantFrom(...ends), fc.constantFrom(' ', '\n', '\n\n')),
    { minLength: 1, maxLength: 14 },
  )
  .map((parts) =>
    parts
      .map(([f, e, sep]) => f + e + sep)
      .join('')
      .trim(),
  );

const contexts: GuardContext[] = [
  {},
  { facts: bakeryFacts, language: 'en', expectCta: true },
  {
    facts: bakeryFacts,
    voice: {
      bannedWords: ['amazing'],
      pinnedRules: [
        { kind: 'max_hashtags', max: 2 },
        { kind: 'sign_off', text: '– The Rye Team' },
        { kind: 'preferred_spelling', preferred: 'colour', avoid: ['color'] },
      ],
    },
  },
];

const figures = (text: string) =>
  new Set(
    extractClaims(text).flatMap((c) =>
      ['money', 'percent', 'number', 'date', 'time'].includes(c.kind) ? [c.raw.toLowerCase()] : [],
    ),
  );
const digitRuns = (text: string) => new Set(text.match(/\d+/g) ?? []);

describe('fixers (properties)', () => {
  it('never add a number, price or date that was not in the input', () => {
    fc.assert(
      fc.property(
        post,
        fc.constantFrom(...platforms),
        fc.constantFrom(...contexts),
        (text, platform, context) => {
          const out = runTextGuards(platform, text, context).text;
          const before = figures(text);
          for (const f of figures(out)) expect(before.has(f), `${f} in ${JSON.stringify(out)}`).toBe(true);
          const digits = digitRuns(text);
          for (const d of digitRuns(out)) expect(digits.has(d), `${d} in ${JSON.stringify(out)}`).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('return a text that passes the guard they fixed', () => {
    fc.assert(
      fc.property(
        post,
        fc.constantFrom(...platforms),
        fc.constantFrom(...contexts),
        (text, platform, context) => {
          const env: GuardEnv = { platform, context };
          for (const guard of textGuards) {
            if (!guard.fix) continue;
            const before = guard.check(text, env);
            if (before.status === 'pass') continue;
            const fixed = guard.fix(text, env, before);
            if (!fixed) continue;
            expect(guard.check(fixed.text, env).status, `${guard.name}: ${JSON.stringify(fixed.text)}`).toBe(
              'pass',
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('report as fixed only guards the final text passes', () => {
    fc.assert(
      fc.property(
        post,
        fc.constantFrom(...platforms),
        fc.constantFrom(...contexts),
        (text, platform, context) => {
          const r = runTextGuards(platform, text, context);
          const env: GuardEnv = { platform, context };
          for (const g of r.guards.filter((x) => x.status === 'fixed')) {
            const guard = textGuards.find((t) => t.name === g.guard);
            expect(guard?.check(r.text, env).status).toBe('pass');
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
