/**
 * The one way adapters talk to a platform: through the app's safeFetch (guarded addresses, bounded time
 * and size), with the platform's error mapper applied to every failed answer, network failures turned
 * into `PlatformError`s that say whether the request may have arrived, and every answer's headers shown
 * to the limit tracker.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../../../core/clock.js';
import { isAppError } from '../../../core/errors.js';
import type { Platform } from '../../../core/platforms.js';
import type { SafeFetch, SafeResponse } from '../../../core/safe-fetch.js';
import { type Delivery, isPlatformError, PlatformError } from './errors.js';

export interface MultipartField {
  name: string;
  value: string | Uint8Array;
  filename?: string;
  contentType?: string;
}

export interface PlatformRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  form?: Record<string, string | undefined>;
  multipart?: MultipartField[];
  /** Raw bytes (uploads). */
  bytes?: Uint8Array;
  bytesType?: string;
  /**
   * The call that makes something visible (a post). A server error or a lost answer on it leaves the
   * outcome unknown; on any other call it is a plain transient failure.
   */
  creates?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface PlatformResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The body as JSON (`{}` for an empty body); a body that is not JSON is a transient platform error. */
  json<T = unknown>(): T;
}

/** Builds our error from a platform's non-2xx answer. */
export type ErrorMapper = (res: PlatformResponse, nowMs: number) => PlatformError;

/** Sees every answer's headers (rate-limit budgets). `endpoint` is the method and path without ids. */
export type HeaderObserver = (endpoint: string, res: PlatformResponse) => void;

export interface PlatformHttp {
  readonly platform: Platform;
  send(request: PlatformRequest): Promise<PlatformResponse>;
}

export interface PlatformHttpDeps {
  platform: Platform;
  fetch: SafeFetch;
  clock: Clock;
  mapError: ErrorMapper;
  observe?: HeaderObserver;
  timeoutMs: number;
  signal?: AbortSignal;
}

const neverConnected = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Our error for a request that got no answer, with what we know about whether it arrived. */
export function networkFailure(platform: Platform, error: unknown, creates: boolean): PlatformError {
  if (isPlatformError(error)) return error;
  const code = isAppError(error) ? error.code : undefined;
  const cause = isAppError(error)
    ? String((error.details as { cause?: unknown } | undefined)?.cause ?? '')
    : '';
  const message = error instanceof Error ? error.message : String(error);
  if (
    code === 'fetch.blocked_address' ||
    code === 'fetch.invalid_url' ||
    code === 'fetch.unsupported_scheme'
  ) {
    return new PlatformError({ platform, kind: 'permanent', delivery: 'not_sent', message, cause: error });
  }
  let delivery: Delivery;
  if (code === 'fetch.dns_failed' || (code === 'fetch.network' && neverConnected.has(cause))) {
    delivery = 'not_sent';
  } else {
    // Timeouts, reset connections, a cancelled request: it may have been processed.
    delivery = creates ? 'unknown' : 'refused';
  }
  return new PlatformError({ platform, kind: 'transient', delivery, message, cause: error });
}

function multipartBody(fields: MultipartField[]): { body: Buffer; contentType: string } {
  const boundary = `----dify-agent-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const field of fields) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${field.name}"`;
    if (field.filename !== undefined) head += `; filename="${field.filename}"`;
    head += '\r\n';
    if (field.contentType) head += `Content-Type: ${field.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`));
    chunks.push(typeof field.value === 'string' ? Buffer.from(field.value) : Buffer.from(field.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function toResponse(platform: Platform, res: SafeResponse): PlatformResponse {
  return {
    status: res.status,
    headers: res.headers,
    body: res.body,
    json<T>() {
      if (res.body.length === 0) return {} as T;
      try {
        return JSON.parse(res.body.toString('utf8')) as T;
      } catch {
        throw new PlatformError({
          platform,
          kind: 'transient',
          delivery: 'refused',
          httpStatus: res.status,
          message: `answered ${res.status} with a body that is not JSON: ${res.body.toString('utf8').slice(0, 120)}`,
        });
      }
    },
  };
}

/** `POST /2/tweets/123/likes` → `POST /2/tweets/{id}/likes`: ids and URNs out, so budgets are per endpoint. */
export function endpointOf(method: string, url: string): string {
  const path = new URL(url).pathname
    .split('/')
    .map((part) => (/\d{3,}|^urn:|%3A/i.test(part) ? '{id}' : part))
    .join('/');
  return `${method} ${path}`;
}

/** Reads spend the read budget; everything else the publishing one. */
export function laneOf(endpoint: string): 'publish' | 'read' {
  return endpoint.startsWith('GET ') ? 'read' : 'publish';
}

export function createPlatformHttp(deps: PlatformHttpDeps): PlatformHttp {
  return {
    platform: deps.platform,
    async send(request) {
      const url = new URL(request.url);
      for (const [k, v] of Object.entries(request.query ?? {})) {
        if (v !== undefined) url.searchParams.set(k, String(v));
      }
      const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
      let body: string | Uint8Array | undefined;
      if (request.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(request.json);
      } else if (request.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        const form = new URLSearchParams();
        for (const [k, v] of Object.entries(request.form)) if (v !== undefined) form.set(k, v);
        body = form.toString();
      } else if (request.multipart) {
        const built = multipartBody(request.multipart);
        headers['content-type'] = built.contentType;
        body = built.body;
      } else if (request.bytes) {
        headers['content-type'] = request.bytesType ?? 'application/octet-stream';
        body = request.bytes;
      }
      let raw: SafeResponse;
      try {
        raw = await deps.fetch(url, {
          method: request.method,
          headers,
          ...(body !== undefined ? { body } : {}),
          timeoutMs: request.timeoutMs ?? deps.timeoutMs,
          ...(request.maxBytes !== undefined ? { maxBytes: request.maxBytes } : {}),
          maxRedirects: 0,
          ...(deps.signal ? { signal: deps.signal } : {}),
        });
      } catch (error) {
        throw networkFailure(deps.platform, error, request.creates === true);
      }
      const res = toResponse(deps.platform, raw);
      deps.observe?.(endpointOf(request.method, url.href), res);
      if (res.status >= 200 && res.status < 300) return res;
      const mapped = deps.mapError(res, deps.clock.nowMs());
      // A server error on a create call may have created the post before failing.
      if (mapped.kind === 'transient' && request.creates && res.status >= 500)
        throw mapped.withDelivery('unknown');
      throw mapped;
    },
  };
}
