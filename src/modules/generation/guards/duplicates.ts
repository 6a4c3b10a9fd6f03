/**
 * Near-duplicate of the tenant's recent posts, on the words (lower case; links, @handles and hashtags
 * left out). A copy is any of:
 * - word 3-shingles with Jaccard similarity ≥ 0.6;
 * - containment ≥ 0.8 (shared shingles over the smaller set: a post re-used with a line added or cut),
 *   when the smaller text has 8 shingles or more, so a short common phrase is not a copy;
 * - a light edit: at most 15% of the longer text's words inserted, deleted or replaced (texts of 8
 *   words or more), which shingles miss on short posts.
 * Texts of under 3 words are compared whole. Thresholds and their check on real brand posts:
 * docs/guards.md.
 */
import { hashtagsOf, mentionsOf, removeRanges, urlsOf, wordsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, TextGuard } from './types.js';

export const DUPLICATE_JACCARD = 0.6;
export const DUPLICATE_CONTAINMENT = 0.8;
const MIN_SHINGLES_FOR_CONTAINMENT = 8;
/** Word edits (insert, delete, replace) over the longer text's words at or under which it is a light edit. */
export const DUPLICATE_EDIT_SHARE = 0.15;
const MIN_WORDS_FOR_EDITS = 8;

function plainWords(text: string): string[] {
  return wordsOf(removeRanges(text, [...urlsOf(text), ...hashtagsOf(text), ...mentionsOf(text)]));
}

/** Levenshtein distance over words, stopping early once it exceeds `cap`. */
export function wordEdits(a: readonly string[], b: readonly string[], cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      row.push(v);
      if (v < best) best = v;
    }
    if (best > cap) return cap + 1;
    prev = row;
  }
  return prev[b.length] as number;
}

export function shingles(text: string): Set<string> {
  const w = plainWords(text);
  if (w.length < 3) return new Set(w.length > 0 ? [w.join(' ')] : []);
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

export function similarity(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
): { jaccard: number; containment: number } {
  if (a.size === 0 || b.size === 0) return { jaccard: 0, containment: 0 };
  let shared = 0;
  for (const s of a) if (b.has(s)) shared++;
  return { jaccard: shared / (a.size + b.size - shared), containment: shared / Math.min(a.size, b.size) };
}

const cache = new WeakMap<object, { shingles: Set<string>; words: string[] }>();
function postShape(post: { id: string; text: string }) {
  let s = cache.get(post);
  if (!s) {
    s = { shingles: shingles(post.text), words: plainWords(post.text) };
    cache.set(post, s);
  }
  return s;
}

function check(text: string, env: GuardEnv): GuardCheck {
  const recent = env.context.recentPosts;
  if (!recent || recent.length === 0)
    return {
      status: 'pass',
      message: 'not checked: no recent posts were given',
      evidence: { checked: false },
    };
  const mine = shingles(text);
  const myWords = plainWords(text);
  let best = { id: '', jaccard: 0, containment: 0, smaller: 0 };
  let edited: { id: string; edits: number; words: number } | null = null;
  for (const post of recent) {
    const theirs = postShape(post);
    const s = similarity(mine, theirs.shingles);
    if (s.jaccard > best.jaccard || s.containment > best.containment)
      best = { id: post.id, ...s, smaller: Math.min(mine.size, theirs.shingles.size) };
    const longer = Math.max(myWords.length, theirs.words.length);
    if (!edited && longer >= MIN_WORDS_FOR_EDITS) {
      const cap = Math.floor(longer * DUPLICATE_EDIT_SHARE);
      const edits = wordEdits(myWords, theirs.words, cap);
      if (edits <= cap) edited = { id: post.id, edits, words: longer };
    }
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  const evidence = {
    checked: true,
    postId: best.id || null,
    jaccard: round(best.jaccard),
    containment: round(best.containment),
  };
  const copy =
    best.jaccard >= DUPLICATE_JACCARD ||
    (best.smaller >= MIN_SHINGLES_FOR_CONTAINMENT && best.containment >= DUPLICATE_CONTAINMENT);
  return copy
    ? {
        status: 'fail',
        message: `repeats recent post ${best.id} (similarity ${evidence.jaccard}, overlap ${evidence.containment})`,
        evidence,
      }
    : { status: 'pass', message: `not a repeat of the ${recent.length} recent posts`, evidence };
}

export const duplicatesGuard: TextGuard = { name: 'duplicates', defect: 'duplicate', check };
