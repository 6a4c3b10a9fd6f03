import { describe, expect, it } from 'vitest';
import {
  countsAt,
  decayFraction,
  finalCounts,
  hourFactor,
  type PostFeatures,
  platformShapes,
} from './engagement.js';

const monday9 = Date.parse('2026-03-02T09:00:00Z');

function post(overrides: Partial<PostFeatures> = {}): PostFeatures {
  return {
    platform: 'linkedin',
    accountId: 'acc-1',
    followers: 10_000,
    timeZone: 'UTC',
    text: 'A'.repeat(1200),
    media: [],
    hasLink: false,
    createdAtMs: monday9,
    contentKey: 'content-1',
    ...overrides,
  };
}

describe('engagement model', () => {
  it('is a pure function of seed, post and time', () => {
    const at = monday9 + 5 * 3600_000;
    expect(countsAt(7, post(), at)).toEqual(countsAt(7, post(), at));
    expect(countsAt(8, post(), at)).not.toEqual(countsAt(7, post(), at));
    expect(countsAt(7, post({ contentKey: 'other' }), at)).not.toEqual(countsAt(7, post(), at));
  });

  it('reaches half its final count at the platform’s half-life and only ever grows', () => {
    for (const platform of ['x', 'linkedin', 'facebook', 'instagram'] as const) {
      expect(decayFraction(platform, platformShapes[platform].t50Minutes * 60_000)).toBeCloseTo(0.5, 6);
      expect(decayFraction(platform, 0)).toBe(0);
      expect(decayFraction(platform, -1000)).toBe(0);
    }
    let previous = countsAt(1, post({ platform: 'x' }), monday9);
    expect(previous.impressions).toBe(0);
    for (let h = 1; h <= 96; h++) {
      const now = countsAt(1, post({ platform: 'x' }), monday9 + h * 3600_000);
      for (const key of Object.keys(now) as Array<keyof typeof now>)
        expect(now[key]).toBeGreaterThanOrEqual(previous[key]);
      previous = now;
    }
    // X posts are essentially done within a day; LinkedIn posts keep growing for days.
    const x = (h: number) => countsAt(1, post({ platform: 'x' }), monday9 + h * 3600_000).impressions;
    const li = (h: number) => countsAt(1, post(), monday9 + h * 3600_000).impressions;
    expect(x(24) / x(24 * 14)).toBeGreaterThan(0.85);
    expect(li(24) / li(24 * 14)).toBeLessThan(0.75);
  });

  it('rewards the audience’s active hours and weekdays', () => {
    expect(hourFactor('linkedin', 8)).toBeCloseTo(1, 6);
    expect(hourFactor('linkedin', 3)).toBeLessThan(0.4);
    const atHour = (iso: string, tz = 'UTC') =>
      finalCounts(1, post({ createdAtMs: Date.parse(iso), timeZone: tz })).impressions;
    expect(atHour('2026-03-02T08:00:00Z')).toBeGreaterThan(2 * atHour('2026-03-02T03:00:00Z'));
    // 08:00 in Berlin is 07:00 UTC: the local hour decides.
    expect(atHour('2026-03-02T07:00:00Z', 'Europe/Berlin')).toBeCloseTo(atHour('2026-03-02T08:00:00Z'), 6);
    expect(atHour('2026-03-07T08:00:00Z')).toBeCloseTo(
      atHour('2026-03-02T08:00:00Z') * platformShapes.linkedin.weekend,
      6,
    );
  });

  it('rewards media, a fitting length and a few hashtags; links cost reach on X', () => {
    const f = (o: Partial<PostFeatures>) =>
      finalCounts(3, post({ platform: 'x', text: 'B'.repeat(110), ...o }));
    const text = f({});
    expect(f({ media: ['image'] }).impressions).toBeGreaterThan(text.impressions);
    expect(f({ media: ['image', 'image'] }).impressions).toBeGreaterThan(f({ media: ['image'] }).impressions);
    expect(f({ media: ['video'] }).videoViews).toBeGreaterThan(0);
    expect(text.videoViews).toBe(0);
    expect(f({ text: 'B'.repeat(10) }).likes).toBeLessThan(text.likes);
    expect(f({ text: `${'B'.repeat(100)} #steel` }).impressions).toBeGreaterThan(
      f({ text: `${'B'.repeat(100)} ${Array.from({ length: 8 }, (_, i) => `#t${i}x`).join(' ')}` })
        .impressions,
    );
    expect(f({ hasLink: true }).impressions).toBeLessThan(text.impressions);
    expect(f({ hasLink: true }).linkClicks).toBeGreaterThan(0);
    expect(text.linkClicks).toBe(0);
  });

  it('keeps reach under impressions and engagements equal to the sum of their parts', () => {
    for (let i = 0; i < 50; i++) {
      const c = countsAt(
        i,
        post({ platform: 'facebook', contentKey: `k${i}`, hasLink: i % 2 === 0 }),
        monday9 + 3 * 86_400_000,
      );
      expect(c.reach).toBeLessThanOrEqual(c.impressions);
      expect(c.engagements).toBe(
        c.likes + c.comments + c.reposts + c.quotes + c.saves + c.linkClicks + c.profileClicks,
      );
    }
  });

  it('spreads posts like real ones: heavy-tailed, median well under the mean', () => {
    const finals = Array.from(
      { length: 400 },
      (_, i) => finalCounts(9, post({ platform: 'instagram', contentKey: `c${i}` })).likes,
    ).sort((a, b) => a - b);
    const mean = finals.reduce((s, v) => s + v, 0) / finals.length;
    const median = finals[200] ?? 0;
    expect(median).toBeLessThan(mean);
    expect(finals[399] ?? 0).toBeGreaterThan(3 * median);
  });
});
