/**
 * Typed application errors. Every error a person or a client can see has a stable `code`
 * (`<module>.<reason>`), an HTTP status and a message that says what to do about it.
 */
export type ErrorDetails = Record<string, unknown> | readonly unknown[];

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: ErrorDetails | undefined;

  constructor(code: string, status: number, message: string, details?: ErrorDetails, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = details;
  }

  toJSON(): { code: string; message: string; details?: ErrorDetails } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** One issue of a failed validation, with the path of the offending field (`items.0.price`). */
export interface FieldIssue {
  path: string;
  message: string;
  code: string;
}

export class ValidationError extends AppError {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[], code = 'request.invalid') {
    super(code, 400, message, { issues });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

export const notFound = (code: string, what: string): AppError =>
  new AppError(code, 404, `${what} was not found`);

export const unauthorized = (
  message = 'a valid API key is required (Authorization: Bearer da_…)',
): AppError => new AppError('auth.unauthorized', 401, message);

export const forbidden = (message: string): AppError => new AppError('auth.forbidden', 403, message);

export const conflict = (code: string, message: string, details?: ErrorDetails): AppError =>
  new AppError(code, 409, message, details);

/** Reduces any thrown value to a message that is safe to log. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
