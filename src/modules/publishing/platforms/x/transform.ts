/**
 * X text: 280 weighted characters as twitter-text counts them (URLs 23, CJK and emoji 2). A longer text
 * becomes a thread of numbered parts, cut between words, each part replying to the one before; media go
 * with the first part (up to 4 images, or one video or GIF).
 */
import twitterText from 'twitter-text';
import { PlatformError } from '../errors.js';
import { capMedia } from '../media-caps.js';
import type { PostDraft, PreparedPost } from '../types.js';

export const X_MAX_WEIGHTED = 280;
/** Room kept for the " 12/34" numbering of thread parts. */
const NUMBERING_ROOM = 7;
const MAX_PARTS = 25;

const weighted = (text: string) => twitterText.parseTweet(text).weightedLength;

/** Cuts `text` into pieces of at most `limit` weighted characters, between words where it can. */
export function splitForThread(text: string, limit: number): string[] {
  const tokens = text.split(/(\s+)/).filter((t) => t.length > 0);
  const parts: string[] = [];
  let current = '';
  const flush = () => {
    const trimmed = current.trim();
    if (trimmed) parts.push(trimmed);
    current = '';
  };
  for (const token of tokens) {
    if (/^\s+$/.test(token)) {
      if (current) current += token;
      continue;
    }
    if (weighted(current + token) <= limit) {
      current += token;
      continue;
    }
    flush();
    if (weighted(token) <= limit) {
      current = token;
      continue;
    }
    // One word longer than a part: cut it by characters.
    let rest = token;
    while (rest) {
      let n = rest.length;
      while (n > 1 && weighted(rest.slice(0, n)) > limit) n--;
      parts.push(rest.slice(0, n));
      rest = rest.slice(n);
    }
  }
  flush();
  return parts;
}

export function prepareXPost(draft: PostDraft): PreparedPost {
  const text = draft.text.normalize('NFC').trim();
  const { media, notes } = capMedia('x', draft.media, { maxImages: 4, mixed: false });
  if (!text && media.length === 0) {
    throw new PlatformError({
      platform: 'x',
      kind: 'permanent',
      delivery: 'not_sent',
      message: 'the post has no text and no media',
    });
  }
  if (weighted(text) <= X_MAX_WEIGHTED) return { parts: [{ text }], media, notes };
  const pieces = splitForThread(text, X_MAX_WEIGHTED - NUMBERING_ROOM);
  if (pieces.length > MAX_PARTS) {
    throw new PlatformError({
      platform: 'x',
      kind: 'permanent',
      delivery: 'not_sent',
      message: `the text would need ${pieces.length} posts in a thread; at most ${MAX_PARTS} are published`,
    });
  }
  notes.push(
    `${weighted(text)} characters as X counts them: published as a thread of ${pieces.length} posts`,
  );
  return {
    parts: pieces.map((piece, i) => ({ text: `${piece} ${i + 1}/${pieces.length}` })),
    media,
    notes,
  };
}
