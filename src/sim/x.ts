import { Hono } from 'hono';
import twitterText from 'twitter-text';
import type { EngagementCounts } from './engagement.js';
import {
  basicAuth,
  bearer,
  bytesOf,
  json,
  type Params,
  readJson,
  readParams,
  type SimContext,
  type SimEnv,
  str,
} from './http.js';
import { inspectBytes } from './media.js';
import { authorize, redeemCode, revokeGrant } from './oauth.js';
import { createPost, engagementOf, fingerprintOf } from './posts.js';
import type { PlatformErrors } from './server.js';
import type { MediaInfo, SimAccount, SimPost, SimToken, SimUpload, SimWorld } from './world.js';

/**
 * X API v2, written from docs.x.com and the OpenAPI spec (../shared/specs/x/x-api-v2-openapi.json;
 * PLATFORM-APIS.md §1). Mounted under `/x`: `{sim}/x/2/tweets` is `https://api.x.com/2/tweets`, and the
 * authorize page `https://x.com/i/oauth2/authorize` is `{sim}/x/i/oauth2/authorize`.
 */

const problemType = (name: string) => `https://api.x.com/2/problems/${name}`;

function problem(
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

const blank = (status: number, title: string, detail: string = title, headers: Record<string, string> = {}) =>
  problem(status, { title, detail, type: 'about:blank', status }, headers);

function invalidRequest(detail: string, message?: string, parameter?: string): Response {
  return problem(400, {
    errors: [{ message: message ?? detail, ...(parameter ? { parameters: { [parameter]: [] } } : {}) }],
    title: 'Invalid Request',
    detail,
    type: problemType('invalid-request'),
  });
}

export const xErrors: PlatformErrors = {
  serverError: (status) =>
    blank(
      status,
      status === 503
        ? 'Service Unavailable'
        : status === 502
          ? 'Bad Gateway'
          : status === 504
            ? 'Gateway Timeout'
            : 'Internal Server Error',
    ),
  rateLimited: (world) => {
    const reset = Math.ceil((world.now() + 15 * 60_000) / 1000);
    return blank(429, 'Too Many Requests', 'Too Many Requests', {
      'x-rate-limit-limit': '100',
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(reset),
    });
  },
  duplicate: () => blank(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.'),
};

const scopesOf: Record<string, string[]> = {
  'POST /2/tweets': ['tweet.read', 'tweet.write', 'users.read'],
  'DELETE /2/tweets/:id': ['tweet.read', 'tweet.write', 'users.read'],
  'GET /2/tweets': ['tweet.read', 'users.read'],
  'GET /2/tweets/:id': ['tweet.read', 'users.read'],
  'GET /2/tweets/analytics': ['tweet.read', 'users.read'],
  'GET /2/users/me': ['tweet.read', 'users.read'],
  'GET /2/users/:id/tweets': ['tweet.read', 'users.read'],
  'POST /2/media/upload': ['media.write'],
  'POST /2/media/upload/initialize': ['media.write'],
  'POST /2/media/upload/:id/append': ['media.write'],
  'POST /2/media/upload/:id/finalize': ['media.write'],
  'GET /2/media/upload': ['media.write'],
  'POST /2/media/metadata': ['media.write'],
};

interface Caller {
  token: SimToken;
  user: SimAccount;
  headers: Record<string, string>;
}

/**
 * Authenticates a call to `endpoint` and counts it against the user's window; answers 401, 403 or 429
 * in X's format when it must. The `x-rate-limit-*` headers go on every answer of a limited endpoint.
 */
function authenticate(world: SimWorld, c: SimContext, endpoint: string): Caller | Response {
  const token = world.token('x', bearer(c));
  if (world.tokenState(token) !== 'valid' || !token || token.kind !== 'user')
    return blank(401, 'Unauthorized');
  const user = world.accounts.get(token.identityId);
  if (!user) return blank(401, 'Unauthorized');
  const missing = (scopesOf[endpoint] ?? []).filter((s) => !token.scopes.includes(s));
  if (missing.length > 0) {
    return blank(403, 'Forbidden', `Missing required OAuth 2.0 scopes: ${missing.join(', ')}`);
  }
  const headers: Record<string, string> = {};
  const limit = world.config.limits.x[endpoint];
  if (limit) {
    const w = world.windows.hit(`x:${user.id}:${endpoint}`, limit.limit, limit.windowSec * 1000, world.now());
    headers['x-rate-limit-limit'] = String(w.limit);
    headers['x-rate-limit-remaining'] = String(w.remaining);
    headers['x-rate-limit-reset'] = String(Math.ceil(w.resetMs / 1000));
    if (!w.allowed) {
      c.get('call').rateLimited = true;
      return blank(429, 'Too Many Requests', 'Too Many Requests', headers);
    }
  }
  if (endpoint === 'POST /2/tweets') {
    const day = world.windows.hit(
      `x:app:${token.clientId}:posts`,
      world.config.limits.xAppPostsPerDay,
      86_400_000,
      world.now(),
    );
    headers['x-app-limit-24hour-limit'] = String(day.limit);
    headers['x-app-limit-24hour-remaining'] = String(day.remaining);
    headers['x-app-limit-24hour-reset'] = String(Math.ceil(day.resetMs / 1000));
    if (!day.allowed) {
      c.get('call').rateLimited = true;
      return blank(429, 'Too Many Requests', 'Too Many Requests', headers);
    }
  }
  return { token, user, headers };
}

function withHeaders(res: Response, headers: Record<string, string>): Response {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

// ---- OAuth 2.0 --------------------------------------------------------------------------------------------

function oauthError(error: string, description: string, status = 400): Response {
  return json({ error, error_description: description }, status);
}

function tokenResponse(
  world: SimWorld,
  identityId: string,
  clientId: string,
  scopes: string[],
  grantId: string,
): Response {
  const access = world.issueToken({
    prefix: 'x-at-',
    provider: 'x',
    kind: 'user',
    identityId,
    clientId,
    scopes,
    expiresAtMs: world.now() + 7200_000,
    grantId,
  });
  const body: Record<string, unknown> = {
    token_type: 'bearer',
    expires_in: 7200,
    access_token: access.value,
    scope: scopes.join(' '),
  };
  if (scopes.includes('offline.access')) {
    const refresh = world.issueToken({
      prefix: 'x-rt-',
      provider: 'x',
      kind: 'refresh',
      identityId,
      clientId,
      scopes,
      expiresAtMs: null,
      grantId,
    });
    body.refresh_token = refresh.value;
  }
  return json(body);
}

/** The client of a token request: HTTP Basic for confidential clients, `client_id` for public ones. */
function tokenClient(world: SimWorld, c: SimContext, params: Params): { clientId: string } | Response {
  const basic = basicAuth(c);
  if (basic) {
    const app = world.app('x', basic.id);
    if (!app || app.clientSecret !== basic.secret)
      return oauthError('unauthorized_client', 'Missing valid authorization header', 401);
    return { clientId: app.clientId };
  }
  const clientId = str(params.client_id);
  if (!clientId || !world.app('x', clientId))
    return oauthError('invalid_request', 'Missing required parameter [client_id].');
  return { clientId };
}

// ---- posts ------------------------------------------------------------------------------------------------

const tcoAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

interface UrlEntity {
  start: number;
  end: number;
  url: string;
  expanded_url: string;
  display_url: string;
}

/** X wraps every link in a t.co URL: the stored text has t.co links; the entities keep the originals. */
function shortenLinks(world: SimWorld, text: string): { text: string; urls: UrlEntity[] } {
  const found = twitterText.extractUrlsWithIndices(text);
  let out = '';
  let last = 0;
  const urls: UrlEntity[] = [];
  for (const u of found) {
    const [start, end] = u.indices;
    out += text.slice(last, start);
    const tco = `https://t.co/${world.rng.chars(10, tcoAlphabet)}`;
    const expanded = /^https?:\/\//i.test(u.url) ? u.url : `http://${u.url}`;
    const display = expanded.replace(/^https?:\/\/(www\.)?/i, '');
    urls.push({
      start: [...out].length,
      end: [...out].length + tco.length,
      url: tco,
      expanded_url: expanded,
      display_url: display.length > 26 ? `${display.slice(0, 25)}…` : display,
    });
    out += tco;
    last = end;
  }
  out += text.slice(last);
  return { text: out, urls };
}

function entitiesOf(text: string, urls: UrlEntity[]): Record<string, unknown> {
  const entities: Record<string, unknown> = {};
  const hashtags = twitterText
    .extractHashtagsWithIndices(text)
    .map((h) => ({ start: h.indices[0], end: h.indices[1], tag: h.hashtag }));
  const mentions = twitterText
    .extractMentionsWithIndices(text)
    .map((m) => ({ start: m.indices[0], end: m.indices[1], username: m.screenName }));
  const cashtags = twitterText
    .extractCashtagsWithIndices(text)
    .map((m) => ({ start: m.indices[0], end: m.indices[1], tag: m.cashtag }));
  if (hashtags.length) entities.hashtags = hashtags;
  if (mentions.length) entities.mentions = mentions;
  if (cashtags.length) entities.cashtags = cashtags;
  if (urls.length) entities.urls = urls;
  return entities;
}

const createFields = new Set([
  'card_uri',
  'community_id',
  'direct_share_status',
  'direct_message_deep_link',
  'edit_options',
  'for_super_followers_only',
  'geo',
  'made_with_ai',
  'media',
  'nullcast',
  'paid_partnership',
  'poll',
  'quote_tweet_id',
  'reply',
  'reply_settings',
  'share_with_followers',
  'text',
]);
const idPattern = /^[0-9]{1,19}$/;

/** Validates a create request against the documented schema (CreatePostsRequest, additionalProperties false). */
function validateCreate(body: unknown): Record<string, unknown> | Response {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      'Request body must be a JSON object',
    );
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!createFields.has(key)) {
      return invalidRequest(
        'One or more parameters to your request was invalid.',
        `$.${key}: is not defined in the schema and the schema does not allow additional properties`,
      );
    }
  }
  if (b.text !== undefined && typeof b.text !== 'string')
    return invalidRequest('One or more parameters to your request was invalid.', '$.text: string expected');
  const media = b.media as Record<string, unknown> | undefined;
  if (media !== undefined) {
    const ids = media?.media_ids;
    if (
      !Array.isArray(ids) ||
      ids.length < 1 ||
      ids.length > 4 ||
      !ids.every((i) => typeof i === 'string' && idPattern.test(i))
    ) {
      return invalidRequest(
        'One or more parameters to your request was invalid.',
        '$.media.media_ids: 1 to 4 numeric string ids expected',
      );
    }
    if (b.poll !== undefined || b.quote_tweet_id !== undefined || b.card_uri !== undefined) {
      return invalidRequest(
        'One or more parameters to your request was invalid.',
        'media is mutually exclusive with poll, quote_tweet_id and card_uri',
      );
    }
  }
  const reply = b.reply as Record<string, unknown> | undefined;
  if (
    reply !== undefined &&
    (typeof reply?.in_reply_to_tweet_id !== 'string' || !idPattern.test(reply.in_reply_to_tweet_id))
  ) {
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      '$.reply.in_reply_to_tweet_id: numeric string id expected',
    );
  }
  if (
    b.quote_tweet_id !== undefined &&
    (typeof b.quote_tweet_id !== 'string' || !idPattern.test(b.quote_tweet_id))
  ) {
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      '$.quote_tweet_id: numeric string id expected',
    );
  }
  const poll = b.poll as Record<string, unknown> | undefined;
  if (poll !== undefined) {
    const options = poll?.options;
    const minutes = poll?.duration_minutes;
    if (
      !Array.isArray(options) ||
      options.length < 2 ||
      options.length > 4 ||
      !options.every((o) => typeof o === 'string' && o.length >= 1 && o.length <= 25)
    ) {
      return invalidRequest(
        'One or more parameters to your request was invalid.',
        '$.poll.options: 2 to 4 options of 1 to 25 characters expected',
      );
    }
    if (typeof minutes !== 'number' || minutes < 5 || minutes > 10080) {
      return invalidRequest(
        'One or more parameters to your request was invalid.',
        '$.poll.duration_minutes: 5 to 10080 expected',
      );
    }
  }
  if (
    b.reply_settings !== undefined &&
    !['following', 'mentionedUsers', 'subscribers', 'verified'].includes(String(b.reply_settings))
  ) {
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      '$.reply_settings: does not have a value in the enumeration',
    );
  }
  return b;
}

