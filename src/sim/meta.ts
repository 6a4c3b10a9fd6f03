import { Hono } from 'hono';
import type { Platform } from '../core/platforms.js';
import { facebookNode } from './facebook.js';
import { bearer, json, type Params, readParams, type SimContext, type SimEnv, str } from './http.js';
import { instagramNode } from './instagram.js';
import { authorize, redeemCode, revokeGrant } from './oauth.js';
import type { PlatformErrors } from './server.js';
import type { SimAccount, SimToken, SimWorld } from './world.js';

/**
 * Meta's Graph API for Facebook Pages and Instagram (Instagram API with Facebook Login), written from
 * developers.facebook.com pages and Meta's codegen specs (../shared/specs/meta/graph-api-specs;
 * PLATFORM-APIS.md §3-4). Mounted under `/meta`, with or without a version segment:
 * `{sim}/meta/v25.0/{page-id}/feed` is `https://graph.facebook.com/v25.0/{page-id}/feed`, and the login
 * dialog `https://www.facebook.com/v25.0/dialog/oauth` is `{sim}/meta/v25.0/dialog/oauth`.
 */

export function stripGraphVersion(rel: string): string {
  return rel.replace(/^\/v\d+(\.\d+)?(?=\/|$)/, '') || '/';
}

/** Which platform a Graph path belongs to: the node's kind decides (Instagram ids vs the rest). */
export function metaPlatformOf(world: SimWorld, rel: string): Platform {
  const node = rel.split('/').filter(Boolean)[0];
  if (!node) return 'facebook';
  if (world.accounts.get(node)?.platform === 'instagram') return 'instagram';
  if (world.uploads.get(node)?.platform === 'instagram') return 'instagram';
  if (world.posts.get(node)?.platform === 'instagram') return 'instagram';
  return 'facebook';
}

// ---- errors -----------------------------------------------------------------------------------------------

export interface GraphErrorFields {
  subcode?: number;
  type?: string;
  transient?: boolean;
  userTitle?: string;
  userMessage?: string;
}

/** The Graph error envelope: `{"error":{message,type,code,error_subcode,fbtrace_id,…}}`. */
export function graphError(
  world: SimWorld,
  status: number,
  code: number,
  message: string,
  f: GraphErrorFields = {},
  headers: Record<string, string> = {},
): Response {
  const error: Record<string, unknown> = { message, type: f.type ?? 'OAuthException', code };
  if (f.subcode !== undefined) error.error_subcode = f.subcode;
  if (f.transient) error.is_transient = true;
  if (f.userTitle) error.error_user_title = f.userTitle;
  if (f.userMessage) error.error_user_msg = f.userMessage;
  error.fbtrace_id = world.rng.chars(11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
  const auth: Record<string, string> =
    code === 190 ? { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token"' } : {};
  return json({ error }, status, { ...auth, ...headers });
}

/** Meta answers throttling with HTTP 403 and a code, not 429 (observed; the docs give codes only). */
function throttled(world: SimWorld, platform: Platform, headers: Record<string, string> = {}): Response {
  if (platform === 'instagram') {
    return graphError(
      world,
      403,
      80002,
      'There have been too many calls to this Instagram account. Wait a bit and try again.',
      { transient: true },
      headers,
    );
  }
  return graphError(
    world,
    403,
    80001,
    'There have been too many calls to this Page account. Wait a bit and try again.',
    { transient: true },
    headers,
  );
}

export const metaErrors: PlatformErrors = {
  serverError: (status, world) =>
    graphError(world, status, 2, 'An unexpected error has occurred. Please retry your request later.', {
      transient: true,
    }),
  rateLimited: (world, c) => {
    const platform = c.get('call').platform;
    const rel = stripGraphVersion(c.req.path.slice('/meta'.length));
    const node = rel.split('/').filter(Boolean)[0] ?? 'app';
    const usage = JSON.stringify({
      [node]: [
        {
          type: platform === 'instagram' ? 'instagram' : 'pages',
          call_count: 100,
          total_cputime: 60,
          total_time: 80,
          estimated_time_to_regain_access: 15,
        },
      ],
    });
    return throttled(world, platform, { 'x-business-use-case-usage': usage });
  },
  duplicate: (world) => graphError(world, 400, 506, '(#506) Duplicate status message'),
};

// ---- the calling context ----------------------------------------------------------------------------------

export interface GraphCall {
  world: SimWorld;
  c: SimContext;
  params: Params;
  token: SimToken;
  method: string;
  node: string;
  edge: string | undefined;
  /** Response headers to add (usage). */
  headers: Record<string, string>;
  /** The requested `fields`, top-level names with their modifiers. */
  fields: Map<string, string>;
}

/** Splits `fields=a,b.summary(true).limit(0),c{d,e}` into top-level names → modifiers. */
export function parseFields(value: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!value) return out;
  let depth = 0;
  let current = '';
  const flush = () => {
    const f = current.trim();
    if (f) {
      const m = /^([A-Za-z0-9_]+)(.*)$/.exec(f);
      if (m?.[1]) out.set(m[1], m[2] ?? '');
    }
    current = '';
  };
  for (const ch of value) {
    if (ch === '(' || ch === '{') depth++;
    if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) flush();
    else current += ch;
  }
  flush();
  return out;
}

