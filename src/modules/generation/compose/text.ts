/**
 * Word-level helpers the composer and the reranker share: content stems (the same stemmer and stop
 * words as search and the skills matcher), emoji, and similarity of two texts.
 */
import { isStopword, stem, tokenize } from '../../../ai/offline/lexical-terms.js';

export function contentStems(text: string): string[] {
  return tokenize(text)
    .map((t) => t.word)
    .filter((w) => !isStopword(w) && w.length > 1)
    .map(stem);
}

export function stemSet(text: string): Set<string> {
  return new Set(contentStems(text));
}

/**
 * The Porter stemmer gives one word's forms different stems ("delivery" → deliveri, "deliver" and
 * "delivered" → deliv), so a subject stem also matches a stem it starts, or that starts it, when the
 * shorter of the two has at least this many letters ("car" does not match "card").
 */
const SHARED_ROOT = 5;

/** The stem of `stems` that `stem` is a form of (itself, or one sharing its root), if any. */
export function subjectStemOf(stem: string, stems: ReadonlySet<string>): string | undefined {
  if (stems.has(stem)) return stem;
  for (const s of stems) {
    const [short, long] = s.length <= stem.length ? [s, stem] : [stem, s];
    if (short.length >= SHARED_ROOT && long.startsWith(short)) return s;
  }
  return undefined;
}

/** Jaccard similarity of two stem sets (0 when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  for (const s of a) if (b.has(s)) common++;
  return common / (a.size + b.size - common);
}

/** Word bigrams of a text, for telling apart two wordings of the same facts. */
export function bigrams(text: string): Set<string> {
  const words = tokenize(text).map((t) => t.word);
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

/** How alike two posts are, 0-1: shared content stems and shared word pairs. */
export function textSimilarity(a: string, b: string): number {
  return 0.5 * jaccard(stemSet(a), stemSet(b)) + 0.5 * jaccard(bigrams(a), bigrams(b));
}

/** Emoji (pictographs with their modifiers and joiners) and the regional flags. */
export const EMOJI =
  /\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic})*|\p{Regional_Indicator}{2}/gu;

export function countEmoji(text: string): number {
  return [...text.matchAll(EMOJI)].length;
}

/** The text without emoji, with the spaces they leave tidied. */
export function stripEmoji(text: string): string {
  return text
    .replace(EMOJI, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/ {2,}/g, ' ')
    .replace(/ ([.,!?;:])/g, '$1')
    .trim();
}

/** Content stems used more than `limit` times in one text, e.g. the same product word in every line. */
export function repeatedStems(text: string, limit = 3): string[] {
  const counts = new Map<string, number>();
  for (const s of contentStems(text.replace(/#[\p{L}\p{N}_]+/gu, ' ').replace(/https?:\/\/\S+/g, ' ')))
    counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > limit).map(([s]) => s);
}