function mediaKey(upload: SimUpload): string {
  const kind = upload.media?.kind ?? (String(upload.extra.category).includes('video') ? 'video' : 'image');
  return `${kind === 'video' ? 7 : kind === 'gif' ? 16 : 3}_${upload.id}`;
}

/** X's public, non-public and organic metrics from the engagement model. */
function metricsOf(counts: EngagementCounts) {
  return {
    public_metrics: {
      retweet_count: counts.reposts,
      repost_count: counts.reposts,
      reply_count: counts.comments,
      like_count: counts.likes,
      quote_count: counts.quotes,
      bookmark_count: counts.saves,
      impression_count: counts.impressions,
    },
    non_public_metrics: {
      impression_count: counts.impressions,
      url_link_clicks: counts.linkClicks,
      user_profile_clicks: counts.profileClicks,
      engagements: counts.engagements,
    },
    organic_metrics: {
      impression_count: counts.impressions,
      like_count: counts.likes,
      reply_count: counts.comments,
      retweet_count: counts.reposts,
      url_link_clicks: counts.linkClicks,
      user_profile_clicks: counts.profileClicks,
    },
  };
}

function listParam(v: string | undefined): string[] {
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

/** A post as `GET /2/tweets` returns it with the requested `tweet.fields` (and the errors for refused fields). */
function renderPost(
  world: SimWorld,
  post: SimPost,
  caller: SimAccount,
  fields: string[],
): { data: Record<string, unknown>; errors: Record<string, unknown>[] } {
  const data: Record<string, unknown> = {
    id: post.id,
    text: post.renderedText,
    edit_history_tweet_ids: [post.id],
    edit_history_post_ids: [post.id],
  };
  const errors: Record<string, unknown>[] = [];
  const counts = engagementOf(world, post);
  const metrics = metricsOf(counts);
  const own = post.accountId === caller.id;
  const young = world.now() - post.createdAtMs < 30 * 86_400_000;
  for (const f of fields) {
    switch (f) {
      case 'created_at':
        data.created_at = new Date(post.createdAtMs).toISOString();
        break;
      case 'author_id':
        data.author_id = post.accountId;
        break;
      case 'conversation_id':
        data.conversation_id = String(post.extra.conversationId ?? post.id);
        break;
      case 'in_reply_to_user_id':
        if (post.extra.inReplyToUserId) data.in_reply_to_user_id = post.extra.inReplyToUserId;
        break;
      case 'referenced_tweets':
        if (post.replyToId) data.referenced_tweets = [{ type: 'replied_to', id: post.replyToId }];
        break;
      case 'attachments':
        if (post.extra.mediaKeys) data.attachments = { media_keys: post.extra.mediaKeys };
        break;
      case 'entities': {
        const e = post.extra.entities as Record<string, unknown> | undefined;
        if (e && Object.keys(e).length > 0) data.entities = e;
        break;
      }
      case 'lang':
        data.lang = 'en';
        break;
      case 'possibly_sensitive':
        data.possibly_sensitive = false;
        break;
      case 'reply_settings':
        data.reply_settings = post.extra.replySettings ?? 'everyone';
        break;
      case 'public_metrics':
        data.public_metrics = metrics.public_metrics;
        break;
      case 'non_public_metrics':
      case 'organic_metrics':
        if (own && young) data[f] = metrics[f];
        else {
          errors.push({
            value: f,
            detail: `Sorry, you are not authorized to access '${f}' on the Tweet with id [${post.id}].`,
            title: 'Field Authorization Error',
            resource_type: 'tweet',
            parameter: 'tweet.fields',
            resource_id: post.id,
            field: f,
            section: 'data',
            type: problemType('not-authorized-for-field'),
          });
        }
        break;
      default:
        break;
    }
  }
  return { data, errors };
}

function includesMedia(world: SimWorld, posts: SimPost[], mediaFields: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const post of posts) {
    const keys = (post.extra.mediaKeys as string[] | undefined) ?? [];
    const counts = engagementOf(world, post);
    keys.forEach((key, i) => {
      const m = post.media[i];
      const item: Record<string, unknown> = {
        media_key: key,
        type: m?.kind === 'video' ? 'video' : m?.kind === 'gif' ? 'animated_gif' : 'photo',
      };
      for (const f of mediaFields) {
        if (f === 'width' && m?.width) item.width = m.width;
        if (f === 'height' && m?.height) item.height = m.height;
        if (f === 'public_metrics' && m?.kind === 'video')
          item.public_metrics = { view_count: counts.videoViews };
        if (f === 'non_public_metrics' && m?.kind === 'video') {
          const v = counts.videoViews;
          item.non_public_metrics = {
            playback_0_count: v,
            playback_25_count: Math.floor(v * 0.7),
            playback_50_count: Math.floor(v * 0.5),
            playback_75_count: Math.floor(v * 0.35),
            playback_100_count: Math.floor(v * 0.2),
          };
        }
      }
      out.push(item);
    });
  }
  return out;
}

