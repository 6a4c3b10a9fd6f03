import type { Context } from 'hono';
import type { Logger } from '../core/logger.js';
import { RateLimitedError } from '../operations/invoke.js';
import { type RateDecision, rateLimitHeaders, writeRateLimitHeaders } from '../operations/rate-limit.js';
import { errorBody } from './errors.js';
import type { HttpEnv } from './http-env.js';
import { setResponseHeader } from './node-headers.js';

/**
 * A JSON response that carries the request-level headers (request id, hardening) and, for an operation,
 * the caller's rate-limit headers in one plain object. @hono/node-server writes such a response with a
 * single `writeHead`, while headers added one by one to the Node response cost more than a cheap
 * operation does. On cross-origin requests Hono merges the CORS middleware's headers into it.
 */
export function jsonResponse(
  c: Context<HttpEnv>,
  body: unknown,
  status: number,
  rate?: RateDecision,
  extraHeaders?: Readonly<Record<string, string>>,
): Response {
  const headers = c.env.pendingHeaders;
  if (!headers) {
    if (rate) setRateLimitHeaders(c, rate);
    if (extraHeaders)
      for (const name in extraHeaders) setResponseHeader(c, name, extraHeaders[name] as string);
    return c.json(body, status as 200);
  }
  // Serialised before the pending headers are taken, so that a body that cannot be serialised leaves
  // them for the error response.
  const text = JSON.stringify(body);
  c.env.pendingHeaders = undefined;
  headers['content-type'] = 'application/json';
  if (rate) writeRateLimitHeaders(headers, rate);
  if (extraHeaders) for (const name in extraHeaders) headers[name] = extraHeaders[name] as string;
  return new Response(text, { status, headers });
}

/** The caller's rate-limit headers, set one by one on a response that has no header object of its own. */
export function setRateLimitHeaders(c: Context<HttpEnv>, rate: RateDecision): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(rate))) setResponseHeader(c, name, value);
}

/** What a 401 answer asks for (RFC 6750). */
const bearerChallenge = { 'www-authenticate': 'Bearer realm="dify-agent"' } as const;

/**
 * The answer to a failed request: the error body, the caller's rate-limit headers on a 429 and the
 * bearer challenge on a 401, through the same single write as a success, so that a flood of 401s or
 * 429s costs no more than the traffic the server is there for.
 */
export function errorResponse(c: Context<HttpEnv>, error: unknown, logger: Logger): Response {
  const { status, body } = errorBody(error, c.env.requestId, logger);
  const rate = error instanceof RateLimitedError ? error.decision : undefined;
  return jsonResponse(c, body, status, rate, status === 401 ? bearerChallenge : undefined);
}
