import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * Sets response headers the cheapest way available. Under @hono/node-server the Node response is at
 * hand (`c.env.outgoing`) and `setHeader` costs next to nothing; Hono's own `c.header` goes through a
 * WHATWG Headers object whose validation costs more than a cheap operation itself. Headers set either way
 * end up on the response (Node merges them with what Hono writes). In-process requests (tests) have no
 * Node response and use `c.header`.
 */
export function setResponseHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (outgoing && typeof outgoing.setHeader === 'function' && !outgoing.headersSent)
    outgoing.setHeader(name, value);
  else c.header(name, value);
}

/**
 * A request header, read from Node's plain header object when the request came through
 * @hono/node-server (`c.req.header()` would first build a WHATWG Headers copy of all of them).
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.headers ? nodeHeader(incoming.headers, name) : c.req.header(name);
}

/** A request header before Hono has a context: from Node's request when there is one, else `request`'s. */
export function fetchRequestHeader(
  request: Request,
  incoming: { headers: IncomingHttpHeaders } | undefined,
  name: string,
): string | undefined {
  return incoming ? nodeHeader(incoming.headers, name) : (request.headers.get(name) ?? undefined);
}

function nodeHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
