import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffEdit } from '../feedback/diff.js';
import {
  initialState,
  type LearningState,
  learnFromApproval,
  learnFromEdit,
  learnFromOutcome,
  learnFromRejection,
  MAX_WORDS,
  MULTIPLIER_MAX,
  MULTIPLIER_MIN,
  rerankFeatures,
  skillWeight,
} from './state.js';
import { suggestRules } from './suggestions.js';

const cand = (scores: Record<string, number>, skillId = 'product-launch', platform = 'linkedin') => ({
  platform,
  skillId,
  scores,
});

describe('learning updates', () => {
  it('gives weight to the feature on which the chosen candidate beat its siblings', () => {
    let s = initialState();
    for (let i = 0; i < 10; i++) {
      s = learnFromApproval(s, cand({ voice: 0.9, skillFit: 0.5 }), [cand({ voice: 0.4, skillFit: 0.6 })]);
    }
    expect(s.rerank.voice).toBeGreaterThan(1.5);
    expect(s.rerank.skillFit).toBeLessThan(1);
    expect(s.skills['product-launch']).toEqual({ success: 10, failure: 0 });
    expect(s.decisions.linkedin?.['product-launch']).toEqual({ approved: 10, rejected: 0 });
  });

  it('reads 0-100 scores as percentages', () => {
    const a = learnFromApproval(initialState(), cand({ voice: 90 }), [cand({ voice: 40 })]);
    const b = learnFromApproval(initialState(), cand({ voice: 0.9 }), [cand({ voice: 0.4 })]);
    expect(a.rerank).toEqual(b.rerank);
  });

  it('turns rejection reasons into more weight on the feature they name, one decision per skill', () => {
    const s = learnFromRejection(initialState(), ['off_voice', 'repetitive'], [cand({}), cand({})]);
    expect(s.rerank.voice).toBeGreaterThan(s.rerank.guards);
    expect(s.rerank.diversity).toBeGreaterThan(s.rerank.guards);
    expect(s.decisions.linkedin?.['product-launch']).toEqual({ approved: 0, rejected: 1 });
  });

  it('trusts the performance prediction more when outcomes agree with it, less when they do not', () => {
    let agree = initialState();
    let disagree = initialState();
    for (let i = 0; i < 5; i++) {
      agree = learnFromOutcome(agree, { score: 0.9, scores: { performance: 0.85 } });
      disagree = learnFromOutcome(disagree, { score: 0.1, scores: { performance: 0.9 } });
    }
    expect(agree.rerank.performance).toBeGreaterThan(1);
    expect(disagree.rerank.performance).toBeLessThan(1);
    expect(agree.outcomes).toBe(5);
  });

  it('stays deterministic and bounded whatever the events (property)', () => {
    const score = fc.record({
      voice: fc.double({ min: 0, max: 100, noNaN: true }),
      skillFit: fc.double({ min: 0, max: 1, noNaN: true }),
      guards: fc.double({ min: 0, max: 1, noNaN: true }),
      performance: fc.double({ min: 0, max: 1, noNaN: true }),
      diversity: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    const event = fc.oneof(
      fc.record({
        kind: fc.constant('approve' as const),
        chosen: score,
        others: fc.array(score, { maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant('reject' as const),
        reasons: fc.subarray(['off_voice', 'wrong_facts', 'off_topic', 'repetitive', 'too_long', 'other']),
      }),
      fc.record({ kind: fc.constant('edit' as const), before: fc.string(), after: fc.string() }),
      fc.record({
        kind: fc.constant('outcome' as const),
        score: fc.double({ min: 0, max: 1, noNaN: true }),
        s: score,
      }),
    );
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const run = (): LearningState =>
          events.reduce((s, e) => {
            if (e.kind === 'approve')
              return learnFromApproval(
                s,
                cand(e.chosen),
                e.others.map((o) => cand(o)),
              );
            if (e.kind === 'reject') return learnFromRejection(s, e.reasons, [cand({})]);
            if (e.kind === 'edit') return learnFromEdit(s, diffEdit(e.before, e.after), 'product-launch');
            return learnFromOutcome(s, { score: e.score, scores: e.s, skillId: 'product-launch' });
          }, initialState());
        const a = run();
        expect(run()).toEqual(a);
        for (const f of rerankFeatures) {
          expect(a.rerank[f]).toBeGreaterThanOrEqual(MULTIPLIER_MIN);
          expect(a.rerank[f]).toBeLessThanOrEqual(MULTIPLIER_MAX);
        }
        const w = skillWeight(a.skills['product-launch'], { alpha: 2, beta: 2 });
        expect(w).toBeGreaterThanOrEqual(0.5);
        expect(w).toBeLessThanOrEqual(1.5);
      }),
      { seed: 20, numRuns: 200 },
    );
  });

  it('forgets the least-seen words beyond its bound', () => {
    let s = initialState();
    for (let i = 0; i < MAX_WORDS + 50; i++) s = learnFromEdit(s, diffEdit(`alpha word${i}`, 'alpha'));
    expect(Object.keys(s.edits.removedWords)).toHaveLength(MAX_WORDS);
  });

  it('skill weights move with evidence and lean on a prior when there is none', () => {
    expect(skillWeight(undefined, { alpha: 2, beta: 2 })).toBe(1);
    expect(skillWeight({ success: 8, failure: 0 }, { alpha: 2, beta: 2 })).toBeGreaterThan(1.4);
    expect(skillWeight({ success: 0, failure: 8 }, { alpha: 2, beta: 2 })).toBeLessThan(0.6);
    expect(skillWeight(undefined, { alpha: 3.2, beta: 0.8 })).toBe(1.5);
  });
});

describe('voice rule suggestions from edits', () => {
  it('proposes banning a word removed in three edits, never a function word or one the person also adds', () => {
    let s = initialState();
    const edits: [string, string][] = [
      [
        'Our amazing new beams are here, and the price is right',
        'Our new beams are here, and the price is right',
      ],
      ['An amazing offer on the steel plates', 'An offer on steel plates'],
      ['Amazing! Cut to length and delivered', 'Cut to length and delivered'],
    ];
    for (const [a, b] of edits) s = learnFromEdit(s, diffEdit(a, b));
    const keys = suggestRules(s.edits).map((x) => x.key);
    expect(keys).toContain('banned_phrase:amazing');
    expect(keys).not.toContain('banned_phrase:the'); // removed in 2 edits, and a stopword anyway
    s = learnFromEdit(s, diffEdit('Great beams', 'Amazing beams'));
    expect(suggestRules(s.edits).map((x) => x.key)).not.toContain('banned_phrase:amazing');
  });

  it('proposes no emoji, a hashtag cap, shorter posts and fewer exclamation marks from repeated habits', () => {
    let s = initialState();
    const pairs: [string, string][] = [
      ['Fresh loaves today! 🍞🔥 #bread #bakery #local #fresh', 'Fresh loaves today. #bread #bakery'],
      ['Croissants are back!! 🥐 #pastry #bakery #butter', 'Croissants are back. #bakery'],
      ['Open late on Friday! 🎉 #hours #bakery #friday #late', 'Open late on Friday. #bakery'],
    ];
    for (const [a, b] of pairs) s = learnFromEdit(s, diffEdit(a, b));
    const rules = suggestRules(s.edits).map((x) => x.rule);
    expect(rules).toContainEqual({ kind: 'no_emoji' });
    expect(rules).toContainEqual({ kind: 'max_hashtags', max: 2 });
    expect(rules).toContainEqual({ kind: 'note', text: 'Use fewer exclamation marks.' });
    expect(rules.some((r) => r.kind === 'note' && r.text.startsWith('Write shorter'))).toBe(true);
  });
});
