import { describe, expect, it } from 'vitest';
import { defineSchedule } from './schedule.js';
import './test-support/jobs.js';

const payload = { key: 'x' };

describe('schedules', () => {
  it('finds the latest cron slot at or before now, in the schedule time zone', () => {
    const hourly = defineSchedule({ name: 'hourly', job: 'test.work', cron: '0 * * * *', payload });
    expect(hourly.slotAt(new Date('2026-03-01T10:00:00.000Z')).toISOString()).toBe(
      '2026-03-01T10:00:00.000Z',
    );
    expect(hourly.slotAt(new Date('2026-03-01T10:59:59.999Z')).toISOString()).toBe(
      '2026-03-01T10:00:00.000Z',
    );
    const berlin = defineSchedule({
      name: 'morning',
      job: 'test.work',
      cron: '30 9 * * *',
      timeZone: 'Europe/Berlin',
      payload,
    });
    // 09:30 in Berlin is 08:30 UTC in winter and 07:30 UTC in summer.
    expect(berlin.slotAt(new Date('2026-03-01T12:00:00Z')).toISOString()).toBe('2026-03-01T08:30:00.000Z');
    expect(berlin.slotAt(new Date('2026-07-01T12:00:00Z')).toISOString()).toBe('2026-07-01T07:30:00.000Z');
  });

  it('aligns fixed intervals to the epoch so every instance computes the same slots', () => {
    const every = defineSchedule({ name: 'every-minute', job: 'test.work', everyMs: 60_000, payload });
    expect(every.slotAt(new Date('2026-03-01T10:00:59.999Z')).toISOString()).toBe('2026-03-01T10:00:00.000Z');
    expect(every.slotAt(new Date('2026-03-01T10:01:00.000Z')).toISOString()).toBe('2026-03-01T10:01:00.000Z');
  });

  it('builds the payload from the slot when given a function', () => {
    const daily = defineSchedule({
      name: 'daily-report',
      job: 'test.work',
      cron: '0 3 * * *',
      payload: (slot) => ({ key: slot.toISOString().slice(0, 10) }),
    });
    expect(daily.payloadFor(new Date('2026-03-02T03:00:00Z'))).toEqual({ key: '2026-03-02' });
  });

  it('refuses schedules that cannot work, naming the schedule', () => {
    const bad = (definition: Partial<Parameters<typeof defineSchedule>[0]>) => () =>
      defineSchedule({ name: 'bad', job: 'test.work', payload, ...definition } as Parameters<
        typeof defineSchedule
      >[0]);
    const code = expect.objectContaining({ code: 'jobs.invalid_schedule' });
    expect(bad({ cron: 'every tuesday' })).toThrow(code);
    expect(bad({ cron: '0 * * * *', everyMs: 1000 })).toThrow(code);
    expect(bad({})).toThrow(code);
    expect(bad({ everyMs: 5 })).toThrow(code);
    expect(bad({ cron: '0 * * * *', timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone "Mars\/Olympus"/);
    expect(bad({ name: 'Bad Name', cron: '0 * * * *' })).toThrow(code);
  });
});
