import type { Context, Hono } from 'hono';
import { AppError } from '../core/errors.js';
import type { AnyOperation } from '../operations/define.js';
import { invokeOperation, type OperationRuntime } from '../operations/invoke.js';
import {
  coerceFromString,
  inputJsonSchema,
  pathParams,
  reviveJsonStrings,
} from '../operations/json-schema.js';
import { rateLimitHeaders } from '../operations/rate-limit.js';
import type { HttpEnv } from './http-env.js';
import { jsonResponse } from './respond.js';

/** `Authorization: Bearer <credential>` → the credential, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

/** The request body as a JSON object; `{}` when there is none. */
export async function readJsonBody(c: Context<HttpEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError(
      'request.unsupported_media_type',
      415,
      'send the request body as JSON (Content-Type: application/json)',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('request.invalid_json', 400, 'the request body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new AppError('request.invalid_json', 400, 'the request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

type InputReader = (c: Context<HttpEnv>) => Promise<Record<string, unknown>>;

/**
 * How a route reads its operation's input: from the path and the query string (GET, DELETE) or the JSON
 * body, typed by the input schema. Made once per route, so a request only does the reading.
 */
function inputReader(op: AnyOperation): InputReader {
  const schema = inputJsonSchema(op);
  const props = schema.properties ?? {};
  const params = pathParams(op);
  const withPathParams = (c: Context<HttpEnv>, input: Record<string, unknown>) => {
    for (const name of params) {
      // Hono has already percent-decoded it: decoding again would turn `%25` into a malformed escape.
      const value = c.req.param(name);
      if (value !== undefined) input[name] = coerceFromString([value], props[name]);
    }
    return input;
  };
  if (op.http.method !== 'GET' && op.http.method !== 'DELETE') {
    return async (c) => withPathParams(c, reviveJsonStrings(await readJsonBody(c), schema));
  }
  return async (c) => {
    const input: Record<string, unknown> = {};
    if (c.req.url.includes('?')) {
      for (const [key, values] of Object.entries(c.req.queries())) {
        input[key] = coerceFromString(values, props[key]);
      }
    }
    return withPathParams(c, input);
  };
}

/**
 * Adds every operation of the registry as a route under /api/v1. Failures are thrown on to the app's
 * error handler (errorResponse), which answers in the one error shape.
 */
export function mountOperations(hono: Hono<HttpEnv>, rt: OperationRuntime): void {
  for (const op of rt.registry.operations) {
    const route = `/api/v1${op.http.path.replace(/\{(\w+)\}/g, ':$1')}`;
    const readInput = inputReader(op);
    const status = op.http.successStatus ?? 200;
    hono.on(op.http.method, route, async (c) => {
      const principal = await rt.access.authenticate(bearerToken(c.req.header('authorization')));
      const input = await readInput(c);
      // Not c.req.raw.signal: under @hono/node-server that builds a full Request for every call.
      const { output, rate } = await invokeOperation(rt, op, principal, input, {
        requestId: c.get('requestId'),
        unknownFields: 'reject',
      });
      if (status === 204) {
        if (rate) for (const [name, value] of Object.entries(rateLimitHeaders(rate))) c.header(name, value);
        return c.body(null, 204);
      }
      return jsonResponse(c, output, status, rate);
    });
  }
}
