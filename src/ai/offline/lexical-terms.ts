import { stemmer } from 'stemmer';
import { searchStopwords } from '../../core/text/stopwords.js';

/**
 * The word-level text analysis shared by the local embedding and the knowledge search (query terms,
 * highlights): Unicode-aware tokenisation, case and accent folding, an English stop list and the
 * Porter stemmer. SQLite's FTS5 `porter unicode61 remove_diacritics 2` tokenizer applies the same
 * folding and the same (original Porter) algorithm, so a stem computed here matches a term in the index.
 */

/** One word of a text, with its place in the original string (UTF-16 offsets). */
export interface Token {
  /** Lower-cased, accent-free form. */
  readonly word: string;
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/** Lower-cases and removes diacritics, as FTS5's `unicode61 remove_diacritics 2` does. */
export function foldCase(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase();
}

/**
 * Splits text into words (runs of letters and digits) with their offsets in `text`. Offsets point into
 * the original string, so callers can mark matches in it.
 */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0];
    out.push({ word: foldCase(raw), start: m.index, end: m.index + raw.length });
  }
  return out;
}

const stemCache = new Map<string, string>();

/** Porter stem of a folded word; cached because the same words recur in every document. */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

export function isStopword(word: string): boolean {
  return searchStopwords.has(word);
}

/**
 * The distinct content terms of a query, in order of first appearance: folded words that are not
 * stop words. When every word is a stop word ("to be or not to be"), the stop words are kept so the
 * query still means something.
 */
export function queryTerms(query: string): string[] {
  const words = tokenize(query).map((t) => t.word);
  const content = words.filter((w) => !isStopword(w));
  return [...new Set(content.length > 0 ? content : words)];
}
