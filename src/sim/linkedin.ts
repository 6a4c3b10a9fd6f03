import { Hono } from 'hono';
import { countsAt, type EngagementCounts } from './engagement.js';
import { basicAuth, bearer, json, readJson, readParams, type SimContext, type SimEnv, str } from './http.js';
import { inspectBytes } from './media.js';
import { authorize, redeemCode, revokeGrant } from './oauth.js';
import { createPost, engagementOf, featuresOf, fingerprintOf } from './posts.js';
import type { PlatformErrors } from './server.js';
import type { MediaInfo, SimAccount, SimPost, SimToken, SimUpload, SimWorld } from './world.js';

/**
 * LinkedIn: OAuth 2.0 (www.linkedin.com/oauth/v2), OpenID userinfo, and the versioned Community
 * Management REST API (api.linkedin.com/rest: posts, images, videos, social metadata, share statistics),
 * written from learn.microsoft.com pages (PLATFORM-APIS.md §2). Mounted under `/linkedin`:
 * `{sim}/linkedin/rest/posts` is `https://api.linkedin.com/rest/posts`, and
 * `{sim}/linkedin/oauth/v2/accessToken` is `https://www.linkedin.com/oauth/v2/accessToken`.
 * Upload URLs point at `{sim}/linkedin/upload/…` (LinkedIn's upload host is not api.linkedin.com).
 */

function liError(status: number, message: string, extra: Record<string, unknown> = {}): Response {
  return json({ status, message, ...extra }, status);
}

function inputError(status: number, message: string, code: string, fieldPath?: string): Response {
  return json(
    {
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      message,
      errorDetails: {
        inputErrors: [{ description: message, input: fieldPath ? { inputPath: { fieldPath } } : {}, code }],
      },
      status,
    },
    status,
  );
}

export const linkedinErrors: PlatformErrors = {
  serverError: (status) =>
    liError(
      status,
      status === 503 ? 'Service Unavailable' : status === 504 ? 'Gateway Timeout' : 'Internal Server Error',
    ),
  rateLimited: () =>
    liError(429, 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.', {
      serviceErrorCode: 101,
      code: 'TOO_MANY_REQUESTS',
    }),
  duplicate: (world) => duplicateError(`urn:li:share:${world.digits(19)}`),
};

function duplicateError(urn: string): Response {
  return json(
    {
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${urn}`,
      errorDetails: {
        inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }],
      },
      status: 422,
    },
    422,
  );
}

// ---- versions ---------------------------------------------------------------------------------------------

function monthOf(ms: number, back = 0): string {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() - back;
  return `${Math.floor(total / 12)}${String((total % 12) + 1).padStart(2, '0')}`;
}

/** Versions are monthly and each is supported for a year: by default the 12 months up to the sim's month. */
function versionProblem(world: SimWorld, c: SimContext): Response | undefined {
  const version = c.req.header('linkedin-version');
  if (!version) {
    return liError(
      400,
      'A version must be present. Please specify a version by adding the LinkedIn-Version header.',
      { code: 'VERSION_MISSING' },
    );
  }
  if (!/^\d{6}(\.\d{2})?$/.test(version))
    return liError(400, `Invalid version format ${version}; expected YYYYMM.`, { code: 'INVALID_VERSION' });
  const month = version.slice(0, 6);
  const oldest = world.config.linkedinVersions?.oldest ?? monthOf(world.now(), 11);
  const newest = world.config.linkedinVersions?.newest ?? monthOf(world.now());
  if (month < oldest || month > newest) {
    return liError(426, `Requested version ${version} is not active`, { code: 'NONEXISTENT_VERSION' });
  }
  if (c.req.header('x-restli-protocol-version') !== '2.0.0') {
    return liError(400, 'X-Restli-Protocol-Version: 2.0.0 is required by the versioned APIs.', {
      code: 'INVALID_PROTOCOL_VERSION',
    });
  }
  return undefined;
}

// ---- auth and limits --------------------------------------------------------------------------------------

interface Caller {
  token: SimToken;
  member: SimAccount;
}

function authenticate(world: SimWorld, c: SimContext, resource: string, versioned = true): Caller | Response {
  const value = bearer(c);
  if (!value)
    return liError(401, 'Empty oauth2 access token', { serviceErrorCode: 65604, code: 'EMPTY_ACCESS_TOKEN' });
  const token = world.token('linkedin', value);
  const state = world.tokenState(token);
  if (state === 'missing' || !token || token.kind !== 'user')
    return liError(401, 'Invalid access token', { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
  if (state === 'expired')
    return liError(401, 'The token used in the request has expired', {
      serviceErrorCode: 65601,
      code: 'EXPIRED_ACCESS_TOKEN',
    });
  if (state === 'revoked')
    return liError(401, 'The token used in the request has been revoked by the user', {
      serviceErrorCode: 65602,
      code: 'REVOKED_ACCESS_TOKEN',
    });
  if (versioned) {
    const v = versionProblem(world, c);
    if (v) return v;
  }
  const member = world.accounts.get(token.identityId);
  if (!member)
    return liError(401, 'Invalid access token', { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
  // Daily limits per member and per app, reset at midnight UTC; LinkedIn sends no rate-limit headers.
  const now = world.now();
  const dayStart = Math.floor(now / 86_400_000) * 86_400_000;
  const limits = world.config.limits;
  const app = world.windows.hitAligned(
    `li:app:${token.clientId}:${resource}`,
    limits.linkedinAppCallsPerDay,
    dayStart,
    dayStart + 86_400_000,
  );
  if (!app.allowed) {
    c.get('call').rateLimited = true;
    return liError(
      429,
      'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
      { serviceErrorCode: 101, code: 'TOO_MANY_REQUESTS' },
    );
  }
  const memberLimit =
    resource === 'posts.create' ? limits.linkedinMemberPostsPerDay : limits.linkedinMemberCallsPerDay;
  const mine = world.windows.hitAligned(
    `li:member:${member.id}:${resource}`,
    memberLimit,
    dayStart,
    dayStart + 86_400_000,
  );
  if (!mine.allowed) {
    c.get('call').rateLimited = true;
    return liError(429, 'Resource level throttle MEMBER DAY limit for calls to this resource is reached.', {
      serviceErrorCode: 101,
      code: 'TOO_MANY_REQUESTS',
    });
  }
  return { token, member };
}

function forbidden(message: string): Response {
  return liError(403, message, { serviceErrorCode: 100, code: 'ACCESS_DENIED' });
}

function has(token: SimToken, ...scopes: string[]): boolean {
  return scopes.some((s) => token.scopes.includes(s));
}

/** The account behind an author/owner URN when the caller may act as it (itself, or an org it administers). */
function actingAs(world: SimWorld, caller: Caller, urn: string, write: boolean): SimAccount | Response {
  const account = [...world.accounts.values()].find((a) => a.platform === 'linkedin' && a.urn === urn);
  if (!account) return forbidden(`Not enough permissions to access: ${urn}`);
  if (account.kind === 'linkedin_member') {
    if (account.id !== caller.member.id) return forbidden(`Not enough permissions to act as ${urn}`);
    if (write && !has(caller.token, 'w_member_social'))
      return forbidden(
        'Not enough permissions to access: partnerApiPostsExternal.CREATE.20240101 (w_member_social)',
      );
    return account;
  }
  const roles = ['ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER', 'CONTENT_ADMIN'];
  if (!account.managers.includes(caller.member.id) || !roles.includes(account.role ?? ''))
    return forbidden(`Not enough permissions to act as ${urn}`);
  if (write && !has(caller.token, 'w_organization_social'))
    return forbidden(
      'Not enough permissions to access: partnerApiPostsExternal.CREATE (w_organization_social)',
    );
  return account;
}

/** URNs in paths must be URL-encoded (Rest.li 2.0); a raw `urn:li:…` segment is a syntax error. */
function pathUrn(c: SimContext, prefix: string): string | Response {
  const raw = new URL(c.req.url).pathname;
  const i = raw.indexOf(prefix);
  const segment = i >= 0 ? raw.slice(i + prefix.length) : '';
  if (segment.includes(':'))
    return liError(400, 'Syntax exception in path variables: URNs in paths must be URL-encoded', {
      code: 'ILLEGAL_ARGUMENT',
    });
  return decodeURIComponent(segment);
}

// ---- little text ------------------------------------------------------------------------------------------

const reserved = new Set(['|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '\\', '*', '_', '~']);

/**
 * The commentary as members see it. LinkedIn's "little text" format: reserved characters must be
 * backslash-escaped; mentions `@[Name](urn:li:…)`, hashtags `#tag` and `{hashtag|\#|tag}` templates are
 * markup. An unescaped reserved character that is not markup cuts the text there (the silent truncation
 * integrators report).
 */
export function renderLittleText(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '\\') {
      const next = text[i + 1];
      if (next !== undefined && reserved.has(next)) {
        out += next;
        i += 2;
        continue;
      }
      return out;
    }
    if (ch === '@') {
      const m = /^@\[([^\]]*)\]\((urn:li:[a-zA-Z]+:[^)]+)\)/.exec(text.slice(i));
      if (m) {
        out += m[1];
        i += m[0].length;
        continue;
      }
      return out;
    }
    if (ch === '{') {
      const m = /^\{hashtag\|\\#\|([^}]+)\}/.exec(text.slice(i));
      if (m) {
        out += `#${m[1]}`;
        i += m[0].length;
        continue;
      }
      return out;
    }
    if (ch === '#') {
      const m = /^#[\p{L}\p{N}]+/u.exec(text.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
      return out;
    }
    if (reserved.has(ch)) return out;
    out += ch;
    i++;
  }
  return out;
}

