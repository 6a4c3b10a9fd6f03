/**
 * Sentence splitting with offsets, for citing the exact sentence of a source and for text statistics.
 *
 * A rule-based scanner rather than `Intl.Segmenter`, whose ICU rules (as shipped in Node) break after
 * "Dr." and "J." and inside URLs with a "?", and put an emoji that follows "!" into the next sentence.
 * Rules, in order:
 * - A blank line always ends a sentence; a single line break does too, unless the text is merely
 *   wrapped (the line ends mid-sentence and the next one starts in lower case).
 * - `!`, `?`, `‼`, `⁇` and runs such as `?!` end a sentence when followed by space or the end;
 *   CJK full stops (`。！？`) end one even without a space.
 * - `.` ends a sentence when followed by space or the end, except after titles (Dr., Mr., St.), single
 *   initials (J. R. R. Tolkien), "e.g."/"i.e."/"vs.", "No."/"ca."/"Fig." before a number, a number
 *   that opens a list line ("1. Mix"), or when the next word starts in lower case. A lone capital
 *   before a period is read as an initial, so "Plan B. Then" stays one sentence. Other abbreviations (etc., Inc., a.m., U.S.) end a
 *   sentence only when a capitalised word follows. Dots inside tokens (3.14, example.com/a.b, e-mail
 *   addresses) are never boundaries because no space follows them.
 * - An ellipsis (`...`, `…`) ends a sentence only when a capital, digit or quote follows.
 * - Closing quotes and brackets after the mark stay with the sentence, and so do emoji that directly
 *   follow it ("Great news! 🎉 We launched." gives "Great news! 🎉" and "We launched.").
 */

export interface Sentence {
  text: string;
  /** Offset of the first character in the original text (UTF-16 code units). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** Abbreviations that are always followed by more of the same sentence (titles and Latin markers). */
const NEVER_FINAL = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'st',
  'sr',
  'jr',
  'rev',
  'hon',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'gov',
  'sen',
  'rep',
  'mt',
  'ft',
  'e.g',
  'i.e',
  'eg',
  'ie',
  'cf',
  'vs',
  'viz',
]);

/** Abbreviations that precede a number ("No. 5", "ca. 1900", "Est. 1990"): no break before a digit. */
const BEFORE_NUMBER = new Set([
  'no',
  'nos',
  'nr',
  'fig',
  'figs',
  'vol',
  'pp',
  'p',
  'art',
  'ref',
  'tel',
  'ext',
  'ca',
  'approx',
  'est',
]);

