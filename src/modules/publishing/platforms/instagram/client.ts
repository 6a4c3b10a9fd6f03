/**
 * The Instagram adapter (professional accounts, Instagram API with Facebook Login, on the Graph host):
 * a container per post (`POST /{ig-user-id}/media`: `image_url`, `REELS` with `video_url`, or a
 * `CAROUSEL` of up to 10 children created with `is_carousel_item`), its `status_code` polled until
 * FINISHED, then `POST /{ig-user-id}/media_publish`. Only the publish call makes the post visible.
 * Instagram fetches media from their URLs itself (images must be JPEG). Caption: 2,200 characters,
 * 30 hashtags, 20 mentions.
 */
import { textLength, textLimits } from '../../../../core/platforms.js';
import type { MediaRef } from '../../../generation/index.js';
import { PlatformError } from '../errors.js';
import {
  type GraphEndpoints,
  graphAuthorizationUrl,
  graphErrorMapper,
  graphExchangeCode,
  graphLimitSignals,
  graphPages,
  graphUrl,
} from '../facebook/graph.js';
import { capMedia } from '../media-caps.js';
import type { AccountIdentity, AccountSession, PlatformAdapter, PostMetrics, RemotePost } from '../types.js';

export const INSTAGRAM_SCOPES = [
  'pages_show_list',
  'pages_read_engagement',
  'instagram_basic',
  'instagram_content_publish',
  'instagram_manage_insights',
];

/** What the API accepts on one caption (the lower norm of 5 hashtags is generation's guard, not ours). */
const MAX_HASHTAGS = 30;
const MAX_MENTIONS = 20;
const MAX_CAROUSEL = 10;

const count = (pattern: RegExp, text: string) => [...text.matchAll(pattern)].length;

