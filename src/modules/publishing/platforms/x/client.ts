/**
 * The X API v2 adapter: posts (`POST /2/tweets`, threads as replies), media upload (`POST /2/media/upload`
 * for images, `initialize / append / finalize` and STATUS polling for video and GIFs, alt text through
 * `/2/media/metadata`), the account's recent posts (`GET /2/users/{id}/tweets`) and metrics.
 * OAuth 2.0 with PKCE (required by X); refresh tokens come with the `offline.access` scope.
 */

import { joinUrl, type PlatformEndpoints } from '../endpoints.js';
import { PlatformError } from '../errors.js';
import type { PlatformHttp } from '../http.js';
import type {
  AccountIdentity,
  AccountSession,
  OAuthApp,
  PlatformAdapter,
  PostMetrics,
  PublishedPart,
  RemotePost,
  TokenSet,
} from '../types.js';
import { mapXError, xLimitSignals } from './errors.js';
import { prepareXPost } from './transform.js';

export const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];
/** Bytes per APPEND segment of a chunked upload. */
const CHUNK_BYTES = 4 * 1024 * 1024;

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
}

function tokenSet(answer: TokenAnswer, nowMs: number): TokenSet {
  if (!answer.access_token) {
    throw new PlatformError({
      platform: 'x',
      kind: 'permanent',
      delivery: 'refused',
      message: 'the token answer has no access_token',
    });
  }
  return {
    accessToken: answer.access_token,
    ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    ...(answer.expires_in ? { expiresAt: new Date(nowMs + answer.expires_in * 1000).toISOString() } : {}),
    ...(answer.scope ? { scopes: answer.scope.split(/\s+/).filter(Boolean) } : {}),
  };
}