/** `+0000` timestamps as the Graph API writes them. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export function respond(call: GraphCall, body: unknown, status = 200): Response {
  return json(body, status, call.headers);
}

export function fail(
  call: GraphCall,
  status: number,
  code: number,
  message: string,
  f: GraphErrorFields = {},
): Response {
  return graphError(call.world, status, code, message, f, call.headers);
}

export function unsupported(call: GraphCall): Response {
  return fail(
    call,
    400,
    100,
    `Unsupported ${call.method.toLowerCase()} request. Object with ID '${call.node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    { subcode: 33, type: 'GraphMethodException' },
  );
}

export function hasScopes(call: GraphCall, ...scopes: string[]): boolean {
  return scopes.every((s) => call.token.scopes.includes(s));
}

/** The identity behind the token may act for the account (a page token only for its own page). */
export function canManage(call: GraphCall, account: SimAccount): boolean {
  if (call.token.kind === 'page') {
    return (
      call.token.accountId === account.id ||
      (account.platform === 'instagram' && account.linkedId === call.token.accountId)
    );
  }
  return account.managers.includes(call.token.identityId);
}

/** Pagination over a list (`limit`, `after`/`before` cursors) in the Graph shape. */
export function page<T>(
  call: GraphCall,
  items: T[],
  render: (item: T) => Record<string, unknown>,
): Record<string, unknown> {
  const limit = Math.min(100, Math.max(1, Number(str(call.params.limit) ?? 25) || 25));
  const after = str(call.params.after);
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) || 0 : 0;
  const slice = items.slice(start, start + limit);
  const body: Record<string, unknown> = { data: slice.map(render) };
  if (slice.length > 0) {
    const cursors = {
      before: Buffer.from(String(start)).toString('base64url'),
      after: Buffer.from(String(start + slice.length)).toString('base64url'),
    };
    const paging: Record<string, unknown> = { cursors };
    if (start + limit < items.length) {
      const next = new URL(call.c.req.url);
      next.searchParams.set('after', cursors.after);
      paging.next = next.toString();
    }
    body.paging = paging;
  }
  return body;
}

// ---- usage and throttling ---------------------------------------------------------------------------------

const hourMs = 3600_000;
const dayMs = 86_400_000;

function pct(used: number, budget: number): number {
  return Math.min(100, Math.round((100 * used) / Math.max(1, budget)));
}

/**
 * Counts the call against Meta's budgets and sets the usage headers: `X-App-Usage` for user tokens
 * (platform rate limit, per app per rolling hour) and `X-Business-Use-Case-Usage` for Page tokens and
 * Instagram calls (BUC, per page / Instagram account per rolling 24 h). cputime and time are modelled as
 * fixed shares of the call count. Returns a throttling error when the budget is spent.
 */
