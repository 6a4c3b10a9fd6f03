/**
 * Counting what constraints limit in a post: hashtags, links, mentions, emoji and banned phrases.
 * Hashtags and mentions follow X's own extraction rules (twitter-text), which the other platforms
 * match closely enough for limits.
 */
import twitterText from 'twitter-text';

const LINK = /\bhttps?:\/\/[^\s]+|\bwww\.[^\s]+/giu;
const EMOJI = /\p{Extended_Pictographic}/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function hashtagsOf(text: string): string[] {
  return twitterText.extractHashtags(text);
}

export function countHashtags(text: string): number {
  return hashtagsOf(text).length;
}

/** Links written as URLs (with a scheme or www.) and bare domains with a real top-level domain. */
export function linksOf(text: string): string[] {
  const explicit = text.match(LINK) ?? [];
  const bare = twitterText.extractUrls(text).filter((u) => !explicit.some((e) => e.includes(u)));
  return [...explicit, ...bare];
}

export function hasLink(text: string): boolean {
  return linksOf(text).length > 0;
}

export function countMentions(text: string): number {
  return twitterText.extractMentions(text).length;
}

/** Emoji as people see them: one per grapheme cluster that holds a pictograph (👨‍👩‍👧 is one). */
export function countEmoji(text: string): number {
  let n = 0;
  for (const { segment } of graphemes.segment(text)) if (EMOJI.test(segment)) n++;
  return n;
}

/** The first banned phrase the text contains (case- and spacing-insensitive), if any. */
export function findBannedPhrase(text: string, phrases: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[’‘]/g, "'").replace(/\s+/g, ' ');
  const hay = norm(text);
  return phrases.find((p) => p.trim() !== '' && hay.includes(norm(p.trim())));
}
