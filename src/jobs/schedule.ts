import { CronExpressionParser } from 'cron-parser';
import { AppError } from '../core/errors.js';
import type { JobName, JobPayload } from './catalog.js';
import type { EnqueueOptions } from './queue.js';

/** A recurring job, declared in code next to the module that owns the job. */
export interface ScheduleDefinition<N extends JobName> {
  /** Stable and unique: each run's idempotency key is `schedule:<name>:<slot time>`. */
  name: string;
  job: N;
  /** The payload, or a function of the slot time (e.g. to name the day a report covers). */
  payload: JobPayload<N> | ((slot: Date) => JobPayload<N>);
  /** Cron expression (5 fields, or 6 with seconds first), e.g. `0 3 * * *`. Give this or `everyMs`. */
  cron?: string;
  /** IANA time zone the cron expression is read in (default UTC). */
  timeZone?: string;
  /** A fixed interval, aligned to the epoch (every 60000 → on each full minute). */
  everyMs?: number;
  options?: Pick<EnqueueOptions, 'priority' | 'maxAttempts'>;
}

/** A checked schedule, whatever its job type. */
export interface Schedule {
  readonly name: string;
  readonly job: string;
  readonly cron: string | undefined;
  readonly timeZone: string;
  readonly everyMs: number | undefined;
  readonly options: Pick<EnqueueOptions, 'priority' | 'maxAttempts'>;
  payloadFor(slot: Date): unknown;
  /** The latest slot at or before `now`. */
  slotAt(now: Date): Date;
}

const invalid = (name: string, problem: string) =>
  new AppError('jobs.invalid_schedule', 500, `schedule "${name}" ${problem}`, { schedule: name });

/** Checks a schedule (cron syntax, time zone, interval) and returns it ready for `startScheduler`. */
export function defineSchedule<N extends JobName>(definition: ScheduleDefinition<N>): Schedule {
  const { name, cron, everyMs } = definition;
  const timeZone = definition.timeZone ?? 'UTC';
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name))
    throw invalid(name, 'needs a name of lowercase letters, digits, ".", "_" or "-"');
  if ((cron === undefined) === (everyMs === undefined))
    throw invalid(name, 'needs exactly one of cron and everyMs');
  if (everyMs !== undefined && (!Number.isInteger(everyMs) || everyMs < 100)) {
    throw invalid(name, 'needs everyMs to be an integer of at least 100 milliseconds');
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone }).format(0);
  } catch {
    throw invalid(name, `has an unknown time zone "${timeZone}"`);
  }
  if (cron !== undefined) {
    try {
      CronExpressionParser.parse(cron, { tz: timeZone, strict: false }).prev();
    } catch (error) {
      throw invalid(name, `has an invalid cron expression "${cron}": ${(error as Error).message}`);
    }
  }
  const payload = definition.payload;
  return {
    name,
    job: definition.job,
    cron,
    timeZone,
    everyMs,
    options: definition.options ?? {},
    payloadFor: (slot) =>
      typeof payload === 'function' ? (payload as (slot: Date) => unknown)(slot) : payload,
    slotAt(now) {
      if (everyMs !== undefined) return new Date(Math.floor(now.getTime() / everyMs) * everyMs);
      // prev() returns the slot strictly before its start; starting 1 ms later includes `now` itself.
      return CronExpressionParser.parse(cron ?? '', {
        currentDate: new Date(now.getTime() + 1),
        tz: timeZone,
      })
        .prev()
        .toDate();
    },
  };
}
