/**
 * Token counting for everything that budgets text by tokens (chunking, prompt context, embeddings).
 *
 * One real BPE tokenizer, `cl100k_base` (OpenAI's encoding for text-embedding-3-* and GPT-4), from
 * the `gpt-tokenizer` package: pure JavaScript with its rank tables bundled in the package, so it
 * works offline and loads nothing at run time. Other models' tokenizers differ by a few percent;
 * budgets built on these counts keep a margin for that.
 *
 * Text is counted as plain text: special-token strings such as `<|endoftext|>` that appear in a web
 * page are encoded like any other characters instead of raising (the library's default would throw).
 */
import {
  countTokens as countCl100k,
  decode as decodeCl100k,
  encode as encodeCl100k,
  isWithinTokenLimit as withinCl100k,
} from 'gpt-tokenizer/encoding/cl100k_base';
import { splitSentences as sentencesOf } from './sentences.js';

/** Name of the encoding behind every count, recorded beside stored token counts. */
export const TOKENIZER = 'cl100k_base';

const asPlainText = { disallowedSpecial: new Set<string>() };

/** Number of cl100k_base tokens in `text`. */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  return countCl100k(text, asPlainText);
}

/** Token ids of `text` (cl100k_base). */
export function encodeTokens(text: string): number[] {
  if (text.length === 0) return [];
  return encodeCl100k(text, asPlainText);
}

/** Text of token ids produced by {@link encodeTokens}. */
export function decodeTokens(tokens: readonly number[]): string {
  return decodeCl100k(tokens);
}

/**
 * The token count of `text` when it is at most `limit`, else `false`. Stops encoding as soon as the
 * limit is passed, so it is cheap on long text.
 */
export function withinTokenLimit(text: string, limit: number): number | false {
  if (text.length === 0) return 0;
  return withinCl100k(text, limit, asPlainText);
}

/** A piece of `text` with its character range `[start, end)`. */
export interface TextSpan {
  text: string;
  start: number;
  end: number;
}

/**
 * Splits `text` into sentences as `splitSentences` in sentences.ts finds them (one set of rules for the
 * whole product), each span running to the next sentence's start so that the spans put end to end give
 * back `text` exactly (whitespace between sentences stays with the sentence before it; text before the
 * first sentence with the first). For cutting text into token-bounded pieces.
 */
export function splitSentenceSpans(text: string): TextSpan[] {
  const starts = sentencesOf(text).map((s) => s.start);
  if (starts.length === 0) return text.length > 0 ? [{ text, start: 0, end: text.length }] : [];
  starts[0] = 0;
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? text.length;
    return { text: text.slice(start, end), start, end };
  });
}

/**
 * Splits `text` into words, each span keeping its trailing whitespace (spans put end to end give
 * back `text`). Leading whitespace belongs to the first span. A "word" is a run of non-space
 * characters, so punctuation stays attached and nothing is ever cut inside a word.
 */
export function splitWords(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  const re = /\S+\s*/gu;
  let first = true;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = first ? 0 : m.index;
    const end = m.index + m[0].length;
    spans.push({ text: text.slice(start, end), start, end });
    first = false;
  }
  if (spans.length === 0 && text.length > 0) spans.push({ text, start: 0, end: text.length });
  return spans;
}

/**
 * The longest prefix (without its trailing whitespace) or, with `from: 'end'`, suffix of `text` made of whole words that fits in
 * `maxTokens` tokens. A single word longer than the budget is returned cut at the token boundary
 * only when nothing else fits, so the result is never empty for non-empty input and a positive budget.
 */
export function truncateToTokens(
  text: string,
  maxTokens: number,
  options: { from?: 'start' | 'end' } = {},
): string {
  if (maxTokens <= 0 || text.length === 0) return '';
  if (withinTokenLimit(text, maxTokens) !== false) return text;
  const words = splitWords(text);
  const fromEnd = options.from === 'end';
  // Binary search on the number of words kept; token counts grow monotonically with it.
  let lo = 0;
  let hi = words.length;
  const piece = (n: number): string => {
    if (n === 0) return '';
    if (fromEnd) return text.slice((words[words.length - n] as TextSpan).start);
    return text.slice(0, (words[n - 1] as TextSpan).end).trimEnd();
  };
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (withinTokenLimit(piece(mid), maxTokens) !== false) lo = mid;
    else hi = mid - 1;
  }
  if (lo > 0) return piece(lo);
  const tokens = encodeTokens(text);
  return fromEnd ? decodeTokens(tokens.slice(-maxTokens)) : decodeTokens(tokens.slice(0, maxTokens));
}