// ---- media ------------------------------------------------------------------------------------------------

const partSize = 4 * 1024 * 1024;
const maxPixels = 36_152_320;

function imageStatus(u: SimUpload): string {
  if (u.state === 'uploading') return 'WAITING_UPLOAD';
  if (u.state === 'failed') return 'PROCESSING_FAILED';
  if (u.state === 'processing') return 'PROCESSING';
  return 'AVAILABLE';
}

function advance(world: SimWorld, u: SimUpload): void {
  if (u.state !== 'processing') return;
  u.polls += 1;
  if (u.polls >= world.config.processing.polls || world.now() >= (u.readyAtMs ?? 0))
    u.state = u.failure ? 'failed' : 'ready';
}

function findByUrn(world: SimWorld, urn: string): SimUpload | undefined {
  for (const u of world.uploads.values()) if (u.platform === 'linkedin' && u.extra.urn === urn) return u;
  return undefined;
}

// ---- posts ------------------------------------------------------------------------------------------------

const visibilities = ['PUBLIC', 'CONNECTIONS', 'LOGGED_IN', 'CONTAINER'];

interface PostBody {
  author?: unknown;
  commentary?: unknown;
  visibility?: unknown;
  distribution?: { feedDistribution?: unknown } | undefined;
  lifecycleState?: unknown;
  isReshareDisabledByAuthor?: unknown;
  content?: {
    media?: { id?: unknown; altText?: unknown; title?: unknown };
    multiImage?: { images?: Array<{ id?: unknown; altText?: unknown }> };
    article?: { source?: unknown; title?: unknown; description?: unknown; thumbnail?: unknown };
  };
}

function renderPost(post: SimPost): Record<string, unknown> {
  return {
    id: post.id,
    author: post.extra.authorUrn,
    commentary: post.text,
    visibility: post.extra.visibility,
    distribution: post.extra.distribution,
    lifecycleState: post.extra.lifecycleState,
    lifecycleStateInfo: { isEditedByAuthor: false },
    isReshareDisabledByAuthor: post.extra.isReshareDisabledByAuthor ?? false,
    ...(post.extra.content ? { content: post.extra.content } : {}),
    createdAt: post.createdAtMs,
    publishedAt: post.publishAtMs,
    lastModifiedAt: post.createdAtMs,
  };
}

