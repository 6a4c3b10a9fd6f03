import type { Context } from 'hono';
import type { HttpEnv } from './http-env.js';
import { setResponseHeader } from './node-headers.js';

/**
 * A JSON response that carries the request-level headers (request id, hardening) and `extra` in one
 * plain object. @hono/node-server writes such a response with a single `writeHead`, while headers added
 * one by one to the Node response cost more than a cheap operation does. On cross-origin requests Hono
 * merges the CORS middleware's headers into it.
 */
export function jsonResponse(
  c: Context<HttpEnv>,
  body: unknown,
  status: number,
  extra?: Record<string, string>,
): Response {
  const headers = c.env.pendingHeaders;
  if (!headers) {
    if (extra) for (const name in extra) setResponseHeader(c, name, extra[name] as string);
    return c.json(body, status as 200);
  }
  c.env.pendingHeaders = undefined;
  headers['Content-Type'] = 'application/json';
  if (extra) for (const name in extra) headers[name] = extra[name] as string;
  return new Response(JSON.stringify(body), { status, headers });
}