function notFoundPost(id: string): Record<string, unknown> {
  return {
    value: id,
    detail: `Could not find tweet with id: [${id}].`,
    title: 'Not Found Error',
    resource_type: 'tweet',
    parameter: 'id',
    resource_id: id,
    type: problemType('resource-not-found'),
  };
}

// ---- media ------------------------------------------------------------------------------------------------

const categories = [
  'tweet_image',
  'tweet_video',
  'tweet_gif',
  'amplify_video',
  'dm_image',
  'dm_video',
  'dm_gif',
  'subtitles',
];
const maxBytes: Record<string, number> = {
  tweet_image: 5 * 1024 * 1024,
  dm_image: 5 * 1024 * 1024,
  tweet_gif: 15 * 1024 * 1024,
  dm_gif: 15 * 1024 * 1024,
  tweet_video: 512 * 1024 * 1024,
  amplify_video: 512 * 1024 * 1024,
  dm_video: 512 * 1024 * 1024,
  subtitles: 1024 * 1024,
};
const uploadTtlSec = 86_400;

/** Why media cannot go in its category, or undefined when it fits. */
function categoryProblem(info: MediaInfo, category: string): string | undefined {
  if (info.invalid) return `Invalid or Unsupported media, Reason: ${info.invalid}.`;
  const wantsVideo = category.includes('video');
  const wantsGif = category.includes('gif');
  if (wantsVideo && info.kind !== 'video')
    return 'Invalid or Unsupported media, Reason: UnsupportedMedia (not a video).';
  if (!wantsVideo && info.kind === 'video')
    return 'Invalid or Unsupported media, Reason: UnsupportedMedia (video in an image category).';
  if (wantsGif && info.mimeType !== 'image/gif')
    return 'Invalid or Unsupported media, Reason: UnsupportedMedia (not a GIF).';
  if (info.bytes > (maxBytes[category] ?? Number.POSITIVE_INFINITY))
    return 'File size exceeds the limit of the media category.';
  return undefined;
}

