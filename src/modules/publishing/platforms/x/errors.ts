/**
 * X's answers in our terms. X sends RFC 7807 problem details (`{title, detail, type, status}`, types under
 * `https://api.x.com/2/problems/…` or the older api.twitter.com) or the legacy `{errors:[{code,message}]}`;
 * budgets in `x-rate-limit-*` (15-minute windows) and `x-user-limit-24hour-*` / `x-app-limit-24hour-*`.
 */
import { PlatformError, type PlatformErrorKind, retryAfterAt } from '../errors.js';
import type { PlatformResponse } from '../http.js';
import { laneOf } from '../http.js';
import type { LimitSignal } from '../types.js';

interface Problem {
  title?: string;
  detail?: string;
  type?: string;
  status?: number;
  errors?: Array<{ code?: number; message?: string; title?: string; detail?: string; type?: string }>;
}

function readProblem(res: PlatformResponse): Problem {
  try {
    const body = JSON.parse(res.body.toString('utf8')) as unknown;
    return body && typeof body === 'object' ? (body as Problem) : {};
  } catch {
    return {};
  }
}

const unixReset = (value: string | null): string | undefined => {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : undefined;
};

/** The latest reset among the limits this answer says are spent. */
function resetOf(headers: Headers): string | undefined {
  const spent = ['x-rate-limit', 'x-user-limit-24hour', 'x-app-limit-24hour']
    .filter((p) => headers.get(`${p}-remaining`) === '0')
    .map((p) => unixReset(headers.get(`${p}-reset`)))
    .filter((v): v is string => v !== undefined)
    .sort();
  return spent.at(-1) ?? unixReset(headers.get('x-rate-limit-reset'));
}

export function mapXError(res: PlatformResponse, nowMs: number): PlatformError {
  const p = readProblem(res);
  const first = p.errors?.[0];
  const detail =
    p.detail ?? first?.detail ?? first?.message ?? p.title ?? first?.title ?? `HTTP ${res.status}`;
  const type = (p.type ?? first?.type ?? '').replace(/^https?:\/\/api\.(x|twitter)\.com\/2\/problems\//, '');
  const code = first?.code !== undefined ? String(first.code) : type || undefined;
  let kind: PlatformErrorKind;
  let retryAt: string | undefined;
  if (res.status === 401) kind = 'auth_expired';
  else if (
    res.status === 429 ||
    type === 'rate-limit-exceeded' ||
    type === 'usage-capped' ||
    first?.code === 88
  ) {
    kind = 'rate_limited';
    retryAt =
      resetOf(res.headers) ?? retryAfterAt(res.headers, nowMs) ?? new Date(nowMs + 15 * 60_000).toISOString();
  } else if (/duplicate/i.test(detail)) kind = 'duplicate';
  else if (res.status >= 500) kind = 'transient';
  else if (/media/i.test(detail) || /media/i.test(type)) kind = 'invalid_media';
  else kind = 'permanent';
  return new PlatformError({
    platform: 'x',
    kind,
    delivery: 'refused',
    message: detail,
    httpStatus: res.status,
    ...(code ? { platformCode: code } : {}),
    ...(retryAt ? { retryAt } : {}),
  });
}

/** A spent user budget waits the account; a spent app budget (24 hours, every user) waits the platform. */
export function xLimitSignals(endpoint: string, headers: Headers): LimitSignal[] {
  const signals: LimitSignal[] = [];
  for (const [prefix, scope] of [
    ['x-rate-limit', 'account'],
    ['x-user-limit-24hour', 'account'],
    ['x-app-limit-24hour', 'platform'],
  ] as const) {
    if (headers.get(`${prefix}-remaining`) !== '0') continue;
    const until = unixReset(headers.get(`${prefix}-reset`));
    if (until)
      signals.push({ scope, lane: laneOf(endpoint), until, reason: `${prefix} spent on ${endpoint}` });
  }
  return signals;
}
