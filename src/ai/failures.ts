import { APICallError, NoObjectGeneratedError } from 'ai';
import { describeError, isAppError } from '../core/errors.js';

/** Why one model call failed, in the terms the retry, breaker and fallback logic act on. */
export type FailureKind =
  | 'timeout'
  | 'network'
  | 'rate_limited'
  | 'server_error'
  | 'auth'
  | 'bad_request'
  | 'invalid_output'
  | 'aborted'
  | 'other';

export interface Failure {
  kind: FailureKind;
  /** Worth trying the same model again after a pause (429, 5xx, 408/409, network, timeout). */
  retryable: boolean;
  /**
   * Says something about the provider's health, so it counts toward opening its circuit. A bad
   * request or an answer that failed validation is about this call, not the provider.
   */
  countsAgainstProvider: boolean;
  /** Stable code for the ledger and `fallbackFrom`, e.g. `ai.rate_limited`. */
  code: string;
  message: string;
  status?: number;
  /** Server-requested pause from `retry-after` / `retry-after-ms`. */
  retryAfterMs?: number;
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** Reads `retry-after-ms`, or `retry-after` as seconds or an HTTP date. */
export function retryAfterMs(headers: Record<string, string> | undefined, nowMs: number): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const after = header(headers, 'retry-after');
  if (after === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(after.trim())) return Math.ceil(Number(after) * 1000);
  const at = Date.parse(after);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * Classifies an error thrown by an AI SDK call. `timedOut` tells that our own timer aborted the call
 * (the SDK only sees an abort), `cancelled` that the caller's signal did.
 */
export function classifyFailure(
  error: unknown,
  ctx: { timedOut: boolean; cancelled: boolean; nowMs: number },
): Failure {
  if (ctx.cancelled) {
    return {
      kind: 'aborted',
      retryable: false,
      countsAgainstProvider: false,
      code: 'ai.aborted',
      message: 'the call was cancelled',
    };
  }
  if (ctx.timedOut) {
    return {
      kind: 'timeout',
      retryable: true,
      countsAgainstProvider: true,
      code: 'ai.timeout',
      message: 'the model did not answer within AI_TIMEOUT_MS',
    };
  }
  if (NoObjectGeneratedError.isInstance(error)) {
    return {
      kind: 'invalid_output',
      retryable: false,
      countsAgainstProvider: false,
      code: 'ai.invalid_output',
      message: describeError(error),
    };
  }
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    const base = { message: describeError(error), ...(status !== undefined ? { status } : {}) };
    if (status === undefined) {
      // The SDK marks connection failures ("Cannot connect to API") retryable and leaves no status.
      return {
        kind: 'network',
        retryable: true,
        countsAgainstProvider: true,
        code: 'ai.network_error',
        ...base,
      };
    }
    if (status === 429) {
      const wait = retryAfterMs(error.responseHeaders, ctx.nowMs);
      return {
        kind: 'rate_limited',
        retryable: true,
        countsAgainstProvider: true,
        code: 'ai.rate_limited',
        ...base,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      };
    }
    if (status === 401 || status === 403) {
      return {
        kind: 'auth',
        retryable: false,
        countsAgainstProvider: true,
        code: 'ai.provider_auth',
        ...base,
      };
    }
    if (error.isRetryable || status >= 500) {
      const wait = retryAfterMs(error.responseHeaders, ctx.nowMs);
      return {
        kind: 'server_error',
        retryable: true,
        countsAgainstProvider: true,
        code: 'ai.provider_error',
        ...base,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      };
    }
    return {
      kind: 'bad_request',
      retryable: false,
      countsAgainstProvider: false,
      code: 'ai.bad_request',
      ...base,
    };
  }
  if (isAppError(error)) {
    return {
      kind: 'other',
      retryable: false,
      countsAgainstProvider: false,
      code: error.code,
      message: error.message,
    };
  }
  // Anything else (malformed response, an SDK invariant) is the provider's or the adapter's fault.
  return {
    kind: 'other',
    retryable: false,
    countsAgainstProvider: true,
    code: 'ai.provider_error',
    message: describeError(error),
  };
}