function basicAuth(app: OAuthApp): Record<string, string> {
  // Confidential clients authenticate with Basic; public clients (no secret) send client_id in the body.
  return app.clientSecret
    ? { authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}` }
    : {};
}

export function createXAdapter(endpoints: PlatformEndpoints['x'], now: () => number): PlatformAdapter {
  const api = (path: string) => joinUrl(endpoints.apiBaseUrl, path);
  const bearer = (s: AccountSession) => ({ authorization: `Bearer ${s.accessToken}` });

  async function uploadImage(s: AccountSession, url: string, altText: string | undefined): Promise<string> {
    const file = await s.loadMedia(url);
    const res = await s.http.send({
      method: 'POST',
      url: api('/2/media/upload'),
      headers: bearer(s),
      multipart: [
        { name: 'media', value: file.bytes, filename: 'media', contentType: file.contentType },
        { name: 'media_category', value: file.contentType === 'image/gif' ? 'tweet_gif' : 'tweet_image' },
      ],
    });
    const id = res.json<{ data?: { id?: string } }>().data?.id;
    if (!id)
      throw new PlatformError({
        platform: 'x',
        kind: 'transient',
        delivery: 'refused',
        message: 'media upload answered without an id',
      });
    await waitForProcessing(
      s,
      id,
      res.json<{ data?: { processing_info?: ProcessingInfo } }>().data?.processing_info,
    );
    if (altText) {
      await s.http.send({
        method: 'POST',
        url: api('/2/media/metadata'),
        headers: bearer(s),
        json: { id, metadata: { alt_text: { text: altText.slice(0, 1000) } } },
      });
    }
    return id;
  }

  interface ProcessingInfo {
    state?: string;
    check_after_secs?: number;
    error?: { message?: string };
  }

  async function waitForProcessing(
    s: AccountSession,
    id: string,
    info: ProcessingInfo | undefined,
  ): Promise<void> {
    let current = info;
    const deadline = now() + s.poll.timeoutMs;
    while (current && current.state !== 'succeeded') {
      if (current.state === 'failed') {
        throw new PlatformError({
          platform: 'x',
          kind: 'invalid_media',
          delivery: 'refused',
          message: `X could not process the media: ${current.error?.message ?? 'processing failed'}`,
        });
      }
      if (now() > deadline) {
        throw new PlatformError({
          platform: 'x',
          kind: 'transient',
          delivery: 'refused',
          message: `media ${id} was still processing after ${s.poll.timeoutMs} ms`,
        });
      }
      await s.wait(Math.min(s.poll.intervalMs, (current.check_after_secs ?? 1) * 1000));
      const res = await s.http.send({
        method: 'GET',
        url: api('/2/media/upload'),
        query: { media_id: id, command: 'STATUS' },
        headers: bearer(s),
      });
      current = res.json<{ data?: { processing_info?: ProcessingInfo } }>().data?.processing_info;
    }
  }

  async function uploadVideo(s: AccountSession, url: string): Promise<string> {
    const file = await s.loadMedia(url);
    const category = file.contentType === 'image/gif' ? 'tweet_gif' : 'tweet_video';
    const init = await s.http.send({
      method: 'POST',
      url: api('/2/media/upload/initialize'),
      headers: bearer(s),
      json: { media_type: file.contentType, total_bytes: file.bytes.length, media_category: category },
    });
    const id = init.json<{ data?: { id?: string } }>().data?.id;
    if (!id)
      throw new PlatformError({
        platform: 'x',
        kind: 'transient',
        delivery: 'refused',
        message: 'media initialize answered without an id',
      });
    for (let offset = 0, segment = 0; offset < file.bytes.length; offset += CHUNK_BYTES, segment++) {
      await s.http.send({
        method: 'POST',
        url: api(`/2/media/upload/${id}/append`),
        headers: bearer(s),
        multipart: [
          {
            name: 'media',
            value: file.bytes.subarray(offset, offset + CHUNK_BYTES),
            filename: 'chunk',
            contentType: 'application/octet-stream',
          },
          { name: 'segment_index', value: String(segment) },
        ],
      });
    }
    const fin = await s.http.send({
      method: 'POST',
      url: api(`/2/media/upload/${id}/finalize`),
      headers: bearer(s),
    });
    await waitForProcessing(
      s,
      id,
      fin.json<{ data?: { processing_info?: ProcessingInfo } }>().data?.processing_info,
    );
    return id;
  }

  const postUrl = (s: AccountSession, id: string) =>
    s.handle ? `https://x.com/${s.handle}/status/${id}` : `https://x.com/i/web/status/${id}`;

  return {
    platform: 'x',
    pkce: true,
    mapError: mapXError,
    limitSignals: (endpoint, headers) => xLimitSignals(endpoint, headers),
    prepare: prepareXPost,

    async publish(s, post, hooks) {
      const parts: PublishedPart[] = [...hooks.done];
      let mediaIds: string[] = [];
      if (parts.length === 0 && post.media.length > 0) {
        for (const m of post.media) {
          mediaIds.push(
            m.kind === 'video' ? await uploadVideo(s, m.url) : await uploadImage(s, m.url, m.altText),
          );
        }
      }
      for (let i = parts.length; i < post.parts.length; i++) {
        const part = post.parts[i] as { text: string };
        const previous = parts[i - 1];
        const body: Record<string, unknown> = { text: part.text };
        if (i === 0 && mediaIds.length > 0) body.media = { media_ids: mediaIds };
        if (previous) body.reply = { in_reply_to_tweet_id: previous.id };
        await hooks.beforeSend(i);
        const res = await s.http.send({
          method: 'POST',
          url: api('/2/tweets'),
          headers: bearer(s),
          json: body,
          creates: true,
        });
        const id = res.json<{ data?: { id?: string } }>().data?.id;
        if (!id) {
          throw new PlatformError({
            platform: 'x',
            kind: 'transient',
            delivery: 'unknown',
            message: 'POST /2/tweets answered without a post id',
          });
        }
        const done = { id, url: postUrl(s, id) };
        parts.push(done);
        await hooks.published(i, done);
        mediaIds = [];
      }
      const first = parts[0] as PublishedPart;
      return { id: first.id, url: first.url, parts };
    },

    async recentPosts(s, sinceIso): Promise<RemotePost[]> {
      const res = await s.http.send({
        method: 'GET',
        url: api(`/2/users/${encodeURIComponent(s.externalId)}/tweets`),
        query: {
          max_results: 100,
          start_time: sinceIso.replace(/\.\d{3}Z$/, 'Z'),
          'tweet.fields': 'created_at,text',
        },
        headers: bearer(s),
      });
      const data =
        res.json<{ data?: Array<{ id: string; text?: string; created_at?: string }> }>().data ?? [];
      return data.map((t) => ({
        id: t.id,
        text: t.text ?? '',
        createdAt: t.created_at ?? null,
        url: postUrl(s, t.id),
      }));
    },

    async metrics(s, postId): Promise<PostMetrics> {
      const res = await s.http.send({
        method: 'GET',
        url: api(`/2/tweets/${encodeURIComponent(postId)}`),
        query: { 'tweet.fields': 'public_metrics,non_public_metrics' },
        headers: bearer(s),
      });
      const data = res.json<{
        data?: { public_metrics?: Record<string, number>; non_public_metrics?: Record<string, number> };
      }>().data;
      const pub = data?.public_metrics ?? {};
      const priv = data?.non_public_metrics ?? {};
      return {
        impressions: pub.impression_count ?? priv.impression_count ?? null,
        likes: pub.like_count ?? null,
        comments: pub.reply_count ?? null,
        // 2.159 and the docs say retweet_count, 2.167 says repost_count.
        shares: pub.repost_count ?? pub.retweet_count ?? null,
        clicks: priv.url_link_clicks ?? null,
        raw: { ...pub, ...priv },
      };
    },

    authorizationUrl(app, params) {
      const url = new URL(endpoints.authorizeUrl);
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', app.clientId);
      url.searchParams.set('redirect_uri', app.redirectUri);
      url.searchParams.set('scope', X_SCOPES.join(' '));
      url.searchParams.set('state', params.state);
      if (params.codeChallenge) {
        url.searchParams.set('code_challenge', params.codeChallenge);
        url.searchParams.set('code_challenge_method', 'S256');
      }
      return url.href;
    },

    async exchangeCode(http: PlatformHttp, app, params) {
      const res = await http.send({
        method: 'POST',
        url: api('/2/oauth2/token'),
        headers: basicAuth(app),
        form: {
          code: params.code,
          grant_type: 'authorization_code',
          client_id: app.clientId,
          redirect_uri: app.redirectUri,
          code_verifier: params.codeVerifier,
        },
      });
      return tokenSet(res.json<TokenAnswer>(), now());
    },

    async refresh(http, app, tokens) {
      if (!tokens.refreshToken) {
        throw new PlatformError({
          platform: 'x',
          kind: 'auth_expired',
          delivery: 'not_sent',
          message: 'no refresh token (the offline.access scope was not granted)',
        });
      }
      const res = await http.send({
        method: 'POST',
        url: api('/2/oauth2/token'),
        headers: basicAuth(app),
        form: { grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: app.clientId },
      });
      const fresh = tokenSet(res.json<TokenAnswer>(), now());
      // X may rotate refresh tokens; keep the old one only when no new one came.
      return fresh.refreshToken ? fresh : { ...fresh, refreshToken: tokens.refreshToken };
    },

    async identities(http, tokens): Promise<AccountIdentity[]> {
      const res = await http.send({
        method: 'GET',
        url: api('/2/users/me'),
        query: { 'user.fields': 'username,name' },
        headers: { authorization: `Bearer ${tokens.accessToken}` },
      });
      const user = res.json<{ data?: { id?: string; name?: string; username?: string } }>().data;
      if (!user?.id)
        throw new PlatformError({
          platform: 'x',
          kind: 'permanent',
          delivery: 'refused',
          message: '/2/users/me answered without a user id',
        });
      return [
        {
          externalId: user.id,
          kind: 'user',
          name: user.name ?? user.username ?? user.id,
          handle: user.username ?? null,
          url: user.username ? `https://x.com/${user.username}` : null,
          token: tokens,
          details: {},
        },
      ];
    },

    async revoke(http, app, tokens) {
      for (const [token, hint] of [
        [tokens.refreshToken, 'refresh_token'],
        [tokens.accessToken, 'access_token'],
      ] as const) {
        if (!token) continue;
        await http.send({
          method: 'POST',
          url: api('/2/oauth2/revoke'),
          headers: basicAuth(app),
          form: { token, token_type_hint: hint, client_id: app.clientId },
        });
      }
    },
  };
}