function uploadView(world: SimWorld, upload: SimUpload, withProcessing: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: upload.id,
    media_key: mediaKey(upload),
    expires_after_secs: Math.max(0, Math.floor((upload.expiresAtMs - world.now()) / 1000)),
  };
  if (upload.media) data.size = upload.media.bytes;
  if (upload.media?.kind !== 'video' && upload.media?.width) {
    data.image = { image_type: upload.media.mimeType, w: upload.media.width, h: upload.media.height ?? 0 };
  }
  if (upload.media?.kind === 'video') data.video = { video_type: upload.media.mimeType };
  if (withProcessing && (upload.state === 'processing' || upload.state === 'failed' || upload.extra.async)) {
    const state =
      upload.state === 'processing'
        ? upload.polls === 0
          ? 'pending'
          : 'in_progress'
        : upload.state === 'failed'
          ? 'failed'
          : 'succeeded';
    const info: Record<string, unknown> = { state };
    if (state === 'pending' || state === 'in_progress') {
      info.check_after_secs = 1;
      info.progress_percent =
        state === 'pending'
          ? 0
          : Math.min(99, Math.round((100 * upload.polls) / Math.max(1, world.config.processing.polls)));
    } else if (state === 'succeeded') info.progress_percent = 100;
    data.processing_info = info;
  }
  return data;
}

/** Moves processing forward on a status read: done after N reads or the processing time. */
function advanceProcessing(world: SimWorld, upload: SimUpload): void {
  if (upload.state !== 'processing') return;
  upload.polls += 1;
  if (upload.polls >= world.config.processing.polls || world.now() >= (upload.readyAtMs ?? 0)) {
    upload.state = upload.failure ? 'failed' : 'ready';
  }
}

function newUpload(
  world: SimWorld,
  user: SimAccount,
  category: string,
  extra: Record<string, unknown> = {},
): SimUpload {
  const now = world.now();
  const upload: SimUpload = {
    id: world.xId(),
    platform: 'x',
    ownerId: user.id,
    state: 'uploading',
    createdAtMs: now,
    expiresAtMs: now + uploadTtlSec * 1000,
    polls: 0,
    chunks: new Map(),
    extra: { category, ...extra },
  };
  world.uploads.set(upload.id, upload);
  return upload;
}

/** Ends an upload: images are ready at once, videos (and GIFs) process asynchronously. */
function completeUpload(world: SimWorld, upload: SimUpload, info: MediaInfo): Response | undefined {
  const problemText = categoryProblem(info, String(upload.extra.category));
  upload.media = info;
  if (problemText && (info.invalid || info.kind !== 'video')) {
    upload.state = 'failed';
    upload.failure = problemText;
    return invalidRequest(problemText);
  }
  if (info.kind === 'video' || info.kind === 'gif') {
    upload.state = 'processing';
    upload.extra.async = true;
    upload.readyAtMs = world.now() + world.config.processing.ms;
    // A video the platform cannot transcode fails during processing, as on X.
    if (problemText) upload.failure = problemText;
  } else {
    upload.state = 'ready';
  }
  return undefined;
}

function usableUpload(world: SimWorld, id: string, user: SimAccount): SimUpload | undefined {
  const u = world.uploads.get(id);
  if (u?.platform !== 'x') return undefined;
  if (u.ownerId !== user.id && !((u.extra.additionalOwners as string[] | undefined) ?? []).includes(user.id))
    return undefined;
  if (world.now() >= u.expiresAtMs) return undefined;
  return u;
}

// ---- routes -----------------------------------------------------------------------------------------------

