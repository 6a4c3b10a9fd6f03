import { describe, expect, it } from 'vitest';
import { AppError, notFound, ValidationError } from './errors.js';

describe('AppError', () => {
  it('carries its code, status, message and details, and serialises without its stack', () => {
    const error = new ValidationError('invalid input', [
      { path: 'name', message: 'required', code: 'invalid_type' },
    ]);
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(400);
    expect(error.code).toBe('request.invalid');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      code: 'request.invalid',
      message: 'invalid input',
      details: { issues: [{ path: 'name', message: 'required', code: 'invalid_type' }] },
    });
    expect(notFound('tenants.not_found', 'tenant t_1').toJSON()).toEqual({
      code: 'tenants.not_found',
      message: 'tenant t_1 was not found',
    });
  });
});
