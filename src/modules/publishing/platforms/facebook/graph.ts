/**
 * What Facebook Pages and Instagram (through Facebook Login) share: the Graph API host and version, the
 * error envelope `{error:{message,type,code,error_subcode,fbtrace_id}}`, the usage headers
 * (`X-App-Usage`, `X-Business-Use-Case-Usage`, `X-Page-Usage`, percentages of a budget that throttles at
 * 100) and the login: code → short-lived user token → long-lived user token → the Pages' own tokens.
 */
import type { Platform } from '../../../../core/platforms.js';
import { joinUrl, type PlatformEndpoints } from '../endpoints.js';
import { PlatformError, type PlatformErrorKind, retryAfterAt } from '../errors.js';
import { laneOf, type PlatformHttp, type PlatformResponse } from '../http.js';
import type { LimitSignal, OAuthApp, TokenSet } from '../types.js';

export type GraphEndpoints = PlatformEndpoints['facebook'];

export const graphUrl = (e: GraphEndpoints, path: string) =>
  joinUrl(e.graphBaseUrl, `/${e.graphVersion}/${path.replace(/^\/+/, '')}`);

/** Usage at or above this share of a budget waits rather than spending the rest. */
const THROTTLE_PERCENT = 95;
/** How long to wait when Meta reports a spent budget without saying for how long. */
const DEFAULT_WAIT_MS = 10 * 60_000;

interface Usage {
  call_count?: number;
  total_cputime?: number;
  total_time?: number;
  estimated_time_to_regain_access?: number;
}

function parseHeader(value: string | null): unknown {
  if (!value) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const peak = (u: Usage) => Math.max(u.call_count ?? 0, u.total_cputime ?? 0, u.total_time ?? 0);

/** The longest wait the business-use-case header asks for, in ms (0 when none). */
function bucWaitMs(headers: Headers): { waitMs: number; spent: boolean } {
  const buc = parseHeader(headers.get('x-business-use-case-usage'));
  let waitMs = 0;
  let spent = false;
  if (buc && typeof buc === 'object') {
    for (const entries of Object.values(buc as Record<string, Usage[]>)) {
      for (const u of Array.isArray(entries) ? entries : []) {
        const regain = (u.estimated_time_to_regain_access ?? 0) * 60_000;
        if (regain > 0 || peak(u) >= THROTTLE_PERCENT) spent = true;
        waitMs = Math.max(waitMs, regain);
      }
    }
  }
  return { waitMs, spent };
}

export function graphLimitSignals(endpoint: string, headers: Headers, nowMs: number): LimitSignal[] {
  const lane = laneOf(endpoint);
  const signals: LimitSignal[] = [];
  const app = parseHeader(headers.get('x-app-usage')) as Usage | undefined;
  if (app && peak(app) >= THROTTLE_PERCENT) {
    signals.push({
      scope: 'platform',
      lane,
      until: new Date(nowMs + DEFAULT_WAIT_MS).toISOString(),
      reason: `X-App-Usage at ${peak(app)}%`,
    });
  }
  const buc = bucWaitMs(headers);
  if (buc.spent) {
    signals.push({
      scope: 'account',
      lane,
      until: new Date(nowMs + (buc.waitMs || DEFAULT_WAIT_MS)).toISOString(),
      reason: `X-Business-Use-Case-Usage spent on ${endpoint}`,
    });
  }
  const page = parseHeader(headers.get('x-page-usage')) as Usage | undefined;
  if (page && peak(page) >= THROTTLE_PERCENT) {
    signals.push({
      scope: 'account',
      lane,
      until: new Date(nowMs + DEFAULT_WAIT_MS).toISOString(),
      reason: `X-Page-Usage at ${peak(page)}%`,
    });
  }
  return signals;
}

const RATE_CODES = new Set([4, 17, 32, 341, 613, 80001, 80002, 80005]);
const AUTH_SUBCODES = new Set([458, 459, 460, 463, 464, 467, 492]);
/** Instagram: the post's media could not be fetched or processed. */
const MEDIA_SUBCODES = new Set([
  2207001, 2207003, 2207004, 2207005, 2207006, 2207009, 2207010, 2207026, 2207052,
]);

export function graphErrorMapper(platform: Platform) {
  return (res: PlatformResponse, nowMs: number): PlatformError => {
    let e: {
      message?: string;
      type?: string;
      code?: number;
      error_subcode?: number;
      error_user_msg?: string;
    } = {};
    try {
      e = (JSON.parse(res.body.toString('utf8')) as { error?: typeof e }).error ?? {};
    } catch {
      // Not the Graph envelope: the status says enough.
    }
    const message = e.error_user_msg ?? e.message ?? `HTTP ${res.status}`;
    const code = e.code;
    const sub = e.error_subcode;
    let kind: PlatformErrorKind;
    let retryAt: string | undefined;
    if (code === 190 || code === 102 || (sub !== undefined && AUTH_SUBCODES.has(sub))) kind = 'auth_expired';
    else if (
      (code !== undefined && RATE_CODES.has(code)) ||
      res.status === 429 ||
      sub === 2207042 ||
      code === 9
    ) {
      kind = 'rate_limited';
      const buc = bucWaitMs(res.headers).waitMs;
      retryAt =
        buc > 0
          ? new Date(nowMs + buc).toISOString()
          : (retryAfterAt(res.headers, nowMs) ?? new Date(nowMs + DEFAULT_WAIT_MS).toISOString());
    } else if (code === 506) kind = 'duplicate';
    else if (code === 1 || code === 2 || res.status >= 500) kind = 'transient';
    else if (
      (sub !== undefined && MEDIA_SUBCODES.has(sub)) ||
      code === 324 ||
      code === 352 ||
      code === 36000 ||
      code === 36003
    )
      kind = 'invalid_media';
    else kind = 'permanent';
    return new PlatformError({
      platform,
      kind,
      delivery: 'refused',
      message,
      httpStatus: res.status,
      ...(code !== undefined ? { platformCode: sub !== undefined ? `${code}/${sub}` : String(code) } : {}),
      ...(retryAt ? { retryAt } : {}),
    });
  };
}

export function graphAuthorizationUrl(
  e: GraphEndpoints,
  app: OAuthApp,
  state: string,
  scopes: string[],
): string {
  const url = new URL(joinUrl(e.dialogBaseUrl, `/${e.graphVersion}/dialog/oauth`));
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', app.redirectUri);
  url.searchParams.set('state', state);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', scopes.join(','));
  return url.href;
}

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
}

