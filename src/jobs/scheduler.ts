import type { Config } from '../config/load.js';
import { type Clock, systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Db } from '../db/connect.js';
import { createLeaderLock } from './leader/create.js';
import type { LeaderLock } from './leader/lock.js';
import type { JobQueue } from './queue.js';
import type { Schedule } from './schedule.js';

export interface SchedulerDeps {
  config: Config;
  db: Db;
  queue: JobQueue;
  logger: Logger;
  clock?: Clock;
}

export interface SchedulerOptions {
  /** How often the scheduler checks leadership and due slots (default 1 s). */
  tickMs?: number;
  /** A slot is still enqueued this long after its time, e.g. after a leader change (default 60 s). */
  misfireGraceMs?: number;
  /** Lease of the table and Redis leader locks: how long a crashed leader blocks its successor (15 s). */
  lockTtlMs?: number;
  /** Redis key prefix of the leader lock (default `dify-agent`). */
  prefix?: string;
  /** Use this lock instead of the one the configuration implies. */
  lock?: LeaderLock;
}

export interface RunningScheduler {
  /** Whether this instance led at its last tick. */
  isLeader(): boolean;
  /** One leadership check and enqueue pass now (the timer runs these on its own). */
  tick(): Promise<void>;
  /** Stops ticking and gives leadership up so another instance takes over at once. */
  stop(): Promise<void>;
}

/**
 * Runs recurring jobs on exactly one leader among all scheduler processes. Each tick the instance holds
 * or tries to take the leader lock; the leader enqueues each schedule's latest due slot with the
 * idempotency key `schedule:<name>:<slot>`, so a slot is enqueued once even if two leaders overlap for a
 * moment (a lease that just lapsed) or a new leader re-checks a slot its predecessor already handled.
 * Missed slots older than the grace period are skipped, not replayed.
 */
export function startScheduler(
  deps: SchedulerDeps,
  schedules: readonly Schedule[],
  options: SchedulerOptions = {},
): RunningScheduler {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger.child({ component: 'scheduler' });
  const tickMs = options.tickMs ?? 1000;
  const graceMs = options.misfireGraceMs ?? 60_000;
  const names = new Set<string>();
  for (const schedule of schedules) {
    if (names.has(schedule.name)) {
      throw new AppError('jobs.invalid_schedule', 500, `schedule "${schedule.name}" is declared twice`);
    }
    names.add(schedule.name);
  }
  const lock =
    options.lock ??
    createLeaderLock('scheduler', deps.config, deps.db, clock, logger, {
      ...(options.lockTtlMs !== undefined ? { ttlMs: options.lockTtlMs } : {}),
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    });
  const enqueued = new Map<string, number>();
  let leader = false;
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  async function enqueueDue(): Promise<void> {
    const now = clock.now();
    for (const schedule of schedules) {
      const slot = schedule.slotAt(now);
      if (now.getTime() - slot.getTime() > graceMs) continue;
      if (enqueued.get(schedule.name) === slot.getTime()) continue;
      const key = `schedule:${schedule.name}:${slot.toISOString()}`;
      try {
        const result = await deps.db.system((tx) =>
          deps.queue.enqueue(tx, schedule.job as never, schedule.payloadFor(slot) as never, {
            ...schedule.options,
            idempotencyKey: key,
            runAt: slot,
          }),
        );
        enqueued.set(schedule.name, slot.getTime());
        if (!result.deduplicated)
          logger.info({ schedule: schedule.name, slot, jobId: result.id }, 'scheduled job enqueued');
      } catch (error) {
        logger.error(
          { err: error, schedule: schedule.name },
          'could not enqueue scheduled job; retrying next tick',
        );
      }
    }
  }

  async function tickOnce(): Promise<void> {
    const holds = await lock.hold();
    if (holds !== leader) {
      leader = holds;
      logger.info(
        { lock: lock.kind },
        holds ? 'this scheduler is now the leader' : 'this scheduler lost leadership',
      );
      // A new term re-checks every schedule: the slot key makes a repeat harmless.
      enqueued.clear();
    }
    if (leader && !stopped) await enqueueDue();
  }

  function tick(): Promise<void> {
    running ??= tickOnce().finally(() => {
      running = undefined;
    });
    return running;
  }

  function loop(): void {
    if (stopped) return;
    void tick().finally(() => {
      if (!stopped) timer = setTimeout(loop, tickMs);
    });
  }
  loop();

  return {
    isLeader: () => leader,
    tick,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await running;
      leader = false;
      await lock.close();
    },
  };
}
