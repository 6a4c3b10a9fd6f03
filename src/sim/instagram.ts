import { countHashtags } from './engagement.js';
import { bool, str } from './http.js';
import { inspectUrl } from './media.js';
import { canManage, fail, type GraphCall, graphTime, hasScopes, page, respond, unsupported } from './meta.js';
import { createPost, engagementOf, fingerprintOf } from './posts.js';
import type { MediaInfo, SimAccount, SimPost, SimUpload } from './world.js';

/**
 * Instagram professional accounts through the Graph API with Facebook Login: media containers, status
 * polling, `media_publish`, carousels, the publishing quota, media reads and insights. Written from Meta's
 * content-publishing guide and the IGUser / IGMedia / ShadowIGMediaBuilder specs (PLATFORM-APIS.md §4).
 * Error subcodes 2207xxx come from Meta's Instagram error-code table (not in the stored snapshot; see
 * docs/simulator.md).
 */

const containerTtlMs = 24 * 3600_000;
const maxImageBytes = 8 * 1024 * 1024;

function shortcode(id: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let n = BigInt(id);
  let out = '';
  while (n > 0n && out.length < 11) {
    out = alphabet[Number(n % 64n)] + out;
    n /= 64n;
  }
  return out || 'A';
}

function mayPublish(call: GraphCall, account: SimAccount): Response | undefined {
  if (!canManage(call, account) || !hasScopes(call, 'instagram_basic', 'instagram_content_publish')) {
    return fail(call, 403, 10, '(#10) Application does not have permission for this action');
  }
  return undefined;
}

/** Container status as `status_code`: reading it moves processing on (as polling does on Instagram). */
function statusOf(call: GraphCall, c: SimUpload): string {
  const { world } = call;
  if (c.state === 'published') return 'PUBLISHED';
  if (world.now() >= c.expiresAtMs) {
    c.state = 'expired';
    return 'EXPIRED';
  }
  if (c.state === 'processing') {
    c.polls += 1;
    const childrenReady = ((c.extra.children as string[] | undefined) ?? []).every(
      (id) => world.uploads.get(id)?.state === 'ready',
    );
    if ((c.polls >= world.config.processing.polls || world.now() >= (c.readyAtMs ?? 0)) && childrenReady) {
      c.state = c.failure ? 'failed' : 'ready';
    }
  }
  if (c.state === 'failed') return 'ERROR';
  if (c.state === 'expired') return 'EXPIRED';
  return c.state === 'ready' ? 'FINISHED' : 'IN_PROGRESS';
}

function statusText(code: string, c: SimUpload): string {
  if (code === 'ERROR') return `Error: ${c.failure ?? 'Media upload has failed'}`;
  if (code === 'FINISHED') return 'Finished: Media has been uploaded and it is ready to be published.';
  if (code === 'IN_PROGRESS') return 'In Progress: Media is still being processed.';
  if (code === 'EXPIRED') return 'Expired: The container was not published within 24 hours.';
  return 'Published: Media has been published.';
}

function captionProblem(caption: string): string | undefined {
  if ([...caption].length > 2200) return 'The caption is too long: at most 2,200 characters.';
  if (countHashtags(caption) > 30) return 'The caption has too many hashtags: at most 30.';
  if ((caption.match(/(^|[^\w])@[\w.]+/g) ?? []).length > 20)
    return 'The caption has too many @mentions: at most 20.';
  return undefined;
}

