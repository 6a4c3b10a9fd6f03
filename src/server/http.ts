import type { Http2Bindings, HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { AppServices } from '../app/services.js';
import { AppError } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import { mountDifyRetrieval } from '../modules/knowledge/dify/retrieval.js';
import { authenticate } from '../modules/tenancy/keys.js';
import { mayCall } from '../operations/invoke.js';
import { buildOpenApiDocument } from '../operations/openapi.js';
import type { RateLimitStore } from '../operations/rate-limit.js';
import { operations } from '../operations/registry.js';
import { HOME_PAGE_CSP, homePage } from './home-page.js';
import type { HttpEnv, RequestScope } from './http-env.js';
import { createMcpHttpHandler } from './mcp.js';
import type { HttpMetrics } from './metrics.js';
import { fetchRequestHeader, requestHeader } from './node-headers.js';
import { errorResponse, jsonResponse } from './respond.js';
import { bearerToken, mountOperations } from './rest.js';
import { productVersion } from './version.js';

/** A dependency /ready checks: the database, the queue. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface HttpDeps {
  app: AppServices;
  metrics: HttpMetrics;
  rateLimits?: RateLimitStore;
  readiness: ReadinessCheck[];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The hardening headers OWASP's REST Security Cheat Sheet lists for API responses: nothing here is a page
 * to frame, sniff or cache. (The document-oriented rest — Referrer-Policy, COOP/CORP and the like — belongs
 * on HTML, which the web app serves with its own policy.) HSTS only when the public URL is HTTPS: RFC 6797
 * forbids sending it over plain HTTP, and behind a TLS proxy PUBLIC_URL is what the client sees.
 */
export function apiSecurityHeaders(publicUrl: string): Readonly<Record<string, string>> {
  return {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    ...(publicUrl.startsWith('https://')
      ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
      : {}),
  };
}

/** Node's request and response as @hono/node-server passes them to `fetch` (this server speaks HTTP/1.1). */
type NodeBindings = HttpBindings | Http2Bindings;

/** The HTTP server's request handler, and a helper to call it in-process (tests, tools). */
export interface HttpApp {
  fetch(request: Request, node?: NodeBindings): Response | Promise<Response>;
  /** `fetch` for a path (`/health`) or URL, as Hono's `app.request` does. */
  request(input: string, init?: RequestInit): Promise<Response>;
}

/**
 * The HTTP app: health, metrics, the REST API and its OpenAPI document, and the MCP endpoint.
 *
 * The request-level work (request id, hardening headers, metrics) happens around Hono rather than in a
 * Hono middleware: with one handler per route, Hono calls it directly, while a middleware puts every
 * request through its promise-based composition. Cross-origin (browser) requests go to a second router
 * with the same routes behind Hono's CORS middleware.
 */
export function createHttpApp(deps: HttpDeps): HttpApp {
  const { app } = deps;
  const routes = new Hono<HttpEnv>();

  const corsMiddleware = cors({
    origin: (origin) => (app.config.server.corsOrigins.includes(origin) ? origin : null),
    allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'Mcp-Session-Id', 'Mcp-Protocol-Version'],
    exposeHeaders: [
      'X-Request-Id',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'Retry-After',
    ],
    maxAge: 600,
  });
  const limitBody = bodyLimit({
    maxSize: app.config.server.bodyLimitBytes,
    onError: () => {
      throw new AppError(
        'request.too_large',
        413,
        `the request body is larger than ${app.config.server.bodyLimitBytes} bytes`,
      );
    },
  });
  routes.on(['POST', 'PUT', 'PATCH'], '*', limitBody);

  const onError = (error: Error, c: Context<HttpEnv>) => errorResponse(c, error, app.logger);
  const notFound = (c: Context<HttpEnv>) =>
    jsonResponse(
      c,
      {
        error: {
          code: 'route.not_found',
          message: `no route ${c.req.method} ${c.req.path}`,
          requestId: c.env.requestId,
        },
      },
      404,
    );
  routes.onError(onError);
  routes.notFound(notFound);

  const home = homePage({ version: productVersion(), publicUrl: app.config.server.publicUrl });
  routes.get('/', (c) => {
    c.env.route = '/';
    if (c.env.pendingHeaders) c.env.pendingHeaders['content-security-policy'] = HOME_PAGE_CSP;
    return new Response(home, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  });
  routes.get('/health', (c) => {
    c.env.route = '/health';
    return jsonResponse(c, { status: 'ok', version: productVersion() }, 200);
  });
  routes.get('/ready', async (c) => {
    c.env.route = '/ready';
    const checks: Record<string, string> = {};
    let ready = true;
    for (const r of deps.readiness) {
      try {
        await r.check();
        checks[r.name] = 'ok';
      } catch (error) {
        ready = false;
        checks[r.name] = (error as Error).message || 'unavailable';
      }
    }
    return c.json({ status: ready ? 'ready' : 'unavailable', checks }, ready ? 200 : 503);
  });
  routes.get('/metrics', async (c) => {
    c.env.route = '/metrics';
    return c.text(await deps.metrics.registry.metrics(), 200, {
      'Content-Type': deps.metrics.registry.contentType,
    });
  });

  // Without a key: what a tenant's keys can call (Dify imports this); with a key: what that key can call.
  const openApiInfo = { publicUrl: app.config.server.publicUrl, version: productVersion() };
  const publicOpenapi = buildOpenApiDocument(
    operations.filter((op) => op.scope !== 'operator'),
    openApiInfo,
  );
  const openapiByAccess = new Map<string, Record<string, unknown>>();
  routes.get('/api/v1/openapi.json', async (c) => {
    c.env.route = '/api/v1/openapi.json';
    const token = bearerToken(requestHeader(c, 'authorization'));
    if (!token) return c.json(publicOpenapi);
    const principal = await authenticate(app, token);
    const access =
      principal.kind === 'operator'
        ? `operator:${principal.tenantId ? 'tenant' : ''}`
        : `${principal.role}:${[...principal.scopes].sort().join(',')}`;
    let doc = openapiByAccess.get(access);
    if (!doc) {
      if (openapiByAccess.size >= 100) openapiByAccess.clear();
      doc = buildOpenApiDocument(
        operations.filter((op) => mayCall(op, principal)),
        openApiInfo,
      );
      openapiByAccess.set(access, doc);
    }
    return c.json(doc);
  });

  mountOperations(routes, operations, { app, ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}) });

  const mcp = createMcpHttpHandler({ app, ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}) });
  routes.all('/mcp', async (c) => {
    c.env.route = '/mcp';
    const origin = requestHeader(c, 'origin');
    if (origin && !app.config.server.corsOrigins.includes(origin) && origin !== new URL(c.req.url).origin) {
      throw new AppError('mcp.origin_forbidden', 403, `origin ${origin} may not use this MCP endpoint`);
    }
    const token = bearerToken(requestHeader(c, 'authorization'));
    const principal = await authenticate(app, token);
    return mcp.handler.fetch(c.req.raw, { authInfo: mcp.authInfo(principal, token as string) });
  });

  mountDifyRetrieval(routes, { app, ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}) });

  const crossOrigin = new Hono<HttpEnv>();
  crossOrigin.use('*', corsMiddleware);
  crossOrigin.route('/', routes);
  crossOrigin.onError(onError);
  crossOrigin.notFound(notFound);

  const debug = app.logger.isLevelEnabled('debug');
  const securityHeaders = Object.entries(apiSecurityHeaders(app.config.server.publicUrl));
  // Assigned one by one rather than spread: every request's object then takes the same chain of hidden
  // classes, which Node and @hono/node-server walk fastest (a spread here costs ~2 % of a cheap read).
  const responseHeaders = (requestId: string): Record<string, string> => {
    const headers: Record<string, string> = { 'x-request-id': requestId };
    for (const [name, value] of securityHeaders) headers[name] = value;
    return headers;
  };

  /** Adds the headers no handler took, records the request's metrics. */
  const finish = (request: Request, scope: RequestScope, started: number, res: Response): Response => {
    const left = scope.pendingHeaders;
    if (left) {
      const { outgoing } = scope;
      // Under @hono/node-server the response is written after fetch returns, so Node's response still
      // takes headers; an in-process response takes them itself.
      if (outgoing && !outgoing.headersSent)
        for (const name in left) outgoing.setHeader(name, left[name] as string);
      else res = withHeaders(res, left);
    }
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.observeRequest(request.method, scope.route, res.status, seconds);
    if (debug) {
      app.logger.debug(
        {
          requestId: scope.requestId,
          method: request.method,
          route: scope.route,
          status: res.status,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    }
    return res;
  };

  const fetch = (request: Request, node?: NodeBindings): Response | Promise<Response> => {
    const started = performance.now();
    const given = fetchRequestHeader(request, node?.incoming, 'x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : newRequestId();
    const scope: RequestScope = { requestId, route: 'unmatched', pendingHeaders: responseHeaders(requestId) };
    if (node && 'setHeader' in node.outgoing) {
      scope.incoming = node.incoming as HttpBindings['incoming'];
      scope.outgoing = node.outgoing as HttpBindings['outgoing'];
    }
    // Cross-origin responses go through Hono's CORS middleware, which merges these with its own.
    const fromBrowser = fetchRequestHeader(request, node?.incoming, 'origin') !== undefined;
    const res = (fromBrowser ? crossOrigin : routes).fetch(request, scope);
    return res instanceof Promise
      ? res.then((r) => finish(request, scope, started, r))
      : finish(request, scope, started, res);
  };

  return {
    fetch,
    async request(input, init) {
      const url = /^https?:\/\//.test(input) ? input : `http://localhost${input}`;
      return fetch(new Request(url, init));
    },
  };
}

/** A copy of `res` with `headers` added (a response's own headers may be immutable, as a fetched one's are). */
function withHeaders(res: Response, headers: Record<string, string>): Response {
  const out = new Response(res.body, res);
  for (const name in headers) out.headers.set(name, headers[name] as string);
  return out;
}
