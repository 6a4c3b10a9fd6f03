/**
 * Hashtag count per platform: the platform's hard cap (Instagram 5 since December 2025), the norm that
 * works (X at most 2 by X's own advice, LinkedIn at most 5, Facebook at most 3: POST-CRAFT.md §5) and a
 * pinned `max_hashtags` rule, whichever is lowest; a tag repeated is one too many. The fixer keeps the
 * most relevant tags (those whose words the post or the facts use), drops the rest and never adds one.
 */
import type { Platform } from '../../../core/platforms.js';
import { textLimits } from '../../../core/platforms.js';
import { hashtagsOf, type Part, removeRanges, wordsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, GuardFix, TextGuard } from './types.js';

/** Most hashtags that work per platform (style norm; the hard caps are in core/platforms.ts). */
export const hashtagNorms: Readonly<Record<Platform, number>> = {
  x: 2,
  linkedin: 5,
  facebook: 3,
  instagram: 5,
};

export function hashtagLimit(env: GuardEnv): { limit: number; why: string } {
  const hard = textLimits[env.platform].maxHashtags;
  let limit = Math.min(hashtagNorms[env.platform], hard ?? Number.POSITIVE_INFINITY);
  let why =
    hard !== undefined && hard <= hashtagNorms[env.platform]
      ? `${env.platform} allows`
      : `${env.platform} norm`;
  for (const r of env.context.voice?.pinnedRules ?? []) {
    if (r.kind === 'max_hashtags' && r.max < limit) {
      limit = r.max;
      why = 'pinned voice rule';
    }
  }
  return { limit, why };
}

const key = (tag: string) => tag.slice(1).toLowerCase();

function duplicates(tags: readonly Part[]): Part[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const k = key(t.text);
    if (seen.has(k)) return true;
    seen.add(k);
    return false;
  });
}

function check(text: string, env: GuardEnv): GuardCheck {
  const tags = hashtagsOf(text);
  const { limit, why } = hashtagLimit(env);
  const repeated = duplicates(tags).map((t) => t.text);
  const evidence = { count: tags.length, limit, hashtags: tags.map((t) => t.text), repeated };
  if (tags.length > limit)
    return { status: 'fail', message: `${tags.length} hashtags; at most ${limit} (${why})`, evidence };
  if (repeated.length > 0)
    return { status: 'fail', message: `hashtag repeated: ${repeated.join(', ')}`, evidence };
  return { status: 'pass', message: `${tags.length} hashtags (at most ${limit})`, evidence };
}

/** Splits a CamelCase or snake_case tag into lower-case words. */
function tagWords(tag: string): string[] {
  return tag
    .slice(1)
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w.length > 1);
}

function fix(text: string, env: GuardEnv): GuardFix | null {
  const tags = hashtagsOf(text);
  const { limit } = hashtagLimit(env);
  const repeated = new Set(duplicates(tags));
  const unique = tags.filter((t) => !repeated.has(t));
  const body = new Set(wordsOf(text.replace(/#[\p{L}\p{N}_]+/gu, ' ')));
  const facts = env.context.facts;
  const factWords = new Set(
    wordsOf([facts?.request ?? '', ...(facts?.products.map((p) => p.name) ?? [])].join(' ')),
  );
  const relevance = (t: Part) => {
    const ws = tagWords(t.text);
    const inBody = ws.filter((w) => body.has(w)).length;
    const inFacts = ws.filter((w) => factWords.has(w)).length;
    return inBody * 2 + inFacts;
  };
  // A tag inside a sentence is part of its grammar ("our #sourdough is back"): keep those first. Tags
  // in the closing run of tags, or on a line of their own, are not.
  let closing = text.length;
  for (let i = tags.length - 1; i >= 0; i--) {
    const t = tags[i] as Part;
    if (text.slice(t.end, closing).trim() !== '') break;
    closing = t.start;
  }
  const inline = (t: Part) => {
    if (t.start >= closing) return false;
    const lineStart = text.lastIndexOf('\n', t.start - 1) + 1;
    const lineEnd = text.indexOf('\n', t.end);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    return line.replace(/#[\p{L}\p{N}_]+/gu, '').trim().length > 0;
  };
  const ranked = unique
    .map((t, i) => ({ t, i, score: (inline(t) ? 100 : 0) + relevance(t) }))
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const keep = new Set(ranked.slice(0, limit).map((r) => r.t));
  const drop = tags.filter((t) => !keep.has(t));
  if (drop.some(inline)) return null; // removing a tag that carries a word would break the sentence
  if (drop.length === 0) return null;
  return {
    text: removeRanges(text, drop),
    note: `dropped ${drop.map((t) => t.text).join(', ')}; kept ${[...keep].map((t) => t.text).join(', ') || 'none'}`,
  };
}

export const hashtagsGuard: TextGuard = { name: 'hashtags', defect: 'too_many_hashtags', check, fix };
