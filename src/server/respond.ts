import type { Context } from 'hono';
import type { Logger } from '../core/logger.js';
import { RateLimitedError } from '../operations/invoke.js';
import { type RateDecision, rateLimitHeaders } from '../operations/rate-limit.js';
import { errorBody } from './errors.js';
import type { HttpEnv } from './http-env.js';

/** A JSON response with the caller's rate-limit headers, when there are any. */
export function jsonResponse(
  c: Context<HttpEnv>,
  body: unknown,
  status: number,
  rate?: RateDecision,
  extraHeaders?: Readonly<Record<string, string>>,
): Response {
  const headers: Record<string, string> = { ...(rate ? rateLimitHeaders(rate) : {}), ...extraHeaders };
  return c.json(body, status as 200, headers);
}

/** What a 401 answer asks for (RFC 6750). */
const bearerChallenge = { 'www-authenticate': 'Bearer realm="dify-agent"' } as const;

/**
 * The answer to a failed request in the API's one error shape, with the caller's rate-limit headers on a
 * 429 and the bearer challenge on a 401.
 */
export function errorResponse(c: Context<HttpEnv>, error: unknown, logger: Logger): Response {
  const { status, body } = errorBody(error, c.get('requestId'), logger);
  const rate = error instanceof RateLimitedError ? error.decision : undefined;
  if (status === 401) return jsonResponse(c, body, status, rate, bearerChallenge);
  // A 503 that says when to come back (Redis unreachable) carries it as Retry-After too.
  const retryAfter = (body.error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (status === 503 && typeof retryAfter === 'number') {
    return jsonResponse(c, body, status, rate, { 'retry-after': String(retryAfter) });
  }
  return jsonResponse(c, body, status, rate);
}
