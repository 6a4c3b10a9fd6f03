import { describe, expect, it } from 'vitest';
import { learnVoiceProfile } from './learn/learn-profile.js';
import { addRules, applyPinnedRules, parseRuleText } from './rules.js';
import { scoreVoiceMatch } from './score.js';
import { bakeryExamples, plumberExamples, steelExamples } from './test-support/fixtures.js';
import type { VoicePlatform } from './types.js';

const now = '2026-11-25T00:00:00.000Z';
const profiles = {
  steel: learnVoiceProfile(steelExamples(), { now }),
  bakery: learnVoiceProfile(bakeryExamples(), { now }),
  plumber: learnVoiceProfile(plumberExamples(), { now }),
};
const platformOf: Record<keyof typeof profiles, VoicePlatform> = {
  steel: 'linkedin',
  bakery: 'instagram',
  plumber: 'facebook',
};

/** New drafts, not in the examples, each written in one brand's voice. */
const drafts: Record<keyof typeof profiles, string> = {
  steel:
    'Nordhaven Steel now supplies S460NL plate in thicknesses from 8 mm to 60 mm. Delivery within five working days is available for clients in the Benelux region.',
  bakery:
    'Chocolate chip cookies straight from the oven 🍪 Come grab one while they are still gooey! #CrumbAndCo #FreshBaked',
  plumber:
    "Fixed a leaking pipe under a kitchen sink this morning. If you see water in the cupboard, don't wait. Give me a call.",
};

describe('scoreVoiceMatch', () => {
  it('ranks each in-voice draft above the other brands’ drafts', () => {
    for (const brand of Object.keys(profiles) as Array<keyof typeof profiles>) {
      const own = scoreVoiceMatch(profiles[brand], drafts[brand], platformOf[brand]);
      for (const other of Object.keys(drafts) as Array<keyof typeof profiles>) {
        if (other === brand) continue;
        const off = scoreVoiceMatch(profiles[brand], drafts[other], platformOf[brand]);
        expect(own.score, `${brand} own vs ${other}`).toBeGreaterThan(off.score + 20);
      }
      expect(own.score).toBeGreaterThanOrEqual(70);
    }
  });

  it('attributes each draft to the brand that wrote it by the highest score', () => {
    for (const brand of Object.keys(drafts) as Array<keyof typeof profiles>) {
      const scores = (Object.keys(profiles) as Array<keyof typeof profiles>).map((p) => ({
        p,
        s: scoreVoiceMatch(profiles[p], drafts[brand], platformOf[p]).score,
      }));
      scores.sort((a, b) => b.s - a.s);
      expect(scores[0]?.p).toBe(brand);
    }
  });

  it('scores generic marketing copy low and says which words the brand never uses', () => {
    const s = scoreVoiceMatch(
      profiles.steel,
      'Unlock synergy with our innovative, world-class solutions! Elevate your journey today 🚀',
      'linkedin',
    );
    expect(s.score).toBeLessThan(40);
    const text = s.reasons.map((r) => r.message).join('\n');
    expect(text).toMatch(/never uses|unlike|less like the brand/);
  });

  it("explains what is off: 'I' instead of 'we', and hashtags the brand does not use", () => {
    const s = scoreVoiceMatch(
      profiles.steel,
      'I think our new I-beams are great and I am proud of the team. #steel #construction #beams',
      'linkedin',
    );
    const messages = s.reasons.map((r) => r.message);
    expect(messages).toContain("uses 'I' where the brand says 'we'");
    expect(messages.some((m) => m.startsWith('3+ hashtags; the brand uses 0'))).toBe(true);
    expect(s.dimensions.person).toBeLessThan(80);
    expect(s.dimensions.hashtags).toBeLessThan(50);
  });

  it('tells the bakery its draft lacks emoji and hashtags', () => {
    const s = scoreVoiceMatch(profiles.bakery, 'Our croissants are available from Saturday.', 'instagram');
    const messages = s.reasons.map((r) => r.message).join('\n');
    expect(messages).toMatch(/no emoji; the brand usually has/);
    expect(messages).toMatch(/no hashtags; the brand uses 1/);
  });

  it('reports both components and stays within 0-100', () => {
    const s = scoreVoiceMatch(profiles.plumber, drafts.plumber, 'facebook');
    expect(s.score).toBeGreaterThanOrEqual(0);
    expect(s.score).toBeLessThanOrEqual(100);
    expect(s.components.lexical.percentile).toBeGreaterThan(20);
    expect(Object.values(s.dimensions).every((d) => d >= 0 && d <= 100)).toBe(true);
  });
});

