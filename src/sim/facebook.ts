import { bool, bytesOf, str } from './http.js';
import { inspectBytes, inspectUrl } from './media.js';
import { canManage, fail, type GraphCall, graphTime, hasScopes, page, respond, unsupported } from './meta.js';
import { createPost, engagementOf, fingerprintOf } from './posts.js';
import type { MediaInfo, SimAccount, SimPost, SimToken, SimUpload, SimWorld } from './world.js';

/**
 * Facebook Pages on the Graph API: publishing (`/feed`, `/photos`, `/videos`), reading posts back and post
 * insights. Page writes need a Page access token (from `/me/accounts`) with `pages_manage_posts` and
 * `pages_read_engagement`, as the Pages API documents.
 */

type PageTokenFor = (world: SimWorld, user: SimToken, page: SimAccount) => SimToken;

const maxPhotoBytes = 10 * 1024 * 1024;
const photoTypes = ['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff'];
const unpublishedTtlMs = 24 * 3600_000;

function postUrl(pageId: string, postId: string): string {
  return `https://www.facebook.com/${pageId}/posts/${postId.split('_')[1] ?? postId}`;
}

/** Page tasks: posting needs a page token of this page with the posting permissions. */
function mayPublish(call: GraphCall, pageAccount: SimAccount): Response | undefined {
  if (
    call.token.kind !== 'page' ||
    call.token.accountId !== pageAccount.id ||
    !hasScopes(call, 'pages_manage_posts', 'pages_read_engagement')
  ) {
    return fail(
      call,
      403,
      200,
      '(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission',
      { type: 'OAuthException' },
    );
  }
  return undefined;
}

/** `scheduled_publish_time`: unix seconds or a date string; 10 minutes to 30 days ahead. */
function scheduleTime(call: GraphCall): number | Response | undefined {
  const raw = str(call.params.scheduled_publish_time);
  if (raw === undefined) return undefined;
  const ms = /^\d+$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
  const now = call.world.now();
  if (Number.isNaN(ms) || ms < now + 10 * 60_000 || ms > now + 30 * 86_400_000) {
    return fail(call, 400, 100, '(#100) The specified scheduled publish time is invalid.', {
      subcode: 1363168,
      userTitle: 'Invalid Scheduled Publish Time',
      userMessage: 'The scheduled publish time must be between 10 minutes and 30 days from now.',
    });
  }
  return ms;
}

