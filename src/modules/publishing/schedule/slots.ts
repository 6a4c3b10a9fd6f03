/**
 * A per-account posting schedule ("weekdays at 09:30 and 17:00") and the next free slot in it. Slot
 * times are wall-clock times in the schedule's time zone (the tenant's unless the account sets its own),
 * so a 09:30 slot stays at 09:30 across DST changes.
 */
import { z } from 'zod';
import { localTimeAt, type Weekday, weekdayNames, zonedToUtc } from './time-zone.js';

export const PostingScheduleSchema = z.object({
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("IANA time zone of the slot times; the tenant's when left out"),
  slots: z
    .array(
      z.object({
        days: z
          .array(z.enum(weekdayNames as [Weekday, ...Weekday[]]))
          .min(1)
          .describe('mon … sun'),
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM, e.g. 09:30' })
          .describe('Wall-clock time HH:MM'),
      }),
    )
    .max(50),
});
export type PostingSchedule = z.infer<typeof PostingScheduleSchema>;

/** How far ahead the next free slot is looked for. */
export const SLOT_HORIZON_DAYS = 60;

/**
 * The first slot at or after `fromMs` that is not in `taken` (UTC milliseconds of slots already used by
 * the account), or undefined when the schedule has no slot in the horizon.
 */
export function nextFreeSlot(
  schedule: PostingSchedule,
  timeZone: string,
  fromMs: number,
  taken: ReadonlySet<number>,
): Date | undefined {
  const zone = schedule.timeZone ?? timeZone;
  const start = localTimeAt(fromMs, zone);
  for (let d = 0; d <= SLOT_HORIZON_DAYS; d++) {
    // Walk calendar dates, not 24-hour steps: a 23- or 25-hour DST day must be neither skipped nor repeated.
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + d));
    const day = {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      weekday: weekdayNames[date.getUTCDay()] as Weekday,
    };
    const candidates: number[] = [];
    for (const slot of schedule.slots) {
      if (!slot.days.includes(day.weekday)) continue;
      const [hour, minute] = slot.time.split(':').map(Number) as [number, number];
      const at = zonedToUtc(
        { year: day.year, month: day.month, day: day.day, hour, minute, second: 0 },
        zone,
      );
      candidates.push(at.utc.getTime());
    }
    for (const ms of [...new Set(candidates)].sort((a, b) => a - b)) {
      if (ms >= fromMs && !taken.has(ms)) return new Date(ms);
    }
  }
  return undefined;
}
