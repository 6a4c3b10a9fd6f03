import { describe, expect, it } from 'vitest';
import { compareVoice, DRIFT_THRESHOLD } from './drift.js';
import { parseVoiceExamples } from './examples/parse.js';
import { learnVoiceProfile } from './learn/learn-profile.js';
import { bakeryExamples, plumberExamples } from './test-support/fixtures.js';

const now = '2026-11-25T00:00:00.000Z';

describe('compareVoice (drift)', () => {
  const all = bakeryExamples();
  const baseline = learnVoiceProfile(all.slice(0, 11), { now });

  it('does not alert when recent posts keep the voice', () => {
    const drift = compareVoice(baseline, all.slice(11));
    expect(drift.alert).toBe(false);
    expect(drift.distance).toBeLessThan(DRIFT_THRESHOLD);
    expect(drift.summary).toMatch(/match the baseline/);
  });

  it('alerts when the posts turn into another voice, and names what changed', () => {
    const drift = compareVoice(baseline, plumberExamples().slice(0, 8));
    expect(drift.alert).toBe(true);
    expect(drift.distance).toBeGreaterThanOrEqual(DRIFT_THRESHOLD);
    const top = drift.contributions.slice(0, 6).map((c) => c.feature);
    expect(
      top.some((f) => ['emoji_count', 'hashtag_count', 'wording', 'hashtag_placement'].includes(f)),
    ).toBe(true);
    const shares = drift.contributions.reduce((s, c) => s + c.share, 0);
    expect(shares).toBeGreaterThan(0.99);
    expect(shares).toBeLessThan(1.01);
    expect(drift.summary).toMatch(/drifted/);
  });

  it('does not judge from too few posts', () => {
    const drift = compareVoice(baseline, parseVoiceExamples(['I fixed a tap.', 'Call me.']));
    expect(drift.conclusive).toBe(false);
    expect(drift.alert).toBe(false);
  });
});