/** Checks an image as Instagram does when it downloads it: JPEG only, ≤ 8 MB, aspect 4:5 to 1.91:1. */
function imageProblem(call: GraphCall, info: MediaInfo): Response | undefined {
  if (info.invalid || info.kind !== 'image') {
    return fail(call, 400, 9004, "Media download has failed. The media URI doesn't meet our requirements.", {
      subcode: 2207052,
      userTitle: 'Media download has failed.',
      userMessage: info.invalid ?? 'The URL is not an image.',
    });
  }
  if (info.mimeType !== 'image/jpeg') {
    return fail(call, 400, 9004, 'Only JPEG images are supported.', {
      subcode: 2207052,
      userTitle: 'Media download has failed.',
      userMessage: `The image is ${info.mimeType}; Instagram publishes JPEG only.`,
    });
  }
  if (info.bytes > maxImageBytes)
    return fail(call, 400, 36001, 'The image is too large to download. It should be less than 8 MiB.', {
      subcode: 2207004,
    });
  if (info.width && info.height) {
    const ratio = info.width / info.height;
    if (ratio < 0.8 - 1e-3 || ratio > 1.91 + 1e-3) {
      return fail(call, 400, 36003, 'The aspect ratio is not supported.', {
        subcode: 2207009,
        userMessage: 'Images must have an aspect ratio between 4:5 and 1.91:1.',
      });
    }
  }
  return undefined;
}

async function createContainer(call: GraphCall, account: SimAccount): Promise<Response> {
  const { world, params } = call;
  const denied = mayPublish(call, account);
  if (denied) return denied;
  const imageUrl = str(params.image_url);
  const videoUrl = str(params.video_url);
  const carouselItem = bool(params.is_carousel_item, false);
  const mediaType = (str(params.media_type) ?? (videoUrl ? 'VIDEO' : imageUrl ? 'IMAGE' : '')).toUpperCase();
  const caption = str(params.caption) ?? '';
  const now = world.now();
  const container: SimUpload = {
    id: world.metaId(17),
    platform: 'instagram',
    ownerId: account.id,
    state: 'ready',
    createdAtMs: now,
    expiresAtMs: now + containerTtlMs,
    polls: 0,
    chunks: new Map(),
    extra: { mediaType, caption, carouselItem, altText: str(params.alt_text) },
  };
  if (!carouselItem) {
    const problem = captionProblem(caption);
    if (problem) return fail(call, 400, 100, `(#100) ${problem}`, { subcode: 2207006 });
  }
  if (mediaType === 'CAROUSEL') {
    const raw = params.children;
    const children = (Array.isArray(raw) ? raw.map(String) : (str(raw) ?? '').split(','))
      .map((s) => s.trim())
      .filter(Boolean);
    if (children.length < 2 || children.length > 10) {
      return fail(call, 400, 100, `(#100) A carousel needs 2 to 10 children; got ${children.length}.`, {
        subcode: 2207028,
      });
    }
    for (const id of children) {
      const child = world.uploads.get(id);
      if (child?.platform !== 'instagram' || child.ownerId !== account.id || !child.extra.carouselItem) {
        return fail(call, 400, 100, `(#100) Param children contains an invalid container id: ${id}`, {
          subcode: 2207006,
        });
      }
      const code = statusOf(call, child);
      if (code === 'ERROR' || code === 'EXPIRED' || code === 'PUBLISHED') {
        return fail(call, 400, 9007, 'Media ID is not available', {
          subcode: 2207027,
          userMessage: `Child ${id} is ${code}.`,
        });
      }
    }
    container.extra.children = children;
    container.state = 'processing';
    container.readyAtMs = now + world.config.processing.ms;
    world.uploads.set(container.id, container);
    return respond(call, { id: container.id });
  }
  if (mediaType === 'IMAGE' || (mediaType === 'STORIES' && imageUrl)) {
    if (!imageUrl) return fail(call, 400, 100, '(#100) The parameter image_url is required.');
    const info = await inspectUrl(imageUrl, world.config.mediaFetch);
    const bad = imageProblem(call, info);
    if (bad) return bad;
    container.media = info;
    world.uploads.set(container.id, container);
    return respond(call, { id: container.id });
  }
  if (mediaType === 'VIDEO' && !carouselItem) {
    return fail(
      call,
      400,
      100,
      '(#100) The VIDEO media type is no longer supported for feed videos: publish them as REELS.',
      { subcode: 2207023 },
    );
  }
  if (mediaType === 'REELS' || mediaType === 'VIDEO' || mediaType === 'STORIES') {
    if (!videoUrl) return fail(call, 400, 100, '(#100) The parameter video_url is required.');
    const info = await inspectUrl(videoUrl, world.config.mediaFetch);
    container.media = { ...info, kind: 'video' };
    container.state = 'processing';
    container.readyAtMs = now + world.config.processing.ms;
    // A video Instagram cannot use fails during processing (status_code ERROR), not at creation.
    if (info.invalid || info.kind !== 'video')
      container.failure = 'Media upload has failed with error code 2207026 (unsupported video format).';
    world.uploads.set(container.id, container);
    return respond(call, { id: container.id });
  }
  return fail(
    call,
    400,
    100,
    `(#100) Unsupported media_type ${mediaType || '(missing)'}; use IMAGE (image_url), REELS, STORIES or CAROUSEL.`,
    { subcode: 2207023 },
  );
}

