/** A text with no words (only spaces, hashtags, emoji or links) is not a post. */
import { emojiOf, hashtagsOf, mentionsOf, removeRanges, urlsOf } from './text-parts.js';
import type { GuardCheck, TextGuard } from './types.js';

function check(text: string): GuardCheck {
  const words = removeRanges(text, [
    ...urlsOf(text),
    ...hashtagsOf(text),
    ...mentionsOf(text),
    ...emojiOf(text),
  ]);
  return /[\p{L}\p{N}]/u.test(words)
    ? { status: 'pass', message: 'the text has words' }
    : { status: 'fail', message: 'the text has no words of its own (only spaces, tags, emoji or links)' };
}

export const emptyGuard: TextGuard = { name: 'empty', defect: 'empty', check };
