import type { Context, Hono } from 'hono';
import type { AppServices } from '../app/services.js';
import { AppError } from '../core/errors.js';
import { andThen, type MaybePromise } from '../core/maybe-promise.js';
import { authenticate } from '../modules/tenancy/keys.js';
import type { AnyOperation } from '../operations/define.js';
import { type InvokeOptions, runOperation } from '../operations/invoke.js';
import {
  coerceFromString,
  inputJsonSchema,
  pathParams,
  reviveJsonStrings,
} from '../operations/json-schema.js';
import type { RateDecision, RateLimitStore } from '../operations/rate-limit.js';
import type { HttpEnv } from './http-env.js';
import { requestHeader } from './node-headers.js';
import { errorResponse, jsonResponse, setRateLimitHeaders } from './respond.js';

export interface RestDeps {
  app: AppServices;
  rateLimits?: RateLimitStore;
}

/** `Authorization: Bearer <credential>` → the credential, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

async function readJsonBody(c: Context<HttpEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = requestHeader(c, 'content-type') ?? '';
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

function hasQueryString(c: Context<HttpEnv>): boolean {
  return (c.env.incoming?.url ?? c.req.url).includes('?');
}

type InputReader = (c: Context<HttpEnv>) => MaybePromise<Record<string, unknown>>;

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
      const value = c.req.param(name);
      if (value !== undefined) input[name] = coerceFromString([decodeURIComponent(value)], props[name]);
    }
    return input;
  };
  if (op.http.method !== 'GET' && op.http.method !== 'DELETE') {
    return (c) => readJsonBody(c).then((body) => withPathParams(c, reviveJsonStrings(body, schema)));
  }
  return (c) => {
    const input: Record<string, unknown> = {};
    if (hasQueryString(c)) {
      for (const [key, values] of Object.entries(c.req.queries())) {
        input[key] = coerceFromString(values, props[key]);
      }
    }
    return withPathParams(c, input);
  };
}

/** Adds every operation of the registry as a route under /api/v1. */
export function mountOperations(
  hono: Hono<HttpEnv>,
  operations: readonly AnyOperation[],
  deps: RestDeps,
): void {
  for (const op of operations) {
    const route = `/api/v1${op.http.path.replace(/\{(\w+)\}/g, ':$1')}`;
    const readInput = inputReader(op);
    const status = op.http.successStatus ?? 200;
    // No async/await here: a read with nothing to wait for answers synchronously (see maybe-promise.ts).
    // Failures are thrown on to the app's error handler (errorResponse), except the rate limit's refusal,
    // which comes back as a value (see RunOutcome in invoke.ts).
    hono.on(op.http.method, route, (c) => {
      c.env.route = route;
      const principal = authenticate(deps.app, bearerToken(requestHeader(c, 'authorization')));
      return andThen(principal, (caller) =>
        andThen(readInput(c), (input) => {
          // Not c.req.raw.signal: touching the raw request makes @hono/node-server build a full Request
          // object, which costs more than the whole operation on a cheap read.
          const options: InvokeOptions = { requestId: c.env.requestId };
          if (deps.rateLimits) options.rateLimits = deps.rateLimits;
          return andThen(runOperation(deps.app, op, caller, input, options), (outcome) =>
            'rejected' in outcome
              ? errorResponse(c, outcome.rejected, deps.app.logger)
              : respond(c, status, outcome.output, outcome.rate),
          );
        }),
      );
    });
  }
}

/** The operation's success response, with the caller's rate-limit headers. */
function respond(
  c: Context<HttpEnv>,
  status: number,
  output: unknown,
  rate: RateDecision | undefined,
): Response {
  if (status === 204) {
    if (rate) setRateLimitHeaders(c, rate);
    return c.body(null, 204);
  }
  return jsonResponse(c, output, status, rate);
}
