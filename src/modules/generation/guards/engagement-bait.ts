/**
 * Engagement bait: asking for likes, comments, shares, tags or votes as a means to reach ("comment
 * YES", "tag a friend", "like if you agree", "share this to win"). LinkedIn (2022) and Facebook (since
 * December 2017, with Page-level demotion for repeat offenders) demote it; Instagram follows Meta's
 * policy. X does not demote it, so there it passes with a note. Asking for advice or opinions ("what
 * would you add?") is not bait. The fixer drops the bait sentence when the post still has words.
 */
import type { Platform } from '../../../core/platforms.js';
import { removeRanges, sentencesOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, GuardFix, TextGuard } from './types.js';

const BAIT: readonly RegExp[] = [
  /\b(?:[Cc]omment|[Tt]ype|[Rr]eply|[Ww]rite|[Dd]rop)\s+(?:["“'‘]?[A-Z]{2,}\b|["“'‘][^"”'’]{1,20}["”'’]|(?:a|an|your)\s+\S{1,8}\s+(?:if|below|in the comments)|(?:below|[Yy]es|[Nn]o)\b)/u,
  /\b(?:tag|mention)\s+(?:a|your|\d+|two|three|some|every)\s*(?:\w+\s+)?(?:friends?|mates?|someone|people|person|buddy|bestie|colleagues?)\b/i,
  /\b(?:tag|mention)\s+(?:someone|somebody|anyone)\b/i,
  /^\W*(?:please\s+)?(?:like|react|vote|heart|double[\s-]tap|smash)\s+(?:this|it|the\s+\w+)?\s*(?:if|when|for)\b/i,
  /\b(?:[Rr]eact|[Vv]ote)\s+(?:with\s+)?(?:an?\s+)?\p{Extended_Pictographic}/u,
  /\p{Extended_Pictographic}\uFE0F?\s*(?:for|=)\s+[^.!?\n]{1,30}\p{Extended_Pictographic}\uFE0F?\s*(?:for|=)\s/u,
  /\bshare\s+(?:this|it|the\s+post|with)\b[^.!?\n]{0,40}\b(?:if|to\s+win|to\s+enter|for\s+a\s+chance|and\s+win)\b/i,
  /\bshare\s+(?:this|it)\s+(?:with\s+)?(?:everyone|all\s+your|your\s+friends)\b/i,
  /\b(?:smash|hit)\s+(?:that|the)\s+(?:like|follow|share)\b/i,
  /\b(?:like|share|comment)\s*(?:,|and|&)\s*(?:like|share|comment|subscribe|follow)\b[^.!?\n]{0,30}\b(?:win|enter|chance)\b/i,
];

const DEMOTES: ReadonlySet<Platform> = new Set(['linkedin', 'facebook', 'instagram']);

function baitSentences(text: string) {
  return sentencesOf(text).filter((s) => BAIT.some((p) => p.test(s.text)));
}

function check(text: string, env: GuardEnv): GuardCheck {
  const bait = baitSentences(text).map((s) => s.text);
  if (bait.length === 0) return { status: 'pass', message: 'no engagement bait' };
  if (!DEMOTES.has(env.platform))
    return {
      status: 'pass',
      message: `asks for engagement (${env.platform} does not demote it)`,
      evidence: { bait },
    };
  return {
    status: 'fail',
    message: `engagement bait ${env.platform} demotes: "${bait[0]}"`,
    evidence: { bait },
  };
}

function fix(text: string): GuardFix | null {
  const bait = baitSentences(text);
  const rest = removeRanges(text, bait);
  if (bait.length === 0 || !/[\p{L}]{2,}/u.test(rest.replace(/#[\p{L}\p{N}_]+/gu, ''))) return null;
  return {
    text: rest,
    note: `dropped ${bait.length === 1 ? 'the bait sentence' : `${bait.length} bait sentences`}`,
  };
}

export const engagementBaitGuard: TextGuard = {
  name: 'engagement_bait',
  defect: 'engagement_bait',
  check,
  fix,
};
