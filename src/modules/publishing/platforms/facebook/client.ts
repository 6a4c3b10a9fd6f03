/**
 * The Facebook Pages adapter: text and links through `POST /{page-id}/feed`, one photo through
 * `/{page-id}/photos`, several as unpublished photos attached to a feed post (`attached_media`), a video
 * through `/{page-id}/videos` with `file_url`. Facebook fetches the media from their URLs itself. Reads
 * the Page's feed to reconcile, reactions/comments/shares for metrics. Login through Facebook Login: the
 * Page's own token, taken from a long-lived user token, does not expire and needs no refresh.
 */
import { textLength, textLimits } from '../../../../core/platforms.js';
import { PlatformError } from '../errors.js';
import { capMedia } from '../media-caps.js';
import type { AccountIdentity, AccountSession, PlatformAdapter, PostMetrics, RemotePost } from '../types.js';
import {
  type GraphEndpoints,
  graphAuthorizationUrl,
  graphErrorMapper,
  graphExchangeCode,
  graphLimitSignals,
  graphPages,
  graphUrl,
} from './graph.js';

export const FACEBOOK_SCOPES = [
  'pages_show_list',
  'pages_manage_posts',
  'pages_read_engagement',
  'read_insights',
];

/** Multi-photo posts: Facebook's own clients allow many; beyond 10 requests start failing. */
const MAX_PHOTOS = 10;

const postUrl = (id: string) => `https://www.facebook.com/${id}`;

