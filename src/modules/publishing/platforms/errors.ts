/**
 * What can go wrong talking to a platform, in our terms. Every adapter maps its platform's errors (X
 * problem details, Meta's `{error:{code,…}}`, LinkedIn's `{status,serviceErrorCode}`) and network
 * failures to one of these kinds, and says whether the request may have reached the platform: the
 * publisher decides from that whether a retry is safe or the outcome must be reconciled first.
 */
import { AppError } from '../../../core/errors.js';
import type { Platform } from '../../../core/platforms.js';

export const platformErrorKinds = [
  'auth_expired',
  'rate_limited',
  'invalid_media',
  'duplicate',
  'permanent',
  'transient',
] as const;
export type PlatformErrorKind = (typeof platformErrorKinds)[number];

/**
 * `not_sent`: the request never left (refused connection, blocked address) — safe to send again.
 * `refused`: the platform answered with a definite error — nothing was created.
 * `unknown`: the request went out and no definite answer came back (timeout, reset connection, a server
 * error on a create call) — the post may exist; reconcile before any new attempt.
 */
export type Delivery = 'not_sent' | 'refused' | 'unknown';

const statusOf: Record<PlatformErrorKind, number> = {
  auth_expired: 401,
  rate_limited: 429,
  invalid_media: 422,
  duplicate: 409,
  permanent: 422,
  transient: 503,
};

export interface PlatformErrorInit {
  platform: Platform;
  kind: PlatformErrorKind;
  message: string;
  delivery: Delivery;
  httpStatus?: number;
  /** The platform's own code (X problem type, Meta `code/subcode`, LinkedIn `serviceErrorCode`). */
  platformCode?: string;
  /** When a rate-limited call may be made again (UTC ISO). */
  retryAt?: string;
  cause?: unknown;
}

export class PlatformError extends AppError {
  readonly platform: Platform;
  readonly kind: PlatformErrorKind;
  readonly delivery: Delivery;
  readonly httpStatus: number | undefined;
  readonly platformCode: string | undefined;
  readonly retryAt: string | undefined;

  constructor(init: PlatformErrorInit) {
    super(
      `publishing.${init.kind}`,
      statusOf[init.kind],
      `${init.platform}: ${init.message}`,
      {
        platform: init.platform,
        kind: init.kind,
        delivery: init.delivery,
        ...(init.httpStatus !== undefined ? { httpStatus: init.httpStatus } : {}),
        ...(init.platformCode !== undefined ? { platformCode: init.platformCode } : {}),
        ...(init.retryAt !== undefined ? { retryAt: init.retryAt } : {}),
      },
      init.cause !== undefined ? { cause: init.cause } : undefined,
    );
    this.name = 'PlatformError';
    this.platform = init.platform;
    this.kind = init.kind;
    this.delivery = init.delivery;
    this.httpStatus = init.httpStatus;
    this.platformCode = init.platformCode;
    this.retryAt = init.retryAt;
  }

  /** The same error with another delivery (a server error on a create call is `unknown`, elsewhere `refused`). */
  withDelivery(delivery: Delivery): PlatformError {
    return new PlatformError({
      platform: this.platform,
      kind: this.kind,
      message: this.message.replace(`${this.platform}: `, ''),
      delivery,
      ...(this.httpStatus !== undefined ? { httpStatus: this.httpStatus } : {}),
      ...(this.platformCode !== undefined ? { platformCode: this.platformCode } : {}),
      ...(this.retryAt !== undefined ? { retryAt: this.retryAt } : {}),
    });
  }
}

export function isPlatformError(error: unknown): error is PlatformError {
  return error instanceof PlatformError;
}

/** `Retry-After` (seconds or an HTTP date) as an instant, when present. */
export function retryAfterAt(headers: Headers, nowMs: number): string | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(nowMs + Math.max(0, seconds) * 1000).toISOString();
  const date = Date.parse(value);
  return Number.isFinite(date) ? new Date(date).toISOString() : undefined;
}