/** `attached_media` in the three shapes clients send: `attached_media[0]=…` form fields, a JSON string, a JSON array. */
function attachedMediaIds(call: GraphCall): string[] | Response {
  const raw: unknown[] = [];
  const direct = call.params.attached_media;
  if (Array.isArray(direct)) raw.push(...direct);
  else if (typeof direct === 'string') {
    try {
      const parsed = JSON.parse(direct) as unknown;
      if (Array.isArray(parsed)) raw.push(...parsed);
      else raw.push(parsed);
    } catch {
      return fail(call, 400, 100, '(#100) param attached_media must be an array.');
    }
  }
  const indexed = Object.keys(call.params)
    .map((k) => /^attached_media\[(\d+)\]$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  for (const m of indexed) raw.push(str(call.params[m[0]]));
  const ids: string[] = [];
  for (const item of raw) {
    let obj = item;
    if (typeof item === 'string') {
      try {
        obj = JSON.parse(item) as unknown;
      } catch {
        return fail(
          call,
          400,
          100,
          '(#100) param attached_media must be an array of objects with media_fbid.',
        );
      }
    }
    const id = obj && typeof obj === 'object' ? str((obj as Record<string, unknown>).media_fbid) : undefined;
    if (!id) return fail(call, 400, 100, '(#100) param attached_media[].media_fbid is required.');
    ids.push(id);
  }
  return ids;
}

async function mediaFromParams(call: GraphCall, urlParam: string): Promise<MediaInfo | undefined> {
  const source = await bytesOf(call.params.source);
  if (source && call.params.source !== undefined && typeof call.params.source !== 'string')
    return inspectBytes(source);
  const url = str(call.params[urlParam]);
  if (url) return inspectUrl(url, call.world.config.mediaFetch);
  return undefined;
}

function invalidImage(info: MediaInfo | undefined): string | undefined {
  if (!info) return 'no image: send url or source';
  if (info.invalid) return info.invalid;
  if (!photoTypes.includes(info.mimeType)) return `unsupported image type ${info.mimeType}`;
  if (info.bytes > maxPhotoBytes) return 'the image is larger than 10 MB';
  return undefined;
}

async function publishFeed(call: GraphCall, pageAccount: SimAccount): Promise<Response> {
  const { world } = call;
  const denied = mayPublish(call, pageAccount);
  if (denied) return denied;
  const message = str(call.params.message) ?? '';
  const link = str(call.params.link);
  const mediaIds = attachedMediaIds(call);
  if (mediaIds instanceof Response) return mediaIds;
  if (!message && !link && mediaIds.length === 0)
    return fail(call, 400, 100, '(#100) Either link or message must be supplied');
  const photos: SimUpload[] = [];
  for (const id of mediaIds) {
    const u = world.uploads.get(id);
    if (
      u?.platform !== 'facebook' ||
      u.ownerId !== pageAccount.id ||
      u.extra.kind !== 'photo' ||
      u.state !== 'ready' ||
      world.now() >= u.expiresAtMs
    ) {
      return fail(
        call,
        400,
        100,
        `(#100) param attached_media[${mediaIds.indexOf(id)}] has an invalid media_fbid: ${id} (an unpublished photo of this page, uploaded within 24 hours, is required)`,
      );
    }
    photos.push(u);
  }
  const published = bool(call.params.published, true);
  const scheduled = scheduleTime(call);
  if (scheduled instanceof Response) return scheduled;
  if (scheduled !== undefined && published) {
    return fail(call, 400, 100, '(#100) Cannot specify a scheduled publish time on a published post', {
      subcode: 1363168,
    });
  }
  const media = photos.map((p) => p.media as MediaInfo);
  const fingerprint = fingerprintOf(world, 'facebook', pageAccount.id, message, media, link);
  if (world.refusesDuplicate('facebook', pageAccount.id, fingerprint))
    return fail(call, 400, 506, '(#506) Duplicate status message');
  const id = `${pageAccount.id}_${world.digits(16)}`;
  for (const p of photos) p.state = 'published';
  const post = createPost(world, {
    platform: 'facebook',
    accountId: pageAccount.id,
    id,
    text: message,
    media,
    ...(link ? { link } : {}),
    ...(scheduled !== undefined
      ? { publishAtMs: scheduled }
      : !published
        ? { publishAtMs: Number.MAX_SAFE_INTEGER }
        : {}),
    permalink: postUrl(pageAccount.id, id),
    extra: {
      statusType: photos.length > 0 ? 'added_photos' : link ? 'shared_story' : 'mobile_status_update',
      photoIds: photos.map((p) => p.id),
      scheduled: scheduled !== undefined,
      published: published || scheduled !== undefined,
    },
  });
  call.c.get('call').postId = post.id;
  return respond(call, { id: post.id });
}

async function publishPhoto(call: GraphCall, pageAccount: SimAccount): Promise<Response> {
  const { world } = call;
  const denied = mayPublish(call, pageAccount);
  if (denied) return denied;
  const info = await mediaFromParams(call, 'url');
  const problem = invalidImage(info);
  if (problem || !info) return fail(call, 400, 324, `(#324) Missing or invalid image file: ${problem}`);
  const published = bool(call.params.published, true) && !bool(call.params.temporary, false);
  const scheduled = scheduleTime(call);
  if (scheduled instanceof Response) return scheduled;
  const photoId = world.metaId(16);
  const now = world.now();
  const upload: SimUpload = {
    id: photoId,
    platform: 'facebook',
    ownerId: pageAccount.id,
    state: 'ready',
    media: info,
    createdAtMs: now,
    expiresAtMs: published ? Number.MAX_SAFE_INTEGER : now + unpublishedTtlMs,
    polls: 0,
    chunks: new Map(),
    extra: { kind: 'photo', altText: str(call.params.alt_text_custom) },
  };
  if (!published && scheduled === undefined) {
    world.uploads.set(photoId, upload);
    return respond(call, { id: photoId });
  }
  const caption = str(call.params.caption) ?? str(call.params.message) ?? '';
  const fingerprint = fingerprintOf(world, 'facebook', pageAccount.id, caption, [info]);
  if (world.refusesDuplicate('facebook', pageAccount.id, fingerprint))
    return fail(call, 400, 506, '(#506) Duplicate status message');
  upload.state = 'published';
  world.uploads.set(photoId, upload);
  const id = `${pageAccount.id}_${world.digits(16)}`;
  const post = createPost(world, {
    platform: 'facebook',
    accountId: pageAccount.id,
    id,
    text: caption,
    media: [info],
    ...(scheduled !== undefined ? { publishAtMs: scheduled } : {}),
    permalink: postUrl(pageAccount.id, id),
    extra: {
      statusType: 'added_photos',
      photoIds: [photoId],
      scheduled: scheduled !== undefined,
      published: true,
    },
  });
  upload.extra.postId = post.id;
  call.c.get('call').postId = post.id;
  return respond(call, { id: photoId, post_id: post.id });
}

async function publishVideo(call: GraphCall, pageAccount: SimAccount): Promise<Response> {
  const { world } = call;
  const denied = mayPublish(call, pageAccount);
  if (denied) return denied;
  if (str(call.params.upload_phase)) {
    return fail(
      call,
      400,
      100,
      '(#100) Resumable video upload phases are not simulated; send file_url or source',
    );
  }
  const info = await mediaFromParams(call, 'file_url');
  if (!info || info.invalid || info.kind !== 'video') {
    return fail(
      call,
      400,
      352,
      `(#352) Sorry, the video file you selected is in a format that we don't support. ${info?.invalid ?? ''}`.trim(),
    );
  }
  const description = str(call.params.description) ?? '';
  const title = str(call.params.title);
  const fingerprint = fingerprintOf(world, 'facebook', pageAccount.id, description, [info]);
  if (world.refusesDuplicate('facebook', pageAccount.id, fingerprint))
    return fail(call, 400, 506, '(#506) Duplicate status message');
  const now = world.now();
  const videoId = world.metaId(16);
  const id = `${pageAccount.id}_${world.digits(16)}`;
  world.uploads.set(videoId, {
    id: videoId,
    platform: 'facebook',
    ownerId: pageAccount.id,
    state: 'processing',
    media: info,
    createdAtMs: now,
    expiresAtMs: Number.MAX_SAFE_INTEGER,
    readyAtMs: now + world.config.processing.ms,
    polls: 0,
    chunks: new Map(),
    extra: { kind: 'video', postId: id, title },
  });
  const post = createPost(world, {
    platform: 'facebook',
    accountId: pageAccount.id,
    id,
    text: description,
    media: [info],
    permalink: `https://www.facebook.com/${pageAccount.id}/videos/${videoId}`,
    extra: { statusType: 'added_video', videoId, title, published: true },
  });
  call.c.get('call').postId = post.id;
  return respond(call, { id: videoId });
}

function renderPost(call: GraphCall, post: SimPost, defaults: string[]): Record<string, unknown> {
  const { world } = call;
  const fields = call.fields.size > 0 ? [...call.fields.keys()] : defaults;
  const counts = engagementOf(world, post);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const mods = call.fields.get(f) ?? '';
    switch (f) {
      case 'id':
        out.id = post.id;
        break;
      case 'message':
        if (post.text) out.message = post.text;
        break;
      case 'created_time':
        out.created_time = graphTime(
          post.publishAtMs === Number.MAX_SAFE_INTEGER
            ? post.createdAtMs
            : Math.min(post.createdAtMs, post.publishAtMs),
        );
        break;
      case 'updated_time':
        out.updated_time = graphTime(post.createdAtMs);
        break;
      case 'permalink_url':
        out.permalink_url = post.permalink;
        break;
      case 'is_published':
        out.is_published = post.publishAtMs <= world.now();
        break;
      case 'scheduled_publish_time':
        if (post.extra.scheduled) out.scheduled_publish_time = Math.floor(post.publishAtMs / 1000);
        break;
      case 'status_type':
        out.status_type = post.extra.statusType;
        break;
      case 'from': {
        const a = world.accounts.get(post.accountId);
        out.from = { name: a?.name, id: post.accountId };
        break;
      }
      case 'shares':
        // Graph leaves `shares` out entirely while a post has none.
        if (counts.reposts > 0) out.shares = { count: counts.reposts };
        break;
      case 'reactions':
      case 'likes':
        out[f] = {
          data: [],
          summary: {
            total_count: counts.likes,
            ...(f === 'reactions' ? { viewer_reaction: 'NONE' } : { can_like: true, has_liked: false }),
          },
        };
        if (!mods.includes('summary')) delete (out[f] as Record<string, unknown>).summary;
        break;
      case 'comments':
        out.comments = {
          data: [],
          summary: { order: 'ranked', total_count: counts.comments, can_comment: true },
        };
        if (!mods.includes('summary')) delete (out.comments as Record<string, unknown>).summary;
        break;
      case 'full_picture':
        if (post.media.length > 0) out.full_picture = `https://scontent.xx.fbcdn.net/v/sim/${post.id}.jpg`;
        break;
      case 'attachments': {
        const kind = post.media.some((m) => m.kind === 'video')
          ? 'video'
          : post.media.length > 1
            ? 'album'
            : post.media.length === 1
              ? 'photo'
              : post.link
                ? 'share'
                : undefined;
        if (kind) {
          const item: Record<string, unknown> = { media_type: kind, type: kind, target: { id: post.id } };
          if (post.link) item.url = post.link;
          if (kind === 'album') {
            item.subattachments = {
              data: ((post.extra.photoIds as string[]) ?? []).map((id) => ({
                media_type: 'photo',
                type: 'photo',
                target: { id },
              })),
            };
          }
          out.attachments = { data: [item] };
        }
        break;
      }
      default:
        break;
    }
  }
  // Graph always answers a node's id, asked for or not.
  return { ...out, id: post.id };
}

