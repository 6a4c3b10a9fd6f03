import type { Platform } from '../core/platforms.js';
import { countsAt, type EngagementCounts, type PostFeatures } from './engagement.js';
import type { MediaInfo, SimAccount, SimPost, SimWorld } from './world.js';

/** What the engagement model needs to know about a stored post. */
export function featuresOf(post: SimPost, account: SimAccount): PostFeatures {
  return {
    platform: post.platform,
    accountId: post.accountId,
    followers: account.followers,
    timeZone: account.timeZone,
    text: post.renderedText,
    media: post.media.map((m) => m.kind),
    hasLink: post.link !== undefined || /https?:\/\//i.test(post.text),
    createdAtMs: post.publishAtMs,
    contentKey: post.fingerprint,
  };
}

/** The post's counts at `atMs` (the simulator's now by default). */
export function engagementOf(world: SimWorld, post: SimPost, atMs: number = world.now()): EngagementCounts {
  const account = world.accounts.get(post.accountId);
  const features = account
    ? featuresOf(post, account)
    : featuresOf(post, { followers: 0, timeZone: 'UTC' } as SimAccount);
  return countsAt(world.seed, features, atMs);
}

export interface NewPost {
  platform: Platform;
  accountId: string;
  text: string;
  renderedText?: string;
  media?: MediaInfo[];
  link?: string;
  replyToId?: string;
  publishAtMs?: number;
  id: string;
  permalink: string;
  extra?: Record<string, unknown>;
}

/** Builds and stores a post (duplicates of earlier content on the account are counted by the world). */
export function createPost(world: SimWorld, input: NewPost): SimPost {
  const media = input.media ?? [];
  const now = world.now();
  const post: SimPost = {
    id: input.id,
    seq: 0,
    platform: input.platform,
    accountId: input.accountId,
    text: input.text,
    renderedText: input.renderedText ?? input.text,
    media,
    ...(input.link ? { link: input.link } : {}),
    ...(input.replyToId ? { replyToId: input.replyToId } : {}),
    createdAtMs: now,
    publishAtMs: input.publishAtMs ?? now,
    fingerprint: world.fingerprint(
      input.platform,
      input.accountId,
      input.text + (input.link ? ` ${input.link}` : ''),
      media,
    ),
    permalink: input.permalink,
    extra: input.extra ?? {},
  };
  return world.addPost(post);
}

/** The fingerprint `createPost` would give this content (to refuse duplicates before creating). */
export function fingerprintOf(
  world: SimWorld,
  platform: Platform,
  accountId: string,
  text: string,
  media: MediaInfo[],
  link?: string,
): string {
  return world.fingerprint(platform, accountId, text + (link ? ` ${link}` : ''), media);
}
