import { describe, expect, it } from 'vitest';
import { passed, runTextGuards, textGuards } from './index.js';
import { bakeryFacts as facts } from './test-support/bakery.js';

describe('runTextGuards', () => {
  it('reports every guard, in order, for a clean text', () => {
    const r = runTextGuards('linkedin', 'Our Rye Sourdough is back, €4.50 a loaf. We open at 7am.', {
      facts,
      language: 'en',
      expectCta: true,
      recentPosts: [],
    });
    expect(r.guards.map((g) => g.guard)).toEqual(textGuards.map((g) => g.name));
    expect(r.guards.filter((g) => g.status !== 'pass').map((g) => g.guard)).toEqual(['cta']);
    expect(r.defects).toEqual(['missing_cta']);
    expect(passed(r)).toBe(true);
    expect(r.citations).toEqual([
      { sentence: 'Our Rye Sourdough is back, €4.50 a loaf.', entryId: 'prd_rye' },
      { sentence: 'We open at 7am.', entryId: 'ent_hours' },
    ]);
  });

  it("checks a person's text without facts, says what it did not check, and never rewrites it", () => {
    const text = 'HUGE NEWS!!! Our new Walnut Loaf is 30% off 🍞🍞🍞🍞 #a #b #c #d #e #f';
    const r = runTextGuards('instagram', text, { fix: false });
    expect(r.text).toBe(text);
    const byName = Object.fromEntries(r.guards.map((g) => [g.guard, g]));
    expect(byName.unsupported_claims?.message).toMatch(/not checked/);
    expect(byName.availability?.message).toMatch(/not checked/);
    expect(r.defects).toEqual(['shouting', 'emoji_overuse', 'too_many_hashtags']);
    expect(byName.emoji?.evidence?.fixable).toMatch(/dropped/);
  });

  it('fixes what it can and reports what it changed', () => {
    const text =
      'HUGE NEWS: our Rye Sourdough is back at €4.50 🍞🍞🍞! Tag a friend who loves rye. #rye #bread #bakery #sourdough';
    const r = runTextGuards('x', text, { facts });
    expect(r.text).toBe(
      'Huge news: our Rye Sourdough is back at €4.50 🍞! Tag a friend who loves rye. #rye #sourdough',
    );
    expect(r.guards.filter((g) => g.status === 'fixed').map((g) => g.guard)).toEqual([
      'shouting',
      'emoji',
      'hashtags',
    ]);
    // Engagement bait is not demoted on X: noted, not removed.
    const x = runTextGuards('linkedin', text, { facts });
    expect(x.text).not.toMatch(/Tag a friend/);
    expect(passed(x)).toBe(true);
  });

  it('re-checks every guard on the final text: a cut that loses a required phrase fails', () => {
    const body = Array.from(
      { length: 10 },
      () => 'We bake rye every single morning before the sun is up.',
    ).join(' ');
    const r = runTextGuards('x', `${body} Baked in Leeds.`, {
      voice: { bannedWords: [], pinnedRules: [{ kind: 'required_phrase', phrase: 'Baked in Leeds' }] },
    });
    const byName = Object.fromEntries(r.guards.map((g) => [g.guard, g]));
    expect(byName.length?.status).toBe('fixed');
    expect(byName.voice_rules?.status).toBe('fail');
    expect(r.defects).toContain('off_voice');
    expect(passed(r)).toBe(false);
  });

  it('labels an empty text', () => {
    const r = runTextGuards('x', '  #tag 🍞 https://shop.com ');
    expect(r.defects).toContain('empty');
    expect(passed(r)).toBe(false);
  });
});