/** Instagram publishes through `media_publish` within a moving 24-hour quota (carousel = 1). */
function quotaUsed(call: GraphCall, account: SimAccount): number {
  const since = call.world.now() - 86_400_000;
  return call.world
    .postsOf('instagram', account.id)
    .filter((p) => p.createdAtMs > since && !p.extra.carouselChild).length;
}

function publish(call: GraphCall, account: SimAccount): Response {
  const { world } = call;
  const denied = mayPublish(call, account);
  if (denied) return denied;
  const id = str(call.params.creation_id);
  const container = id ? world.uploads.get(id) : undefined;
  if (container?.platform !== 'instagram' || container.ownerId !== account.id) {
    return fail(
      call,
      400,
      100,
      `(#100) Param creation_id is not a container of this account: ${id ?? '(missing)'}`,
      { subcode: 2207006 },
    );
  }
  if (container.extra.carouselItem)
    return fail(call, 400, 100, '(#100) Carousel items are published through their carousel container.', {
      subcode: 2207006,
    });
  const code = statusOf(call, container);
  if (code !== 'FINISHED') {
    return fail(call, 400, 9007, 'Media ID is not available', {
      subcode: 2207027,
      userTitle: 'Media not ready for publishing',
      userMessage: `The media is not ready for publishing (status ${code}), please wait for a moment`,
    });
  }
  if (quotaUsed(call, account) >= world.config.limits.instagramPublishPerDay) {
    return fail(call, 400, 9, 'Application request limit reached', {
      subcode: 2207042,
      userTitle: 'Limit reached',
      userMessage:
        'You have reached the maximum number of posts that is allowed to be published by Content Publishing API.',
    });
  }
  const childIds = (container.extra.children as string[] | undefined) ?? [];
  const media =
    childIds.length > 0
      ? childIds.map((cid) => world.uploads.get(cid)?.media as MediaInfo)
      : container.media
        ? [container.media]
        : [];
  const caption = String(container.extra.caption ?? '');
  const fingerprint = fingerprintOf(world, 'instagram', account.id, caption, media);
  if (world.refusesDuplicate('instagram', account.id, fingerprint))
    return fail(call, 400, 506, '(#506) Duplicate status message');
  const mediaId = world.metaId(17);
  const type = String(container.extra.mediaType);
  const children = childIds.map((cid) => {
    const child = world.uploads.get(cid) as SimUpload;
    child.state = 'published';
    const childMediaId = world.metaId(17);
    child.extra.mediaId = childMediaId;
    return { id: childMediaId, mediaType: child.media?.kind === 'video' ? 'VIDEO' : 'IMAGE' };
  });
  container.state = 'published';
  container.extra.mediaId = mediaId;
  const post = createPost(world, {
    platform: 'instagram',
    accountId: account.id,
    id: mediaId,
    text: caption,
    media,
    permalink: `https://www.instagram.com/${type === 'REELS' ? 'reel' : 'p'}/${shortcode(mediaId)}/`,
    extra: {
      mediaType: type === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : type === 'IMAGE' ? 'IMAGE' : 'VIDEO',
      productType: type === 'REELS' ? 'REELS' : type === 'STORIES' ? 'STORY' : 'FEED',
      children,
      containerId: container.id,
    },
  });
  call.c.get('call').postId = post.id;
  return respond(call, { id: post.id });
}

