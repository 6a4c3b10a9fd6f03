import { type Platform, textLength, textLimits } from '../../../core/platforms.js';
import type { GuardResult } from '../schemas.js';

/**
 * The text guards every candidate passes through before it is stored, generated or written by a person
 * (content.create). This is the seam the guards engine of [G1] fills: it adds its guards (claims,
 * availability, voice rules, duplicates, links …) and fixers here, and every caller gets them.
 *
 * Today: the platform's hard limits (length as the platform counts it, hashtag and mention caps).
 */
export interface GuardedText {
  /** The text after fixers (unchanged while no fixer runs). */
  text: string;
  guards: GuardResult[];
  /** Defect labels of the guards that failed. */
  defects: string[];
}

const HASHTAG = /(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu;
const MENTION = /(^|[^\p{L}\p{N}_.])@[A-Za-z0-9_.]+/gu;

function count(pattern: RegExp, text: string): number {
  return [...text.matchAll(pattern)].length;
}

export function runTextGuards(platform: Platform, text: string): GuardedText {
  const limits = textLimits[platform];
  const guards: GuardResult[] = [];
  const defects: string[] = [];

  const length = textLength(platform, text);
  if (length > limits.maxLength) {
    guards.push({
      guard: 'length',
      status: 'fail',
      message: `${length} characters as ${platform} counts them; the limit is ${limits.maxLength}`,
      evidence: { length, limit: limits.maxLength },
    });
    defects.push('too_long');
  } else {
    guards.push({
      guard: 'length',
      status: 'pass',
      message: `${length} of ${limits.maxLength} characters`,
      evidence: { length, limit: limits.maxLength },
    });
  }

  if (limits.maxHashtags !== undefined) {
    const n = count(HASHTAG, text);
    const ok = n <= limits.maxHashtags;
    guards.push({
      guard: 'hashtags',
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `${n} hashtags (at most ${limits.maxHashtags})`
        : `${n} hashtags; ${platform} allows ${limits.maxHashtags}`,
      evidence: { count: n, limit: limits.maxHashtags },
    });
    if (!ok) defects.push('too_many_hashtags');
  }
  if (limits.maxMentions !== undefined) {
    const n = count(MENTION, text);
    const ok = n <= limits.maxMentions;
    guards.push({
      guard: 'mentions',
      status: ok ? 'pass' : 'fail',
      message: ok
        ? `${n} mentions (at most ${limits.maxMentions})`
        : `${n} mentions; ${platform} allows ${limits.maxMentions}`,
      evidence: { count: n, limit: limits.maxMentions },
    });
    if (!ok) defects.push('too_many_mentions');
  }
  return { text, guards, defects };
}
