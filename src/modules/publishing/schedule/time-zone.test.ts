import { describe, expect, it } from 'vitest';
import { nextFreeSlot } from './slots.js';
import { formatLocal, offsetAt, parseWhen, zonedToUtc } from './time-zone.js';

const at = (y: number, mo: number, d: number, h: number, mi: number) => ({
  year: y,
  month: mo,
  day: d,
  hour: h,
  minute: mi,
  second: 0,
});

describe('wall-clock times in a time zone', () => {
  it('converts ordinary times with the offset in force that day', () => {
    expect(zonedToUtc(at(2026, 1, 15, 9, 30), 'Europe/London').utc.toISOString()).toBe(
      '2026-01-15T09:30:00.000Z',
    );
    expect(zonedToUtc(at(2026, 7, 15, 9, 30), 'Europe/London').utc.toISOString()).toBe(
      '2026-07-15T08:30:00.000Z',
    );
    expect(zonedToUtc(at(2026, 7, 15, 9, 30), 'America/New_York').utc.toISOString()).toBe(
      '2026-07-15T13:30:00.000Z',
    );
    expect(zonedToUtc(at(2026, 7, 15, 9, 30), 'Asia/Kolkata').utc.toISOString()).toBe(
      '2026-07-15T04:00:00.000Z',
    );
    expect(offsetAt(Date.parse('2026-07-15T12:00:00Z'), 'Europe/Paris')).toBe(7_200_000);
  });

  it('moves a time in the spring-forward gap forward by the gap', () => {
    // 2026-03-29: London clocks go 01:00 GMT → 02:00 BST; 01:30 does not exist.
    const london = zonedToUtc(at(2026, 3, 29, 1, 30), 'Europe/London');
    expect(london.adjusted).toBe('gap');
    expect(london.utc.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(formatLocal(london.utc.getTime(), 'Europe/London')).toBe('2026-03-29T02:30');
    // 2026-03-08: New York 02:00 EST → 03:00 EDT; 02:30 becomes 03:30 EDT.
    const ny = zonedToUtc(at(2026, 3, 8, 2, 30), 'America/New_York');
    expect(ny.adjusted).toBe('gap');
    expect(formatLocal(ny.utc.getTime(), 'America/New_York')).toBe('2026-03-08T03:30');
  });

  it('takes the first of a time that happens twice in the autumn overlap', () => {
    // 2026-10-25: London 02:00 BST → 01:00 GMT; 01:30 happens at 00:30Z and at 01:30Z.
    const london = zonedToUtc(at(2026, 10, 25, 1, 30), 'Europe/London');
    expect(london.adjusted).toBe('overlap');
    expect(london.utc.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('reads local times in the tenant zone and absolute instants as given', () => {
    expect(parseWhen('2026-07-01T09:00', 'Europe/Berlin').utc.toISOString()).toBe('2026-07-01T07:00:00.000Z');
    expect(parseWhen('2026-07-01 09:00:30', 'UTC').utc.toISOString()).toBe('2026-07-01T09:00:30.000Z');
    expect(parseWhen('2026-07-01T09:00:00+02:00', 'America/New_York').utc.toISOString()).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(parseWhen('2026-07-01T09:00:00Z', 'Asia/Tokyo').utc.toISOString()).toBe(
      '2026-07-01T09:00:00.000Z',
    );
    for (const bad of ['tomorrow', '2026-02-30T09:00', '2026-07-01T24:00', '2026-07-01']) {
      expect(() => parseWhen(bad, 'UTC'), bad).toThrow(/is not a time/);
    }
  });
});

describe('next free slot of a posting schedule', () => {
  const weekdays930 = { slots: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, time: '09:30' }] };
  const schedule = { slots: weekdays930.slots.map((s) => ({ ...s, days: [...s.days] })) };

  it('finds the next weekday slot, skipping the weekend and slots already taken', () => {
    // Friday 2026-07-03 10:00 London: today's 09:30 has passed → Monday 09:30 BST.
    const from = Date.parse('2026-07-03T09:00:00Z');
    const first = nextFreeSlot(schedule, 'Europe/London', from, new Set());
    expect(first?.toISOString()).toBe('2026-07-06T08:30:00.000Z');
    const second = nextFreeSlot(schedule, 'Europe/London', from, new Set([first?.getTime() ?? 0]));
    expect(second?.toISOString()).toBe('2026-07-07T08:30:00.000Z');
  });

  it('keeps the wall-clock time across a DST change and never skips the short day', () => {
    const daily = { slots: [{ days: ['sun', 'mon'] as ('sun' | 'mon')[], time: '09:30' }] };
    // Saturday 2026-03-28 23:30 GMT, the night London springs forward.
    const from = Date.parse('2026-03-28T23:30:00Z');
    const sunday = nextFreeSlot(daily, 'Europe/London', from, new Set());
    expect(sunday?.toISOString()).toBe('2026-03-29T08:30:00.000Z');
    expect(formatLocal(sunday?.getTime() ?? 0, 'Europe/London')).toBe('2026-03-29T09:30');
  });

  it('uses the schedule’s own zone when it has one, and says when there is no slot', () => {
    const tokyo = { timeZone: 'Asia/Tokyo', slots: [{ days: ['wed' as const], time: '12:00' }] };
    expect(
      nextFreeSlot(tokyo, 'Europe/London', Date.parse('2026-07-01T00:00:00Z'), new Set())?.toISOString(),
    ).toBe('2026-07-01T03:00:00.000Z');
    expect(nextFreeSlot({ slots: [] }, 'UTC', 0, new Set())).toBeUndefined();
  });
});