function countUsage(
  world: SimWorld,
  c: SimContext,
  token: SimToken,
  node: string,
): { headers: Record<string, string>; error?: Response } {
  const now = world.now();
  const platform = c.get('call').platform;
  const limits = world.config.limits;
  const business =
    token.kind === 'page'
      ? token.accountId
      : platform === 'instagram'
        ? instagramAccountOf(world, node)
        : undefined;
  if (business) {
    const type = platform === 'instagram' ? 'instagram' : 'pages';
    const budget = type === 'instagram' ? limits.metaInstagramCallsPerDay : limits.metaPageCallsPerDay;
    const key = `meta:buc:${business}`;
    const used = world.usage.count(key, dayMs, now);
    const over = used >= budget;
    const count = over ? used : world.usage.record(key, dayMs, now);
    const regain = over ? Math.ceil((world.usage.oldestExitMs(key, dayMs, now) - now) / 60_000) : 0;
    const p = pct(count, budget);
    const headers = {
      'x-business-use-case-usage': JSON.stringify({
        [business]: [
          {
            type,
            call_count: p,
            total_cputime: Math.round(p * 0.6),
            total_time: Math.round(p * 0.8),
            estimated_time_to_regain_access: regain,
          },
        ],
      }),
    };
    if (over) {
      c.get('call').rateLimited = true;
      return { headers, error: throttled(world, platform, headers) };
    }
    return { headers };
  }
  const key = `meta:app:${token.clientId}`;
  const budget = limits.metaAppCallsPerHour;
  const used = world.usage.count(key, hourMs, now);
  const over = used >= budget;
  const count = over ? used : world.usage.record(key, hourMs, now);
  const p = pct(count, budget);
  const headers = {
    'x-app-usage': JSON.stringify({
      call_count: p,
      total_cputime: Math.round(p * 0.6),
      total_time: Math.round(p * 0.8),
    }),
  };
  if (over) {
    c.get('call').rateLimited = true;
    return {
      headers,
      error: graphError(
        world,
        403,
        4,
        '(#4) Application request limit reached',
        { transient: true },
        headers,
      ),
    };
  }
  return { headers };
}

function instagramAccountOf(world: SimWorld, node: string): string | undefined {
  if (world.accounts.get(node)?.platform === 'instagram') return node;
  const upload = world.uploads.get(node);
  if (upload?.platform === 'instagram') return upload.ownerId;
  const post = world.posts.get(node);
  if (post?.platform === 'instagram') return post.accountId;
  return undefined;
}

// ---- OAuth ------------------------------------------------------------------------------------------------

const shortLivedSec = 5400;
const longLivedSec = 5_183_944;

function dialog(world: SimWorld, c: SimContext): Response {
  const q = new URL(c.req.url).searchParams;
  const scopes = (q.get('scope') ?? 'public_profile').split(/[\s,]+/).filter(Boolean);
  const out = authorize(world, {
    provider: 'meta',
    clientId: q.get('client_id') ?? undefined,
    redirectUri: q.get('redirect_uri') ?? undefined,
    scopes: scopes.includes('public_profile') ? scopes : ['public_profile', ...scopes],
    state: q.get('state') ?? undefined,
    codeChallenge: q.get('code_challenge') ?? undefined,
    codeChallengeMethod: q.get('code_challenge_method') ?? undefined,
    userHint: q.get('sim_user') ?? undefined,
    codeTtlMs: 10 * 60_000,
  });
  if (out.kind === 'error') {
    return graphError(world, 400, 191, `Can't load URL: ${out.description}`, {
      userTitle: "URL can't be loaded",
    });
  }
  if (out.location.searchParams.get('error') === 'access_denied') {
    out.location.searchParams.set('error_reason', 'user_denied');
    out.location.searchParams.set('error_description', 'Permissions error');
  }
  // Facebook appends `#_=_` to the redirect.
  out.location.hash = '_=_';
  return c.redirect(out.location.toString(), 302);
}

function issueUserToken(
  world: SimWorld,
  identityId: string,
  clientId: string,
  scopes: string[],
  grantId: string,
  longLived: boolean,
): SimToken {
  return world.issueToken({
    prefix: 'EAAU',
    provider: 'meta',
    kind: 'user',
    identityId,
    clientId,
    scopes,
    expiresAtMs: world.now() + (longLived ? longLivedSec : shortLivedSec) * 1000,
    grantId,
    longLived,
  });
}

