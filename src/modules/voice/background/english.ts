import { englishZipfBands } from './english-frequencies.js';

/**
 * The general-English background that "distinctive vocabulary" is measured against. Built once on
 * first use from the shipped SUBTLEX-US list (see english-frequencies.ts for source and licence).
 */
let table: Map<string, number> | undefined;

function load(): Map<string, number> {
  if (table) return table;
  const map = new Map<string, number>();
  for (const line of englishZipfBands.split('\n')) {
    const colon = line.indexOf(':');
    const zipf = Number(line.slice(0, colon));
    for (const word of line.slice(colon + 1).split(' ')) if (word) map.set(word, zipf);
  }
  table = map;
  return map;
}

/** Zipf value a word missing from the list is given: rarer than every listed word. */
export const UNLISTED_ZIPF = 1.5;

/** Zipf frequency (log10 per billion words) of a lowercase word; contractions use their stem. */
export function englishZipf(word: string): number {
  const map = load();
  const direct = map.get(word);
  if (direct !== undefined) return direct;
  const stem = word.split("'")[0] ?? word;
  return map.get(stem) ?? UNLISTED_ZIPF;
}

/** True when the word is in the general-English list at all. */
export function isCommonEnglish(word: string, minZipf = 3): boolean {
  return englishZipf(word) >= minZipf;
}

/** Probability of the word in general English (per word of running text). */
export function englishProbability(word: string): number {
  return 10 ** englishZipf(word) / 1e9;
}
