import { splitSentences as sentencesOf } from '../../../core/text/sentences.js';

/**
 * Tokenisation for voice analysis: the surface pieces of a social post (links, mentions, hashtags,
 * emoji, words, sentences) found with plain regular expressions so learning and scoring see exactly
 * the same units. Deterministic and dependency-free, because it runs on every candidate post.
 */

const urlPattern = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
const mentionPattern = /(?<![\p{L}\p{N}_@])@[A-Za-z0-9_]{1,30}/gu;
const hashtagPattern = /(?<![\p{L}\p{N}_&#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu;
/** One emoji "sequence": a pictograph with optional variation selector, skin tone and ZWJ joins, or a flag. */
const emojiPattern =
  /\p{RI}\p{RI}|[#*0-9]\uFE0F\u20E3|\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})?(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{EMod})?)*/gu;
const wordPattern = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export interface PostTokens {
  /** The text with links, mentions, hashtags and emoji removed: what words and sentences come from. */
  prose: string;
  urls: string[];
  mentions: string[];
  hashtags: HashtagToken[];
  emoji: string[];
  /** Words in their original case, apostrophes normalised to '. */
  words: string[];
  sentences: string[];
  /** Leading @mentions (a reply addressed to someone). */
  leadingMentions: number;
  lines: number;
}

export interface HashtagToken {
  tag: string;
  /** Offset of the tag in the original text. */
  index: number;
  /** True when nothing but other hashtags, mentions, links, emoji and punctuation follows it. */
  trailing: boolean;
}

function matches(text: string, pattern: RegExp): RegExpMatchArray[] {
  return [...text.matchAll(pattern)];
}

const trailingFiller = /^[\s\p{P}\p{S}]*$/u;

/** Splits a post into the pieces voice analysis counts. */
export function tokenizePost(text: string): PostTokens {
  const normalised = text.normalize('NFC');
  const urls = matches(normalised, urlPattern).map((m) => m[0]);
  const withoutUrls = normalised.replace(urlPattern, ' ');
  const mentions = matches(withoutUrls, mentionPattern).map((m) => m[0]);
  const hashtagMatches = matches(withoutUrls, hashtagPattern);
  const hashtags: HashtagToken[] = hashtagMatches.map((m) => {
    const index = m.index ?? 0;
    const rest = withoutUrls
      .slice(index + m[0].length)
      .replace(hashtagPattern, ' ')
      .replace(mentionPattern, ' ')
      .replace(emojiPattern, ' ');
    return { tag: m[0].slice(1), index, trailing: trailingFiller.test(rest) };
  });
  const emoji = matches(withoutUrls, emojiPattern).map((m) => m[0]);
  const leading = /^(?:\s*(?:\.?@[A-Za-z0-9_]{1,30}))+/u.exec(withoutUrls);
  const leadingMentions = leading ? (leading[0].match(/@/g)?.length ?? 0) : 0;
  const prose = withoutUrls
    .replace(hashtagPattern, (tag) => (isInlineHashtag(withoutUrls, tag) ? tag.slice(1) : ' '))
    .replace(mentionPattern, ' ')
    // An emoji between two sentences often stands in for the full stop ("Yes please 🤤 Grab one").
    .replace(new RegExp(`(?:${emojiPattern.source})(?=\\s+\\p{Lu})`, 'gu'), '\n')
    .replace(emojiPattern, ' ')
    .replace(/[ \t]+/g, ' ');
  const words = matches(prose, wordPattern).map((m) => m[0].replace(/’/g, "'"));
  return {
    prose,
    urls,
    mentions,
    hashtags,
    emoji,
    words,
    sentences: splitSentences(prose),
    leadingMentions,
    lines: normalised.split(/\n+/).filter((l) => l.trim().length > 0).length,
  };
}

/** A hashtag used as a word inside a sentence ("we love #pizza today") still counts as prose. */
function isInlineHashtag(text: string, tag: string): boolean {
  const at = text.indexOf(tag);
  const after = text.slice(at + tag.length);
  return /^\s+[\p{Ll}]/u.test(after);
}

/** Sentences of the prose (core/text/sentences.ts), those with a letter or digit. */
export function splitSentences(prose: string): string[] {
  return sentencesOf(prose)
    .map((s) => s.text.trim())
    .filter((s) => /[\p{L}\p{N}]/u.test(s));
}

/** Words of a text lowercased, for counting vocabulary. */
export function lowerWords(words: readonly string[]): string[] {
  return words.map((w) => w.toLowerCase());
}

export { countSyllables } from '../../../core/text/syllables.js';

export const emojiRegex = emojiPattern;
export const urlRegex = urlPattern;
export const mentionRegex = mentionPattern;
export const hashtagRegex = hashtagPattern;
