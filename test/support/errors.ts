import { AppError } from '../../src/core/errors.js';

/**
 * The typed error a promise (or an operation handler's result) rejects with; fails the test if it
 * resolves or rejects with anything else.
 */
export async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}