export function xRoutes(world: SimWorld): Hono<SimEnv> {
  const app = new Hono<SimEnv>();

  const authorizePage = (c: SimContext) => {
    const q = new URL(c.req.url).searchParams;
    if (q.get('response_type') !== 'code')
      return json({ error: 'invalid_request', error_description: 'response_type must be code' }, 400);
    if (!q.get('state'))
      return json({ error: 'invalid_request', error_description: 'state is required' }, 400);
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method') ?? 'plain';
    if (!challenge)
      return json({ error: 'invalid_request', error_description: 'code_challenge is required (PKCE)' }, 400);
    if (method !== 'S256' && method !== 'plain')
      return json(
        { error: 'invalid_request', error_description: 'code_challenge_method must be S256 or plain' },
        400,
      );
    const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    if (scopes.length === 0)
      return json({ error: 'invalid_scope', error_description: 'scope is required' }, 400);
    const out = authorize(world, {
      provider: 'x',
      clientId: q.get('client_id') ?? undefined,
      redirectUri: q.get('redirect_uri') ?? undefined,
      scopes,
      state: q.get('state') ?? undefined,
      codeChallenge: challenge,
      codeChallengeMethod: method,
      userHint: q.get('sim_user') ?? undefined,
      codeTtlMs: 30_000,
    });
    if (out.kind === 'error')
      return json({ error: out.error, error_description: out.description }, out.status);
    return c.redirect(out.location.toString(), 302);
  };
  app.get('/i/oauth2/authorize', authorizePage);
  app.get('/2/oauth2/authorize', authorizePage);

  app.post('/2/oauth2/token', async (c) => {
    const params = await readParams(c);
    const client = tokenClient(world, c, params);
    if (client instanceof Response) return client;
    const grant = str(params.grant_type);
    if (grant === 'authorization_code') {
      const code = redeemCode(world, 'x', str(params.code), {
        clientId: client.clientId,
        redirectUri: str(params.redirect_uri),
        codeVerifier: str(params.code_verifier),
      });
      if (typeof code === 'string')
        return oauthError('invalid_request', 'Value passed for the authorization code was invalid.');
      return tokenResponse(world, code.identityId, client.clientId, code.scopes, world.secret('grant-'));
    }
    if (grant === 'refresh_token') {
      const refresh = world.token('x', str(params.refresh_token));
      if (
        refresh?.kind !== 'refresh' ||
        world.tokenState(refresh) !== 'valid' ||
        refresh.clientId !== client.clientId
      ) {
        return oauthError('invalid_request', 'Value passed for the token was invalid.');
      }
      // Refresh tokens are single use here (the docs do not say; design for rotation).
      refresh.revoked = true;
      for (const t of world.tokens.values())
        if (t.grantId === refresh.grantId && t.kind === 'user') t.revoked = true;
      return tokenResponse(world, refresh.identityId, client.clientId, refresh.scopes, refresh.grantId);
    }
    return oauthError('unsupported_grant_type', `grant_type ${grant ?? '(missing)'} is not supported`);
  });

  app.post('/2/oauth2/revoke', async (c) => {
    const params = await readParams(c);
    const client = tokenClient(world, c, params);
    if (client instanceof Response) return client;
    const token = world.token('x', str(params.token));
    if (token && token.clientId === client.clientId) revokeGrant(world, token.grantId);
    return json({ revoked: true });
  });

  app.get('/2/users/me', (c) => {
    const caller = authenticate(world, c, 'GET /2/users/me');
    if (caller instanceof Response) return caller;
    const fields = listParam(c.req.query('user.fields'));
    const u = caller.user;
    const data: Record<string, unknown> = { id: u.id, name: u.name, username: u.username };
    for (const f of fields) {
      if (f === 'created_at') data.created_at = '2015-03-01T09:00:00.000Z';
      if (f === 'description') data.description = `${u.name} on the platform simulator`;
      if (f === 'profile_image_url')
        data.profile_image_url = `https://pbs.twimg.com/profile_images/${u.id}/sim_normal.jpg`;
      if (f === 'protected') data.protected = false;
      if (f === 'verified') data.verified = Boolean(u.premium);
      if (f === 'subscription_type') data.subscription_type = u.premium ? 'Premium' : 'None';
      if (f === 'public_metrics') {
        const count = world.postsOf('x', u.id).length;
        data.public_metrics = {
          followers_count: u.followers,
          following_count: 120,
          post_count: count,
          tweet_count: count,
          listed_count: 3,
        };
      }
    }
    return withHeaders(json({ data }), caller.headers);
  });

  app.post('/2/tweets', async (c) => {
    const caller = authenticate(world, c, 'POST /2/tweets');
    if (caller instanceof Response) return caller;
    const send = (res: Response) => withHeaders(res, caller.headers);
    const body = validateCreate(await readJson(c));
    if (body instanceof Response) return send(body);
    const text = typeof body.text === 'string' ? body.text : '';
    const mediaIds = ((body.media as { media_ids?: string[] } | undefined)?.media_ids ?? []) as string[];
    if (text.trim() === '' && mediaIds.length === 0)
      return send(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          'Text is required unless media is provided',
          'text',
        ),
      );
    const weighted = twitterText.parseTweet(text).weightedLength;
    const max = caller.user.premium ? 25_000 : 280;
    if (weighted > max)
      return send(
        blank(400, 'Bad Request', `Your Tweet text is too long. (${weighted} > ${max} weighted characters)`),
      );
    if (twitterText.extractCashtags(text).length > 1)
      return send(invalidRequest('Posts may contain at most one cashtag.'));
    const uploads: SimUpload[] = [];
    for (const id of mediaIds) {
      const u = usableUpload(world, id, caller.user);
      if (u?.state !== 'ready' || !u.media) return send(invalidRequest('Your media IDs are invalid.'));
      uploads.push(u);
    }
    const kinds = uploads.map((u) => u.media?.kind);
    if ((kinds.includes('video') || kinds.includes('gif')) && uploads.length > 1) {
      return send(
        invalidRequest('Your media IDs are invalid.', 'A post takes up to 4 photos, or 1 GIF, or 1 video.'),
      );
    }
    let replyTo: SimPost | undefined;
    const replyId = (body.reply as { in_reply_to_tweet_id?: string } | undefined)?.in_reply_to_tweet_id;
    if (replyId) {
      replyTo = world.posts.get(replyId);
      if (replyTo?.platform !== 'x' || replyTo.deletedAtMs) {
        return send(
          blank(403, 'Forbidden', 'You attempted to reply to a Tweet that is deleted or not visible to you.'),
        );
      }
      const parentAuthor = world.accounts.get(replyTo.accountId);
      const summoned =
        replyTo.accountId === caller.user.id ||
        (caller.user.username &&
          replyTo.text.toLowerCase().includes(`@${caller.user.username.toLowerCase()}`));
      if (!summoned) {
        return send(
          blank(
            403,
            'Forbidden',
            `Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to (@${parentAuthor?.username ?? 'unknown'}).`,
          ),
        );
      }
    }
    const media = uploads.map((u) => u.media as MediaInfo);
    const fingerprint = fingerprintOf(world, 'x', caller.user.id, text, media);
    if (world.refusesDuplicate('x', caller.user.id, fingerprint)) return send(xErrors.duplicate(world, c));
    const shortened = shortenLinks(world, text);
    const id = world.xId();
    const post = createPost(world, {
      platform: 'x',
      accountId: caller.user.id,
      id,
      text,
      renderedText: shortened.text,
      media,
      ...(replyTo ? { replyToId: replyTo.id } : {}),
      permalink: `https://x.com/${caller.user.username}/status/${id}`,
      extra: {
        entities: entitiesOf(shortened.text, shortened.urls),
        conversationId: replyTo ? (replyTo.extra.conversationId ?? replyTo.id) : id,
        ...(replyTo ? { inReplyToUserId: replyTo.accountId } : {}),
        ...(uploads.length ? { mediaKeys: uploads.map(mediaKey) } : {}),
        ...(body.reply_settings ? { replySettings: body.reply_settings } : {}),
      },
    });
    c.get('call').postId = post.id;
    return send(
      json(
        {
          data: {
            id: post.id,
            text: post.renderedText,
            edit_history_tweet_ids: [post.id],
            edit_history_post_ids: [post.id],
          },
        },
        201,
      ),
    );
  });

  app.delete('/2/tweets/:id', (c) => {
    const caller = authenticate(world, c, 'DELETE /2/tweets/:id');
    if (caller instanceof Response) return caller;
    const post = world.posts.get(c.req.param('id'));
    if (post?.platform !== 'x' || post.deletedAtMs) {
      return withHeaders(json({ errors: [notFoundPost(c.req.param('id'))] }), caller.headers);
    }
    if (post.accountId !== caller.user.id)
      return withHeaders(
        blank(403, 'Forbidden', 'You are not authorized to delete this Tweet.'),
        caller.headers,
      );
    post.deletedAtMs = world.now();
    return withHeaders(json({ data: { deleted: true } }), caller.headers);
  });

  const lookup = (c: SimContext, ids: string[], caller: Caller, single: boolean) => {
    const q = new URL(c.req.url).searchParams;
    const fields = listParam(q.get('tweet.fields') ?? undefined);
    const expansions = listParam(q.get('expansions') ?? undefined);
    const data: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    const found: SimPost[] = [];
    for (const id of ids) {
      const post = world.posts.get(id);
      if (post?.platform !== 'x' || post.deletedAtMs) {
        errors.push(notFoundPost(id));
        continue;
      }
      const r = renderPost(world, post, caller.user, fields);
      data.push(r.data);
      errors.push(...r.errors);
      found.push(post);
    }
    const body: Record<string, unknown> = {};
    if (data.length > 0) body.data = single ? data[0] : data;
    if (expansions.includes('attachments.media_keys')) {
      const media = includesMedia(world, found, listParam(q.get('media.fields') ?? undefined));
      if (media.length > 0) body.includes = { media };
    }
    if (errors.length > 0) body.errors = errors;
    return withHeaders(json(body), caller.headers);
  };

  app.get('/2/tweets/analytics', (c) => {
    const caller = authenticate(world, c, 'GET /2/tweets/analytics');
    if (caller instanceof Response) return caller;
    const q = new URL(c.req.url).searchParams;
    const ids = listParam(q.get('ids') ?? undefined);
    const start = Date.parse(q.get('start_time') ?? '');
    const end = Date.parse(q.get('end_time') ?? '');
    if (ids.length === 0 || ids.length > 100 || Number.isNaN(start) || Number.isNaN(end)) {
      return withHeaders(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          'ids (1-100), start_time and end_time are required',
        ),
        caller.headers,
      );
    }
    const granularity = q.get('granularity') ?? 'total';
    const fields = listParam(
      q.get('analytics.fields') ??
        'impressions,likes,replies,retweets,quote_tweets,bookmarks,engagements,url_clicks,user_profile_clicks',
    );
    const bucketMs =
      granularity === 'hourly'
        ? 3600_000
        : granularity === 'daily'
          ? 86_400_000
          : granularity === 'weekly'
            ? 7 * 86_400_000
            : 0;
    const data: Record<string, unknown>[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const id of ids) {
      const post = world.posts.get(id);
      if (post?.platform !== 'x' || post.deletedAtMs || post.accountId !== caller.user.id) {
        errors.push(notFoundPost(id));
        continue;
      }
      const entry: Record<string, unknown> = { id };
      const total = analyticsOf(countsBetween(world, post, start, Math.min(end, world.now())));
      for (const f of fields) if (f in total) entry[f] = total[f];
      if (bucketMs > 0) {
        const buckets: Record<string, unknown>[] = [];
        for (let t = start; t < end && buckets.length < 1000; t += bucketMs) {
          const slice = countsBetween(world, post, t, Math.min(t + bucketMs, end, world.now()));
          const m = analyticsOf(slice);
          const metrics: Record<string, number> = {};
          for (const f of fields) if (f in m) metrics[f] = m[f] as number;
          buckets.push({ timestamp: new Date(t).toISOString(), metrics });
        }
        entry.timestamped_metrics = buckets;
      }
      data.push(entry);
    }
    const body: Record<string, unknown> = {};
    if (data.length > 0) body.data = data;
    if (errors.length > 0) body.errors = errors;
    return withHeaders(json(body), caller.headers);
  });

  app.get('/2/tweets/:id', (c) => {
    const caller = authenticate(world, c, 'GET /2/tweets/:id');
    if (caller instanceof Response) return caller;
    return lookup(c, [c.req.param('id')], caller, true);
  });

  app.get('/2/tweets', (c) => {
    const caller = authenticate(world, c, 'GET /2/tweets');
    if (caller instanceof Response) return caller;
    const ids = listParam(c.req.query('ids'));
    if (ids.length === 0 || ids.length > 100) {
      return withHeaders(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          'The `ids` query parameter value [] is not between 1 and 100',
          'ids',
        ),
        caller.headers,
      );
    }
    return lookup(c, ids, caller, false);
  });

  app.get('/2/users/:id/tweets', (c) => {
    const caller = authenticate(world, c, 'GET /2/users/:id/tweets');
    if (caller instanceof Response) return caller;
    const q = new URL(c.req.url).searchParams;
    const userId = c.req.param('id');
    if (world.accounts.get(userId)?.platform !== 'x') {
      return withHeaders(
        json({
          errors: [
            {
              value: userId,
              detail: `Could not find user with id: [${userId}].`,
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'id',
              resource_id: userId,
              type: problemType('resource-not-found'),
            },
          ],
        }),
        caller.headers,
      );
    }
    const maxResults = Number(q.get('max_results') ?? 10);
    if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 100) {
      return withHeaders(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          `The \`max_results\` query parameter value [${q.get('max_results')}] is not between 5 and 100`,
          'max_results',
        ),
        caller.headers,
      );
    }
    const exclude = listParam(q.get('exclude') ?? undefined);
    const since = q.get('since_id');
    const until = q.get('until_id');
    const startTime = q.get('start_time') ? Date.parse(q.get('start_time') as string) : undefined;
    const endTime = q.get('end_time') ? Date.parse(q.get('end_time') as string) : undefined;
    let posts = world.postsOf('x', userId).filter((p) => {
      if (exclude.includes('replies') && p.replyToId) return false;
      if (since && BigInt(p.id) <= BigInt(since)) return false;
      if (until && BigInt(p.id) >= BigInt(until)) return false;
      if (startTime !== undefined && p.createdAtMs < startTime) return false;
      if (endTime !== undefined && p.createdAtMs > endTime) return false;
      return true;
    });
    posts.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const token = q.get('pagination_token');
    let offset = 0;
    if (token) {
      offset = Number.parseInt(Buffer.from(token, 'base64url').toString('utf8'), 10);
      if (!Number.isFinite(offset) || offset < 0)
        return withHeaders(
          invalidRequest(
            'One or more parameters to your request was invalid.',
            'Invalid pagination_token',
            'pagination_token',
          ),
          caller.headers,
        );
    }
    const total = posts.length;
    posts = posts.slice(offset, offset + maxResults);
    const fields = listParam(q.get('tweet.fields') ?? undefined);
    const data = posts.map((p) => renderPost(world, p, caller.user, fields));
    const meta: Record<string, unknown> = { result_count: posts.length };
    if (posts.length > 0) {
      meta.newest_id = posts[0]?.id;
      meta.oldest_id = posts[posts.length - 1]?.id;
    }
    if (offset + maxResults < total)
      meta.next_token = Buffer.from(String(offset + maxResults)).toString('base64url');
    if (offset > 0)
      meta.previous_token = Buffer.from(String(Math.max(0, offset - maxResults))).toString('base64url');
    const body: Record<string, unknown> = {};
    if (data.length > 0) body.data = data.map((d) => d.data);
    const errors = data.flatMap((d) => d.errors);
    if (errors.length > 0) body.errors = errors;
    body.meta = meta;
    return withHeaders(json(body), caller.headers);
  });

  // Simple upload (images, GIFs), and the legacy command=INIT|APPEND|FINALIZE form the quickstart still shows.
  app.post('/2/media/upload', async (c) => {
    const params = await readParams(c);
    const command = str(params.command)?.toUpperCase();
    const endpoint =
      command === 'INIT'
        ? 'POST /2/media/upload/initialize'
        : command === 'APPEND'
          ? 'POST /2/media/upload/:id/append'
          : command === 'FINALIZE'
            ? 'POST /2/media/upload/:id/finalize'
            : 'POST /2/media/upload';
    const caller = authenticate(world, c, endpoint);
    if (caller instanceof Response) return caller;
    const send = (res: Response) => withHeaders(res, caller.headers);
    if (command === 'INIT') return send(initialize(world, caller.user, params));
    if (command === 'APPEND')
      return send(await append(world, caller.user, str(params.media_id) ?? '', params));
    if (command === 'FINALIZE') return send(finalize(world, caller.user, str(params.media_id) ?? ''));
    const category = str(params.media_category);
    if (!category || !categories.includes(category))
      return send(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          '$.media_category: does not have a value in the enumeration',
          'media_category',
        ),
      );
    const bytes = await bytesOf(params.media);
    if (!bytes || bytes.length === 0)
      return send(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          '$.media: is missing but it is required',
          'media',
        ),
      );
    const info = inspectBytes(bytes);
    if (info.kind === 'video')
      return send(
        invalidRequest('Videos must be uploaded with the chunked endpoints (initialize, append, finalize).'),
      );
    const upload = newUpload(world, caller.user, category, {
      additionalOwners: listParam(str(params.additional_owners)),
    });
    const failed = completeUpload(world, upload, info);
    if (failed) return send(failed);
    return send(json({ data: uploadView(world, upload, true) }));
  });

  app.post('/2/media/upload/initialize', async (c) => {
    const caller = authenticate(world, c, 'POST /2/media/upload/initialize');
    if (caller instanceof Response) return caller;
    const body = await readJson(c);
    if (!body || typeof body !== 'object')
      return withHeaders(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          'Request body must be a JSON object',
        ),
        caller.headers,
      );
    return withHeaders(initialize(world, caller.user, body as Params), caller.headers);
  });

  app.post('/2/media/upload/:id/append', async (c) => {
    const caller = authenticate(world, c, 'POST /2/media/upload/:id/append');
    if (caller instanceof Response) return caller;
    return withHeaders(
      await append(world, caller.user, c.req.param('id'), await readParams(c)),
      caller.headers,
    );
  });

  app.post('/2/media/upload/:id/finalize', (c) => {
    const caller = authenticate(world, c, 'POST /2/media/upload/:id/finalize');
    if (caller instanceof Response) return caller;
    return withHeaders(finalize(world, caller.user, c.req.param('id')), caller.headers);
  });

  app.get('/2/media/upload', (c) => {
    const caller = authenticate(world, c, 'GET /2/media/upload');
    if (caller instanceof Response) return caller;
    const id = c.req.query('media_id') ?? '';
    const upload = usableUpload(world, id, caller.user);
    if (!upload)
      return withHeaders(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          `Invalid media_id: ${id}`,
          'media_id',
        ),
        caller.headers,
      );
    advanceProcessing(world, upload);
    return withHeaders(json({ data: uploadView(world, upload, true) }), caller.headers);
  });

  app.post('/2/media/metadata', async (c) => {
    const caller = authenticate(world, c, 'POST /2/media/metadata');
    if (caller instanceof Response) return caller;
    const body = (await readJson(c)) as
      | { id?: unknown; metadata?: { alt_text?: { text?: unknown } } }
      | undefined;
    const id = typeof body?.id === 'string' ? body.id : '';
    const upload = usableUpload(world, id, caller.user);
    if (!upload)
      return withHeaders(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          `Invalid media id: ${id}`,
          'id',
        ),
        caller.headers,
      );
    const alt = body?.metadata?.alt_text?.text;
    if (alt !== undefined && (typeof alt !== 'string' || [...alt].length > 1000)) {
      return withHeaders(
        invalidRequest(
          'One or more parameters to your request was invalid.',
          'alt_text.text must be a string of at most 1000 characters',
        ),
        caller.headers,
      );
    }
    if (typeof alt === 'string') upload.extra.altText = alt;
    return withHeaders(json({ data: { id, associated_metadata: body?.metadata ?? {} } }), caller.headers);
  });

  return app;
}

