/**
 * A scripted platform for adapter unit tests: records every request the adapter builds and answers from
 * a list of routes, through the same error mapping the real client applies.
 */
import type { PlatformError } from '../platforms/errors.js';
import type { PlatformHttp, PlatformRequest, PlatformResponse } from '../platforms/http.js';
import type { AccountSession, PlatformAdapter, PublishedPart, PublishHooks } from '../platforms/types.js';

export interface Answer {
  status?: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export type Route = [
  method: string,
  pathPattern: RegExp,
  answer: Answer | ((req: PlatformRequest) => Answer),
];

export interface RecordedRequest extends PlatformRequest {
  path: string;
}

export function fakeHttp(
  adapter: Pick<PlatformAdapter, 'platform' | 'mapError'>,
  routes: Route[],
): PlatformHttp & {
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  return {
    platform: adapter.platform,
    requests,
    async send(req) {
      const url = new URL(req.url);
      for (const [k, v] of Object.entries(req.query ?? {}))
        if (v !== undefined) url.searchParams.set(k, String(v));
      const path = url.pathname;
      requests.push({ ...req, url: url.href, path });
      const route = routes.find(([m, p]) => m === req.method && p.test(path));
      if (!route) throw new Error(`no scripted answer for ${req.method} ${path}`);
      const answer = typeof route[2] === 'function' ? route[2](req) : route[2];
      const body = Buffer.from(answer.json === undefined ? '' : JSON.stringify(answer.json));
      const res: PlatformResponse = {
        status: answer.status ?? 200,
        headers: new Headers(answer.headers ?? {}),
        body,
        json: <T>() => (body.length ? JSON.parse(body.toString()) : {}) as T,
      };
      if (res.status >= 200 && res.status < 300) return res;
      const mapped: PlatformError = adapter.mapError(res, Date.parse('2026-07-01T12:00:00Z'));
      if (mapped.kind === 'transient' && req.creates && res.status >= 500)
        throw mapped.withDelivery('unknown');
      throw mapped;
    },
  };
}

export function fakeSession(http: PlatformHttp, overrides: Partial<AccountSession> = {}): AccountSession {
  return {
    accessToken: 'token-abc',
    externalId: '42',
    handle: 'acme',
    details: {},
    http,
    async loadMedia(url) {
      return {
        bytes: Buffer.from(`bytes of ${url}`),
        contentType: url.endsWith('.mp4') ? 'video/mp4' : url.endsWith('.png') ? 'image/png' : 'image/jpeg',
      };
    },
    wait: async () => {},
    poll: { intervalMs: 1, timeoutMs: 60_000 },
    ...overrides,
  };
}

/** Hooks that record what the publisher would write down. */
export function recordingHooks(done: PublishedPart[] = []): PublishHooks & { events: string[] } {
  const events: string[] = [];
  return {
    done,
    events,
    async beforeSend(i) {
      events.push(`send ${i}`);
    },
    async published(i, part) {
      events.push(`published ${i} ${part.id}`);
    },
  };
}
