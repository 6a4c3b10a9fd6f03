/**
 * Emoji that fit what a sentence says. A brand's favourite emoji is not right everywhere: a nervous
 * or sad face (😅, 😬, 😢) next to good news reads as embarrassment, and a party popper next to a
 * burst pipe or a sold-out notice reads as gloating. The composer only places an emoji whose tone
 * matches the sentence's.
 */

/** Emoji read as uneasy, sad or alarmed. */
const UNEASY = new Set([
  '😅',
  '😬',
  '😢',
  '😭',
  '😱',
  '😰',
  '😥',
  '🙈',
  '💀',
  '😡',
  '😤',
  '😓',
  '😟',
  '😞',
  '🥲',
  '😳',
  '🤦',
  '😩',
  '😫',
  '😖',
]);
/** Emoji that celebrate. */
const CHEERFUL = new Set([
  '🎉',
  '🥳',
  '🙌',
  '😍',
  '🤩',
  '🎊',
  '😋',
  '🔥',
  '💃',
  '🥂',
  '😁',
  '😄',
  '😃',
  '🎈',
  '🍾',
]);

/** Words of bad news, apology or trouble. */
const BAD_NEWS =
  /\b(sorry|apolog\w*|sold out|out of stock|closed|clos(e|ing) early|delay\w*|cancel\w*|burst|leak\w*|flood\w*|broken|emergenc\w*|frozen|damage\w*|fault\w*|oops|unfortunately|can't|cannot|won't|no longer|don't|do not|isn't|not)\b/i;

export type Tone = 'negative' | 'positive';

export function toneOf(sentence: string): Tone {
  return BAD_NEWS.test(sentence) ? 'negative' : 'positive';
}

/** True when `emoji` may follow or open a sentence of this tone. */
export function emojiFits(emoji: string, sentence: string): boolean {
  const base = emoji.replace(/\uFE0F/g, '');
  return toneOf(sentence) === 'negative' ? !CHEERFUL.has(base) : !UNEASY.has(base);
}
