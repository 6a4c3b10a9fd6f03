/**
 * Facts about the four social platforms that several modules need (skills check slot output against
 * them, generation's guards enforce them, publishing transforms text to fit them). Only hard platform
 * limits live here; style norms (how many hashtags *work*) belong to generation.
 *
 * Sources: ../shared/specs/PLATFORM-APIS.md (X counting: developer docs "counting characters" and
 * twitter-text; LinkedIn: help centre, 3,000 characters; Instagram: caption 2,200 characters, 30
 * hashtags by the API, 5 since Instagram's 2025 change; Facebook: 63,206 characters).
 */
import twitterText from 'twitter-text';

export const platforms = ['linkedin', 'x', 'facebook', 'instagram'] as const;
export type Platform = (typeof platforms)[number];

export function isPlatform(value: string): value is Platform {
  return (platforms as readonly string[]).includes(value);
}

export interface PlatformTextLimits {
  /** Most characters of post text, counted by `textLength`. */
  maxLength: number;
  /** Most hashtags the platform accepts on one post, when it caps them. */
  maxHashtags?: number;
  /** Most @mentions the platform accepts on one post, when it caps them. */
  maxMentions?: number;
}

export const textLimits: Readonly<Record<Platform, PlatformTextLimits>> = {
  linkedin: { maxLength: 3000 },
  x: { maxLength: 280 },
  facebook: { maxLength: 63206 },
  instagram: { maxLength: 2200, maxHashtags: 5, maxMentions: 20 },
};

/**
 * Length of `text` as `platform` counts it against `maxLength`: X's weighted count (URLs 23, CJK and
 * emoji 2, NFC-normalised) through the official twitter-text rules; elsewhere Unicode code points,
 * so an emoji is one character as people count it.
 */
export function textLength(platform: Platform, text: string): number {
  if (platform === 'x') return twitterText.parseTweet(text).weightedLength;
  let n = 0;
  for (const _ of text.normalize('NFC')) n++;
  return n;
}

/** True when `text` fits `platform`'s length limit. */
export function fitsPlatform(platform: Platform, text: string): boolean {
  return textLength(platform, text) <= textLimits[platform].maxLength;
}