const mediaTypes = [
  'video/mp4',
  'video/webm',
  'video/mp2t',
  'video/quicktime',
  'text/srt',
  'text/vtt',
  'image/jpeg',
  'image/gif',
  'image/bmp',
  'image/png',
  'image/webp',
  'image/pjpeg',
  'image/tiff',
  'model/gltf-binary',
  'model/vnd.usdz+zip',
];

function initialize(world: SimWorld, user: SimAccount, params: Params): Response {
  const type = str(params.media_type);
  const total = Number(str(params.total_bytes));
  const category =
    str(params.media_category) ??
    (type?.startsWith('video/') ? 'tweet_video' : type === 'image/gif' ? 'tweet_gif' : 'tweet_image');
  if (!type || !mediaTypes.includes(type))
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      '$.media_type: does not have a value in the enumeration',
      'media_type',
    );
  if (!Number.isInteger(total) || total < 0 || total > 17_179_869_184)
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      '$.total_bytes: must be between 0 and 17179869184',
      'total_bytes',
    );
  if (!categories.includes(category))
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      '$.media_category: does not have a value in the enumeration',
      'media_category',
    );
  if (total > (maxBytes[category] ?? Number.POSITIVE_INFINITY))
    return invalidRequest('File size exceeds the limit of the media category.');
  const owners = params.additional_owners;
  const upload = newUpload(world, user, category, {
    mediaType: type,
    totalBytes: total,
    additionalOwners: Array.isArray(owners) ? owners.map(String) : listParam(str(owners)),
  });
  return json({ data: { id: upload.id, media_key: mediaKey(upload), expires_after_secs: uploadTtlSec } });
}

