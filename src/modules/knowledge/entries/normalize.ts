/**
 * Text normalisation for comparing what a source says with what an entry claims: Markdown marks,
 * link targets, quotes, dashes, case and whitespace are ignored, and every normalised character
 * keeps the offset of the original character it came from, so a match maps back to an exact span.
 */

export interface NormalizedText {
  text: string;
  /** `map[i]` is the offset in the original string of normalised character `i`. */
  map: number[];
}

const QUOTES: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u00ab': '"',
  '\u00bb': '"',
};
const DASHES = /[\u2010-\u2015\u2212]/;
const DROPPED = new Set(['*', '_', '`', '|', '\\', '#', '>', '"', "'"]);

/** Offsets of Markdown link and image syntax to skip: `[`, `](target)` and `![`. */
function skippedRanges(source: string): boolean[] {
  const skip = new Array<boolean>(source.length).fill(false);
  for (const m of source.matchAll(/(!?)\[((?:\\.|[^\]\\])*)\]\(((?:\\.|[^)\\])*)\)/g)) {
    const open = m.index;
    const textEnd = open + (m[1] as string).length + 1 + (m[2] as string).length;
    for (let i = open; i < open + (m[1] as string).length + 1; i++) skip[i] = true;
    for (let i = textEnd; i < open + m[0].length; i++) skip[i] = true;
  }
  // Table dividers (| --- | --- |) carry no text.
  for (const m of source.matchAll(/^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*$/gm)) {
    for (let i = m.index; i < m.index + m[0].length; i++) skip[i] = true;
  }
  return skip;
}

/** Lower-cased text without Markdown marks or quote characters, one space for any whitespace run. */
export function normalizeForMatch(source: string): NormalizedText {
  const skip = skippedRanges(source);
  let text = '';
  const map: number[] = [];
  let pendingSpace = false;
  for (let i = 0; i < source.length; i++) {
    if (skip[i]) continue;
    let ch = source[i] as string;
    ch = QUOTES[ch] ?? ch;
    if (DASHES.test(ch)) ch = '-';
    if (ch === '\u00a0') ch = ' ';
    if (DROPPED.has(ch)) {
      pendingSpace ||= ch === '|';
      continue;
    }
    if (/\s/.test(ch)) {
      pendingSpace = true;
      continue;
    }
    if (pendingSpace && text.length > 0) {
      text += ' ';
      map.push(i);
    }
    pendingSpace = false;
    const lower = ch.toLowerCase();
    for (const c of lower) {
      text += c;
      map.push(i);
    }
  }
  return { text, map };
}

/** Normalised form only (no offsets), for comparing short strings. */
export function normalizeText(source: string): string {
  return normalizeForMatch(source).text;
}

/**
 * Where `quote` occurs in `source`, compared normalised: the original `[start, end)` span, or null.
 * With several occurrences, the one nearest `near` (an offset in `source`) wins.
 */
export function locateInSource(
  source: NormalizedText & { original: string },
  quote: string,
  near = 0,
): { start: number; end: number } | null {
  const q = normalizeText(quote).trim();
  if (q.length === 0) return null;
  let best: { start: number; end: number } | null = null;
  let from = 0;
  for (;;) {
    const at = source.text.indexOf(q, from);
    if (at < 0) break;
    const start = source.map[at] as number;
    const end = (source.map[at + q.length - 1] as number) + 1;
    if (!best || Math.abs(start - near) < Math.abs(best.start - near)) best = { start, end };
    from = at + 1;
  }
  if (!best) return null;
  // Include a closing Markdown mark the match stopped inside of (`**£17.60**`).
  return best;
}

/** Content words of a text for overlap measures: lower case, no stop words, numbers kept. */
export function contentWords(text: string): string[] {
  return (normalizeText(text).match(/[\p{L}\p{N}][\p{L}\p{N}'.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu) ?? [])
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => !STOP.has(w));
}

const STOP = new Set(
  'a an the and or but of to in on at by for with from as is are was were be been it its this that these those we our us you your they their i my me he she his her them there here what which who whom when where why how do does did can could will would should may might must not no yes so if than then also very just only all any some each every into onto over under about up down out off per'.split(
    ' ',
  ),
);
