/**
 * The one way the product talks HTTP to the outside world. Every request:
 * - goes only to http(s) URLs, and only to public addresses unless `FETCH_ALLOW_HOSTS` opens one; the
 *   check runs after DNS resolution, inside the socket's own lookup, so the connection is made to the
 *   very address that was checked (DNS rebinding cannot slip a private address in);
 * - follows redirects itself, checking every hop the same way (scheme, address, count);
 * - is bounded in time (one deadline for all hops and the body) and in size (the body is streamed and
 *   the request aborted as soon as it passes the limit: an over-size body is an error, never truncated);
 * - carries the configured user agent.
 * Failures are `AppError`s with stable `fetch.*` codes.
 */
import { Agent, type Response as UndiciResponse, fetch as undiciFetch } from 'undici';
import { AppError, isAppError } from './errors.js';
import { assertHostAllowed, guardedLookup, type Resolver, systemResolver } from './net/address-guard.js';
import { type AllowList, createAllowList } from './net/allow-list.js';

export type { ResolvedAddress, Resolver } from './net/address-guard.js';

export interface SafeFetchSettings {
  /** Host names, addresses and CIDR ranges that may be reached although private (FETCH_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  /** Deadline of one request, redirects and body included (FETCH_TIMEOUT_MS). */
  timeoutMs: number;
  /** Largest body read (FETCH_MAX_BYTES). */
  maxBytes: number;
  /** Sent as User-Agent unless a request sets its own (FETCH_USER_AGENT). */
  userAgent: string;
  /** Redirects followed before giving up; default 5. */
  maxRedirects?: number;
}

export interface SafeFetchDeps {
  /** Host name resolution; tests inject one so a public-looking name can resolve to any address. */
  resolver?: Resolver;
}

export interface SafeFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Overrides the configured deadline for this request. */
  timeoutMs?: number;
  /** Overrides the configured size limit for this request. */
  maxBytes?: number;
  maxRedirects?: number;
  signal?: AbortSignal;
  /**
   * Called before each redirect is followed, after the scheme check; throw to stop there (the error
   * propagates unchanged). The crawler uses it to refuse redirects that leave the site.
   */
  beforeRedirect?: (to: URL, from: URL, status: number) => void | Promise<void>;
  /**
   * Decides from the status and headers of the final response whether its body is wanted; when it
   * returns false the body is not downloaded (`bodyRead` is false and `body` empty). The crawler uses
   * it to skip PDFs and images without transferring them.
   */
  shouldReadBody?: (head: { status: number; headers: Headers; contentType: string | undefined }) => boolean;
}

export interface SafeResponse {
  status: number;
  statusText: string;
  ok: boolean;
  headers: Headers;
  /** The URL that answered, after redirects. */
  url: string;
  /** Every URL that redirected, in order (empty when the first URL answered). */
  redirects: string[];
  /** The whole body (never truncated: over-size bodies are `fetch.too_large`). */
  body: Buffer;
  /** False when the body was not downloaded (a HEAD request, or `shouldReadBody` said no). */
  bodyRead: boolean;
  /** Media type without parameters, lowercased (`text/html`), when the server sent one. */
  contentType: string | undefined;
  /** The `charset` parameter of Content-Type, lowercased, when sent. */
  charset: string | undefined;
  /** The body decoded with the declared charset (UTF-8 when none or unknown). */
  text(): string;
  /** The body parsed as JSON; throws `fetch.invalid_json` when it is not. */
  json(): unknown;
}

export interface StreamingLimits {
  timeoutMs?: number;
  maxBytes?: number;
}

export interface SafeFetch {
  (url: string | URL, options?: SafeFetchOptions): Promise<SafeResponse>;
  /**
   * The same guarded transport shaped as the standard `fetch`, for libraries that take one (AI SDK
   * providers, platform SDKs). Bodies stream; the byte limit is enforced while streaming (the stream
   * errors with `fetch.too_large`); `redirect: 'follow'` (default) follows hops with the same checks.
   */
  standardFetch(limits?: StreamingLimits): typeof globalThis.fetch;
  readonly allowList: AllowList;
  /** Closes pooled connections. */
  close(): Promise<void>;
}

/** Carries an error thrown by the caller's own callback through our error translation unchanged. */
class CallerError {
  constructor(readonly error: unknown) {}
}

