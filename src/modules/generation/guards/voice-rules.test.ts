import { describe, expect, it } from 'vitest';
import { runOne } from './test-support/bakery.js';
import type { GuardContext, GuardVoiceRule } from './types.js';
import { voiceRulesGuard as guard } from './voice-rules.js';

const voice = (pinnedRules: GuardVoiceRule[], bannedWords: string[] = []): GuardContext => ({
  voice: { bannedWords, pinnedRules },
});

describe('voice rules', () => {
  it('says it did not check without voice rules', () => {
    expect(runOne(guard, 'Anything goes.').result.message).toMatch(/not checked/);
  });

  it('removes a banned modifier and keeps the sentence grammatical', () => {
    const r = runOne(guard, 'Try our amazing rye bread today.', voice([], ['amazing']));
    expect(r.result.status).toBe('fixed');
    expect(r.text).toBe('Try our rye bread today.');
  });

  it('re-agrees the article and the capital when a banned word goes', () => {
    expect(runOne(guard, 'It is an amazing loaf.', voice([], ['amazing'])).text).toBe('It is a loaf.');
    expect(runOne(guard, 'Amazing bread, every day.', voice([], ['amazing'])).text).toBe('Bread, every day.');
  });

  it('fails with banned_word when removing it would break the sentence', () => {
    for (const text of ['The bread is amazing.', 'We guarantee freshness.']) {
      const r = runOne(guard, text, voice([], ['amazing', 'guarantee']));
      expect(r.result.status, text).toBe('fail');
      expect(r.defects).toEqual(['banned_word']);
      expect(r.text).toBe(text);
    }
  });

  it('applies a pinned banned phrase like a banned word', () => {
    const r = runOne(guard, 'Cheap and cheerful.', voice([{ kind: 'banned_phrase', phrase: 'cheerful' }]));
    expect(r.result.status).toBe('fail');
    expect(r.defects).toEqual(['banned_word']);
  });

  it('fixes a preferred spelling, a banned emoji and a missing sign-off', () => {
    const r = runOne(
      guard,
      'Our new color range 🍕 is in.',
      voice([
        { kind: 'preferred_spelling', preferred: 'colour', avoid: ['color'] },
        { kind: 'banned_emoji', emoji: '🍕' },
        { kind: 'sign_off', text: '– The Rye Team' },
      ]),
    );
    expect(r.result.status).toBe('fixed');
    expect(r.text).toBe('Our new colour range is in.\n– The Rye Team');
  });

  it('fails off voice for a missing required phrase and the wrong person', () => {
    const required = runOne(
      guard,
      'Fresh bread.',
      voice([{ kind: 'required_phrase', phrase: 'baked in Leeds' }]),
    );
    expect(required.result.status).toBe('fail');
    expect(required.defects).toEqual(['off_voice']);
    const person = runOne(guard, 'I baked this today.', voice([{ kind: 'person', person: 'we' }]));
    expect(person.defects).toEqual(['off_voice']);
  });

  it('removes every emoji under no_emoji', () => {
    const r = runOne(guard, 'Fresh 🍞 bread 🎉 today.', voice([{ kind: 'no_emoji' }]));
    expect(r.text).toBe('Fresh bread today.');
  });
});
