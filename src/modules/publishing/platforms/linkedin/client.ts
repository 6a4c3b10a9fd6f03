/**
 * The LinkedIn adapter: the versioned Posts API (`POST /rest/posts`, the post URN in `x-restli-id`),
 * images through `/rest/images?action=initializeUpload` and a PUT of the bytes, video through
 * `/rest/videos` initialize / PUT each part / finalize and a status poll, recent posts by author
 * (FINDER) and reactions and comments from `/rest/socialMetadata`. Every /rest call carries
 * `LinkedIn-Version` and `X-Restli-Protocol-Version: 2.0.0`. OAuth 2.0 for web apps: client secret, no
 * PKCE; refresh tokens only for apps LinkedIn approved for them.
 */

import { joinUrl, type PlatformEndpoints } from '../endpoints.js';
import { PlatformError } from '../errors.js';
import type {
  AccountIdentity,
  AccountSession,
  OAuthApp,
  PlatformAdapter,
  PostMetrics,
  RemotePost,
  TokenSet,
} from '../types.js';
import { mapLinkedInError } from './errors.js';
import { escapeLittleText, prepareLinkedInPost, unescapeLittleText } from './transform.js';

/** Roles on a LinkedIn Page that may post as the organization. */
const POSTING_ROLES = new Set(['ADMINISTRATOR', 'DIRECT_SPONSORED_CONTENT_POSTER', 'CONTENT_ADMIN']);

interface TokenAnswer {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
}

function tokenSet(answer: TokenAnswer, nowMs: number): TokenSet {
  if (!answer.access_token) {
    throw new PlatformError({
      platform: 'linkedin',
      kind: 'permanent',
      delivery: 'refused',
      message: 'the token answer has no access_token',
    });
  }
  const at = (s: number | undefined) => (s ? new Date(nowMs + s * 1000).toISOString() : undefined);
  const expiresAt = at(answer.expires_in);
  const refreshExpiresAt = at(answer.refresh_token_expires_in);
  return {
    accessToken: answer.access_token,
    ...(answer.refresh_token ? { refreshToken: answer.refresh_token } : {}),
    ...(expiresAt ? { expiresAt } : {}),
    ...(refreshExpiresAt ? { refreshExpiresAt } : {}),
    ...(answer.scope ? { scopes: answer.scope.split(/[\s,]+/).filter(Boolean) } : {}),
  };
}

const postUrl = (urn: string) => `https://www.linkedin.com/feed/update/${urn}/`;