async function accessToken(world: SimWorld, c: SimContext): Promise<Response> {
  const p = await readParams(c);
  const clientId = str(p.client_id);
  const app = clientId ? world.app('meta', clientId) : undefined;
  const grant = str(p.grant_type);
  if (!app) return graphError(world, 400, 101, 'Error validating application. Invalid application ID.');
  if (str(p.client_secret) !== app.clientSecret && !(grant === undefined && str(p.code_verifier))) {
    return graphError(world, 400, 1, 'Error validating client secret.');
  }
  if (grant === 'client_credentials')
    return json({ access_token: `${app.clientId}|${app.clientSecret}`, token_type: 'bearer' });
  if (grant === 'fb_exchange_token') {
    const short = world.token('meta', str(p.fb_exchange_token));
    const state = world.tokenState(short);
    if (!short || state !== 'valid' || short.kind !== 'user') {
      return graphError(
        world,
        400,
        190,
        state === 'expired'
          ? 'Error validating access token: Session has expired.'
          : 'Invalid OAuth access token - Cannot parse access token',
        state === 'expired' ? { subcode: 463 } : {},
      );
    }
    const long = issueUserToken(world, short.identityId, app.clientId, short.scopes, short.grantId, true);
    return json({ access_token: long.value, token_type: 'bearer', expires_in: longLivedSec });
  }
  const code = redeemCode(world, 'meta', str(p.code), {
    clientId: app.clientId,
    redirectUri: str(p.redirect_uri),
    codeVerifier: str(p.code_verifier),
  });
  if (code === 'redirect_mismatch') {
    return graphError(
      world,
      400,
      100,
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      { subcode: 36008 },
    );
  }
  if (code === 'used')
    return graphError(world, 400, 100, 'This authorization code has been used.', { subcode: 36009 });
  if (code === 'expired')
    return graphError(world, 400, 100, 'This authorization code has expired.', { subcode: 36007 });
  if (typeof code === 'string') return graphError(world, 400, 100, 'Invalid verification code format.');
  const token = issueUserToken(
    world,
    code.identityId,
    app.clientId,
    code.scopes,
    world.secret('grant-'),
    false,
  );
  return json({ access_token: token.value, token_type: 'bearer', expires_in: shortLivedSec });
}

