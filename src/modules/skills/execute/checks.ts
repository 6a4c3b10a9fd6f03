/**
 * The rules an executed post must pass: each slot within its limits and free of anything that could
 * disguise or rewrite the locked text, and the whole post (or each part) within the platform's and
 * the skill's limits. Every failure names its rule so a person (or a retrying filler) knows what to fix.
 */
import { type Platform, textLength, textLimits } from '../../../core/platforms.js';
import {
  countEmoji,
  countHashtags,
  countMentions,
  findBannedPhrase,
  linksOf,
} from '../format/text-features.js';
import type { SkillDocument, SkillFormat } from '../format/types.js';
import { forPlatform } from '../format/types.js';
import { effectiveMaxHashtags, effectiveMaxLength } from '../format/validate.js';
import type { SlotFill, SlotRequest } from './slot-filler.js';

export type ViolationRule =
  | 'missing_variable'
  | 'slot_required'
  | 'slot_too_long'
  | 'slot_too_short'
  | 'slot_items'
  | 'slot_multiline'
  | 'slot_invalid_text'
  | 'slot_invalid_hashtag'
  | 'post_too_long'
  | 'post_too_short'
  | 'slide_too_long'
  | 'part_count'
  | 'too_many_hashtags'
  | 'too_many_emoji'
  | 'too_many_mentions'
  | 'link_not_allowed'
  | 'link_required'
  | 'banned_phrase'
  | 'locked_text_changed';

export interface Violation {
  rule: ViolationRule;
  message: string;
  slot?: string;
  /** 0-based part (thread post or slide) for per-part rules. */
  part?: number;
}

/**
 * Bidirectional controls and other invisible formatting characters can make text display as
 * something else (an RTL override flips the locked text that follows); slots may not contain them,
 * nor placeholders that a later step could expand.
 */
function hasInvisible(text: string): boolean {
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0x7f) return true;
    if (c === 0x200b || c === 0x200e || c === 0x200f || c === 0xfeff) return true;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}
const HASHTAG = /^#[\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*$/u;
/** Kinds written on one line; `text` may break lines. */
const SINGLE_LINE = new Set(['hook', 'stat', 'cta', 'question', 'quote', 'title']);

export function checkSlot(platform: Platform, request: SlotRequest, fill: SlotFill | undefined): Violation[] {
  const out: Violation[] = [];
  const { name, spec } = request;
  const v = (rule: ViolationRule, message: string) => out.push({ rule, message, slot: name });
  const list = spec.kind === 'list' || spec.kind === 'hashtags';
  const values = list ? (fill?.items ?? []) : fill?.text !== undefined && fill.text !== '' ? [fill.text] : [];
  if (values.length === 0) {
    if (spec.required && (!list || (request.items?.min ?? 1) > 0))
      v('slot_required', `slot ${name} is required but was left empty`);
    return out;
  }
  if (list && request.items) {
    if (values.length < request.items.min || values.length > request.items.max)
      v(
        'slot_items',
        `slot ${name} has ${values.length} items; it takes ${request.items.min} to ${request.items.max}`,
      );
  }
  for (const value of values) {
    const label = list ? `an item of slot ${name}` : `slot ${name}`;
    if (hasInvisible(value) || value.includes('{{') || value.includes('}}'))
      v('slot_invalid_text', `${label} contains control characters or {{ }}, which slots may not hold`);
    if ((list || SINGLE_LINE.has(spec.kind)) && /[\n\r\u2028\u2029]/.test(value))
      v('slot_multiline', `${label} must be one line`);
    if (/^\s*---\s*$/m.test(value)) v('slot_multiline', `${label} may not contain a --- line`);
    const n = textLength(platform, value);
    if (n > request.maxLength)
      v('slot_too_long', `${label} is ${n} characters; at most ${request.maxLength}`);
    else if (!list && n < request.minLength)
      v('slot_too_short', `${label} is ${n} characters; at least ${request.minLength}`);
    if (spec.kind === 'hashtags' && !HASHTAG.test(value))
      v('slot_invalid_hashtag', `"${value}" in slot ${name} is not a hashtag (#Word, letters, digits and _)`);
  }
  return out;
}

