/**
 * LinkedIn's answers in our terms: `{message, serviceErrorCode, status, code?}`. LinkedIn sends no
 * rate-limit headers: budgets are per app and per member per day (reset at midnight UTC, numbers not
 * published), and a 429 is the only signal.
 */
import { PlatformError, type PlatformErrorKind, retryAfterAt } from '../errors.js';
import type { PlatformResponse } from '../http.js';

export function mapLinkedInError(res: PlatformResponse, nowMs: number): PlatformError {
  let body: { message?: string; serviceErrorCode?: number; code?: string; status?: number } = {};
  try {
    body = JSON.parse(res.body.toString('utf8')) as typeof body;
  } catch {
    // Not JSON: the status says enough.
  }
  const message = body.message ?? `HTTP ${res.status}`;
  let kind: PlatformErrorKind;
  let retryAt: string | undefined;
  if (res.status === 401) kind = 'auth_expired';
  else if (res.status === 429) {
    kind = 'rate_limited';
    // Daily budgets reset at midnight UTC; without Retry-After, try again in 15 minutes (a 429 also
    // protects LinkedIn's infrastructure and lifts sooner).
    retryAt = retryAfterAt(res.headers, nowMs) ?? new Date(nowMs + 15 * 60_000).toISOString();
  } else if (/duplicate/i.test(message) || body.code === 'DUPLICATE_POST') kind = 'duplicate';
  else if (res.status >= 500) kind = 'transient';
  else if (/image|video|media|upload/i.test(message)) kind = 'invalid_media';
  else kind = 'permanent';
  const code = body.code ?? (body.serviceErrorCode !== undefined ? String(body.serviceErrorCode) : undefined);
  return new PlatformError({
    platform: 'linkedin',
    kind,
    delivery: 'refused',
    message,
    httpStatus: res.status,
    ...(code ? { platformCode: code } : {}),
    ...(retryAt ? { retryAt } : {}),
  });
}
