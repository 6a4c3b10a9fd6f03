import { AppError } from '../../src/core/errors.js';
import type { MaybePromise } from '../../src/core/maybe-promise.js';

/**
 * The typed error a promise (or an operation handler's result) rejects with; fails the test if it
 * resolves or rejects with anything else.
 */
export async function errorOf(promise: MaybePromise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}