export function createLinkedInAdapter(
  endpoints: PlatformEndpoints['linkedin'],
  now: () => number,
): PlatformAdapter {
  const rest = (path: string) => joinUrl(endpoints.apiBaseUrl, `/rest/${path.replace(/^\/+/, '')}`);
  const headers = (s: AccountSession, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${s.accessToken}`,
    'linkedin-version': endpoints.version,
    'x-restli-protocol-version': '2.0.0',
    ...extra,
  });
  const author = (s: AccountSession) => s.details.authorUrn ?? s.externalId;

  async function uploadImage(s: AccountSession, url: string): Promise<string> {
    const file = await s.loadMedia(url);
    const init = await s.http.send({
      method: 'POST',
      url: rest('images'),
      query: { action: 'initializeUpload' },
      headers: headers(s),
      json: { initializeUploadRequest: { owner: author(s) } },
    });
    const value = init.json<{ value?: { uploadUrl?: string; image?: string } }>().value;
    if (!value?.uploadUrl || !value.image) {
      throw new PlatformError({
        platform: 'linkedin',
        kind: 'transient',
        delivery: 'refused',
        message: 'initializeUpload answered without an upload URL',
      });
    }
    await s.http.send({
      method: 'PUT',
      url: value.uploadUrl,
      headers: { authorization: `Bearer ${s.accessToken}` },
      bytes: file.bytes,
      bytesType: file.contentType,
    });
    return value.image;
  }

  async function uploadVideo(s: AccountSession, url: string): Promise<string> {
    const file = await s.loadMedia(url);
    const init = await s.http.send({
      method: 'POST',
      url: rest('videos'),
      query: { action: 'initializeUpload' },
      headers: headers(s),
      json: {
        initializeUploadRequest: {
          owner: author(s),
          fileSizeBytes: file.bytes.length,
          uploadCaptions: false,
          uploadThumbnail: false,
        },
      },
    });
    const value = init.json<{
      value?: {
        video?: string;
        uploadToken?: string;
        uploadInstructions?: Array<{ uploadUrl: string; firstByte: number; lastByte: number }>;
      };
    }>().value;
    if (!value?.video || !value.uploadInstructions?.length) {
      throw new PlatformError({
        platform: 'linkedin',
        kind: 'transient',
        delivery: 'refused',
        message: 'video initializeUpload answered without upload instructions',
      });
    }
    const etags: string[] = [];
    for (const part of value.uploadInstructions) {
      const res = await s.http.send({
        method: 'PUT',
        url: part.uploadUrl,
        headers: { authorization: `Bearer ${s.accessToken}` },
        bytes: file.bytes.subarray(part.firstByte, part.lastByte + 1),
      });
      etags.push(res.headers.get('etag') ?? '');
    }
    await s.http.send({
      method: 'POST',
      url: rest('videos'),
      query: { action: 'finalizeUpload' },
      headers: headers(s),
      json: {
        finalizeUploadRequest: {
          video: value.video,
          uploadToken: value.uploadToken ?? '',
          uploadedPartIds: etags,
        },
      },
    });
    const deadline = now() + s.poll.timeoutMs;
    for (;;) {
      const res = await s.http.send({
        method: 'GET',
        url: rest(`videos/${encodeURIComponent(value.video)}`),
        headers: headers(s),
      });
      const status = res.json<{ status?: string }>().status;
      if (status === 'AVAILABLE') return value.video;
      if (status === 'PROCESSING_FAILED') {
        throw new PlatformError({
          platform: 'linkedin',
          kind: 'invalid_media',
          delivery: 'refused',
          message: 'LinkedIn could not process the video',
        });
      }
      if (now() > deadline) {
        throw new PlatformError({
          platform: 'linkedin',
          kind: 'transient',
          delivery: 'refused',
          message: `the video was still processing after ${s.poll.timeoutMs} ms`,
        });
      }
      await s.wait(s.poll.intervalMs);
    }
  }

  return {
    platform: 'linkedin',
    pkce: false,
    mapError: mapLinkedInError,
    limitSignals: () => [],
    prepare: prepareLinkedInPost,

    async publish(s, post, hooks) {
      if (hooks.done.length > 0) {
        const first = hooks.done[0] as { id: string; url: string | null };
        return { id: first.id, url: first.url, parts: [...hooks.done] };
      }
      const body: Record<string, unknown> = {
        author: author(s),
        commentary: escapeLittleText(post.parts[0]?.text ?? ''),
        visibility: 'PUBLIC',
        distribution: {
          feedDistribution: 'MAIN_FEED',
          targetEntities: [],
          thirdPartyDistributionChannels: [],
        },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
      };
      const [one] = post.media;
      if (one?.kind === 'video') {
        body.content = { media: { id: await uploadVideo(s, one.url), title: one.altText ?? 'Video' } };
      } else if (post.media.length === 1 && one) {
        body.content = {
          media: { id: await uploadImage(s, one.url), ...(one.altText ? { altText: one.altText } : {}) },
        };
      } else if (post.media.length > 1) {
        const images = [];
        for (const m of post.media)
          images.push({ id: await uploadImage(s, m.url), ...(m.altText ? { altText: m.altText } : {}) });
        body.content = { multiImage: { images } };
      }
      await hooks.beforeSend(0);
      const res = await s.http.send({
        method: 'POST',
        url: rest('posts'),
        headers: headers(s),
        json: body,
        creates: true,
      });
      const urn = res.headers.get('x-restli-id') ?? res.json<{ id?: string }>().id;
      if (!urn) {
        throw new PlatformError({
          platform: 'linkedin',
          kind: 'transient',
          delivery: 'unknown',
          message: 'POST /rest/posts answered without x-restli-id',
        });
      }
      const part = { id: urn, url: postUrl(urn) };
      await hooks.published(0, part);
      return { id: urn, url: part.url, parts: [part] };
    },

    async recentPosts(s, sinceIso): Promise<RemotePost[]> {
      const res = await s.http.send({
        method: 'GET',
        url: rest('posts'),
        query: { q: 'author', author: author(s), count: 100, sortBy: 'LAST_MODIFIED' },
        headers: headers(s, { 'x-restli-method': 'FINDER' }),
      });
      const since = Date.parse(sinceIso);
      const elements =
        res.json<{
          elements?: Array<{ id: string; commentary?: string; createdAt?: number; publishedAt?: number }>;
        }>().elements ?? [];
      return elements
        .map((p) => {
          const created = p.publishedAt ?? p.createdAt;
          return {
            id: p.id,
            text: unescapeLittleText(p.commentary ?? ''),
            createdAt: created ? new Date(created).toISOString() : null,
            url: postUrl(p.id),
          };
        })
        .filter((p) => !p.createdAt || Date.parse(p.createdAt) >= since);
    },

    async metrics(s, postId): Promise<PostMetrics> {
      const res = await s.http.send({
        method: 'GET',
        url: rest(`socialMetadata/${encodeURIComponent(postId)}`),
        headers: headers(s),
      });
      const body = res.json<{
        reactionSummaries?: Record<string, { count?: number }>;
        commentSummary?: { count?: number };
      }>();
      const reactions = Object.values(body.reactionSummaries ?? {}).reduce((n, r) => n + (r.count ?? 0), 0);
      return {
        impressions: null,
        likes: body.reactionSummaries ? reactions : null,
        comments: body.commentSummary?.count ?? null,
        shares: null,
        clicks: null,
        raw: body as Record<string, unknown>,
      };
    },

    authorizationUrl(app, params) {
      const url = new URL(joinUrl(endpoints.oauthBaseUrl, '/authorization'));
      url.searchParams.set('response_type', 'code');
      url.searchParams.set('client_id', app.clientId);
      url.searchParams.set('redirect_uri', app.redirectUri);
      url.searchParams.set('state', params.state);
      url.searchParams.set('scope', endpoints.scopes.join(' '));
      return url.href;
    },

    async exchangeCode(http, app: OAuthApp, params) {
      const res = await http.send({
        method: 'POST',
        url: joinUrl(endpoints.oauthBaseUrl, '/accessToken'),
        form: {
          grant_type: 'authorization_code',
          code: params.code,
          client_id: app.clientId,
          client_secret: app.clientSecret,
          redirect_uri: app.redirectUri,
        },
      });
      return tokenSet(res.json<TokenAnswer>(), now());
    },

    async refresh(http, app, tokens) {
      if (!tokens.refreshToken) {
        throw new PlatformError({
          platform: 'linkedin',
          kind: 'auth_expired',
          delivery: 'not_sent',
          message: 'no refresh token: LinkedIn issues them only to approved apps; reconnect the account',
        });
      }
      const res = await http.send({
        method: 'POST',
        url: joinUrl(endpoints.oauthBaseUrl, '/accessToken'),
        form: {
          grant_type: 'refresh_token',
          refresh_token: tokens.refreshToken,
          client_id: app.clientId,
          client_secret: app.clientSecret,
        },
      });
      const fresh = tokenSet(res.json<TokenAnswer>(), now());
      // The refresh token's life is fixed from the first authorization: keep its expiry if none came.
      return {
        ...fresh,
        ...(fresh.refreshToken ? {} : { refreshToken: tokens.refreshToken }),
        ...(fresh.refreshExpiresAt || !tokens.refreshExpiresAt
          ? {}
          : { refreshExpiresAt: tokens.refreshExpiresAt }),
      };
    },

    async identities(http, tokens): Promise<AccountIdentity[]> {
      const auth = { authorization: `Bearer ${tokens.accessToken}` };
      const res = await http.send({
        method: 'GET',
        url: joinUrl(endpoints.apiBaseUrl, '/v2/userinfo'),
        headers: auth,
      });
      const me = res.json<{ sub?: string; name?: string; given_name?: string; family_name?: string }>();
      if (!me.sub) {
        throw new PlatformError({
          platform: 'linkedin',
          kind: 'permanent',
          delivery: 'refused',
          message: '/v2/userinfo answered without the member id (sub)',
        });
      }
      const urn = `urn:li:person:${me.sub}`;
      const found: AccountIdentity[] = [
        {
          externalId: urn,
          kind: 'person',
          name: me.name ?? ([me.given_name, me.family_name].filter(Boolean).join(' ') || me.sub),
          handle: null,
          url: null,
          token: tokens,
          details: { authorUrn: urn },
        },
      ];
      // The LinkedIn Pages the member may post for (Community Management API); none without its scopes.
      const restHeaders = {
        ...auth,
        'linkedin-version': endpoints.version,
        'x-restli-protocol-version': '2.0.0',
      };
      let acls: Array<{ organization?: string; role?: string; state?: string }> = [];
      try {
        const list = await http.send({
          method: 'GET',
          url: rest('organizationAcls'),
          query: { q: 'roleAssignee', state: 'APPROVED' },
          headers: restHeaders,
        });
        acls = list.json<{ elements?: typeof acls }>().elements ?? [];
      } catch (error) {
        if (
          !(error instanceof PlatformError) ||
          (error.kind !== 'permanent' && error.kind !== 'auth_expired')
        )
          throw error;
      }
      for (const acl of acls) {
        if (
          !acl.organization ||
          !POSTING_ROLES.has(acl.role ?? '') ||
          (acl.state && acl.state !== 'APPROVED')
        )
          continue;
        const id = acl.organization.split(':').pop() as string;
        let name = acl.organization;
        let vanity: string | undefined;
        try {
          const org = await http.send({
            method: 'GET',
            url: rest(`organizations/${encodeURIComponent(id)}`),
            headers: restHeaders,
          });
          const body = org.json<{ localizedName?: string; vanityName?: string }>();
          name = body.localizedName ?? name;
          vanity = body.vanityName;
        } catch (error) {
          if (!(error instanceof PlatformError) || error.kind !== 'permanent') throw error;
        }
        found.push({
          externalId: acl.organization,
          kind: 'organization',
          name,
          handle: vanity ?? null,
          url: vanity ? `https://www.linkedin.com/company/${vanity}/` : null,
          token: tokens,
          details: { authorUrn: acl.organization },
        });
      }
      return found;
    },

    async revoke(http, app, tokens) {
      await http.send({
        method: 'POST',
        url: joinUrl(endpoints.oauthBaseUrl, '/revoke'),
        form: { client_id: app.clientId, client_secret: app.clientSecret, token: tokens.accessToken },
      });
    },
  };
}