export function createInstagramAdapter(endpoints: GraphEndpoints, now: () => number): PlatformAdapter {
  const graph = (path: string) => graphUrl(endpoints, path);
  const user = (s: AccountSession) => encodeURIComponent(s.externalId);

  async function container(s: AccountSession, fields: Record<string, string>): Promise<string> {
    const res = await s.http.send({
      method: 'POST',
      url: graph(`/${user(s)}/media`),
      form: { ...fields, access_token: s.accessToken },
    });
    const id = res.json<{ id?: string }>().id;
    if (!id)
      throw new PlatformError({
        platform: 'instagram',
        kind: 'transient',
        delivery: 'refused',
        message: 'the media container was answered without an id',
      });
    return id;
  }

  function item(m: MediaRef, carousel: boolean): Record<string, string> {
    if (m.kind === 'video') {
      return {
        media_type: carousel ? 'VIDEO' : 'REELS',
        video_url: m.url,
        ...(carousel ? { is_carousel_item: 'true' } : {}),
      };
    }
    return {
      image_url: m.url,
      ...(carousel ? { is_carousel_item: 'true' } : {}),
      ...(m.altText ? { alt_text: m.altText } : {}),
    };
  }

  async function waitFinished(s: AccountSession, id: string): Promise<void> {
    const deadline = now() + s.poll.timeoutMs;
    for (;;) {
      const res = await s.http.send({
        method: 'GET',
        url: graph(`/${encodeURIComponent(id)}`),
        query: { fields: 'status_code,status', access_token: s.accessToken },
      });
      const { status_code: code, status } = res.json<{ status_code?: string; status?: string }>();
      if (code === 'FINISHED' || code === 'PUBLISHED' || code === undefined) return;
      if (code === 'ERROR') {
        throw new PlatformError({
          platform: 'instagram',
          kind: 'invalid_media',
          delivery: 'refused',
          message: `Instagram could not process the media: ${status ?? 'ERROR'}`,
        });
      }
      if (code === 'EXPIRED') {
        throw new PlatformError({
          platform: 'instagram',
          kind: 'transient',
          delivery: 'refused',
          message: 'the media container expired before it was published',
        });
      }
      if (now() > deadline) {
        throw new PlatformError({
          platform: 'instagram',
          kind: 'transient',
          delivery: 'refused',
          message: `the media was still processing after ${s.poll.timeoutMs} ms`,
        });
      }
      await s.wait(s.poll.intervalMs);
    }
  }

  return {
    platform: 'instagram',
    pkce: false,
    mapError: graphErrorMapper('instagram'),
    limitSignals: graphLimitSignals,

    prepare(draft) {
      const text = draft.text.normalize('NFC').trim();
      const problems: string[] = [];
      const length = textLength('instagram', text);
      if (length > textLimits.instagram.maxLength)
        problems.push(`${length} characters (Instagram takes ${textLimits.instagram.maxLength})`);
      const hashtags = count(/(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu, text);
      if (hashtags > MAX_HASHTAGS) problems.push(`${hashtags} hashtags (at most ${MAX_HASHTAGS})`);
      const mentions = count(/(^|[^\p{L}\p{N}_.])@[A-Za-z0-9_.]+/gu, text);
      if (mentions > MAX_MENTIONS) problems.push(`${mentions} mentions (at most ${MAX_MENTIONS})`);
      if (problems.length > 0) {
        throw new PlatformError({
          platform: 'instagram',
          kind: 'permanent',
          delivery: 'not_sent',
          message: `the caption has ${problems.join(', ')}`,
        });
      }
      const { media, notes } = capMedia('instagram', draft.media, {
        maxImages: MAX_CAROUSEL,
        mixed: true,
        maxItems: MAX_CAROUSEL,
      });
      if (media.length === 0) {
        throw new PlatformError({
          platform: 'instagram',
          kind: 'invalid_media',
          delivery: 'not_sent',
          message: 'an Instagram post needs an image or a video',
        });
      }
      return { parts: [{ text }], media, notes };
    },

    async publish(s, post, hooks) {
      if (hooks.done.length > 0) {
        const first = hooks.done[0] as { id: string; url: string | null };
        return { id: first.id, url: first.url, parts: [...hooks.done] };
      }
      const caption = post.parts[0]?.text ?? '';
      let creation: string;
      if (post.media.length === 1) {
        creation = await container(s, { ...item(post.media[0] as MediaRef, false), caption });
      } else {
        const children: string[] = [];
        for (const m of post.media) children.push(await container(s, item(m, true)));
        for (const child of children) await waitFinished(s, child);
        creation = await container(s, { media_type: 'CAROUSEL', children: children.join(','), caption });
      }
      await waitFinished(s, creation);
      await hooks.beforeSend(0);
      const res = await s.http.send({
        method: 'POST',
        url: graph(`/${user(s)}/media_publish`),
        form: { creation_id: creation, access_token: s.accessToken },
        creates: true,
      });
      const id = res.json<{ id?: string }>().id;
      if (!id) {
        throw new PlatformError({
          platform: 'instagram',
          kind: 'transient',
          delivery: 'unknown',
          message: 'media_publish answered without a media id',
        });
      }
      // The post exists now: record it before anything else can fail.
      await hooks.published(0, { id, url: null });
      let url: string | null = null;
      try {
        const media = await s.http.send({
          method: 'GET',
          url: graph(`/${encodeURIComponent(id)}`),
          query: { fields: 'permalink', access_token: s.accessToken },
        });
        url = media.json<{ permalink?: string }>().permalink ?? null;
      } catch {
        // The permalink is a convenience; the post is published either way.
      }
      return { id, url, parts: [{ id, url }] };
    },

    async recentPosts(s, sinceIso): Promise<RemotePost[]> {
      const res = await s.http.send({
        method: 'GET',
        url: graph(`/${user(s)}/media`),
        query: { fields: 'id,caption,timestamp,permalink', limit: 50, access_token: s.accessToken },
      });
      const since = Date.parse(sinceIso);
      const data =
        res.json<{ data?: Array<{ id: string; caption?: string; timestamp?: string; permalink?: string }> }>()
          .data ?? [];
      return data
        .map((m) => ({
          id: m.id,
          text: m.caption ?? '',
          createdAt: m.timestamp
            ? new Date(Date.parse(m.timestamp.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))).toISOString()
            : null,
          url: m.permalink ?? null,
        }))
        .filter((m) => !m.createdAt || Date.parse(m.createdAt) >= since);
    },

    async metrics(s, postId): Promise<PostMetrics> {
      // Counts from the media object always answer; insights only once the post has reach ("(#10) Not
      // enough viewers") and a day or two late.
      const counts = await s.http.send({
        method: 'GET',
        url: graph(`/${encodeURIComponent(postId)}`),
        query: { fields: 'like_count,comments_count', access_token: s.accessToken },
      });
      const basic = counts.json<{ like_count?: number; comments_count?: number }>();
      const values: Record<string, number> = {};
      try {
        const res = await s.http.send({
          method: 'GET',
          url: graph(`/${encodeURIComponent(postId)}/insights`),
          query: {
            metric: 'views,reach,likes,comments,shares,saved,total_interactions',
            access_token: s.accessToken,
          },
        });
        for (const m of res.json<{
          data?: Array<{
            name: string;
            values?: Array<{ value?: number }>;
            total_value?: { value?: number };
          }>;
        }>().data ?? []) {
          const v = m.total_value?.value ?? m.values?.[0]?.value;
          if (typeof v === 'number') values[m.name] = v;
        }
      } catch (error) {
        if (!(error instanceof PlatformError) || error.kind !== 'permanent') throw error;
      }
      return {
        impressions: values.views ?? values.reach ?? null,
        likes: values.likes ?? basic.like_count ?? null,
        comments: values.comments ?? basic.comments_count ?? null,
        shares: values.shares ?? null,
        clicks: null,
        raw: { ...basic, ...values },
      };
    },

    authorizationUrl: (app, params) => graphAuthorizationUrl(endpoints, app, params.state, INSTAGRAM_SCOPES),
    exchangeCode: (http, app, params) => graphExchangeCode(endpoints, http, app, params.code, now),

    async identities(http, tokens): Promise<AccountIdentity[]> {
      const pages = await graphPages(endpoints, http, tokens.accessToken);
      return pages
        .filter((p) => p.access_token && p.instagram_business_account?.id)
        .map((p) => {
          const ig = p.instagram_business_account as { id: string; username?: string; name?: string };
          return {
            externalId: ig.id,
            kind: 'instagram_business' as const,
            name: ig.name ?? ig.username ?? ig.id,
            handle: ig.username ?? null,
            url: ig.username ? `https://www.instagram.com/${ig.username}/` : null,
            token: { accessToken: p.access_token as string },
            details: { pageId: p.id },
          };
        });
    },
  };
}