export function createFacebookAdapter(endpoints: GraphEndpoints, now: () => number): PlatformAdapter {
  const graph = (path: string) => graphUrl(endpoints, path);
  const page = (s: AccountSession) => encodeURIComponent(s.externalId);

  return {
    platform: 'facebook',
    pkce: false,
    mapError: graphErrorMapper('facebook'),
    limitSignals: graphLimitSignals,

    prepare(draft) {
      const text = draft.text.normalize('NFC').trim();
      const length = textLength('facebook', text);
      if (length > textLimits.facebook.maxLength) {
        throw new PlatformError({
          platform: 'facebook',
          kind: 'permanent',
          delivery: 'not_sent',
          message: `the text has ${length} characters; Facebook takes ${textLimits.facebook.maxLength}`,
        });
      }
      const { media, notes } = capMedia('facebook', draft.media, { maxImages: MAX_PHOTOS, mixed: false });
      if (!text && media.length === 0) {
        throw new PlatformError({
          platform: 'facebook',
          kind: 'permanent',
          delivery: 'not_sent',
          message: 'the post has no text and no media',
        });
      }
      // A post without media shows its first link as a preview card.
      const link =
        media.length === 0 ? /https?:\/\/[^\s<>"]+/i.exec(text)?.[0]?.replace(/[.,;:!?)]+$/, '') : undefined;
      return { parts: [{ text }], media, notes, ...(link ? { link } : {}) };
    },

    async publish(s, post, hooks) {
      if (hooks.done.length > 0) {
        const first = hooks.done[0] as { id: string; url: string | null };
        return { id: first.id, url: first.url, parts: [...hooks.done] };
      }
      const message = post.parts[0]?.text ?? '';
      const token = s.accessToken;
      const [one] = post.media;
      let id: string | undefined;
      let videoUrl: string | undefined;
      if (one?.kind === 'video') {
        await hooks.beforeSend(0);
        const res = await s.http.send({
          method: 'POST',
          url: graph(`/${page(s)}/videos`),
          form: { file_url: one.url, description: message, access_token: token },
          creates: true,
        });
        const body = res.json<{ id?: string; post_id?: string }>();
        id = body.post_id;
        if (!id && body.id) {
          // The answer names the video; the feed post that carries it is the video's post_id.
          try {
            const video = await s.http.send({
              method: 'GET',
              url: graph(`/${encodeURIComponent(body.id)}`),
              query: { fields: 'post_id,permalink_url', access_token: token },
            });
            const v = video.json<{ post_id?: string; permalink_url?: string }>();
            id = v.post_id ?? body.id;
            if (v.permalink_url) videoUrl = v.permalink_url;
          } catch {
            id = body.id;
          }
        }
      } else if (post.media.length === 1 && one) {
        await hooks.beforeSend(0);
        const res = await s.http.send({
          method: 'POST',
          url: graph(`/${page(s)}/photos`),
          form: {
            url: one.url,
            message,
            published: 'true',
            ...(one.altText ? { alt_text_custom: one.altText } : {}),
            access_token: token,
          },
          creates: true,
        });
        const body = res.json<{ id?: string; post_id?: string }>();
        id = body.post_id ?? body.id;
      } else {
        const attached: string[] = [];
        for (const m of post.media) {
          // Unpublished photos are invisible until a feed post attaches them (Facebook drops them after a day).
          const res = await s.http.send({
            method: 'POST',
            url: graph(`/${page(s)}/photos`),
            form: {
              url: m.url,
              published: 'false',
              ...(m.altText ? { alt_text_custom: m.altText } : {}),
              access_token: token,
            },
          });
          const photo = res.json<{ id?: string }>().id;
          if (!photo)
            throw new PlatformError({
              platform: 'facebook',
              kind: 'transient',
              delivery: 'refused',
              message: 'photo upload answered without an id',
            });
          attached.push(photo);
        }
        const form: Record<string, string> = {
          message,
          access_token: token,
          ...(post.link ? { link: post.link } : {}),
        };
        attached.forEach((photo, i) => {
          form[`attached_media[${i}]`] = JSON.stringify({ media_fbid: photo });
        });
        await hooks.beforeSend(0);
        const res = await s.http.send({
          method: 'POST',
          url: graph(`/${page(s)}/feed`),
          form,
          creates: true,
        });
        id = res.json<{ id?: string }>().id;
      }
      if (!id) {
        throw new PlatformError({
          platform: 'facebook',
          kind: 'transient',
          delivery: 'unknown',
          message: 'the post was answered without an id',
        });
      }
      const part = { id, url: videoUrl ?? postUrl(id) };
      await hooks.published(0, part);
      return { id, url: part.url, parts: [part] };
    },

    async recentPosts(s, sinceIso): Promise<RemotePost[]> {
      const res = await s.http.send({
        method: 'GET',
        url: graph(`/${page(s)}/feed`),
        query: {
          fields: 'id,message,created_time,permalink_url',
          since: Math.floor(Date.parse(sinceIso) / 1000),
          limit: 100,
          access_token: s.accessToken,
        },
      });
      const data =
        res.json<{
          data?: Array<{ id: string; message?: string; created_time?: string; permalink_url?: string }>;
        }>().data ?? [];
      return data.map((p) => ({
        id: p.id,
        text: p.message ?? '',
        createdAt: p.created_time
          ? new Date(Date.parse(p.created_time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))).toISOString()
          : null,
        url: p.permalink_url ?? postUrl(p.id),
      }));
    },

    async metrics(s, postId): Promise<PostMetrics> {
      const res = await s.http.send({
        method: 'GET',
        url: graph(`/${encodeURIComponent(postId)}`),
        query: {
          fields: 'reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),shares',
          access_token: s.accessToken,
        },
      });
      const body = res.json<{
        reactions?: { summary?: { total_count?: number } };
        comments?: { summary?: { total_count?: number } };
        shares?: { count?: number };
      }>();
      return {
        impressions: null,
        likes: body.reactions?.summary?.total_count ?? null,
        comments: body.comments?.summary?.total_count ?? null,
        shares: body.shares?.count ?? (body.reactions || body.comments ? 0 : null),
        clicks: null,
        raw: body as Record<string, unknown>,
      };
    },

    authorizationUrl: (app, params) => graphAuthorizationUrl(endpoints, app, params.state, FACEBOOK_SCOPES),
    exchangeCode: (http, app, params) => graphExchangeCode(endpoints, http, app, params.code, now),

    async identities(http, tokens): Promise<AccountIdentity[]> {
      const pages = await graphPages(endpoints, http, tokens.accessToken);
      return pages
        .filter((p) => p.access_token)
        .map((p) => ({
          externalId: p.id,
          kind: 'page' as const,
          name: p.name ?? p.id,
          handle: null,
          url: p.link ?? `https://www.facebook.com/${p.id}`,
          // A Page token from a long-lived user token has no expiry.
          token: { accessToken: p.access_token as string },
          details: {},
        }));
    },
  };
}
