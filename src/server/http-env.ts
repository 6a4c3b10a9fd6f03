import type { HttpBindings } from '@hono/node-server';

/**
 * What the server knows about one request, made before Hono routes it and handed to Hono as the
 * request's bindings (`c.env`), so handlers read and set it without a per-request middleware.
 */
export interface RequestScope {
  requestId: string;
  /** The matched route pattern, for metrics without unbounded label values; each handler sets it. */
  route: string;
  /**
   * The request id and hardening headers while no handler has taken them into its response (see
   * respond.ts); the server adds whatever is left after the handler.
   */
  pendingHeaders: Record<string, string> | undefined;
  /** Node's request and response, when the request came through @hono/node-server. */
  incoming?: HttpBindings['incoming'];
  outgoing?: HttpBindings['outgoing'];
}

export interface HttpEnv {
  Bindings: RequestScope;
}
