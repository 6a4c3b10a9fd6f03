import { AppError } from '../core/errors.js';
import type { JobHandler, JobHandlers } from './queue.js';
import { validateRetryPolicy } from './retry.js';

/** The handler registered for a job name, if any (names come from storage, so they are plain strings). */
export function handlerFor(handlers: JobHandlers, name: string): JobHandler | undefined {
  return (handlers as Record<string, JobHandler | undefined>)[name];
}

/** The job names a handler set covers. */
export function handlerNames(handlers: JobHandlers): string[] {
  return Object.keys(handlers).filter((name) => handlerFor(handlers, name) !== undefined);
}

/** Refuses a handler set that cannot work: no handlers at all, a missing `run`, a broken retry policy. */
export function validateHandlers(handlers: JobHandlers): void {
  const names = handlerNames(handlers);
  if (names.length === 0) {
    throw new AppError('jobs.no_handlers', 500, 'a worker needs at least one job handler');
  }
  for (const name of names) {
    const handler = handlerFor(handlers, name);
    if (!handler || typeof handler.run !== 'function' || !handler.retry) {
      throw new AppError(
        'jobs.invalid_handler',
        500,
        `handler of job "${name}" needs run() and a retry policy`,
      );
    }
    validateRetryPolicy(name, handler.retry);
  }
}