async function append(world: SimWorld, user: SimAccount, id: string, params: Params): Promise<Response> {
  const upload = usableUpload(world, id, user);
  if (upload?.state !== 'uploading')
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      `Invalid media id: ${id}`,
      'id',
    );
  const index = Number(str(params.segment_index));
  if (!Number.isInteger(index) || index < 0 || index > 999)
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      '$.segment_index: must be between 0 and 999',
      'segment_index',
    );
  const bytes = await bytesOf(params.media);
  if (!bytes)
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      '$.media: is missing but it is required',
      'media',
    );
  upload.chunks.set(index, bytes);
  return json({ data: { expires_at: Math.floor(upload.expiresAtMs / 1000) } });
}

function finalize(world: SimWorld, user: SimAccount, id: string): Response {
  const upload = usableUpload(world, id, user);
  if (upload?.state !== 'uploading')
    return invalidRequest(
      'One or more parameters to your request was invalid.',
      `Invalid media id: ${id}`,
      'id',
    );
  const indexes = [...upload.chunks.keys()].sort((a, b) => a - b);
  if (indexes.length === 0 || indexes.some((v, i) => v !== i))
    return invalidRequest('Segments are missing: append segments 0..n before finalizing.');
  const bytes = Buffer.concat(indexes.map((i) => upload.chunks.get(i) as Buffer));
  upload.chunks.clear();
  if (bytes.length !== upload.extra.totalBytes) {
    return invalidRequest(
      `File size mismatch: the segments add up to ${bytes.length} bytes, total_bytes was ${upload.extra.totalBytes}.`,
    );
  }
  const info = inspectBytes(bytes);
  const failed = completeUpload(world, upload, info);
  if (failed) return failed;
  return json({ data: uploadView(world, upload, true) });
}

/** Counts a post gained between two instants (for analytics buckets). */
function countsBetween(world: SimWorld, post: SimPost, fromMs: number, toMs: number): EngagementCounts {
  const a = engagementOf(world, post, fromMs);
  const b = engagementOf(world, post, toMs);
  const out = {} as EngagementCounts;
  for (const k of Object.keys(b) as Array<keyof EngagementCounts>) out[k] = Math.max(0, b[k] - a[k]);
  return out;
}

function analyticsOf(c: EngagementCounts): Record<string, number> {
  return {
    impressions: c.impressions,
    likes: c.likes,
    replies: c.comments,
    retweets: c.reposts,
    quote_tweets: c.quotes,
    bookmarks: c.saves,
    engagements: c.engagements,
    url_clicks: c.linkClicks,
    user_profile_clicks: c.profileClicks,
    media_views: c.videoViews,
    shares: 0,
    follows: 0,
    unfollows: 0,
    unlikes: 0,
    detail_expands: Math.floor(c.impressions * 0.01),
    hashtag_clicks: 0,
    permalink_clicks: 0,
    app_install_attempts: 0,
    app_opens: 0,
    email_tweet: 0,
  };
}