export interface RenderedPost {
  /** The post text (parts joined with a blank line when the platform shows one text). */
  text: string;
  /** Thread posts, or caption then slides; one part otherwise. */
  parts: string[];
  /** True when the parts are published separately (an X thread, a carousel). */
  separateParts: boolean;
}

export interface PostChecks {
  length: number;
  maxLength: number;
  hashtags: number;
  emoji: number;
  links: number;
}

export function checkPost(
  skill: SkillDocument,
  platform: Platform,
  format: SkillFormat,
  post: RenderedPost,
  extraBanned: readonly string[],
): { violations: Violation[]; measures: PostChecks } {
  const out: Violation[] = [];
  const c = skill.constraints;
  const max = effectiveMaxLength(skill, platform);
  const carousel = post.separateParts && format === 'carousel';
  const measured = post.separateParts ? (carousel ? [post.parts[0] ?? ''] : post.parts) : [post.text];
  measured.forEach((piece, i) => {
    const n = textLength(platform, piece);
    if (n > max)
      out.push({
        rule: 'post_too_long',
        message: `${post.separateParts && !carousel ? `part ${i + 1}` : 'the post'} is ${n} characters; ${platform} allows ${max} here`,
        ...(post.separateParts && !carousel ? { part: i } : {}),
      });
  });
  if (carousel) {
    const slideMax = c.slideMaxLength ?? textLimits[platform].maxLength;
    post.parts.slice(1).forEach((slide, i) => {
      const n = textLength(platform, slide);
      if (n > slideMax)
        out.push({
          rule: 'slide_too_long',
          message: `slide ${i + 1} is ${n} characters; at most ${slideMax}`,
          part: i + 1,
        });
    });
  }
  const min = forPlatform(c.minLength, platform);
  const length = textLength(platform, post.text);
  if (min !== undefined && length < min)
    out.push({ rule: 'post_too_short', message: `the post is ${length} characters; at least ${min}` });
  if (c.parts && post.separateParts && (post.parts.length < c.parts.min || post.parts.length > c.parts.max))
    out.push({
      rule: 'part_count',
      message: `the post has ${post.parts.length} parts; the skill takes ${c.parts.min} to ${c.parts.max}`,
    });
  const all = post.parts.join('\n\n');
  const hashtags = countHashtags(all);
  const tagLimit = effectiveMaxHashtags(skill, platform);
  if (tagLimit !== undefined && hashtags > tagLimit)
    out.push({
      rule: 'too_many_hashtags',
      message: `${hashtags} hashtags; at most ${tagLimit} on ${platform}`,
    });
  const emoji = countEmoji(all);
  if (c.maxEmoji !== undefined && emoji > c.maxEmoji)
    out.push({ rule: 'too_many_emoji', message: `${emoji} emoji; at most ${c.maxEmoji}` });
  const mentions = countMentions(all);
  const mentionLimit = Math.min(
    c.maxMentions ?? Number.POSITIVE_INFINITY,
    textLimits[platform].maxMentions ?? Number.POSITIVE_INFINITY,
  );
  if (mentions > mentionLimit)
    out.push({ rule: 'too_many_mentions', message: `${mentions} mentions; at most ${mentionLimit}` });
  const links = forPlatform(c.links, platform) ?? 'allowed';
  const linkCount = linksOf(all).length;
  const linked = linkCount > 0;
  if (links === 'none' && linked)
    out.push({
      rule: 'link_not_allowed',
      message: `the post has a link; this skill allows none on ${platform}`,
    });
  if (links === 'required' && !linked)
    out.push({ rule: 'link_required', message: `the post needs a link on ${platform}` });
  const banned = findBannedPhrase(all, [...c.bannedPhrases, ...extraBanned]);
  if (banned) out.push({ rule: 'banned_phrase', message: `the post uses the banned phrase "${banned}"` });
  return {
    violations: out,
    measures: { length, maxLength: max, hashtags, emoji, links: linkCount },
  };
}