const deprecatedPostMetrics = new Set([
  'post_impressions_unique',
  'post_impressions_paid_unique',
  'post_impressions_organic_unique',
  'post_impressions_fan_unique',
  'post_engaged_users',
]);

function postInsights(call: GraphCall, post: SimPost): Response {
  const { world } = call;
  const metrics = (str(call.params.metric) ?? '')
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  if (metrics.length === 0) return fail(call, 400, 100, '(#100) The parameter metric is required');
  const account = world.accounts.get(post.accountId);
  const counts = engagementOf(world, post);
  const values: Record<string, unknown> = {
    post_impressions: counts.impressions,
    post_impressions_organic: counts.impressions,
    post_impressions_paid: 0,
    post_impressions_viral: Math.floor(counts.impressions * 0.1),
    post_media_view: counts.impressions,
    post_total_media_view_unique: counts.reach,
    post_clicks: counts.linkClicks + counts.profileClicks,
    post_clicks_by_type: { 'link clicks': counts.linkClicks, 'other clicks': counts.profileClicks },
    post_reactions_like_total: Math.floor(counts.likes * 0.8),
    post_reactions_by_type_total: {
      like: Math.floor(counts.likes * 0.8),
      love: Math.floor(counts.likes * 0.12),
      wow: Math.floor(counts.likes * 0.03),
      haha: Math.floor(counts.likes * 0.03),
      sorry: Math.floor(counts.likes * 0.01),
      anger:
        counts.likes -
        Math.floor(counts.likes * 0.8) -
        Math.floor(counts.likes * 0.12) -
        Math.floor(counts.likes * 0.03) * 2 -
        Math.floor(counts.likes * 0.01),
    },
    post_video_views: counts.videoViews,
  };
  for (const m of metrics) {
    if (deprecatedPostMetrics.has(m) || !(m in values))
      return fail(call, 400, 100, '(#100) The value must be a valid insights metric', { subcode: 1504028 });
    if (m === 'post_video_views' && !post.media.some((x) => x.kind === 'video'))
      return fail(call, 400, 100, '(#100) The value must be a valid insights metric', { subcode: 1504028 });
  }
  // Insights exist only for pages with at least 100 likes.
  if ((account?.followers ?? 0) < 100) return respond(call, { data: [] });
  const period = str(call.params.period) ?? 'lifetime';
  return respond(call, {
    data: metrics.map((name) => ({
      name,
      period,
      values: [{ value: values[name] }],
      title: name.replace(/_/g, ' '),
      description: `Lifetime: ${name.replace(/_/g, ' ')} (simulated)`,
      id: `${post.id}/insights/${name}/${period}`,
    })),
  });
}

