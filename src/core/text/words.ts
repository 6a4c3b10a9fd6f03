/**
 * Word tokenisation with offsets. A word is a run of letters, marks and digits, joined across inner
 * apostrophes ("don't", "l'eau"), hyphens ("e-mail", "state-of-the-art") and dots between letters or
 * digits ("U.S", "3.14", "v2.1"); numbers keep their thousands separators and decimals ("1,000.50").
 * Hashtags and @mentions are tokens of their own kinds, so callers can count or drop them. Scripts
 * written without spaces (Chinese, Japanese, Thai, …) are split with `Intl.Segmenter`.
 */

export type WordKind = 'word' | 'number' | 'hashtag' | 'mention';

export interface WordToken {
  /** As written. */
  text: string;
  /** Lower-cased, NFKC-normalised, with curly apostrophes made straight. */
  normal: string;
  kind: WordKind;
  start: number;
  end: number;
}

const TOKEN =
  /[#@]?[\p{L}\p{M}\p{N}]+(?:(?:['’][\p{L}\p{M}]+)|(?:[-‐][\p{L}\p{M}\p{N}]+)|(?:[.,](?=[\p{L}\p{N}])[\p{L}\p{M}\p{N}]+))*/gu;
const NUMBER = /^\p{N}+(?:[.,]\p{N}+)*$/u;
const SPACELESS_SCRIPT =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

let segmenter: Intl.Segmenter | undefined;

export function normalizeWord(text: string): string {
  return text.normalize('NFKC').replace(/’/g, "'").toLowerCase();
}

function kindOf(text: string): WordKind {
  if (text.startsWith('#')) return 'hashtag';
  if (text.startsWith('@')) return 'mention';
  return NUMBER.test(text) ? 'number' : 'word';
}

/** All tokens of `text` in order. */
export function tokenizeWords(text: string): WordToken[] {
  const out: WordToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const start = m.index;
    if (SPACELESS_SCRIPT.test(raw)) {
      segmenter ??= new Intl.Segmenter(undefined, { granularity: 'word' });
      for (const seg of segmenter.segment(raw)) {
        if (!seg.isWordLike) continue;
        out.push({
          text: seg.segment,
          normal: normalizeWord(seg.segment),
          kind: kindOf(seg.segment),
          start: start + seg.index,
          end: start + seg.index + seg.segment.length,
        });
      }
      continue;
    }
    // "a comma,joined" pair of words is two words; only digits keep their separators.
    if (/,/.test(raw) && !NUMBER.test(raw.replace(/^[#@]/, ''))) {
      let offset = 0;
      for (const part of raw.split(',')) {
        if (part)
          out.push({
            text: part,
            normal: normalizeWord(part),
            kind: kindOf(part),
            start: start + offset,
            end: start + offset + part.length,
          });
        offset += part.length + 1;
      }
      continue;
    }
    out.push({ text: raw, normal: normalizeWord(raw), kind: kindOf(raw), start, end: start + raw.length });
  }
  return out;
}

/** The normalised words of `text` (no numbers, hashtags or mentions). */
export function words(text: string): string[] {
  return tokenizeWords(text)
    .filter((t) => t.kind === 'word')
    .map((t) => t.normal);
}