describe('pinned rules', () => {
  it("override a learned habit: the plumber says 'cheap', but a pinned ban still flags it", () => {
    const text = "Lag the pipes in your loft before the frost. It's cheap and it saves a lot of trouble.";
    const learned = scoreVoiceMatch(profiles.plumber, text, 'facebook');
    expect(learned.violations).toEqual([]);
    const rules = addRules([], [parseRuleText("never say 'cheap'")], now);
    const pinned = scoreVoiceMatch(profiles.plumber, text, 'facebook', rules);
    expect(pinned.violations).toHaveLength(1);
    expect(pinned.violations[0]?.message).toContain('cheap');
    expect(pinned.score).toBeLessThan(50);
    expect(learned.score).toBeGreaterThan(pinned.score);
  });

  it('require the sign-off and accept it with any dash', () => {
    const rules = addRules([], [parseRuleText('always sign off with –The Team')], now);
    const missing = scoreVoiceMatch(profiles.steel, drafts.steel, 'linkedin', rules);
    expect(missing.violations[0]?.message).toContain('sign-off');
    const signed = scoreVoiceMatch(profiles.steel, `${drafts.steel}\n— The Team`, 'linkedin', rules);
    expect(signed.violations).toEqual([]);
  });

  it('win over learned emoji habits in the effective profile and in the reasons', () => {
    const rules = addRules([], [{ kind: 'no_emoji' }, { kind: 'banned_emoji', emoji: '🍞' }], now);
    const effective = applyPinnedRules(profiles.bakery, rules);
    expect(effective.emoji.favourites).toEqual([]);
    const plain = scoreVoiceMatch(
      profiles.bakery,
      'Sourdough Saturday is here! Grab a loaf before noon. #CrumbAndCo',
      'instagram',
      rules,
    );
    expect(plain.violations).toEqual([]);
    expect(plain.reasons.some((r) => r.dimension === 'emoji')).toBe(false);
    expect(plain.dimensions.emoji).toBe(100);
    const withEmoji = scoreVoiceMatch(profiles.bakery, drafts.bakery, 'instagram', rules);
    expect(withEmoji.violations.map((v) => v.kind)).toContain('no_emoji');
  });

  it('apply preferred spellings, person and hashtag limits', () => {
    const rules = addRules(
      [],
      [
        parseRuleText('write colour not color'),
        parseRuleText('always say we'),
        parseRuleText('at most 1 hashtag'),
      ],
      now,
    );
    expect(rules.map((r) => r.kind)).toEqual(['preferred_spelling', 'person', 'max_hashtags']);
    const s = scoreVoiceMatch(profiles.bakery, 'I love this color! #a #b', 'instagram', rules);
    expect(s.violations.map((v) => v.kind).sort()).toEqual(['max_hashtags', 'person', 'preferred_spelling']);
  });

  it('read plain-words rules, and keep anything else as a note', () => {
    expect(parseRuleText("Never use 'cutting-edge'")).toEqual({
      kind: 'banned_phrase',
      phrase: 'cutting-edge',
    });
    expect(parseRuleText('never use 🍕')).toEqual({ kind: 'banned_emoji', emoji: '🍕' });
    expect(parseRuleText('no hashtags')).toEqual({ kind: 'max_hashtags', max: 0 });
    expect(parseRuleText('Mention the family history when it fits')).toEqual({
      kind: 'note',
      text: 'Mention the family history when it fits',
    });
  });
});