function pageNode(
  call: GraphCall,
  pageAccount: SimAccount,
  pageTokenFor: PageTokenFor,
): Promise<Response> | Response {
  const { world } = call;
  const manages = canManage(call, pageAccount);
  if (call.edge === undefined && call.method === 'GET') {
    const fields = call.fields.size > 0 ? [...call.fields.keys()] : ['name', 'id'];
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (f === 'id') out.id = pageAccount.id;
      if (f === 'name') out.name = pageAccount.name;
      if (f === 'category') out.category = 'Industrial Company';
      if (f === 'fan_count' || f === 'followers_count') out[f] = pageAccount.followers;
      if (f === 'link') out.link = `https://www.facebook.com/${pageAccount.id}`;
      if (
        (f === 'instagram_business_account' || f === 'connected_instagram_account') &&
        pageAccount.linkedId &&
        manages
      )
        out[f] = { id: pageAccount.linkedId };
      if (f === 'access_token' && manages && call.token.kind === 'user')
        out.access_token = pageTokenFor(world, call.token, pageAccount).value;
    }
    if (!('id' in out)) out.id = pageAccount.id;
    return respond(call, out);
  }
  if (call.method === 'POST' && call.edge === 'feed') return publishFeed(call, pageAccount);
  if (call.method === 'POST' && call.edge === 'photos') return publishPhoto(call, pageAccount);
  if (call.method === 'POST' && call.edge === 'videos') return publishVideo(call, pageAccount);
  if (
    call.method === 'GET' &&
    (call.edge === 'feed' ||
      call.edge === 'posts' ||
      call.edge === 'published_posts' ||
      call.edge === 'scheduled_posts')
  ) {
    if (!manages && call.edge === 'scheduled_posts') return unsupported(call);
    const now = world.now();
    const all = world.postsOf('facebook', pageAccount.id, { includeScheduled: true });
    const posts =
      call.edge === 'scheduled_posts'
        ? all.filter((p) => p.publishAtMs > now && p.extra.scheduled)
        : all.filter((p) => p.publishAtMs <= now);
    return respond(
      call,
      page(call, posts, (p) => renderPost(call, p, ['created_time', 'message', 'id'])),
    );
  }
  return unsupported(call);
}

