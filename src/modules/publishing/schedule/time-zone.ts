/**
 * Wall-clock times in a tenant's IANA time zone, turned into UTC instants without a date library. DST is
 * handled the way Temporal's "compatible" disambiguation does: a time that does not exist (the spring-
 * forward gap, 02:30 in Europe/London on the last Sunday of March) moves forward by the gap (03:30
 * BST); a time that exists twice (the autumn overlap, 01:30) is its first occurrence.
 */
import { AppError } from '../../../core/errors.js';

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  });
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];
export const weekdayNames: readonly Weekday[] = weekdays;

/** The wall-clock time and weekday at instant `utcMs` in `timeZone`. */
export function localTimeAt(utcMs: number, timeZone: string): LocalDateTime & { weekday: Weekday } {
  const parts = formatter(timeZone).formatToParts(new Date(utcMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: get('weekday').slice(0, 3).toLowerCase() as Weekday,
  };
}

function asUtcMs(t: LocalDateTime): number {
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
}

/** Offset of `timeZone` from UTC at instant `utcMs`, in milliseconds (Europe/Paris in summer: +7,200,000). */
export function offsetAt(utcMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(utcMs / 1000) * 1000;
  return asUtcMs(localTimeAt(wholeSecond, timeZone)) - wholeSecond;
}

function sameWallTime(a: LocalDateTime, b: LocalDateTime): boolean {
  return (
    a.year === b.year &&
    a.month === b.month &&
    a.day === b.day &&
    a.hour === b.hour &&
    a.minute === b.minute &&
    a.second === b.second
  );
}

export interface ZonedInstant {
  utc: Date;
  /** `gap`: the wall time did not exist and was moved forward; `overlap`: it existed twice, the first was taken. */
  adjusted?: 'gap' | 'overlap';
}

const DAY = 86_400_000;

/** The UTC instant of wall-clock time `local` in `timeZone` (DST-safe, see the file comment). */
export function zonedToUtc(local: LocalDateTime, timeZone: string): ZonedInstant {
  const wall = asUtcMs(local);
  // Zones change offset at most a few times a year: the offsets a day either side cover every transition.
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const matches = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((utc) => sameWallTime(localTimeAt(utc, timeZone), local))
    .sort((a, b) => a - b);
  if (matches.length === 0) {
    // In the gap: keep the offset from before the transition, which lands the same distance past it.
    return { utc: new Date(wall - before), adjusted: 'gap' };
  }
  return matches.length > 1
    ? { utc: new Date(matches[0] as number), adjusted: 'overlap' }
    : { utc: new Date(matches[0] as number) };
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ABSOLUTE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A time given by a person or a client: an absolute ISO-8601 instant (`2026-03-29T09:30:00Z`,
 * `…+02:00`), or a wall-clock time without offset (`2026-03-29T09:30`) read in `timeZone`.
 */
export function parseWhen(value: string, timeZone: string): ZonedInstant {
  const text = value.trim();
  const local = LOCAL.exec(text);
  if (local) {
    const [, y, mo, d, h, mi, s] = local;
    const fields = {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s ?? 0),
    };
    const check = new Date(asUtcMs(fields));
    if (
      check.getUTCMonth() + 1 !== fields.month ||
      check.getUTCDate() !== fields.day ||
      fields.hour > 23 ||
      fields.minute > 59 ||
      fields.second > 59
    ) {
      throw invalidTime(value);
    }
    return zonedToUtc(fields, timeZone);
  }
  if (ABSOLUTE.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return { utc: new Date(ms) };
  }
  throw invalidTime(value);
}

function invalidTime(value: string): AppError {
  return new AppError(
    'publishing.invalid_time',
    400,
    `"${value}" is not a time: give 2026-03-29T09:30 (in the tenant's time zone) or an ISO-8601 instant such as 2026-03-29T08:30:00Z`,
    { value },
  );
}

/** `2026-03-29T09:30` for instant `utcMs` in `timeZone`, what a calendar shows. */
export function formatLocal(utcMs: number, timeZone: string): string {
  const t = localTimeAt(utcMs, timeZone);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.year}-${p(t.month)}-${p(t.day)}T${p(t.hour)}:${p(t.minute)}`;
}