/** Abbreviations that may end a sentence: a break only when a capitalised word follows. */
const MAYBE_FINAL = new Set([
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'llc',
  'plc',
  'gmbh',
  'bros',
  'dept',
  'a.m',
  'p.m',
  'u.s',
  'u.k',
  'u.s.a',
  'e.u',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);

const CLOSERS = new Set(['"', "'", '”', '’', '»', '›', ')', ']', '}']);
const OPENERS_OR_QUOTES = /["'“‘«‹([{¿¡]/u;
const EMOJI_AT =
  /(?:\p{Extended_Pictographic}|\p{Regional_Indicator})(?:\p{Emoji_Modifier}|\uFE0F|\u20E3|\u200D(?:\p{Extended_Pictographic}|\p{Regional_Indicator})|\p{Regional_Indicator})*/uy;
const HORIZONTAL_SPACE = /[^\S\n]/u;
const WORD_BEFORE_DOT = /([\p{L}\p{N}]+(?:\.[\p{L}\p{N}]+)*)$/u;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/u.test(ch);
}

function nextVisible(text: string, from: number): string | undefined {
  let i = from;
  while (i < text.length && isSpace(text[i])) i++;
  return i < text.length ? text.slice(i, i + 2) : undefined;
}

function startsLower(s: string | undefined): boolean {
  return s !== undefined && /^\p{Ll}/u.test(s);
}

function startsCapitalOrDigitOrQuote(s: string | undefined): boolean {
  return s !== undefined && (/^[\p{Lu}\p{Lt}\p{N}]/u.test(s) || OPENERS_OR_QUOTES.test(s[0] as string));
}

/** True when the line containing `at` starts with a bare number, e.g. "1." of a numbered list. */
function isListNumber(text: string, wordStart: number): boolean {
  let i = wordStart - 1;
  while (i >= 0 && HORIZONTAL_SPACE.test(text[i] as string)) i--;
  return i < 0 || text[i] === '\n';
}

/** Decides whether a single "." at `dot` ends the sentence. */
function periodEnds(text: string, dot: number, after: number): boolean {
  const next = nextVisible(text, after);
  if (next === undefined) return true;
  const m = WORD_BEFORE_DOT.exec(text.slice(Math.max(0, dot - 40), dot));
  const word = m?.[1];
  if (word) {
    const lower = word.toLowerCase();
    if (NEVER_FINAL.has(lower)) return false;
    if (BEFORE_NUMBER.has(lower) && /^\p{N}/u.test(next)) return false;
    if (/^\p{Lu}$/u.test(word)) return false; // an initial
    if (/^\d+$/.test(word) && isListNumber(text, dot - word.length)) return false;
    if (MAYBE_FINAL.has(lower) || /^(\p{L}\.)+\p{L}$/u.test(word)) return /^[\p{Lu}\p{Lt}]/u.test(next);
  }
  return !startsLower(next);
}

/** End of the emoji run that directly follows `from` (after spaces on the same line), if any. */
function trailingEmojiEnd(text: string, from: number): number {
  let end = from;
  let i = from;
  for (;;) {
    while (i < text.length && HORIZONTAL_SPACE.test(text[i] as string)) i++;
    EMOJI_AT.lastIndex = i;
    const m = EMOJI_AT.exec(text);
    if (!m) return end;
    i += m[0].length;
    end = i;
  }
}

/** Whether a single line break at `nl` only wraps a sentence across lines. */
function isWrappedLine(text: string, nl: number): boolean {
  let p = nl - 1;
  while (p >= 0 && HORIZONTAL_SPACE.test(text[p] as string)) p--;
  const before = text[p];
  const next = nextVisible(text, nl + 1);
  if (before === undefined || next === undefined) return false;
  return /[\p{Ll},;:\-–]/u.test(before) && startsLower(next);
}

/** Splits `text` into sentences with their offsets; whitespace between sentences is not part of any. */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;

  const emit = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && isSpace(text[s])) s++;
    while (e > s && isSpace(text[e - 1])) e--;
    if (e > s) out.push({ text: text.slice(s, e), start: s, end: e });
    start = end;
  };

  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;

    if (ch === '\n') {
      let j = i + 1;
      while (j < text.length && HORIZONTAL_SPACE.test(text[j] as string)) j++;
      const blank = text[j] === '\n';
      if (blank || !isWrappedLine(text, i)) emit(i);
      i = j;
      continue;
    }

    if (ch === '。' || ch === '！' || ch === '？') {
      let j = i + 1;
      while (j < text.length && (CLOSERS.has(text[j] as string) || '」』）'.includes(text[j] as string))) j++;
      emit(j);
      i = j;
      continue;
    }

    if (ch === '.' || ch === '!' || ch === '?' || ch === '…' || ch === '‼' || ch === '⁇') {
      let j = i;
      while (j < text.length && '.!?…‼⁇'.includes(text[j] as string)) j++;
      const mark = text.slice(i, j);
      while (j < text.length && CLOSERS.has(text[j] as string)) j++;
      if (j < text.length && !isSpace(text[j])) {
        i = j; // "3.14", "example.com", "?!x": not a boundary
        continue;
      }
      let ends: boolean;
      if (mark === '.') ends = periodEnds(text, i, j);
      else if (mark.includes('…') || /^\.{2,}$/.test(mark))
        ends = startsCapitalOrDigitOrQuote(nextVisible(text, j));
      else ends = true;
      if (ends) {
        const end = trailingEmojiEnd(text, j);
        emit(end);
        i = end;
        continue;
      }
      i = j;
      continue;
    }
    i++;
  }
  emit(text.length);
  return out;
}

/** The text with a full stop added when it does not already end a sentence. */
export function endSentence(text: string): string {
  return /[.!?…:)"”]$/u.test(text) ? text : `${text}.`;
}

/**
 * True when two sentences in a row open with the same word ("Orders placed on Friday … Orders placed
 * by 2pm …"): it reads as a list pasted into prose. "We" and "I" are how a business speaks and may repeat.
 */
export function opensLike(previous: string, next: string): boolean {
  const first = (s: string) => /[\p{L}\p{N}']+/u.exec(s)?.[0]?.toLowerCase() ?? '';
  const a = first(previous);
  return a !== '' && a === first(next) && a !== 'we' && a !== 'i';
}