function callSafely<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new CallerError(error);
  }
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const nullBodyStatuses = new Set([101, 103, 204, 205, 304]);
const crossOriginDropped = ['authorization', 'cookie', 'proxy-authorization'];

function parseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = input instanceof URL ? new URL(input.href) : new URL(input);
  } catch {
    throw new AppError('fetch.invalid_url', 400, `"${String(input)}" is not a valid absolute URL`, {
      url: String(input),
    });
  }
  assertScheme(url);
  return url;
}

function assertScheme(url: URL, from?: URL): void {
  if (url.protocol === 'http:' || url.protocol === 'https:') return;
  const where = from ? ` (redirect from ${from.href})` : '';
  throw new AppError(
    'fetch.unsupported_scheme',
    400,
    `only http and https URLs can be fetched; got ${url.protocol.replace(/:$/, '')}${where}`,
    { url: url.href, ...(from ? { from: from.href } : {}) },
  );
}

function tooLarge(url: string, limit: number, declared?: number): AppError {
  return new AppError(
    'fetch.too_large',
    502,
    `the response of ${url} is larger than the ${limit}-byte limit${declared ? ` (${declared} bytes declared)` : ''}; raise FETCH_MAX_BYTES if it is expected`,
    { url, limit, ...(declared ? { declared } : {}) },
  );
}

/** Finds the first AppError or errno code in an error's cause chain (undici wraps socket errors). */
function unwrap(error: unknown): { appError?: AppError; code?: string; message: string } {
  let current: unknown = error;
  let code: string | undefined;
  for (let depth = 0; current && depth < 6; depth++) {
    if (isAppError(current)) return { appError: current, message: current.message };
    const c = (current as { code?: unknown }).code;
    if (typeof c === 'string' && !code) code = c;
    current = (current as { cause?: unknown }).cause;
  }
  return { ...(code ? { code } : {}), message: error instanceof Error ? error.message : String(error) };
}

interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
  clear(): void;
}

/** A deadline timer that fires this much late means this process was not running, not that the peer was slow. */
const STALL_MS = 100;

/**
 * A time limit that counts the time this process could run. When the timer fires late — the process
 * was stalled by a long task or a loaded machine — the answer may be waiting unread, and Node runs due
 * timers before it reads sockets: the limit is extended by the stall (at most twice the limit in all),
 * so a busy crawler does not report pages that answered in time as timed out.
 */
