/**
 * Features of a text for category classification: stemmed words and word pairs without stop words,
 * plus cue features the words alone miss (a price, a clock time, an e-mail, a quoted testimonial).
 */
import { isStopword } from '../../../../core/text/stopwords.js';
import { findDates, findEmails, findHours, findPhones, findPrices } from '../patterns.js';

/** Light English suffix stripping: enough to join "deliver/delivers/delivered/delivery". */
export function stemWord(word: string): string {
  let w = word;
  if (w.length <= 3) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'es', 's', 'ly']) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3 && !w.endsWith('ss')) {
      w = w.slice(0, -suffix.length);
      break;
    }
  }
  if (w.endsWith('y') && w.length > 4) w = `${w.slice(0, -1)}i`;
  return w;
}

export function wordsOf(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/[’']/g, "'")
      .match(/[\p{L}][\p{L}'-]*|\d+/gu) ?? []
  )
    .filter((w) => !isStopword(w) && !/^\d+$/.test(w))
    .map((w) => stemWord(w.replace(/'s$/, '')));
}

/** Word and word-pair features with their counts. */
export function textFeatures(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, n = 1) => out.set(f, (out.get(f) ?? 0) + n);
  const words = wordsOf(text);
  for (let i = 0; i < words.length; i++) {
    add(words[i] as string);
    if (i + 1 < words.length) add(`${words[i]}_${words[i + 1]}`);
  }
  return out;
}

/** Cue features: kinds of facts in the text, independent of its words. */
export function cueFeatures(text: string): string[] {
  const cues: string[] = [];
  const prices = findPrices(text);
  if (prices.some((p) => p.role === 'price')) cues.push('#price');
  if (prices.some((p) => p.role === 'discount') || /\d+\s?%\s?(?:off|discount)/i.test(text))
    cues.push('#discount');
  if (findHours(text).length > 0) cues.push('#hours');
  if (findPhones(text).length > 0) cues.push('#phone');
  if (findEmails(text).length > 0) cues.push('#email');
  if (/\b(?:19|20)\d{2}\b/.test(text)) cues.push('#year');
  if (findDates(text).length > 0) cues.push('#date');
  if (/^\s*["“]/.test(text) || /["”]\s*[-–—]\s*\p{Lu}/u.test(text)) cues.push('#quote');
  if (/\b[A-Z][a-z]+ [A-Z][a-z]+\s*[,–—-]\s*[A-Z][a-z]+/.test(text)) cues.push('#name_role');
  if (/\bcode [A-Z0-9]{4,}\b/.test(text)) cues.push('#promo_code');
  return cues;
}