function reactionSummaries(likes: number): Record<string, unknown> {
  const split: Array<[string, number]> = [
    ['LIKE', 0.7],
    ['PRAISE', 0.12],
    ['EMPATHY', 0.08],
    ['INTEREST', 0.05],
    ['APPRECIATION', 0.03],
    ['ENTERTAINMENT', 0.02],
  ];
  const out: Record<string, unknown> = {};
  let left = likes;
  split.forEach(([type, share], i) => {
    const n = i === split.length - 1 ? left : Math.floor(likes * share);
    left -= n;
    if (n > 0) out[type] = { reactionType: type, count: n };
  });
  return out;
}

function shareStatistics(counts: EngagementCounts): Record<string, number> {
  const clicks = counts.linkClicks + counts.profileClicks;
  return {
    uniqueImpressionsCount: counts.reach,
    shareCount: counts.reposts,
    engagement:
      counts.impressions > 0
        ? (clicks + counts.likes + counts.comments + counts.reposts) / counts.impressions
        : 0,
    clickCount: clicks,
    likeCount: counts.likes,
    impressionCount: counts.impressions,
    commentCount: counts.comments,
    shareMentionsCount: 0,
    commentMentionsCount: 0,
  };
}

/** `List(urn%3Ali%3Ashare%3A1,urn%3Ali%3Ashare%3A2)` → the URNs. */
function restliList(value: string | null): string[] {
  if (!value) return [];
  const m = /^List\((.*)\)$/.exec(value);
  return (m ? (m[1] ?? '') : value)
    .split(',')
    .map((s) => decodeURIComponent(s.trim()))
    .filter(Boolean);
}

function postsOfUrn(world: SimWorld, urn: string): SimPost[] {
  const account = [...world.accounts.values()].find((a) => a.platform === 'linkedin' && a.urn === urn);
  return account ? world.postsOf('linkedin', account.id) : [];
}

function sumCounts(list: EngagementCounts[]): EngagementCounts {
  const out = {
    impressions: 0,
    reach: 0,
    likes: 0,
    comments: 0,
    reposts: 0,
    quotes: 0,
    saves: 0,
    linkClicks: 0,
    profileClicks: 0,
    videoViews: 0,
    engagements: 0,
  };
  for (const c of list) for (const k of Object.keys(out) as Array<keyof EngagementCounts>) out[k] += c[k];
  return out;
}

function countsOf(world: SimWorld, post: SimPost, atMs: number): EngagementCounts {
  const account = world.accounts.get(post.accountId);
  if (!account) return engagementOf(world, post, atMs);
  return countsAt(world.seed, featuresOf(post, account), atMs);
}

// ---- routes -----------------------------------------------------------------------------------------------

