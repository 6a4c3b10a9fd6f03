/**
 * @mentions per platform: Instagram's hard cap (20 tags per caption) and a norm elsewhere (a post
 * tagging more than 5 accounts reads as spam on X, LinkedIn and Facebook). Which accounts may be
 * tagged at all is a claim: the claims guard checks that each handle traces to the facts.
 */
import { type Platform, textLimits } from '../../../core/platforms.js';
import { mentionsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, TextGuard } from './types.js';

export const mentionNorms: Readonly<Record<Platform, number>> = {
  x: 5,
  linkedin: 5,
  facebook: 5,
  instagram: 20,
};

function check(text: string, env: GuardEnv): GuardCheck {
  const mentions = mentionsOf(text).map((m) => m.text);
  const hard = textLimits[env.platform].maxMentions;
  const limit = Math.min(hard ?? Number.POSITIVE_INFINITY, mentionNorms[env.platform]);
  const evidence = { count: mentions.length, limit, mentions };
  return mentions.length > limit
    ? {
        status: 'fail',
        message: `${mentions.length} mentions; at most ${limit} on ${env.platform}`,
        evidence,
      }
    : { status: 'pass', message: `${mentions.length} mentions (at most ${limit})`, evidence };
}

export const mentionsGuard: TextGuard = { name: 'mentions', defect: 'too_many_mentions', check };
