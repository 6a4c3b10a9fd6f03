/**
 * The pieces of a post the guards look at: hashtags, mentions, URLs, emoji and sentences, each with
 * its offsets so fixers can cut exactly. URLs, hashtags and mentions are found with twitter-text (the
 * rules X applies, checked against its conformance suite), so "example.com/menu" counts as a link
 * without a scheme and "#日本語" as a hashtag, as they do on the platforms.
 */
import twitterText from 'twitter-text';
import { splitSentences } from '../../../core/text/sentences.js';

export interface Part {
  text: string;
  start: number;
  end: number;
}

/** One emoji: a pictograph with its presentation selector, skin tone, keycap and ZWJ parts, or a flag. */
export const EMOJI =
  /(?:\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})?)*)/gu;

/**
 * Remembers the last results of a pure text function: the engine asks every guard about the same text
 * (and fixers ask again), so hashtags, URLs and sentences are found once per text, not once per guard.
 */
export function memo<T>(fn: (text: string) => T, size = 32): (text: string) => T {
  const cache = new Map<string, T>();
  return (text: string) => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const value = fn(text);
    if (cache.size >= size) cache.delete(cache.keys().next().value as string);
    cache.set(text, value);
    return value;
  };
}

function matches(pattern: RegExp, text: string): Part[] {
  return [...text.matchAll(pattern)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

/** Hashtags as X finds them (twitter-text: any script, at least one letter, not inside a word or URL). */
export const hashtagsOf: (text: string) => Part[] = memo((text) =>
  twitterText
    .extractHashtagsWithIndices(text)
    .map((h) => ({ text: text.slice(h.indices[0], h.indices[1]), start: h.indices[0], end: h.indices[1] })),
);
/** @mentions as X finds them (twitter-text: not in an e-mail address, not after a letter or symbol). */
export const mentionsOf: (text: string) => Part[] = memo((text) =>
  twitterText
    .extractMentionsWithIndices(text)
    .map((m) => ({ text: text.slice(m.indices[0], m.indices[1]), start: m.indices[0], end: m.indices[1] })),
);
/** Pictographic emoji only: ©, ™ and digits are Extended_Pictographic or keycap bases but not what people mean. */
export const emojiOf: (text: string) => Part[] = memo((text) =>
  matches(EMOJI, text).filter((p) => !/^[©®™‼⁉]$/u.test(p.text) && !/^[#*0-9]$/.test(p.text)),
);

export const urlsOf: (text: string) => Part[] = memo((text) =>
  twitterText
    .extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: true })
    .map((u) => ({ text: u.url, start: u.indices[0], end: u.indices[1] })),
);

/** Sentences with offsets (the product's one splitter). */
export const sentencesOf: (text: string) => Part[] = memo((text) =>
  splitSentences(text).map((s) => ({ text: s.text, start: s.start, end: s.end })),
);

/** The text with links, hashtags, @handles and e-mail addresses blanked out (same length, same offsets). */
export const maskTags: (text: string) => string = memo((text) => {
  let out = text;
  const emails = matches(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu, text);
  for (const p of [...urlsOf(text), ...hashtagsOf(text), ...mentionsOf(text), ...emails])
    out = out.slice(0, p.start) + ' '.repeat(p.end - p.start) + out.slice(p.end);
  return out;
});

/** The sentence of `text` holding offset `at` (for citing and for evidence). */
export function sentenceAt(sentences: readonly Part[], at: number): Part | undefined {
  return sentences.find((s) => at >= s.start && at < s.end) ?? sentences.find((s) => at < s.end);
}

/** Removes `[start, end)` ranges and tidies the spaces and punctuation they leave behind. */
export function removeRanges(text: string, ranges: readonly { start: number; end: number }[]): string {
  const sorted = [...ranges].sort((a, b) => b.start - a.start);
  let out = text;
  for (const r of sorted) out = out.slice(0, r.start) + out.slice(r.end);
  return tidy(out);
}

/** Collapses doubled spaces, spaces before punctuation and blank lines left by removals. */
export function tidy(text: string): string {
  return text
    .replace(/[ \t]+([,.;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Letters only, lower case, apostrophes unified: the form words are compared in. */
export function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? []
  );
}

export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Case-insensitive whole-word (or phrase) pattern, tolerant of curly apostrophes and spacing. */
export function phrasePattern(phrase: string, flags = 'giu'): RegExp {
  const body = escapeRegex(phrase.trim().replace(/[’‘]/g, "'")).replace(/'/g, "['’]").replace(/\s+/g, '\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, flags);
}