async function debugToken(world: SimWorld, c: SimContext): Promise<Response> {
  const p = await readParams(c);
  const caller = str(p.access_token) ?? bearer(c);
  const appToken = caller?.includes('|') ? caller.split('|') : undefined;
  const callerToken = world.token('meta', caller);
  const appOk = appToken && world.app('meta', appToken[0] ?? '')?.clientSecret === appToken[1];
  if (!appOk && world.tokenState(callerToken) !== 'valid')
    return graphError(world, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
  const input = world.token('meta', str(p.input_token));
  if (!input)
    return json({
      data: { is_valid: false, error: { code: 190, message: 'Invalid OAuth access token.' }, scopes: [] },
    });
  const state = world.tokenState(input);
  const data: Record<string, unknown> = {
    app_id: input.clientId,
    type: input.kind === 'page' ? 'PAGE' : 'USER',
    application: 'dify-agent (simulated app)',
    data_access_expires_at: Math.floor((input.issuedAtMs + 90 * 86_400_000) / 1000),
    expires_at: input.expiresAtMs === null ? 0 : Math.floor(input.expiresAtMs / 1000),
    is_valid: state === 'valid',
    issued_at: Math.floor(input.issuedAtMs / 1000),
    scopes: input.scopes,
    granular_scopes: input.scopes
      .filter((s) => s.startsWith('pages_') || s.startsWith('instagram_'))
      .map((scope) => ({
        scope,
        target_ids: world
          .accountsManagedBy(input.identityId, scope.startsWith('instagram_') ? 'instagram' : 'facebook')
          .map((a) => a.id),
      })),
    user_id: input.identityId,
  };
  if (input.kind === 'page') data.profile_id = input.accountId;
  if (state === 'expired')
    data.error = { code: 190, message: 'Error validating access token: Session has expired.', subcode: 463 };
  return json({ data });
}

// ---- the Graph dispatcher ---------------------------------------------------------------------------------

function tokenProblem(
  world: SimWorld,
  value: string | undefined,
  token: SimToken | undefined,
): Response | undefined {
  if (!value)
    return graphError(
      world,
      400,
      2500,
      'An active access token must be used to query information about the current user.',
    );
  const state = world.tokenState(token);
  if (state === 'missing')
    return graphError(world, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
  if (state === 'expired') {
    const at = new Date(token?.expiresAtMs ?? 0).toUTCString();
    return graphError(
      world,
      400,
      190,
      `Error validating access token: Session has expired on ${at}. The current time is ${new Date(world.now()).toUTCString()}.`,
      { subcode: 463 },
    );
  }
  if (state === 'revoked') {
    return graphError(
      world,
      400,
      190,
      'Error validating access token: The user has not authorized application.',
      { subcode: 458 },
    );
  }
  if (token?.kind === 'refresh')
    return graphError(world, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
  return undefined;
}

/** A Page token for a person's page: one per grant and page, expiring with a short-lived user token. */
function pageTokenFor(world: SimWorld, user: SimToken, page: SimAccount): SimToken {
  for (const t of world.tokens.values()) {
    if (
      t.kind === 'page' &&
      t.grantId === user.grantId &&
      t.accountId === page.id &&
      world.tokenState(t) === 'valid'
    )
      return t;
  }
  return world.issueToken({
    prefix: 'EAAP',
    provider: 'meta',
    kind: 'page',
    identityId: user.identityId,
    accountId: page.id,
    clientId: user.clientId,
    scopes: user.scopes,
    expiresAtMs: user.longLived ? null : user.expiresAtMs,
    grantId: user.grantId,
  });
}

function userNode(call: GraphCall, identityId: string): Response {
  const { world } = call;
  const identity = world.identities.get(identityId);
  if (!identity) return unsupported(call);
  if (call.token.kind !== 'user' || call.token.identityId !== identityId) return unsupported(call);
  if (call.edge === undefined && call.method === 'GET') {
    const body: Record<string, unknown> = { id: identity.id, name: identity.name };
    if (call.fields.has('email') && call.token.scopes.includes('email')) body.email = identity.email;
    if (call.fields.has('first_name')) body.first_name = identity.givenName;
    if (call.fields.has('last_name')) body.last_name = identity.familyName;
    return respond(call, body);
  }
  if (call.edge === 'accounts' && call.method === 'GET') {
    const pages = call.token.scopes.includes('pages_show_list')
      ? world.accountsManagedBy(identityId, 'facebook')
      : [];
    return respond(
      call,
      page(call, pages, (p) => {
        const item: Record<string, unknown> = {
          access_token: pageTokenFor(world, call.token, p).value,
          category: 'Industrial Company',
          category_list: [{ id: '2258', name: 'Industrial Company' }],
          name: p.name,
          id: p.id,
          tasks: ['ANALYZE', 'ADVERTISE', 'MESSAGING', 'MODERATE', 'CREATE_CONTENT', 'MANAGE'],
        };
        if (call.fields.has('instagram_business_account') && p.linkedId)
          item.instagram_business_account = { id: p.linkedId };
        if (call.fields.size > 0) {
          for (const key of Object.keys(item)) if (!call.fields.has(key) && key !== 'id') delete item[key];
        }
        return item;
      }),
    );
  }
  if (call.edge === 'permissions' && call.method === 'DELETE') {
    for (const t of world.tokens.values()) {
      if (t.provider === 'meta' && t.identityId === identityId && t.clientId === call.token.clientId)
        revokeGrant(world, t.grantId);
    }
    return respond(call, { success: true });
  }
  if (call.edge === 'permissions' && call.method === 'GET') {
    return respond(call, {
      data: call.token.scopes.map((permission) => ({ permission, status: 'granted' })),
    });
  }
  return unsupported(call);
}

async function graph(world: SimWorld, c: SimContext): Promise<Response> {
  const rel = stripGraphVersion(c.req.path.slice('/meta'.length));
  const segments = rel.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = segments;
  if (first === 'dialog' && second === 'oauth') return dialog(world, c);
  if (first === 'oauth' && second === 'access_token') return accessToken(world, c);
  if (first === 'debug_token') return debugToken(world, c);
  const params = await readParams(c);
  const value = str(params.access_token) ?? bearer(c);
  const token = world.token('meta', value);
  const problem = tokenProblem(world, value, token);
  if (problem || !token) return problem ?? graphError(world, 400, 190, 'Invalid OAuth access token');
  if (!first || segments.length > 2) return graphError(world, 400, 2500, 'Unknown path components');
  const node = first === 'me' ? (token.kind === 'page' ? (token.accountId ?? '') : token.identityId) : first;
  const usage = countUsage(world, c, token, node);
  if (usage.error) return usage.error;
  const method = (str(params.method) ?? c.req.method).toUpperCase();
  const call: GraphCall = {
    world,
    c,
    params,
    token,
    method,
    node,
    edge: second,
    headers: usage.headers,
    fields: parseFields(str(params.fields)),
  };
  if (world.identities.get(node)?.provider === 'meta') return userNode(call, node);
  if (metaPlatformOf(world, `/${node}`) === 'instagram') return instagramNode(call);
  return facebookNode(call, pageTokenFor);
}

export function metaRoutes(world: SimWorld): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  app.all('*', (c) => graph(world, c));
  return app;
}