export function linkedinRoutes(world: SimWorld): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  app.get('/oauth/v2/authorization', (c) => {
    const q = new URL(c.req.url).searchParams;
    if (q.get('response_type') !== 'code')
      return json({ error: 'invalid_request', error_description: 'response_type must be code' }, 400);
    const scopes = (q.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
    if (scopes.length === 0)
      return json({ error: 'invalid_scope', error_description: 'scope is required' }, 400);
    const out = authorize(world, {
      provider: 'linkedin',
      clientId: q.get('client_id') ?? undefined,
      redirectUri: q.get('redirect_uri') ?? undefined,
      scopes,
      state: q.get('state') ?? undefined,
      codeChallenge: q.get('code_challenge') ?? undefined,
      codeChallengeMethod: q.get('code_challenge_method') ?? undefined,
      userHint: q.get('sim_user') ?? undefined,
      codeTtlMs: 30 * 60_000,
    });
    if (out.kind === 'error')
      return json({ error: out.error, error_description: out.description }, out.status);
    if (out.location.searchParams.get('error') === 'access_denied')
      out.location.searchParams.set('error', 'user_cancelled_authorize');
    return c.redirect(out.location.toString(), 302);
  });

  const client = async (c: SimContext) => {
    const params = await readParams(c);
    const basic = basicAuth(c);
    const id = basic?.id ?? str(params.client_id);
    const secret = basic?.secret ?? str(params.client_secret);
    const registered = id ? world.app('linkedin', id) : undefined;
    if (!registered || registered.clientSecret !== secret)
      return {
        params,
        error: json({ error: 'invalid_client', error_description: 'Client authentication failed' }, 401),
      };
    return { params, app: registered };
  };

  app.post('/oauth/v2/accessToken', async (c) => {
    const { params, app: registered, error } = await client(c);
    if (error || !registered) return error;
    const grant = str(params.grant_type);
    const issue = (identityId: string, scopes: string[], grantId: string, refresh?: SimToken) => {
      const access = world.issueToken({
        prefix: 'AQV',
        provider: 'linkedin',
        kind: 'user',
        identityId,
        clientId: registered.clientId,
        scopes,
        expiresAtMs: world.now() + 60 * 86_400_000,
        grantId,
      });
      const body: Record<string, unknown> = {
        access_token: access.value,
        expires_in: 60 * 86_400,
        scope: scopes.join(','),
        token_type: 'Bearer',
      };
      if (registered.refreshTokens) {
        const r =
          refresh ??
          world.issueToken({
            prefix: 'AQX',
            provider: 'linkedin',
            kind: 'refresh',
            identityId,
            clientId: registered.clientId,
            scopes,
            expiresAtMs: world.now() + 365 * 86_400_000,
            grantId,
            firstAuthAtMs: world.now(),
          });
        body.refresh_token = r.value;
        body.refresh_token_expires_in = Math.max(0, Math.floor(((r.expiresAtMs ?? 0) - world.now()) / 1000));
      }
      return json(body);
    };
    if (grant === 'authorization_code') {
      const code = redeemCode(world, 'linkedin', str(params.code), {
        clientId: registered.clientId,
        redirectUri: str(params.redirect_uri),
        codeVerifier: str(params.code_verifier),
      });
      if (typeof code === 'string') {
        return json(
          {
            error: 'invalid_request',
            error_description:
              'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists',
          },
          400,
        );
      }
      return issue(code.identityId, code.scopes, world.secret('grant-'));
    }
    if (grant === 'refresh_token') {
      const refresh = world.token('linkedin', str(params.refresh_token));
      if (
        refresh?.kind !== 'refresh' ||
        world.tokenState(refresh) !== 'valid' ||
        refresh.clientId !== registered.clientId
      ) {
        return json(
          {
            error: 'invalid_request',
            error_description:
              'The provided authorization grant or refresh token is invalid, expired or revoked.',
          },
          400,
        );
      }
      // The refresh token keeps its first expiry: refreshing never extends its 365 days.
      return issue(refresh.identityId, refresh.scopes, refresh.grantId, refresh);
    }
    return json(
      {
        error: 'unsupported_grant_type',
        error_description: `grant_type ${grant ?? '(missing)'} is not supported`,
      },
      400,
    );
  });

  app.post('/oauth/v2/introspectToken', async (c) => {
    const { params, app: registered, error } = await client(c);
    if (error || !registered) return error;
    const t = world.token('linkedin', str(params.token));
    if (!t || t.clientId !== registered.clientId) return json({ active: false });
    const state = world.tokenState(t);
    return json({
      active: state === 'valid',
      client_id: t.clientId,
      authorized_at: Math.floor(t.issuedAtMs / 1000),
      created_at: Math.floor(t.issuedAtMs / 1000),
      status: state === 'valid' ? 'active' : state,
      expires_at: t.expiresAtMs === null ? null : Math.floor(t.expiresAtMs / 1000),
      scope: t.scopes.join(','),
      auth_type: '3L',
    });
  });

  app.post('/oauth/v2/revoke', async (c) => {
    const { params, app: registered, error } = await client(c);
    if (error || !registered) return error;
    const t = world.token('linkedin', str(params.token));
    if (t && t.clientId === registered.clientId) revokeGrant(world, t.grantId);
    return new Response(null, { status: 200 });
  });

  app.get('/v2/userinfo', (c) => {
    const caller = authenticate(world, c, 'userinfo', false);
    if (caller instanceof Response) return caller;
    if (!has(caller.token, 'openid') || !has(caller.token, 'profile'))
      return forbidden('Not enough permissions to access: userinfo (openid profile)');
    const identity = world.identities.get(caller.member.id);
    return json({
      sub: caller.member.id,
      name: identity?.name,
      given_name: identity?.givenName,
      family_name: identity?.familyName,
      picture: `https://media.licdn.com/dms/image/sim/${caller.member.id}/profile.jpg`,
      locale: { country: 'US', language: 'en' },
      ...(has(caller.token, 'email') ? { email: identity?.email, email_verified: true } : {}),
    });
  });

  app.get('/v2/me', (c) => {
    const caller = authenticate(world, c, 'me', false);
    if (caller instanceof Response) return caller;
    if (!has(caller.token, 'profile', 'r_liteprofile', 'r_basicprofile'))
      return forbidden('Not enough permissions to access: me.GET.NO_VERSION');
    const identity = world.identities.get(caller.member.id);
    return json({
      id: caller.member.id,
      localizedFirstName: identity?.givenName,
      localizedLastName: identity?.familyName,
    });
  });

  app.get('/rest/organizationAcls', (c) => {
    const caller = authenticate(world, c, 'organizationAcls');
    if (caller instanceof Response) return caller;
    if (c.req.query('q') !== 'roleAssignee')
      return liError(400, 'Finder q=roleAssignee is required', { code: 'ILLEGAL_ARGUMENT' });
    if (!has(caller.token, 'w_organization_social', 'r_organization_social', 'rw_organization_admin'))
      return forbidden('Not enough permissions to access: organizationAcls.FINDER-roleAssignee');
    const role = c.req.query('role');
    const orgs = world
      .accountsManagedBy(caller.member.id, 'linkedin')
      .filter((a) => a.kind === 'linkedin_organization' && (!role || a.role === role));
    return json({
      paging: { start: 0, count: orgs.length, links: [], total: orgs.length },
      elements: orgs.map((o) => ({
        roleAssignee: caller.member.urn,
        state: 'APPROVED',
        role: o.role,
        organization: o.urn,
      })),
    });
  });

  app.get('/rest/organizations/:id', (c) => {
    const caller = authenticate(world, c, 'organizations');
    if (caller instanceof Response) return caller;
    const org = world.accounts.get(c.req.param('id'));
    if (org?.kind !== 'linkedin_organization')
      return liError(404, 'Not Found', { serviceErrorCode: 0, code: 'NOT_FOUND' });
    return json({
      id: Number(org.id),
      localizedName: org.name,
      vanityName: org.username,
      name: { localized: { en_US: org.name }, preferredLocale: { country: 'US', language: 'en' } },
    });
  });

  app.post('/rest/posts', async (c) => {
    const caller = authenticate(world, c, 'posts.create');
    if (caller instanceof Response) return caller;
    const body = (await readJson(c)) as PostBody | undefined;
    if (!body || typeof body !== 'object')
      return inputError(400, 'The request body must be a JSON post', 'INVALID_VALUE');
    if (typeof body.author !== 'string')
      return inputError(422, 'Field /author is required', 'MISSING_FIELD', '/author');
    if (typeof body.visibility !== 'string' || !visibilities.includes(body.visibility))
      return inputError(
        422,
        'Field /visibility must be PUBLIC, CONNECTIONS, LOGGED_IN or CONTAINER',
        'INVALID_VALUE',
        '/visibility',
      );
    if (!body.distribution || typeof body.distribution.feedDistribution !== 'string')
      return inputError(
        422,
        'Field /distribution/feedDistribution is required',
        'MISSING_FIELD',
        '/distribution/feedDistribution',
      );
    if (typeof body.lifecycleState !== 'string' || !['PUBLISHED', 'DRAFT'].includes(body.lifecycleState))
      return inputError(
        422,
        'Field /lifecycleState must be PUBLISHED or DRAFT',
        'INVALID_VALUE',
        '/lifecycleState',
      );
    const commentary = typeof body.commentary === 'string' ? body.commentary : '';
    if (body.commentary !== undefined && typeof body.commentary !== 'string')
      return inputError(422, 'Field /commentary must be a string', 'INVALID_VALUE', '/commentary');
    if ([...commentary].length > 3000)
      return inputError(
        422,
        'Field /commentary is too long: at most 3000 characters',
        'FIELD_LENGTH_TOO_LONG',
        '/commentary',
      );
    const author = actingAs(world, caller, body.author, true);
    if (author instanceof Response) return author;
    const media: MediaInfo[] = [];
    let link: string | undefined;
    let kind: 'share' | 'ugcPost' = 'share';
    const content = body.content;
    const useUpload = (urn: unknown, path: string, want: 'image' | 'video'): Response | undefined => {
      const u = typeof urn === 'string' ? findByUrn(world, urn) : undefined;
      if (!u || u.extra.kind !== want)
        return inputError(
          422,
          `${path} is not a ${want} URN known to LinkedIn: ${String(urn)}`,
          'INVALID_URN',
          path,
        );
      if (u.ownerId !== author.urn)
        return forbidden(
          `Accessing this ${want} resource is forbidden. Please check your permissions for this resource`,
        );
      if (u.state === 'uploading')
        return inputError(
          422,
          `${path}: the ${want} has not been uploaded (status WAITING_UPLOAD)`,
          'INVALID_VALUE',
          path,
        );
      if (u.state === 'failed')
        return inputError(
          422,
          `${path}: the ${want} failed processing (PROCESSING_FAILED)`,
          'INVALID_VALUE',
          path,
        );
      if (u.media) media.push(u.media);
      return undefined;
    };
    if (content?.media) {
      const id = content.media.id;
      const isVideo = typeof id === 'string' && id.startsWith('urn:li:video:');
      const bad = useUpload(id, '/content/media/id', isVideo ? 'video' : 'image');
      if (bad) return bad;
      if (isVideo) kind = 'ugcPost';
    } else if (content?.multiImage) {
      const images = content.multiImage.images ?? [];
      if (!Array.isArray(images) || images.length < 2 || images.length > 20)
        return inputError(
          422,
          '/content/multiImage/images needs 2 to 20 images',
          'INVALID_VALUE',
          '/content/multiImage/images',
        );
      for (const [i, img] of images.entries()) {
        const bad = useUpload(img?.id, `/content/multiImage/images/${i}/id`, 'image');
        if (bad) return bad;
      }
      kind = 'ugcPost';
    } else if (content?.article) {
      if (typeof content.article.source !== 'string')
        return inputError(
          422,
          'Field /content/article/source is required',
          'MISSING_FIELD',
          '/content/article/source',
        );
      link = content.article.source;
      if (content.article.thumbnail !== undefined) {
        const bad = useUpload(content.article.thumbnail, '/content/article/thumbnail', 'image');
        if (bad) return bad;
        media.pop();
      }
    }
    if (!commentary && media.length === 0 && !link)
      return inputError(422, 'A post needs commentary or content', 'MISSING_FIELD', '/commentary');
    const fingerprint = fingerprintOf(world, 'linkedin', author.id, commentary, media, link);
    const dup = world.refusesDuplicate('linkedin', author.id, fingerprint);
    if (dup) return duplicateError(dup.id);
    const id = `urn:li:${kind}:${world.digits(19)}`;
    const post = createPost(world, {
      platform: 'linkedin',
      accountId: author.id,
      id,
      text: commentary,
      renderedText: renderLittleText(commentary),
      media,
      ...(link ? { link } : {}),
      ...(body.lifecycleState === 'DRAFT' ? { publishAtMs: Number.MAX_SAFE_INTEGER } : {}),
      permalink: `https://www.linkedin.com/feed/update/${id}/`,
      extra: {
        authorUrn: author.urn,
        visibility: body.visibility,
        distribution: body.distribution,
        lifecycleState: body.lifecycleState,
        isReshareDisabledByAuthor: body.isReshareDisabledByAuthor === true,
        ...(content ? { content } : {}),
      },
    });
    c.get('call').postId = post.id;
    return new Response(null, { status: 201, headers: { 'x-restli-id': post.id, 'x-linkedin-id': post.id } });
  });

  app.get('/rest/posts', (c) => {
    const caller = authenticate(world, c, 'posts.read');
    if (caller instanceof Response) return caller;
    const q = new URL(c.req.url).searchParams;
    if (q.get('q') !== 'author')
      return liError(400, 'Finder q=author is required', { code: 'ILLEGAL_ARGUMENT' });
    const author = q.get('author');
    if (!author) return liError(400, 'Query parameter author is required', { code: 'ILLEGAL_ARGUMENT' });
    const account = actingAs(world, caller, author, false);
    if (account instanceof Response) return account;
    const scope = account.kind === 'linkedin_member' ? 'r_member_social' : 'r_organization_social';
    if (!has(caller.token, scope))
      return forbidden(`Not enough permissions to access: posts.FINDER-author (${scope})`);
    const start = Math.max(0, Number(q.get('start') ?? 0) || 0);
    const count = Math.min(100, Math.max(1, Number(q.get('count') ?? 10) || 10));
    const posts = world.postsOf('linkedin', account.id);
    const pageItems = posts.slice(start, start + count);
    return json({
      paging: { start, count, links: [], total: posts.length },
      elements: pageItems.map(renderPost),
    });
  });

  app.get('/rest/posts/:urn', (c) => {
    const caller = authenticate(world, c, 'posts.read');
    if (caller instanceof Response) return caller;
    const urn = pathUrn(c, '/rest/posts/');
    if (urn instanceof Response) return urn;
    const post = world.posts.get(urn);
    if (post?.platform !== 'linkedin' || post.deletedAtMs)
      return liError(404, `Post ${urn} not found`, { serviceErrorCode: 0, code: 'NOT_FOUND' });
    const account = world.accounts.get(post.accountId);
    const scope = account?.kind === 'linkedin_member' ? 'r_member_social' : 'r_organization_social';
    if (!has(caller.token, scope)) return forbidden(`Not enough permissions to access: posts.GET (${scope})`);
    return json(renderPost(post));
  });

  app.delete('/rest/posts/:urn', (c) => {
    const caller = authenticate(world, c, 'posts.delete');
    if (caller instanceof Response) return caller;
    const urn = pathUrn(c, '/rest/posts/');
    if (urn instanceof Response) return urn;
    const post = world.posts.get(urn);
    if (post && post.platform === 'linkedin' && !post.deletedAtMs) {
      const author = actingAs(world, caller, String(post.extra.authorUrn), true);
      if (author instanceof Response) return author;
      post.deletedAtMs = world.now();
    }
    return new Response(null, { status: 204 });
  });

  app.post('/rest/images', async (c) => {
    const caller = authenticate(world, c, 'images');
    if (caller instanceof Response) return caller;
    if (c.req.query('action') !== 'initializeUpload')
      return liError(400, 'action=initializeUpload is required', { code: 'ILLEGAL_ARGUMENT' });
    const body = (await readJson(c)) as { initializeUploadRequest?: { owner?: unknown } } | undefined;
    const owner = body?.initializeUploadRequest?.owner;
    if (typeof owner !== 'string')
      return inputError(
        422,
        'Field /initializeUploadRequest/owner is required',
        'MISSING_FIELD',
        '/initializeUploadRequest/owner',
      );
    const account = actingAs(world, caller, owner, true);
    if (account instanceof Response) return account;
    const now = world.now();
    const id = `D${world.alnum(15)}`;
    const token = world.secret('');
    const upload: SimUpload = {
      id: token,
      platform: 'linkedin',
      ownerId: owner,
      state: 'uploading',
      createdAtMs: now,
      expiresAtMs: now + 24 * 3600_000,
      polls: 0,
      chunks: new Map(),
      extra: { kind: 'image', urn: `urn:li:image:${id}`, bearer: caller.token.value },
    };
    world.uploads.set(token, upload);
    return json({
      value: {
        uploadUrlExpiresAt: upload.expiresAtMs,
        uploadUrl: `${new URL(c.req.url).origin}/linkedin/upload/image/${token}`,
        image: upload.extra.urn,
      },
    });
  });

  app.get('/rest/images/:urn', (c) => {
    const caller = authenticate(world, c, 'images');
    if (caller instanceof Response) return caller;
    const urn = pathUrn(c, '/rest/images/');
    if (urn instanceof Response) return urn;
    const u = findByUrn(world, urn);
    if (u?.extra.kind !== 'image') return liError(404, `Image ${urn} not found`, { code: 'NOT_FOUND' });
    advance(world, u);
    return json({
      owner: u.ownerId,
      id: urn,
      status: imageStatus(u),
      ...(u.state === 'ready'
        ? {
            downloadUrl: `https://media.licdn.com/dms/image/sim/${u.id}`,
            downloadUrlExpiresAt: world.now() + 3600_000,
          }
        : {}),
      mediaLibraryStatus: 'NOT_IN_LIBRARY',
    });
  });

  app.post('/rest/videos', async (c) => {
    const caller = authenticate(world, c, 'videos');
    if (caller instanceof Response) return caller;
    const action = c.req.query('action');
    const body = (await readJson(c)) as Record<string, Record<string, unknown> | undefined> | undefined;
    if (action === 'initializeUpload') {
      const req = body?.initializeUploadRequest;
      const owner = req?.owner;
      const size = Number(req?.fileSizeBytes);
      if (typeof owner !== 'string')
        return inputError(
          422,
          'Field /initializeUploadRequest/owner is required',
          'MISSING_FIELD',
          '/initializeUploadRequest/owner',
        );
      if (!Number.isInteger(size) || size <= 0)
        return inputError(
          422,
          'Field /initializeUploadRequest/fileSizeBytes is required',
          'MISSING_FIELD',
          '/initializeUploadRequest/fileSizeBytes',
        );
      if (size > 5 * 1024 * 1024 * 1024)
        return inputError(
          422,
          'The video is larger than the 5 GB limit',
          'INVALID_VALUE',
          '/initializeUploadRequest/fileSizeBytes',
        );
      const account = actingAs(world, caller, owner, true);
      if (account instanceof Response) return account;
      const now = world.now();
      const key = world.secret('');
      const parts = Math.ceil(size / partSize);
      const upload: SimUpload = {
        id: key,
        platform: 'linkedin',
        ownerId: owner,
        state: 'uploading',
        createdAtMs: now,
        expiresAtMs: now + 24 * 3600_000,
        polls: 0,
        chunks: new Map(),
        extra: {
          kind: 'video',
          urn: `urn:li:video:D${world.alnum(15)}`,
          size,
          parts,
          uploadToken: parts > 1 ? world.secret('') : '',
          etags: [] as string[],
        },
      };
      world.uploads.set(key, upload);
      const base = `${new URL(c.req.url).origin}/linkedin/upload/video/${key}`;
      const instructions = Array.from({ length: parts }, (_, i) => ({
        uploadUrl: `${base}/${i}`,
        firstByte: i * partSize,
        lastByte: Math.min(size, (i + 1) * partSize) - 1,
      }));
      return json({
        value: {
          uploadUrlsExpireAt: upload.expiresAtMs,
          video: upload.extra.urn,
          uploadInstructions: instructions,
          uploadToken: upload.extra.uploadToken,
          ...(req?.uploadThumbnail ? { thumbnailUploadUrl: `${base}/thumbnail` } : {}),
          ...(req?.uploadCaptions ? { captionsUploadUrl: `${base}/captions` } : {}),
        },
      });
    }
    if (action === 'finalizeUpload') {
      const req = body?.finalizeUploadRequest;
      const u = typeof req?.video === 'string' ? findByUrn(world, req.video) : undefined;
      if (u?.extra.kind !== 'video')
        return inputError(
          422,
          'Field /finalizeUploadRequest/video is not a video being uploaded',
          'INVALID_URN',
          '/finalizeUploadRequest/video',
        );
      const owner = actingAs(world, caller, u.ownerId, true);
      if (owner instanceof Response) return owner;
      if (u.state !== 'uploading')
        return inputError(
          422,
          'The video upload is already finalized',
          'INVALID_VALUE',
          '/finalizeUploadRequest/video',
        );
      if ((req?.uploadToken ?? '') !== u.extra.uploadToken)
        return inputError(
          422,
          'uploadToken does not match the upload',
          'INVALID_VALUE',
          '/finalizeUploadRequest/uploadToken',
        );
      const ids = req?.uploadedPartIds;
      const etags = u.extra.etags as string[];
      const parts = Number(u.extra.parts);
      if (!Array.isArray(ids) || ids.length !== parts || ids.some((id, i) => id !== etags[i])) {
        return inputError(
          422,
          `uploadedPartIds must list the ETag of each of the ${parts} parts, in order`,
          'INVALID_VALUE',
          '/finalizeUploadRequest/uploadedPartIds',
        );
      }
      const bytes = Buffer.concat(
        Array.from({ length: parts }, (_, i) => u.chunks.get(i) ?? Buffer.alloc(0)),
      );
      u.chunks.clear();
      const info = inspectBytes(bytes);
      u.media = { ...info, kind: 'video' };
      u.state = 'processing';
      u.readyAtMs = world.now() + world.config.processing.ms;
      if (bytes.length !== u.extra.size)
        u.failure = `received ${bytes.length} bytes, initializeUpload said ${u.extra.size}`;
      else if (info.invalid || info.kind !== 'video') u.failure = 'not an MP4 video';
      return new Response(null, { status: 200 });
    }
    return liError(400, 'action must be initializeUpload or finalizeUpload', { code: 'ILLEGAL_ARGUMENT' });
  });

  app.get('/rest/videos/:urn', (c) => {
    const caller = authenticate(world, c, 'videos');
    if (caller instanceof Response) return caller;
    const urn = pathUrn(c, '/rest/videos/');
    if (urn instanceof Response) return urn;
    const u = findByUrn(world, urn);
    if (u?.extra.kind !== 'video') return liError(404, `Video ${urn} not found`, { code: 'NOT_FOUND' });
    advance(world, u);
    return json({
      owner: u.ownerId,
      id: urn,
      status: imageStatus(u),
      ...(u.state === 'failed' ? { processingFailureReason: u.failure } : {}),
      ...(u.state === 'ready'
        ? {
            downloadUrl: `https://dms.licdn.com/playlist/vid/sim/${u.id}`,
            duration: 30_000,
            aspectRatioWidth: 16,
            aspectRatioHeight: 9,
          }
        : {}),
    });
  });

  // The upload host: PUT the bytes LinkedIn's initializeUpload pointed at.
  app.put('/upload/image/:token', async (c) => {
    const u = world.uploads.get(c.req.param('token'));
    if (u?.platform !== 'linkedin' || u.extra.kind !== 'image')
      return liError(404, 'Unknown upload URL', { code: 'NOT_FOUND' });
    if (bearer(c) !== u.extra.bearer && world.tokenState(world.token('linkedin', bearer(c))) !== 'valid')
      return liError(401, 'Invalid access token', { serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN' });
    if (world.now() >= u.expiresAtMs)
      return liError(400, 'The upload URL has expired', { code: 'UPLOAD_EXPIRED' });
    const bytes = Buffer.from(await c.req.arrayBuffer());
    const info = inspectBytes(bytes);
    u.media = info;
    if (info.invalid || !['image/jpeg', 'image/png', 'image/gif'].includes(info.mimeType)) {
      u.state = 'failed';
      u.failure = info.invalid ?? `unsupported image type ${info.mimeType}`;
    } else if ((info.width ?? 0) * (info.height ?? 0) >= maxPixels) {
      u.state = 'failed';
      u.failure = 'the image has 36,152,320 pixels or more';
    } else {
      u.state = 'ready';
    }
    return new Response(null, { status: 201 });
  });

  app.put('/upload/video/:key/:part', async (c) => {
    const u = world.uploads.get(c.req.param('key'));
    if (u?.platform !== 'linkedin' || u.extra.kind !== 'video')
      return liError(404, 'Unknown upload URL', { code: 'NOT_FOUND' });
    const part = c.req.param('part');
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (part === 'thumbnail' || part === 'captions') return new Response(null, { status: 201 });
    const index = Number(part);
    if (!Number.isInteger(index) || index < 0 || index >= Number(u.extra.parts))
      return liError(400, 'Unknown part', { code: 'ILLEGAL_ARGUMENT' });
    u.chunks.set(index, bytes);
    const etag = `/ambry-video/signedId/${world.alnum(24)}`;
    (u.extra.etags as string[])[index] = etag;
    return new Response(null, { status: 200, headers: { etag } });
  });

  app.get('/rest/socialMetadata/:urn', (c) => {
    const caller = authenticate(world, c, 'socialMetadata');
    if (caller instanceof Response) return caller;
    if (!has(caller.token, 'r_member_social', 'r_organization_social', 'r_organization_social_feed'))
      return forbidden('Not enough permissions to access: socialMetadata.GET');
    const urn = pathUrn(c, '/rest/socialMetadata/');
    if (urn instanceof Response) return urn;
    const post = world.posts.get(urn);
    if (post?.platform !== 'linkedin' || post.deletedAtMs)
      return liError(404, `Entity ${urn} not found`, { code: 'NOT_FOUND' });
    const counts = engagementOf(world, post);
    return json({
      reactionSummaries: reactionSummaries(counts.likes),
      commentsState: 'OPEN',
      commentSummary: { count: counts.comments, topLevelCount: Math.ceil(counts.comments * 0.8) },
      entity: urn,
    });
  });

  app.get('/rest/socialActions/:urn', (c) => {
    const caller = authenticate(world, c, 'socialActions');
    if (caller instanceof Response) return caller;
    if (!has(caller.token, 'r_member_social', 'r_organization_social', 'r_organization_social_feed'))
      return forbidden('Not enough permissions to access: socialActions.GET');
    const urn = pathUrn(c, '/rest/socialActions/');
    if (urn instanceof Response) return urn;
    const post = world.posts.get(urn);
    if (post?.platform !== 'linkedin' || post.deletedAtMs)
      return liError(404, `Entity ${urn} not found`, { code: 'NOT_FOUND' });
    const counts = engagementOf(world, post);
    return json({
      likesSummary: {
        totalLikes: counts.likes,
        likedByCurrentUser: false,
        aggregatedTotalLikes: counts.likes,
      },
      commentsSummary: {
        totalFirstLevelComments: Math.ceil(counts.comments * 0.8),
        aggregatedTotalComments: counts.comments,
      },
      target: urn,
    });
  });

  app.get('/rest/organizationalEntityShareStatistics', (c) => {
    const caller = authenticate(world, c, 'organizationalEntityShareStatistics');
    if (caller instanceof Response) return caller;
    const q = new URL(c.req.url).searchParams;
    if (q.get('q') !== 'organizationalEntity')
      return liError(400, 'Finder q=organizationalEntity is required', { code: 'ILLEGAL_ARGUMENT' });
    const orgUrn = q.get('organizationalEntity') ?? '';
    const org = actingAs(world, caller, orgUrn, false);
    if (org instanceof Response) return org;
    if (
      org.kind !== 'linkedin_organization' ||
      org.role !== 'ADMINISTRATOR' ||
      !has(caller.token, 'rw_organization_admin')
    ) {
      return forbidden(
        'Not enough permissions to access: organizationalEntityShareStatistics.FINDER-organizationalEntity (rw_organization_admin, ADMINISTRATOR)',
      );
    }
    const wanted = [...restliList(q.get('shares')), ...restliList(q.get('ugcPosts'))];
    const posts = postsOfUrn(world, orgUrn).filter((p) => wanted.length === 0 || wanted.includes(p.id));
    const interval = /timeRange:\(start:(\d+),end:(\d+)\)(?:,timeGranularityType:(DAY|MONTH))?/.exec(
      q.get('timeIntervals') ?? '',
    );
    const now = world.now();
    if (interval) {
      const start = Number(interval[1]);
      const end = Math.min(Number(interval[2]), now);
      const step = interval[3] === 'MONTH' ? 30 * 86_400_000 : 86_400_000;
      const elements: Record<string, unknown>[] = [];
      for (let t = start; t < end; t += step) {
        const to = Math.min(t + step, end);
        const diff = posts.map((p) => {
          const a = countsOf(world, p, t);
          const b = countsOf(world, p, to);
          const d = { ...b };
          for (const k of Object.keys(d) as Array<keyof EngagementCounts>) d[k] = Math.max(0, b[k] - a[k]);
          return d;
        });
        elements.push({
          organizationalEntity: orgUrn,
          timeRange: { start: t, end: to },
          totalShareStatistics: shareStatistics(sumCounts(diff)),
        });
      }
      return json({ paging: { start: 0, count: elements.length, links: [] }, elements });
    }
    const elements =
      wanted.length > 0
        ? posts.map((p) => ({
            organizationalEntity: orgUrn,
            [p.id.startsWith('urn:li:ugcPost:') ? 'ugcPost' : 'share']: p.id,
            totalShareStatistics: shareStatistics(countsOf(world, p, now)),
          }))
        : [
            {
              organizationalEntity: orgUrn,
              totalShareStatistics: shareStatistics(sumCounts(posts.map((p) => countsOf(world, p, now)))),
            },
          ];
    return json({ paging: { start: 0, count: elements.length, links: [] }, elements });
  });

  app.get('/rest/memberCreatorPostAnalytics', (c) => {
    const caller = authenticate(world, c, 'memberCreatorPostAnalytics');
    if (caller instanceof Response) return caller;
    if (!has(caller.token, 'r_member_postAnalytics'))
      return forbidden(
        'Not enough permissions to access: memberCreatorPostAnalytics (r_member_postAnalytics)',
      );
    const q = new URL(c.req.url).searchParams;
    const finder = q.get('q');
    const type = q.get('queryType') ?? '';
    const types: Record<string, keyof EngagementCounts> = {
      IMPRESSION: 'impressions',
      MEMBERS_REACHED: 'reach',
      RESHARE: 'reposts',
      REACTION: 'likes',
      COMMENT: 'comments',
    };
    const metric = types[type];
    if (!metric)
      return liError(400, `queryType must be one of ${Object.keys(types).join(', ')}`, {
        code: 'ILLEGAL_ARGUMENT',
      });
    let posts: SimPost[];
    if (finder === 'me') posts = world.postsOf('linkedin', caller.member.id);
    else if (finder === 'entity') {
      const m = /^\((?:share|ugc|ugcPost):(.+)\)$/.exec(q.get('entity') ?? '');
      const urn = m?.[1] ? decodeURIComponent(m[1]) : '';
      const post = world.posts.get(urn);
      if (post?.platform !== 'linkedin' || post.accountId !== caller.member.id)
        return liError(404, `Entity ${urn || q.get('entity')} not found among your posts`, {
          code: 'NOT_FOUND',
        });
      posts = [post];
    } else return liError(400, 'Finder q=entity or q=me is required', { code: 'ILLEGAL_ARGUMENT' });
    const now = world.now();
    if ((q.get('aggregation') ?? 'TOTAL') === 'DAILY') {
      const first = Math.min(...posts.map((p) => p.createdAtMs), now);
      const elements: Record<string, unknown>[] = [];
      for (let t = Math.floor(first / 86_400_000) * 86_400_000; t < now; t += 86_400_000) {
        const count = posts.reduce(
          (s, p) =>
            s +
            Math.max(
              0,
              countsOf(world, p, Math.min(t + 86_400_000, now))[metric] - countsOf(world, p, t)[metric],
            ),
          0,
        );
        const d0 = new Date(t);
        const d1 = new Date(t + 86_400_000);
        elements.push({
          count,
          metricType: type,
          dateRange: {
            start: { year: d0.getUTCFullYear(), month: d0.getUTCMonth() + 1, day: d0.getUTCDate() },
            end: { year: d1.getUTCFullYear(), month: d1.getUTCMonth() + 1, day: d1.getUTCDate() },
          },
        });
      }
      return json({ paging: { start: 0, count: elements.length, links: [] }, elements });
    }
    const total = posts.reduce((s, p) => s + countsOf(world, p, now)[metric], 0);
    return json({
      paging: { start: 0, count: 1, links: [] },
      elements: [
        { count: total, metricType: type, ...(finder === 'entity' ? { targetEntity: posts[0]?.id } : {}) },
      ],
    });
  });

  return app;
}