export function facebookNode(call: GraphCall, pageTokenFor: PageTokenFor): Promise<Response> | Response {
  const { world, node } = call;
  const account = world.accounts.get(node);
  if (account?.platform === 'facebook') return pageNode(call, account, pageTokenFor);
  const post = world.posts.get(node);
  if (post?.platform === 'facebook' && !post.deletedAtMs) {
    const pageAccount = world.accounts.get(post.accountId);
    const visible = post.publishAtMs <= world.now() || (pageAccount && canManage(call, pageAccount));
    if (!visible) return unsupported(call);
    if (call.edge === undefined && call.method === 'GET')
      return respond(call, renderPost(call, post, ['created_time', 'message', 'id']));
    if (call.edge === 'insights' && call.method === 'GET') return postInsights(call, post);
    if (call.edge === undefined && call.method === 'DELETE') {
      if (!pageAccount || call.token.kind !== 'page' || call.token.accountId !== pageAccount.id)
        return fail(call, 403, 200, '(#200) Permissions error');
      post.deletedAtMs = world.now();
      return respond(call, { success: true });
    }
    return unsupported(call);
  }
  const upload = world.uploads.get(node);
  if (upload?.platform === 'facebook' && call.edge === undefined && call.method === 'GET') {
    const fields = call.fields.size > 0 ? [...call.fields.keys()] : ['id'];
    if (upload.extra.kind === 'video' && upload.state === 'processing') {
      upload.polls += 1;
      if (upload.polls >= world.config.processing.polls || world.now() >= (upload.readyAtMs ?? 0))
        upload.state = 'ready';
    }
    const out: Record<string, unknown> = { id: upload.id };
    for (const f of fields) {
      if (f === 'post_id' && upload.extra.postId) out.post_id = upload.extra.postId;
      if (f === 'published') out.published = upload.state === 'published' || upload.extra.kind === 'video';
      if (f === 'created_time') out.created_time = graphTime(upload.createdAtMs);
      if (f === 'status' && upload.extra.kind === 'video') {
        const ready = upload.state === 'ready';
        out.status = {
          video_status: ready ? 'ready' : 'processing',
          uploading_phase: { status: 'complete' },
          processing_phase: { status: ready ? 'complete' : 'in_progress' },
          publishing_phase: { status: ready ? 'complete' : 'not_started' },
          processing_progress: ready ? 100 : 50,
        };
      }
      if (f === 'images' && upload.media)
        out.images = [
          {
            height: upload.media.height ?? 0,
            width: upload.media.width ?? 0,
            source: `https://scontent.xx.fbcdn.net/v/sim/${upload.id}.jpg`,
          },
        ];
      if (f === 'alt_text_custom' && upload.extra.altText) out.alt_text_custom = upload.extra.altText;
    }
    return respond(call, out);
  }
  return unsupported(call);
}