function startDeadline(ms: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  let extended = 0;
  let due = performance.now() + ms;
  const fire = () => {
    const late = performance.now() - due;
    if (late > STALL_MS && extended < ms) {
      const more = Math.min(late, ms - extended);
      extended += more;
      due = performance.now() + more;
      timer = setTimeout(fire, more);
      timer.unref?.();
      return;
    }
    timedOut = true;
    controller.abort(new DOMException('deadline passed', 'TimeoutError'));
  };
  let timer = setTimeout(fire, ms);
  timer.unref?.();
  const onOuter = () => controller.abort(outer?.reason);
  if (outer?.aborted) onOuter();
  else outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    clear() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

function translateError(error: unknown, url: string, deadline: Deadline, timeoutMs: number): AppError {
  if (deadline.timedOut()) {
    return new AppError(
      'fetch.timeout',
      504,
      `${url} did not answer within ${timeoutMs} ms; try again later or raise FETCH_TIMEOUT_MS`,
      { url, timeoutMs },
    );
  }
  const found = unwrap(error);
  if (found.appError) return found.appError;
  if (deadline.signal.aborted) {
    return new AppError('fetch.aborted', 503, `the request to ${url} was cancelled`, { url });
  }
  return new AppError('fetch.network', 502, `cannot reach ${url}: ${found.code ?? found.message}`, {
    url,
    ...(found.code ? { cause: found.code } : {}),
  });
}

interface Hop {
  method: string;
  headers: Headers;
  body: BodyInit | undefined;
}

interface Followed {
  response: UndiciResponse;
  url: URL;
  redirects: string[];
}

function parseContentType(headers: Headers): { contentType?: string; charset?: string } {
  const raw = headers.get('content-type');
  if (!raw) return {};
  const [type, ...params] = raw.split(';');
  const charset = params
    .map((p) => p.trim().split('='))
    .find(([k]) => k?.trim().toLowerCase() === 'charset')?.[1]
    ?.trim()
    .replace(/^"|"$/g, '')
    .toLowerCase();
  return { contentType: type?.trim().toLowerCase() || undefined, ...(charset ? { charset } : {}) };
}

function decode(body: Buffer, charset: string | undefined): string {
  if (charset) {
    try {
      return new TextDecoder(charset).decode(body);
    } catch {
      // Unknown label: fall through to UTF-8, what nearly every page is.
    }
  }
  return new TextDecoder('utf-8').decode(body);
}

async function readCapped(response: UndiciResponse, url: string, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw tooLarge(url, maxBytes, declared);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function limitStream(
  body: ReadableStream<Uint8Array>,
  url: string,
  maxBytes: number,
): ReadableStream<Uint8Array> {
  let total = 0;
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => {});
          controller.error(tooLarge(url, maxBytes));
          return;
        }
        controller.enqueue(value);
      } catch (error) {
        controller.error(error);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** Builds the `safeFetch` of one process (one connection pool, one allow-list). */
export function createSafeFetch(settings: SafeFetchSettings, deps: SafeFetchDeps = {}): SafeFetch {
  const allowList = createAllowList(settings.allowHosts);
  const resolver = deps.resolver ?? systemResolver;
  const agent = new Agent({
    connect: { lookup: guardedLookup(resolver, allowList) },
    connections: 32,
  });
  const defaultRedirects = settings.maxRedirects ?? 5;

  async function follow(
    start: URL,
    first: Hop,
    signal: AbortSignal,
    maxRedirects: number,
    mode: 'follow' | 'manual' | 'error',
    beforeRedirect?: SafeFetchOptions['beforeRedirect'],
  ): Promise<Followed> {
    let url = start;
    let hop = first;
    const redirects: string[] = [];
    for (;;) {
      assertHostAllowed(allowList, url.hostname);
      const response = await undiciFetch(url, {
        method: hop.method,
        headers: Object.fromEntries(hop.headers),
        body: hop.body as never,
        redirect: 'manual',
        signal,
        dispatcher: agent,
      });
      const location = response.headers.get('location');
      if (mode === 'manual' || !redirectStatuses.has(response.status) || location === null) {
        return { response, url, redirects };
      }
      await response.body?.cancel().catch(() => {});
      if (mode === 'error') {
        throw new AppError(
          'fetch.redirect_refused',
          502,
          `${url.href} redirected, and redirects were refused`,
          {
            url: url.href,
          },
        );
      }
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new AppError(
          'fetch.invalid_url',
          502,
          `${url.href} redirected to an invalid URL "${location}"`,
          {
            url: url.href,
            location,
          },
        );
      }
      assertScheme(next, url);
      if (redirects.length >= maxRedirects) {
        throw new AppError(
          'fetch.too_many_redirects',
          502,
          `${start.href} redirected more than ${maxRedirects} times (last to ${next.href})`,
          { url: start.href, redirects: [...redirects, url.href], limit: maxRedirects },
        );
      }
      if (beforeRedirect) {
        try {
          await beforeRedirect(next, url, response.status);
        } catch (error) {
          throw new CallerError(error);
        }
      }
      // Like browsers: 303, and 301/302 after a POST, continue as a body-less GET.
      const toGet =
        response.status === 303 ||
        ((response.status === 301 || response.status === 302) && hop.method === 'POST');
      const headers = new Headers(hop.headers);
      if (toGet) {
        headers.delete('content-type');
        headers.delete('content-length');
      }
      if (next.origin !== url.origin) for (const h of crossOriginDropped) headers.delete(h);
      hop = {
        method: toGet && hop.method !== 'HEAD' ? 'GET' : hop.method,
        headers,
        body: toGet ? undefined : hop.body,
      };
      redirects.push(url.href);
      url = next;
    }
  }

  function baseHeaders(given: HeadersInit | undefined): Headers {
    const headers = new Headers(given);
    if (!headers.has('user-agent')) headers.set('user-agent', settings.userAgent);
    return headers;
  }

  const safeFetch = (async (input: string | URL, options: SafeFetchOptions = {}): Promise<SafeResponse> => {
    const start = parseUrl(input);
    const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    const maxBytes = options.maxBytes ?? settings.maxBytes;
    const deadline = startDeadline(timeoutMs, options.signal);
    let current = start.href;
    try {
      const method = (options.method ?? 'GET').toUpperCase();
      const followed = await follow(
        start,
        { method, headers: baseHeaders(options.headers), body: options.body as BodyInit | undefined },
        deadline.signal,
        options.maxRedirects ?? defaultRedirects,
        'follow',
        options.beforeRedirect,
      );
      current = followed.url.href;
      const headers = new Headers(followed.response.headers as unknown as Headers);
      const { contentType, charset } = parseContentType(headers);
      const bodyRead =
        method !== 'HEAD' &&
        (callSafely(() =>
          options.shouldReadBody?.({ status: followed.response.status, headers, contentType }),
        ) ??
          true);
      let body: Buffer = Buffer.alloc(0);
      if (bodyRead) body = await readCapped(followed.response, current, maxBytes);
      else await followed.response.body?.cancel().catch(() => {});
      return {
        status: followed.response.status,
        statusText: followed.response.statusText,
        ok: followed.response.ok,
        headers,
        url: current,
        redirects: followed.redirects,
        body,
        bodyRead,
        contentType,
        charset,
        text: () => decode(body, charset),
        json() {
          try {
            return JSON.parse(decode(body, charset)) as unknown;
          } catch {
            throw new AppError('fetch.invalid_json', 502, `the response of ${current} is not valid JSON`, {
              url: current,
            });
          }
        },
      };
    } catch (error) {
      if (error instanceof CallerError) throw error.error;
      throw translateError(error, current, deadline, timeoutMs);
    } finally {
      deadline.clear();
    }
  }) as SafeFetch;

  const standardFetch = (limits: StreamingLimits = {}): typeof globalThis.fetch => {
    const timeoutMs = limits.timeoutMs ?? settings.timeoutMs;
    const maxBytes = limits.maxBytes ?? settings.maxBytes;
    return async (input, init = {}) => {
      const request = input instanceof Request ? input : undefined;
      const start = parseUrl(request ? request.url : (input as string | URL));
      const method = (init.method ?? request?.method ?? 'GET').toUpperCase();
      const body =
        init.body ??
        (request && method !== 'GET' && method !== 'HEAD' ? await request.arrayBuffer() : undefined) ??
        undefined;
      const signal = init.signal ?? request?.signal ?? undefined;
      const deadline = startDeadline(timeoutMs, signal);
      let current = start.href;
      try {
        const redirect = init.redirect ?? request?.redirect ?? 'follow';
        const followed = await follow(
          start,
          { method, headers: baseHeaders(init.headers ?? request?.headers), body: body ?? undefined },
          deadline.signal,
          defaultRedirects,
          redirect,
        );
        current = followed.url.href;
        const res = followed.response;
        const declared = Number(res.headers.get('content-length') ?? Number.NaN);
        if (Number.isFinite(declared) && declared > maxBytes) {
          await res.body?.cancel().catch(() => {});
          throw tooLarge(current, maxBytes, declared);
        }
        const stream =
          nullBodyStatuses.has(res.status) || !res.body
            ? null
            : limitStream(res.body as unknown as ReadableStream<Uint8Array>, current, maxBytes);
        // The deadline keeps running while the caller reads the body; it is released when the body ends.
        const response = new Response(stream ? releaseOnEnd(stream, deadline) : null, {
          status: res.status,
          statusText: res.statusText,
          headers: res.headers as unknown as Headers,
        });
        if (!stream) deadline.clear();
        Object.defineProperty(response, 'url', { value: current });
        Object.defineProperty(response, 'redirected', { value: followed.redirects.length > 0 });
        return response;
      } catch (error) {
        deadline.clear();
        if (error instanceof CallerError) throw error.error;
        throw translateError(error, current, deadline, timeoutMs);
      }
    };
  };

  Object.assign(safeFetch, {
    standardFetch,
    allowList,
    close: () => agent.close(),
  });
  return safeFetch;
}

function releaseOnEnd(stream: ReadableStream<Uint8Array>, deadline: Deadline): ReadableStream<Uint8Array> {
  const reader = stream.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          deadline.clear();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        const timedOut = deadline.timedOut();
        deadline.clear();
        controller.error(
          timedOut ? new AppError('fetch.timeout', 504, 'the response body did not finish in time') : error,
        );
      }
    },
    cancel(reason) {
      deadline.clear();
      return reader.cancel(reason);
    },
  });
}