function userToken(platform: Platform, answer: TokenAnswer, nowMs: number): TokenSet {
  if (!answer.access_token) {
    throw new PlatformError({
      platform,
      kind: 'permanent',
      delivery: 'refused',
      message: 'the token answer has no access_token',
    });
  }
  return {
    accessToken: answer.access_token,
    ...(answer.expires_in ? { expiresAt: new Date(nowMs + answer.expires_in * 1000).toISOString() } : {}),
  };
}

/** Code → short-lived user token → long-lived user token (about 60 days), whose Page tokens do not expire. */
export async function graphExchangeCode(
  e: GraphEndpoints,
  http: PlatformHttp,
  app: OAuthApp,
  code: string,
  nowMs: () => number,
): Promise<TokenSet> {
  const short = await http.send({
    method: 'GET',
    url: graphUrl(e, '/oauth/access_token'),
    query: { client_id: app.clientId, client_secret: app.clientSecret, redirect_uri: app.redirectUri, code },
  });
  const shortToken = userToken(http.platform, short.json<TokenAnswer>(), nowMs());
  return graphLongLived(e, http, app, shortToken.accessToken, nowMs);
}

export async function graphLongLived(
  e: GraphEndpoints,
  http: PlatformHttp,
  app: OAuthApp,
  token: string,
  nowMs: () => number,
): Promise<TokenSet> {
  const long = await http.send({
    method: 'GET',
    url: graphUrl(e, '/oauth/access_token'),
    query: {
      grant_type: 'fb_exchange_token',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      fb_exchange_token: token,
    },
  });
  return userToken(http.platform, long.json<TokenAnswer>(), nowMs());
}

export interface GraphPage {
  id: string;
  name?: string;
  access_token?: string;
  link?: string;
  instagram_business_account?: { id: string; username?: string; name?: string };
}

/**
 * The Pages a user token manages, each with its own token. A token that is itself a Page token has no
 * /me/accounts; then /me is the Page.
 */
export async function graphPages(e: GraphEndpoints, http: PlatformHttp, token: string): Promise<GraphPage[]> {
  try {
    const res = await http.send({
      method: 'GET',
      url: graphUrl(e, '/me/accounts'),
      query: {
        fields: 'id,name,access_token,link,instagram_business_account{id,username,name}',
        limit: 100,
        access_token: token,
      },
    });
    const pages = res.json<{ data?: GraphPage[] }>().data ?? [];
    if (pages.length > 0) return pages;
  } catch (error) {
    if (!(error instanceof PlatformError) || error.kind !== 'permanent') throw error;
  }
  // Only a Page has `category`: asked of a user, Graph refuses the field, and the token manages no Page.
  try {
    const me = await http.send({
      method: 'GET',
      url: graphUrl(e, '/me'),
      query: {
        fields: 'id,name,category,link,instagram_business_account{id,username,name}',
        access_token: token,
      },
    });
    const page = me.json<GraphPage & { category?: string }>();
    return page.id && page.category ? [{ ...page, access_token: token }] : [];
  } catch (error) {
    if (error instanceof PlatformError && error.kind === 'permanent') return [];
    throw error;
  }
}
