import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import type { AppServices } from '../app/services.js';
import { AppError } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import { mountDifyRetrieval } from '../modules/knowledge/dify/retrieval.js';
import { authenticate } from '../modules/tenancy/keys.js';
import { RateLimitedError } from '../operations/invoke.js';
import { buildOpenApiDocument } from '../operations/openapi.js';
import type { RateLimitStore } from '../operations/rate-limit.js';
import { rateLimitHeaders } from '../operations/rate-limit.js';
import { operations } from '../operations/registry.js';
import { errorBody } from './errors.js';
import type { HttpEnv } from './http-env.js';
import { createMcpHttpHandler } from './mcp.js';
import type { HttpMetrics } from './metrics.js';
import { requestHeader, setResponseHeader } from './node-headers.js';
import { jsonResponse } from './respond.js';
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
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    ...(publicUrl.startsWith('https://')
      ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' }
      : {}),
  };
}

/** The HTTP app: health, metrics, the REST API and its OpenAPI document, and the MCP endpoint. */
export function createHttpApp(deps: HttpDeps): Hono<HttpEnv> {
  const { app } = deps;
  const hono = new Hono<HttpEnv>();

  // Headers are set before the handler runs, so @hono/node-server can answer with its lightweight
  // response objects; touching a response after it was made copies it, which costs more than the handler.
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
  const debug = app.logger.isLevelEnabled('debug');
  const securityHeaders = apiSecurityHeaders(app.config.server.publicUrl);
  hono.use('*', async (c, next) => {
    const incoming = requestHeader(c, 'x-request-id');
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : newRequestId();
    c.set('requestId', requestId);
    c.set('route', 'unmatched');
    const started = performance.now();
    const headers: Record<string, string> = { 'X-Request-Id': requestId, ...securityHeaders };
    if (requestHeader(c, 'origin')) {
      for (const name in headers) setResponseHeader(c, name, headers[name] as string);
      await corsMiddleware(c, next);
    } else {
      c.set('pendingHeaders', headers);
      await next();
      // Headers are still settable here: @hono/node-server writes the response after this returns.
      const left = c.get('pendingHeaders');
      if (left) for (const name in left) setResponseHeader(c, name, left[name] as string);
    }
    const seconds = (performance.now() - started) / 1000;
    deps.metrics.observeRequest(c.req.method, c.get('route'), c.res.status, seconds);
    if (debug) {
      app.logger.debug(
        {
          requestId,
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: Math.round(seconds * 1000),
        },
        'request',
      );
    }
  });
  hono.on(['POST', 'PUT', 'PATCH'], '*', limitBody);

  hono.onError((error, c) => {
    const { status, body } = errorBody(error, c.get('requestId') ?? newRequestId(), app.logger);
    if (error instanceof RateLimitedError) {
      for (const [k, v] of Object.entries(rateLimitHeaders(error.decision))) c.header(k, v);
    }
    if (status === 401) c.header('WWW-Authenticate', 'Bearer realm="dify-agent"');
    return c.json(body, status as 400);
  });
  hono.notFound((c) =>
    c.json(
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

  hono.get('/health', (c) => {
    c.set('route', '/health');
    return jsonResponse(c, { status: 'ok', version: productVersion() }, 200);
  });
  hono.get('/ready', async (c) => {
    c.set('route', '/ready');
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
  hono.get('/metrics', async (c) => {
    c.set('route', '/metrics');
    return c.text(await deps.metrics.registry.metrics(), 200, {
      'Content-Type': deps.metrics.registry.contentType,
    });
  });

  const openapi = buildOpenApiDocument(operations, {
    publicUrl: app.config.server.publicUrl,
    version: productVersion(),
  });
  hono.get('/api/v1/openapi.json', (c) => {
    c.set('route', '/api/v1/openapi.json');
    return c.json(openapi);
  });

  mountOperations(hono, operations, { app, ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}) });

  const mcp = createMcpHttpHandler({ app, ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}) });
  hono.all('/mcp', async (c) => {
    c.set('route', '/mcp');
    const origin = requestHeader(c, 'origin');
    if (origin && !app.config.server.corsOrigins.includes(origin) && origin !== new URL(c.req.url).origin) {
      throw new AppError('mcp.origin_forbidden', 403, `origin ${origin} may not use this MCP endpoint`);
    }
    const token = bearerToken(requestHeader(c, 'authorization'));
    const principal = await authenticate(app, token);
    return mcp.handler.fetch(c.req.raw, { authInfo: mcp.authInfo(principal, token as string) });
  });

  mountDifyRetrieval(hono, { app, ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}) });
  return hono;
}
