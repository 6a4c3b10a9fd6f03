import { subtlexWordCounts, zipfOf } from '../../../core/text/frequencies.js';

/**
 * The general-English background that "distinctive vocabulary" is measured against: the 25,000 most
 * frequent lowercase words of SUBTLEX-US (core/text/frequencies.ts), each with its Zipf value to one
 * decimal. Built once on first use.
 */
const KEEP = 25_000;

let table: Map<string, number> | undefined;

function load(): Map<string, number> {
  if (table) return table;
  const merged = new Map<string, number>();
  for (const { word, count } of subtlexWordCounts()) {
    const w = word.toLowerCase();
    if (!/^[a-z]+$/.test(w)) continue;
    merged.set(w, (merged.get(w) ?? 0) + count);
  }
  const top = [...merged.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, KEEP);
  table = new Map(top.map(([word, count]) => [word, Number(zipfOf(count).toFixed(1))]));
  return table;
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
