/**
 * Near-duplicate of the tenant's recent posts: word 3-shingles (lower case, links, @handles and
 * hashtags left out) compared by Jaccard similarity and by containment (the share of the candidate's
 * shingles found in one post, which catches a post re-used with a line added). Fails at Jaccard ≥ 0.5
 * or containment ≥ 0.8 (containment only for candidates of 8 shingles or more, so a short common phrase
 * is not a copy). Texts of under 3 words are compared whole. Thresholds: docs/guards.md.
 */
import { hashtagsOf, mentionsOf, removeRanges, urlsOf, wordsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, TextGuard } from './types.js';

export const DUPLICATE_JACCARD = 0.5;
export const DUPLICATE_CONTAINMENT = 0.8;
const MIN_SHINGLES_FOR_CONTAINMENT = 8;

export function shingles(text: string): Set<string> {
  const plain = removeRanges(text, [...urlsOf(text), ...hashtagsOf(text), ...mentionsOf(text)]);
  const w = wordsOf(plain);
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
  return { jaccard: shared / (a.size + b.size - shared), containment: shared / a.size };
}

const cache = new WeakMap<object, Set<string>>();
function shinglesOfPost(post: { id: string; text: string }): Set<string> {
  let s = cache.get(post);
  if (!s) {
    s = shingles(post.text);
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
  let best = { id: '', jaccard: 0, containment: 0 };
  for (const post of recent) {
    const s = similarity(mine, shinglesOfPost(post));
    if (s.jaccard > best.jaccard || s.containment > best.containment) best = { id: post.id, ...s };
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
    (mine.size >= MIN_SHINGLES_FOR_CONTAINMENT && best.containment >= DUPLICATE_CONTAINMENT);
  return copy
    ? {
        status: 'fail',
        message: `repeats recent post ${best.id} (similarity ${evidence.jaccard}, overlap ${evidence.containment})`,
        evidence,
      }
    : { status: 'pass', message: `not a repeat of the ${recent.length} recent posts`, evidence };
}

export const duplicatesGuard: TextGuard = { name: 'duplicates', defect: 'duplicate', check };