function renderMedia(call: GraphCall, post: SimPost, defaults: string[]): Record<string, unknown> {
  const { world } = call;
  const fields = call.fields.size > 0 ? [...call.fields.keys()] : defaults;
  const counts = engagementOf(world, post);
  const account = world.accounts.get(post.accountId);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    switch (f) {
      case 'id':
        out.id = post.id;
        break;
      case 'caption':
        if (post.text) out.caption = post.text;
        break;
      case 'media_type':
        out.media_type = post.extra.mediaType;
        break;
      case 'media_product_type':
        out.media_product_type = post.extra.productType;
        break;
      case 'permalink':
        out.permalink = post.permalink;
        break;
      case 'shortcode':
        out.shortcode = shortcode(post.id);
        break;
      case 'timestamp':
        out.timestamp = graphTime(post.createdAtMs);
        break;
      case 'username':
        out.username = account?.username;
        break;
      case 'like_count':
        out.like_count = counts.likes;
        break;
      case 'comments_count':
        out.comments_count = counts.comments;
        break;
      case 'media_url':
        out.media_url = `https://scontent.cdninstagram.com/v/sim/${post.id}.${post.extra.mediaType === 'VIDEO' ? 'mp4' : 'jpg'}`;
        break;
      case 'thumbnail_url':
        if (post.extra.mediaType === 'VIDEO')
          out.thumbnail_url = `https://scontent.cdninstagram.com/v/sim/${post.id}_thumb.jpg`;
        break;
      case 'owner':
        out.owner = { id: post.accountId };
        break;
      case 'is_comment_enabled':
        out.is_comment_enabled = true;
        break;
      case 'children':
        if ((post.extra.children as unknown[]).length > 0)
          out.children = {
            data: (post.extra.children as Array<{ id: string }>).map((ch) => ({ id: ch.id })),
          };
        break;
      default:
        break;
    }
  }
  if (!('id' in out)) out.id = post.id;
  return out;
}

const deprecatedMediaMetrics = new Set([
  'impressions',
  'plays',
  'clips_replays_count',
  'ig_reels_aggregated_all_plays_count',
  'video_views',
]);

