import type { Context } from 'hono';
import { type RateDecision, rateLimitHeaders, writeRateLimitHeaders } from '../operations/rate-limit.js';
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
): Response {
  const headers = c.env.pendingHeaders;
  if (!headers) {
    if (rate) setRateLimitHeaders(c, rate);
    return c.json(body, status as 200);
  }
  c.env.pendingHeaders = undefined;
  headers['content-type'] = 'application/json';
  if (rate) writeRateLimitHeaders(headers, rate);
  return new Response(JSON.stringify(body), { status, headers });
}

/** The caller's rate-limit headers, set one by one on a response that has no header object of its own. */
export function setRateLimitHeaders(c: Context<HttpEnv>, rate: RateDecision): void {
  for (const [name, value] of Object.entries(rateLimitHeaders(rate))) setResponseHeader(c, name, value);
}
