import type { Platform } from '../core/platforms.js';
import { normalFromParts } from './random.js';

/**
 * The simulator's deterministic engagement model: what a post has collected at a given moment. Documented
 * in docs/simulator.md ("Engagement model"); analytics tests rely on its shape, so change it only with the
 * doc. Every number is a function of (seed, platform, account, content, creation time, now): no state, no
 * call order, no wall clock.
 *
 * final(metric) = followers × reachRate × hour(local hour) × weekday × content effects × noise
 * value(t)      = floor(final × F(age)),  F(a) = 1 − exp(−(a/τ)^β), β = 0.7, τ set so F(t50) = ½
 * so counts only grow and a post's half-life is the platform's t50.
 */

export interface PostFeatures {
  platform: Platform;
  accountId: string;
  followers: number;
  /** IANA zone of the account's audience; the hour-of-day effect uses its local time. */
  timeZone: string;
  /** The text as readers see it. */
  text: string;
  /** Attached media, in order. */
  media: ReadonlyArray<'image' | 'video' | 'gif'>;
  /** True when the post carries a link (in the text or as a link attachment). */
  hasLink: boolean;
  createdAtMs: number;
  /** Identifies the content for the noise (same content on the same account → same noise). */
  contentKey: string;
}

export interface EngagementCounts {
  impressions: number;
  /** Unique accounts reached (impressions / 1.1–1.4). */
  reach: number;
  likes: number;
  comments: number;
  /** Reposts / retweets / reshares / shares. */
  reposts: number;
  /** X quote posts. */
  quotes: number;
  /** X bookmarks, Instagram saves. */
  saves: number;
  linkClicks: number;
  profileClicks: number;
  /** Video views (0 without a video). */
  videoViews: number;
  /** likes + comments + reposts + quotes + saves + linkClicks + profileClicks. */
  engagements: number;
}

interface PlatformShape {
  /** Share of followers who see an average post. */
  reachRate: number;
  /** Hours (local, fractional) where the audience is most active. */
  peaks: readonly number[];
  /** Multiplier on Saturday and Sunday. */
  weekend: number;
  /** Text length (characters) that engages best. */
  bestLength: number;
  /** Hashtag count that still helps; more hurt. */
  bestHashtags: number;
  /** Reach multiplier of a post with a link. */
  linkReach: number;
  /** Median time to half the final count, minutes. */
  t50Minutes: number;
  /** Likes per impression. */
  likeRate: number;
  /** Reposts (shares) per like. */
  repostsPerLike: number;
}

export const platformShapes: Readonly<Record<Platform, PlatformShape>> = {
  x: {
    reachRate: 0.2,
    peaks: [8, 12, 17],
    weekend: 0.85,
    bestLength: 110,
    bestHashtags: 1,
    linkReach: 0.6,
    t50Minutes: 80,
    likeRate: 0.012,
    repostsPerLike: 0.15,
  },
  linkedin: {
    reachRate: 0.15,
    peaks: [8, 12],
    weekend: 0.55,
    bestLength: 1200,
    bestHashtags: 3,
    linkReach: 0.75,
    t50Minutes: 12 * 60,
    likeRate: 0.02,
    repostsPerLike: 0.05,
  },
  facebook: {
    reachRate: 0.06,
    peaks: [9, 13, 19],
    weekend: 0.95,
    bestLength: 80,
    bestHashtags: 1,
    linkReach: 0.9,
    t50Minutes: 5 * 60,
    likeRate: 0.025,
    repostsPerLike: 0.08,
  },
  instagram: {
    reachRate: 0.3,
    peaks: [11, 19],
    weekend: 1,
    bestLength: 300,
    bestHashtags: 5,
    linkReach: 1,
    t50Minutes: 19 * 60,
    likeRate: 0.05,
    repostsPerLike: 0.05,
  },
};

const beta = 0.7;

/** Share of the final count reached at `ageMs` (0 before publication). */
export function decayFraction(platform: Platform, ageMs: number): number {
  if (ageMs <= 0) return 0;
  const t50 = platformShapes[platform].t50Minutes * 60_000;
  const tau = t50 / Math.log(2) ** (1 / beta);
  return 1 - Math.exp(-((ageMs / tau) ** beta));
}

/** Local hour (fractional) and weekday (0 = Sunday) of an instant in a time zone. */
export function localTime(ms: number, timeZone: string): { hour: number; weekday: number } {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'short',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return {
    hour: Number(get('hour')) + Number(get('minute')) / 60,
    weekday: Math.max(0, weekdays.indexOf(get('weekday'))),
  };
}

/** Hour-of-day effect: 0.35 at night, up to 1.0 at the platform's peaks (Gaussian bumps, σ = 2 h). */
export function hourFactor(platform: Platform, hour: number): number {
  let best = 0;
  for (const peak of platformShapes[platform].peaks) {
    const d = Math.min(Math.abs(hour - peak), 24 - Math.abs(hour - peak));
    best = Math.max(best, Math.exp(-(d * d) / (2 * 2 * 2)));
  }
  return 0.35 + 0.65 * best;
}

