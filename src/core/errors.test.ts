import { describe, expect, it } from 'vitest';
import { AppError, notFound, unauthorized, ValidationError } from './errors.js';

const hasFrames = (error: Error) => /\n\s+at /.test(error.stack ?? '');

describe('AppError', () => {
  it('carries a stack trace for server errors, where it helps find the fault', () => {
    expect(hasFrames(new AppError('db.unavailable', 503, 'cannot reach PostgreSQL'))).toBe(true);
    expect(hasFrames(new AppError('internal.invalid_output', 500, 'bad output'))).toBe(true);
  });

  it('skips the stack trace of client errors, which are answers rather than faults', () => {
    for (const error of [
      unauthorized(),
      notFound('tenants.not_found', 'tenant t_1'),
      new AppError('rate_limited', 429, 'slow down'),
      new ValidationError('invalid input', [{ path: 'name', message: 'required', code: 'invalid_type' }]),
    ]) {
      expect(hasFrames(error)).toBe(false);
      expect(error.stack).toContain(error.message);
    }
  });

  it("leaves the process's stack trace limit as it found it", () => {
    const before = Error.stackTraceLimit;
    new AppError('x.bad', 400, 'bad');
    new AppError('x.down', 500, 'down');
    expect(Error.stackTraceLimit).toBe(before);
    expect(hasFrames(new Error('plain'))).toBe(true);
  });
});
