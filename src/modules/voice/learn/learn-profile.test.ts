import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors.js';
import { bakeryExamples, plumberExamples, steelExamples } from '../test-support/fixtures.js';
import { learnVoiceProfile } from './learn-profile.js';

const steel = learnVoiceProfile(steelExamples(), { now: '2026-11-25T00:00:00.000Z' });
const bakery = learnVoiceProfile(bakeryExamples(), { now: '2026-11-25T00:00:00.000Z' });
const plumber = learnVoiceProfile(plumberExamples(), { now: '2026-11-25T00:00:00.000Z' });

describe('learnVoiceProfile on clearly different voices', () => {
  it('puts the steel supplier at the formal end and the bakery and plumber at the casual end', () => {
    expect(steel.tone.formalCasual.score).toBeLessThan(40);
    expect(steel.tone.formalCasual.label).toBe('formal');
    expect(bakery.tone.formalCasual.score).toBeGreaterThan(steel.tone.formalCasual.score + 25);
    expect(plumber.tone.formalCasual.score).toBeGreaterThan(steel.tone.formalCasual.score + 25);
  });

  it('finds the bakery playful and enthusiastic, the others serious and reserved', () => {
    expect(bakery.tone.seriousPlayful.score).toBeGreaterThan(60);
    expect(bakery.tone.reservedEnthusiastic.score).toBeGreaterThan(60);
    for (const p of [steel, plumber]) {
      expect(p.tone.seriousPlayful.score).toBeLessThan(bakery.tone.seriousPlayful.score - 20);
      expect(p.tone.reservedEnthusiastic.score).toBeLessThan(bakery.tone.reservedEnthusiastic.score - 20);
    }
  });

  it('finds the steel supplier technical and the plumber plain', () => {
    expect(steel.tone.plainTechnical.score).toBeGreaterThan(60);
    expect(plumber.tone.plainTechnical.score).toBeLessThan(40);
  });

  it("tells 'we' businesses from the one-person plumber who says 'I'", () => {
    expect(steel.person.dominant).toBe('we');
    expect(bakery.person.dominant).toBe('we');
    expect(plumber.person.dominant).toBe('i');
    expect(plumber.person.iRate).toBeGreaterThan(plumber.person.weRate);
    expect(plumber.person.evidence.i.length).toBeGreaterThan(0);
  });

  it('learns the bakery’s emoji and end-of-post hashtags, and that the supplier uses neither', () => {
    expect(bakery.emoji.postsWithEmoji).toBeGreaterThan(0.9);
    expect(bakery.emoji.favourites.map((e) => e.value)).toContain('🍞');
    expect(bakery.hashtags.recurring[0]?.value).toBe('#CrumbAndCo');
    expect(bakery.hashtags.recurring[0]?.count).toBe(16);
    expect(bakery.hashtags.atEndShare).toBeGreaterThan(0.9);
    expect(bakery.hashtags.casing.camel).toBeGreaterThan(0.9);
    expect(steel.emoji.postsWithEmoji).toBe(0);
    expect(steel.hashtags.perPost).toBe(0);
    expect(steel.punctuation.exclamation.postsWith).toBe(0);
    expect(bakery.punctuation.exclamation.postsWith).toBeGreaterThan(0.5);
  });

  it('keeps per-platform lengths: the supplier writes longer LinkedIn posts than the plumber on Facebook', () => {
    expect(steel.length.chars.linkedin?.posts).toBe(16);
    expect(plumber.length.chars.facebook?.posts).toBe(16);
    expect(steel.length.chars.linkedin?.p50).toBeGreaterThan((plumber.length.chars.facebook?.p50 ?? 0) + 40);
    expect(steel.sentences.wordsPerSentence.p50).toBeGreaterThan(plumber.sentences.wordsPerSentence.p50);
    expect(steel.readingLevel.fleschKincaidGrade).toBeGreaterThan(plumber.readingLevel.fleschKincaidGrade);
  });

  it('measures vocabulary against general English, with evidence from the examples', () => {
    const words = steel.vocabulary.distinctiveWords.map((w) => w.word);
    expect(words).toContain('steel');
    expect(words).not.toContain('the');
    const ids = new Set(steelExamples().map((e) => e.id));
    for (const w of steel.vocabulary.distinctiveWords)
      for (const id of w.evidence) expect(ids.has(id)).toBe(true);
    expect(steel.vocabulary.neverUsed).toContain('awesome');
    expect(plumber.vocabulary.neverUsed).not.toContain('cheap');
    expect(plumber.capitalisation.contractionsPer100Words).toBeGreaterThan(
      steel.capitalisation.contractionsPer100Words,
    );
  });

  it('finds calls to action and links', () => {
    expect(steel.cta.patterns.some((p) => p.value.startsWith('contact'))).toBe(true);
    expect(bakery.cta.postsWithCta).toBeGreaterThan(0.2);
    expect(steel.links.postsWithLink).toBe(0);
  });

  it('is deterministic', () => {
    const again = learnVoiceProfile(steelExamples(), { now: '2026-11-25T00:00:00.000Z' });
    expect(JSON.stringify(again)).toBe(JSON.stringify(steel));
  });

  it('refuses fewer than three examples with a message saying what to do', () => {
    let error: unknown;
    try {
      learnVoiceProfile(steelExamples().slice(0, 2));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('voice.too_few_examples');
  });

  it('learns from website copy alone', () => {
    const p = learnVoiceProfile(
      steelExamples().map((e) => ({ ...e, source: 'website' as const })),
      { now: '2026-11-25T00:00:00.000Z' },
    );
    expect(p.examples.website).toBe(16);
    expect(p.tone.formalCasual.label).toBe('formal');
  });
});
