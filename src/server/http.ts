import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { routePath } from 'hono/route';
import { AppError, notFound } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import { mayCall, type OperationRuntime } from '../operations/invoke.js';
import { buildOpenApiDocument } from '../operations/openapi.js';
import { difyErrorResponse, mountDifyRetrieval } from './dify/retrieval.js';
import { HOME_PAGE_CSP, homePage } from './home-page.js';
import type { HttpEnv } from './http-env.js';
import { createMcpHttpHandler } from './mcp.js';
import type { HttpMetrics } from './metrics.js';
import { errorResponse, jsonResponse } from './respond.js';
import { bearerToken, mountOperations } from './rest.js';
import { productVersion } from './version.js';

/** A dependency /ready checks: the database, the queue. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface HttpDeps {
  /** The app's services, operation registry, tenancy's checks and the rate-limit store. */
  runtime: OperationRuntime;
  metrics: HttpMetrics;
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

/** The HTTP server's request handler, and a helper to call it in-process (tests, tools). */
export interface HttpApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  /** `fetch` for a path (`/health`) or URL, as Hono's `app.request` does. */
  request(input: string, init?: RequestInit): Promise<Response>;
}

/** The HTTP app: health, metrics, the REST API and its OpenAPI document, MCP and Dify's retrieval API. */
export function createHttpApp(deps: HttpDeps): HttpApp {
  const { runtime } = deps;
  const { app } = runtime;
  const hono = new Hono<HttpEnv>();
  const securityHeaders = Object.entries(apiSecurityHeaders(app.config.server.publicUrl));
  const debug = app.logger.isLevelEnabled('debug');

  // Every request: its id, the hardening headers and its metrics (by route pattern, so labels stay few).
  hono.use('*', async (c, next) => {
    const started = performance.now();
    const given = c.req.header('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : newRequestId();
    c.set('requestId', requestId);
    // Set before the handler, they go into the response it makes with c.json/c.body at no extra cost.
    c.header('x-request-id', requestId);
    for (const [name, value] of securityHeaders) c.header(name, value);
    await next();
    // A response made without the context (MCP's) does not have them yet.
    if (!c.res.headers.has('x-request-id')) {
      c.res.headers.set('x-request-id', requestId);
      for (const [name, value] of securityHeaders) c.res.headers.set(name, value);
    }
    // The last route matched: a handler's pattern, or only this middleware's `*` when none matched.
    const matched = routePath(c, -1);
    const route = matched === '*' || matched === '/*' ? 'unmatched' : matched;
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.observeRequest(c.req.method, route, c.res.status, seconds);
    if (debug) {
      app.logger.debug(
        { requestId, method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) },
        'request',
      );
    }
  });
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
  // Only browsers send Origin; API clients do not pay for CORS.
  hono.use('*', (c, next) => (c.req.header('origin') === undefined ? next() : corsMiddleware(c, next)));
  hono.on(
    ['POST', 'PUT', 'PATCH'],
    '*',
    bodyLimit({
      maxSize: app.config.server.bodyLimitBytes,
      onError: () => {
        throw new AppError(
          'request.too_large',
          413,
          `the request body is larger than ${app.config.server.bodyLimitBytes} bytes`,
        );
      },
    }),
  );

  // Under /dify every error speaks Dify's format, those raised before its routes run (413) included.
  const underDify = (c: Context<HttpEnv>) => c.req.path === '/dify' || c.req.path.startsWith('/dify/');
  hono.onError((error, c) =>
    underDify(c) ? difyErrorResponse(c, error, app.logger) : errorResponse(c, error, app.logger),
  );
  hono.notFound((c) =>
    underDify(c)
      ? difyErrorResponse(
          c,
          notFound('route.not_found', `no route ${c.req.method} ${c.req.path}: the route`),
          app.logger,
        )
      : jsonResponse(
          c,
          {
            error: {
              code: 'route.not_found',
              message: `no route ${c.req.method} ${c.req.path}`,
              requestId: c.get('requestId'),
            },
          },
          404,
        ),
  );

  const home = homePage({ version: productVersion(), publicUrl: app.config.server.publicUrl });
  hono.get('/', (c) => {
    c.header('content-security-policy', HOME_PAGE_CSP);
    return c.html(home);
  });
  hono.get('/health', (c) => c.json({ status: 'ok', version: productVersion() }));
  hono.get('/ready', async (c) => {
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
  hono.get('/metrics', async (c) =>
    c.text(await deps.metrics.registry.metrics(), 200, { 'Content-Type': deps.metrics.registry.contentType }),
  );

  // Without a key: what a tenant's keys can call (Dify imports this); with a key: what that key can call.
  const openApiInfo = { publicUrl: app.config.server.publicUrl, version: productVersion() };
  const operations = runtime.registry.operations;
  const publicOpenapi = buildOpenApiDocument(
    operations.filter((op) => op.scope !== 'operator'),
    openApiInfo,
  );
  const openapiByAccess = new Map<string, Record<string, unknown>>();
  hono.get('/api/v1/openapi.json', async (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!token) return c.json(publicOpenapi);
    const principal = await runtime.access.authenticate(token);
    const access =
      principal.kind === 'operator'
        ? `operator:${principal.tenantId ? 'tenant' : ''}`
        : `${principal.role}:${[...principal.scopes].sort().join(',')}`;
    let doc = openapiByAccess.get(access);
    if (!doc) {
      if (openapiByAccess.size >= 100) openapiByAccess.clear();
      doc = buildOpenApiDocument(
        operations.filter((op) => mayCall(runtime, op, principal)),
        openApiInfo,
      );
      openapiByAccess.set(access, doc);
    }
    return c.json(doc);
  });

  mountOperations(hono, runtime);

  const mcp = createMcpHttpHandler(runtime);
  hono.all('/mcp', async (c: Context<HttpEnv>) => {
    const origin = c.req.header('origin');
    if (origin && !app.config.server.corsOrigins.includes(origin) && origin !== new URL(c.req.url).origin) {
      throw new AppError('mcp.origin_forbidden', 403, `origin ${origin} may not use this MCP endpoint`);
    }
    const token = bearerToken(c.req.header('authorization'));
    const principal = await runtime.access.authenticate(token);
    return mcp.handler.fetch(c.req.raw, { authInfo: mcp.authInfo(principal, token as string) });
  });

  hono.route('/dify', mountDifyRetrieval(runtime));

  return {
    fetch: (request, env) => hono.fetch(request, env),
    request: async (input, init) => {
      const url = /^https?:\/\//.test(input) ? input : `http://localhost${input}`;
      return hono.fetch(new Request(url, init));
    },
  };
}