function insights(call: GraphCall, post: SimPost): Response {
  const metrics = (str(call.params.metric) ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  if (metrics.length === 0) return fail(call, 400, 100, '(#100) The parameter metric is required.');
  const reels = post.extra.productType === 'REELS';
  for (const m of metrics) {
    if (deprecatedMediaMetrics.has(m)) {
      return fail(
        call,
        400,
        100,
        `(#100) Starting from v22.0, the ${m} metric is no longer supported for media; use views.`,
        { subcode: 2108006 },
      );
    }
    const feedOnly = ['follows', 'profile_visits', 'profile_activity'];
    const reelsOnly = ['ig_reels_avg_watch_time', 'ig_reels_video_view_total_time'];
    const known = [
      'views',
      'reach',
      'likes',
      'comments',
      'shares',
      'saved',
      'total_interactions',
      ...feedOnly,
      ...reelsOnly,
    ];
    if (!known.includes(m) || (reels && feedOnly.includes(m)) || (!reels && reelsOnly.includes(m))) {
      return fail(
        call,
        400,
        100,
        `(#100) The Media Insights API does not support the ${m} metric for this media product type.`,
        { subcode: 2108006 },
      );
    }
  }
  const counts = engagementOf(call.world, post);
  if (counts.reach === 0)
    return fail(call, 400, 10, '(#10) Not enough viewers for the media to show insights', {
      subcode: 2108006,
    });
  const values: Record<string, number> = {
    views: counts.impressions,
    reach: counts.reach,
    likes: counts.likes,
    comments: counts.comments,
    shares: counts.reposts,
    saved: counts.saves,
    total_interactions: counts.likes + counts.comments + counts.reposts + counts.saves,
    follows: Math.floor(counts.profileClicks * 0.1),
    profile_visits: counts.profileClicks,
    profile_activity: Math.floor(counts.profileClicks * 0.3),
    ig_reels_avg_watch_time: 4200 + Math.floor((counts.videoViews % 97) * 31),
    ig_reels_video_view_total_time: counts.videoViews * 4200,
  };
  return respond(call, {
    data: metrics.map((name) => ({
      name,
      period: 'lifetime',
      values: [{ value: values[name] ?? 0 }],
      title: name.replace(/_/g, ' '),
      description: `${name.replace(/_/g, ' ')} (simulated)`,
      id: `${post.id}/insights/${name}/lifetime`,
    })),
  });
}

function accountNode(call: GraphCall, account: SimAccount): Promise<Response> | Response {
  const { world } = call;
  if (!canManage(call, account) || !hasScopes(call, 'instagram_basic')) return unsupported(call);
  if (call.edge === undefined && call.method === 'GET') {
    const fields = call.fields.size > 0 ? [...call.fields.keys()] : ['id'];
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (f === 'id') out.id = account.id;
      if (f === 'username') out.username = account.username;
      if (f === 'name') out.name = account.name;
      if (f === 'followers_count') out.followers_count = account.followers;
      if (f === 'follows_count') out.follows_count = 150;
      if (f === 'media_count') out.media_count = world.postsOf('instagram', account.id).length;
      if (f === 'profile_picture_url')
        out.profile_picture_url = `https://scontent.cdninstagram.com/v/sim/${account.id}_profile.jpg`;
      if (f === 'biography') out.biography = `${account.name} (simulated)`;
    }
    if (!('id' in out)) out.id = account.id;
    return respond(call, out);
  }
  if (call.method === 'POST' && call.edge === 'media') return createContainer(call, account);
  if (call.method === 'POST' && call.edge === 'media_publish') return publish(call, account);
  if (call.method === 'GET' && call.edge === 'media') {
    const posts = world.postsOf('instagram', account.id);
    return respond(
      call,
      page(call, posts, (p) => renderMedia(call, p, ['id'])),
    );
  }
  if (call.method === 'GET' && call.edge === 'content_publishing_limit') {
    const out: Record<string, unknown> = { quota_usage: quotaUsed(call, account) };
    const fields = call.fields.size > 0 ? [...call.fields.keys()] : ['quota_usage'];
    if (fields.includes('config'))
      out.config = { quota_total: world.config.limits.instagramPublishPerDay, quota_duration: 86400 };
    return respond(call, { data: [out] });
  }
  return unsupported(call);
}

export function instagramNode(call: GraphCall): Promise<Response> | Response {
  const { world, node } = call;
  const account = world.accounts.get(node);
  if (account?.platform === 'instagram') return accountNode(call, account);
  const container = world.uploads.get(node);
  if (container?.platform === 'instagram') {
    const owner = world.accounts.get(container.ownerId);
    if (!owner || !canManage(call, owner) || call.method !== 'GET' || call.edge !== undefined)
      return unsupported(call);
    const code = statusOf(call, container);
    const fields = call.fields.size > 0 ? [...call.fields.keys()] : ['id'];
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (f === 'id') out.id = container.id;
      if (f === 'status_code') out.status_code = code;
      if (f === 'status') out.status = statusText(code, container);
    }
    if (!('id' in out)) out.id = container.id;
    return respond(call, out);
  }
  const post = world.posts.get(node);
  if (post?.platform === 'instagram' && !post.deletedAtMs) {
    const owner = world.accounts.get(post.accountId);
    if (!owner || !canManage(call, owner)) return unsupported(call);
    if (call.method === 'GET' && call.edge === undefined)
      return respond(call, renderMedia(call, post, ['id']));
    if (call.method === 'GET' && call.edge === 'insights') return insights(call, post);
    if (call.method === 'GET' && call.edge === 'children') {
      return respond(call, {
        data: ((post.extra.children as Array<{ id: string }>) ?? []).map((ch) => ({ id: ch.id })),
      });
    }
  }
  return unsupported(call);
}