export function weekdayFactor(platform: Platform, weekday: number): number {
  return weekday === 0 || weekday === 6 ? platformShapes[platform].weekend : 1;
}

/** Text-length effect on engagement: 1.1 at the platform's best length, falling to 0.75 far from it. */
export function lengthFactor(platform: Platform, length: number): number {
  if (length <= 0) return 0.75;
  const z = Math.log(length / platformShapes[platform].bestLength);
  return 0.75 + 0.35 * Math.exp(-(z * z) / (2 * 0.8 * 0.8));
}

/** Hashtag effect on reach: +5 % each up to the platform's best count, then −7 % per extra tag (≥ 0.6). */
export function hashtagFactor(platform: Platform, count: number): number {
  const best = platformShapes[platform].bestHashtags;
  if (count <= best) return 1 + 0.05 * count;
  return Math.max(0.6, (1 + 0.05 * best) * 0.93 ** (count - best));
}

/** Media effect: [reach multiplier, engagement multiplier]. */
export function mediaFactors(platform: Platform, media: PostFeatures['media']): [number, number] {
  if (media.includes('video')) return platform === 'instagram' ? [1.8, 1.2] : [1.4, 1.2];
  if (media.includes('gif')) return [1.1, 1.15];
  const images = media.filter((m) => m === 'image').length;
  if (images >= 2) return [1.25, 1.2];
  if (images === 1) return [1.15, 1.15];
  return [1, 1];
}

export function countHashtags(text: string): number {
  return (text.match(/(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu) ?? []).length;
}

function noise(seed: number, f: PostFeatures, metric: string, sigma: number): number {
  // Log-normal with mean 1, fixed per post and metric.
  return Math.exp(
    sigma * normalFromParts(seed, f.platform, f.accountId, f.contentKey, metric) - (sigma * sigma) / 2,
  );
}

/** Expected totals once the post has run its course (before the time decay). */
export function finalCounts(seed: number, f: PostFeatures): EngagementCounts {
  const shape = platformShapes[f.platform];
  const { hour, weekday } = localTime(f.createdAtMs, f.timeZone);
  const length = [...f.text].length;
  const [mediaReach, mediaEngagement] = mediaFactors(f.platform, f.media);
  const impressions =
    Math.max(0, f.followers) *
    shape.reachRate *
    hourFactor(f.platform, hour) *
    weekdayFactor(f.platform, weekday) *
    mediaReach *
    hashtagFactor(f.platform, countHashtags(f.text)) *
    (f.hasLink ? shape.linkReach : 1) *
    noise(seed, f, 'reach', 0.5);
  const perReach = 1.1 + 0.3 * ((normalFromParts(seed, f.contentKey, 'per-reach') + 3) / 6);
  const engagement = mediaEngagement * lengthFactor(f.platform, length);
  const likes = impressions * shape.likeRate * engagement * noise(seed, f, 'likes', 0.25);
  const question = f.text.includes('?') ? 1.6 : 1;
  const comments = likes * 0.12 * question * noise(seed, f, 'comments', 0.35);
  const reposts = likes * shape.repostsPerLike * noise(seed, f, 'reposts', 0.35);
  const quotes = f.platform === 'x' ? likes * 0.02 * noise(seed, f, 'quotes', 0.35) : 0;
  const saves =
    f.platform === 'x'
      ? likes * 0.08 * noise(seed, f, 'saves', 0.3)
      : f.platform === 'instagram'
        ? likes * 0.1 * noise(seed, f, 'saves', 0.3)
        : 0;
  const linkClicks = f.hasLink ? impressions * 0.01 * engagement * noise(seed, f, 'clicks', 0.3) : 0;
  const profileClicks = impressions * 0.004 * noise(seed, f, 'profile', 0.3);
  const videoViews = f.media.includes('video') ? impressions * 0.45 * noise(seed, f, 'views', 0.2) : 0;
  const counts = {
    impressions,
    reach: impressions / perReach,
    likes,
    comments,
    reposts,
    quotes,
    saves,
    linkClicks,
    profileClicks,
    videoViews,
    engagements: 0,
  };
  counts.engagements = likes + comments + reposts + quotes + saves + linkClicks + profileClicks;
  return counts;
}

/** What the post shows at `nowMs`: the final counts scaled by the decay curve, rounded down. */
export function countsAt(seed: number, f: PostFeatures, nowMs: number): EngagementCounts {
  const final = finalCounts(seed, f);
  const share = decayFraction(f.platform, nowMs - f.createdAtMs);
  const out = {} as EngagementCounts;
  for (const key of Object.keys(final) as Array<keyof EngagementCounts>) {
    out[key] = Math.floor(final[key] * share);
  }
  // Sums of floors keep `engagements` consistent with its parts at every moment.
  out.engagements =
    out.likes + out.comments + out.reposts + out.quotes + out.saves + out.linkClicks + out.profileClicks;
  out.reach = Math.min(out.reach, out.impressions);
  return out;
}
