import { AppError } from '../core/errors.js';

/**
 * PostgreSQL's class 22, "data exception" (a number out of an integer column's range, text a type cannot
 * read, a time out of range): a value from the request the column cannot hold. That is the caller's
 * input, so a 400 naming the problem — never a 500. The transaction it happened in has rolled back.
 */
export function databaseInputError(error: unknown): AppError | undefined {
  if (!(error instanceof Error) || !('severity' in error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^22[0-9A-Z]{3}$/.test(code)) return undefined;
  return new AppError(
    'request.invalid_value',
    400,
    `a value in the request cannot be stored: ${error.message}`,
    { sqlState: code },
  );
}
