/**
 * Heading-aware chunking of extracted Markdown for retrieval.
 *
 * - Token counts are real cl100k_base counts (src/core/text/tokens.ts); no chunk exceeds
 *   `maxTokens` (default 512).
 * - A new chunk always starts at a top-level section (the highest heading level the page uses),
 *   so one chunk never mixes two top-level sections. Inside a section, consecutive subsections
 *   share a chunk while they fit; a subsection that would not fit in what is left starts a new one.
 * - A section too long for one chunk is split between blocks (paragraphs, lists, tables, code),
 *   then a block too long on its own between lines (table rows, list items), then sentences, then
 *   words. Only a single "word" longer than a whole chunk (a giant URL, say) is cut inside.
 * - When a section is split in the middle of its text, the next chunk repeats about
 *   `overlapTokens` (default 100) tokens of the text before it, starting at a word boundary and
 *   never inside a table row. Chunks that start at a heading have no overlap.
 * - Every chunk's `text` is exactly `markdown.slice(start, end)`; together the chunks cover every
 *   non-blank character of the Markdown.
 */
import { AppError } from '../../../core/errors.js';
import {
  countTokens,
  splitSentenceSpans,
  splitWords,
  type TextSpan,
  truncateToTokens,
  withinTokenLimit,
} from '../../../core/text/tokens.js';
import { markdownToText } from '../extract/plain-text.js';

export interface ChunkOptions {
  /** Source URL, copied to every chunk. */
  url: string;
  /** Page title, copied to every chunk. */
  title: string;
  /** Largest chunk, in cl100k_base tokens. Default 512. */
  maxTokens?: number;
  /** Tokens repeated from the previous chunk when a section is split mid-text. Default 100. */
  overlapTokens?: number;
}

export interface Chunk {
  /** Position of the chunk in the page, from 0. */
  index: number;
  url: string;
  title: string;
  /** Headings the chunk sits under, outermost first, e.g. `["Products", "I-beams"]`. */
  headingPath: string[];
  /** The chunk's Markdown: `markdown.slice(start, end)`. */
  text: string;
  tokenCount: number;
  /** Character offsets of `text` in the source Markdown, `[start, end)`. */
  start: number;
  end: number;
  /** Leading characters of `text` that repeat the end of the previous chunk (0 when none). */
  overlapChars: number;
}

type BlockKind = 'heading' | 'table' | 'code' | 'text';

interface Block {
  kind: BlockKind;
  start: number;
  end: number;
  /** Heading level (1–6) for headings. */
  level: number;
}

interface Atom {
  start: number;
  end: number;
  tokens: number;
  /** Index of the heading block this atom is, or -1. */
  headingLevel: number;
  path: string[];
  /** Top-level section number; chunks never span two. */
  section: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+|$)/;
const SETEXT = /^ {0,3}(=+|-+)[ \t]*$/;
const TABLE_LINE = /^\s*\|/;

/** Splits Markdown into blocks: headings, tables, fenced code, and runs of other non-blank lines. */
function parseBlocks(md: string): Block[] {
  const blocks: Block[] = [];
  const lines: { start: number; end: number }[] = [];
  for (let pos = 0; pos <= md.length; ) {
    const nl = md.indexOf('\n', pos);
    const end = nl === -1 ? md.length : nl;
    lines.push({ start: pos, end });
    if (nl === -1) break;
    pos = nl + 1;
  }
  let current: Block | null = null;
  const flush = (): void => {
    if (current) blocks.push(current);
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as { start: number; end: number };
    const text = md.slice(line.start, line.end);
    if (text.trim() === '') {
      flush();
      continue;
    }
    const fence = FENCE.exec(text);
    if (fence) {
      flush();
      const marker = (fence[1] as string)[0] as string;
      let j = i + 1;
      while (j < lines.length) {
        const l = lines[j] as { start: number; end: number };
        if (
          new RegExp(`^ {0,3}\\${marker}{${(fence[1] as string).length},}\\s*$`).test(
            md.slice(l.start, l.end),
          )
        )
          break;
        j++;
      }
      const last = lines[Math.min(j, lines.length - 1)] as { start: number; end: number };
      blocks.push({ kind: 'code', start: line.start, end: last.end, level: 0 });
      i = j;
      continue;
    }
    const atx = ATX.exec(text);
    if (atx) {
      flush();
      blocks.push({ kind: 'heading', start: line.start, end: line.end, level: (atx[1] as string).length });
      continue;
    }
    const kind: BlockKind = TABLE_LINE.test(text) ? 'table' : 'text';
    const c = current as Block | null;
    if (
      c &&
      kind === 'text' &&
      c.kind === 'text' &&
      SETEXT.test(text) &&
      md.slice(c.start, c.end).indexOf('\n') === -1
    ) {
      // "Title\n=====" or "Title\n-----": a one-line paragraph underlined is a heading.
      blocks.push({ kind: 'heading', start: c.start, end: line.end, level: text.trim()[0] === '=' ? 1 : 2 });
      current = null;
      continue;
    }
    if (c && c.kind === kind) c.end = line.end;
    else {
      flush();
      current = { kind, start: line.start, end: line.end, level: 0 };
    }
  }
  flush();
  return blocks;
}

/** Heading text without `#` marks, setext underline or inline Markdown. */
function headingText(md: string, block: Block): string {
  const raw = md.slice(block.start, block.end).split('\n')[0] as string;
  return markdownToText(raw.replace(ATX, '').replace(/[ \t]+#+[ \t]*$/, '')).trim();
}

/** Token count of a span, trailing whitespace excluded (it tokenizes with what follows). */
function spanTokens(md: string, start: number, end: number): number {
  return countTokens(md.slice(start, end).trimEnd());
}

/** A span with its token count (exact for one part, an estimate with 1 token per join for several). */
interface Piece {
  start: number;
  end: number;
  tokens: number;
}

/**
 * Splits `[start, end)` into pieces of at most `budget` tokens: by lines, then sentences, then
 * words, then (for one over-long word only) characters.
 */
function splitSpan(md: string, start: number, end: number, budget: number, level = 0, known = -1): Piece[] {
  const tokens = known >= 0 ? known : spanTokens(md, start, end);
  if (tokens <= budget) return [{ start, end, tokens }];
  const text = md.slice(start, end);
  let parts: TextSpan[];
  if (level === 0) {
    parts = [];
    let pos = 0;
    for (const line of text.split(/(?<=\n)/)) {
      parts.push({ text: line, start: pos, end: pos + line.length });
      pos += line.length;
    }
  } else if (level === 1) parts = splitSentenceSpans(text);
  else if (level === 2) parts = splitWords(text);
  else return hardSplit(md, start, end, budget);
  if (parts.length <= 1) return splitSpan(md, start, end, budget, level + 1, tokens);
  const pieces: Piece[] = [];
  let pieceStart = -1;
  let pieceEnd = -1;
  let pieceTokens = 0;
  for (const part of parts) {
    const s = start + part.start;
    const e = start + part.end;
    const t = spanTokens(md, s, e);
    if (t > budget) {
      if (pieceStart >= 0) pieces.push({ start: pieceStart, end: pieceEnd, tokens: pieceTokens });
      pieceStart = -1;
      pieceTokens = 0;
      pieces.push(...splitSpan(md, s, e, budget, level + 1, t));
      continue;
    }
    if (pieceStart >= 0 && pieceTokens + t + 1 > budget) {
      pieces.push({ start: pieceStart, end: pieceEnd, tokens: pieceTokens });
      pieceStart = -1;
      pieceTokens = 0;
    }
    if (pieceStart < 0) pieceStart = s;
    pieceEnd = e;
    pieceTokens += t + (pieceTokens > 0 ? 1 : 0);
  }
  if (pieceStart >= 0) pieces.push({ start: pieceStart, end: pieceEnd, tokens: pieceTokens });
  return pieces;
}

/** Last resort for a single word longer than a chunk: the longest prefixes that fit. */
function hardSplit(md: string, start: number, end: number, budget: number): Piece[] {
  const pieces: Piece[] = [];
  let s = start;
  while (s < end) {
    let lo = s + 1;
    let hi = end;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (withinTokenLimit(md.slice(s, mid), budget) !== false) lo = mid;
      else hi = mid - 1;
    }
    // Do not split a UTF-16 surrogate pair.
    let cut = lo;
    const code = md.charCodeAt(cut - 1);
    if (cut < end && code >= 0xd800 && code <= 0xdbff && cut - 1 > s) cut--;
    pieces.push({ start: s, end: cut, tokens: budget });
    s = cut;
  }
  return pieces;
}

function commonPrefix(paths: string[][]): string[] {
  if (paths.length === 0) return [];
  const first = paths[0] as string[];
  let n = first.length;
  for (const p of paths) {
    let i = 0;
    while (i < n && i < p.length && p[i] === first[i]) i++;
    n = i;
  }
  return first.slice(0, n);
}

function checkOptions(maxTokens: number, overlapTokens: number): void {
  if (!Number.isInteger(maxTokens) || maxTokens < 32) {
    throw new AppError(
      'knowledge.chunking_invalid_options',
      400,
      `maxTokens must be an integer of at least 32 (got ${maxTokens})`,
    );
  }
  if (!Number.isInteger(overlapTokens) || overlapTokens < 0 || overlapTokens > maxTokens / 2) {
    throw new AppError(
      'knowledge.chunking_invalid_options',
      400,
      `overlapTokens must be an integer from 0 to half of maxTokens (got ${overlapTokens} with maxTokens ${maxTokens})`,
    );
  }
}

/** Splits `markdown` into chunks; see the module comment for the rules. */
export function chunkMarkdown(markdown: string, options: ChunkOptions): Chunk[] {
  const maxTokens = options.maxTokens ?? 512;
  const overlapTokens = options.overlapTokens ?? 100;
  checkOptions(maxTokens, overlapTokens);
  const md = markdown;
  const blocks = parseBlocks(md);
  if (blocks.length === 0) return [];

  // Atoms: blocks, or pieces of blocks, small enough to sit in a chunk beside a full overlap.
  const atomBudget = maxTokens - overlapTokens - 2;
  const topLevel = Math.min(7, ...blocks.filter((b) => b.kind === 'heading').map((b) => b.level));
  const atoms: Atom[] = [];
  const stack: { level: number; text: string }[] = [];
  let section = 0;
  let seenContent = false;
  for (const block of blocks) {
    if (block.kind === 'heading') {
      while (stack.length > 0 && (stack[stack.length - 1] as { level: number }).level >= block.level)
        stack.pop();
      stack.push({ level: block.level, text: headingText(md, block) });
      if (block.level <= topLevel && seenContent) section++;
    }
    seenContent = true;
    const path = stack.map((h) => h.text).filter((t) => t !== '');
    for (const piece of splitSpan(md, block.start, block.end, atomBudget)) {
      atoms.push({
        start: piece.start,
        end: piece.end,
        tokens: piece.tokens,
        headingLevel: block.kind === 'heading' ? block.level : -1,
        path,
        section,
      });
    }
  }

  // Size of each heading's section (heading to the next heading of the same or higher level),
  // for keeping subsections whole when they fit.
  const sectionTokens = new Map<number, number>();
  for (let i = 0; i < atoms.length; i++) {
    const level = (atoms[i] as Atom).headingLevel;
    if (level < 0) continue;
    let total = 0;
    for (let j = i; j < atoms.length; j++) {
      const a = atoms[j] as Atom;
      if (j > i && a.headingLevel >= 0 && a.headingLevel <= level) break;
      total += a.tokens + 1;
    }
    sectionTokens.set(i, total);
  }

  const chunks: Chunk[] = [];
  let current: number[] = []; // atom indexes of the chunk being built
  let currentTokens = 0; // estimate: atom counts + 1 per join (an upper bound in practice)
  let overlapStart = -1; // where the current chunk's repeated text begins, or -1
  let overlapCount = 0; // tokens of that repeated text

  const isHeading = (i: number): boolean => (atoms[i] as Atom).headingLevel >= 0;
  const chunkStart = (): number =>
    overlapStart >= 0 ? overlapStart : (atoms[current[0] as number] as Atom).start;
  const fits = (i: number): boolean =>
    currentTokens + (atoms[i] as Atom).tokens + 1 + overlapCount <= maxTokens;

  const emit = (atomIndexes: number[], overlapFrom: number, knownTokens = -1): void => {
    const first = atoms[atomIndexes[0] as number] as Atom;
    const last = atoms[atomIndexes[atomIndexes.length - 1] as number] as Atom;
    let start = overlapFrom >= 0 ? overlapFrom : first.start;
    let text = md.slice(start, last.end).trimEnd();
    let tokenCount = knownTokens >= 0 ? knownTokens : countTokens(text);
    if (tokenCount > maxTokens && start < first.start) {
      // The overlap and the atoms together tokenized a little over the limit: drop the overlap.
      start = first.start;
      text = md.slice(start, last.end).trimEnd();
      tokenCount = countTokens(text);
    }
    chunks.push({
      index: chunks.length,
      url: options.url,
      title: options.title,
      // The headings a chunk opens with are named by the text under them, so paths come from
      // the content atoms (a chunk of headings only falls back to theirs).
      headingPath: commonPrefix(
        (atomIndexes.some((i) => (atoms[i] as Atom).headingLevel < 0)
          ? atomIndexes.filter((i) => (atoms[i] as Atom).headingLevel < 0)
          : atomIndexes
        ).map((i) => (atoms[i] as Atom).path),
      ),
      text,
      tokenCount,
      start,
      end: start + text.length,
      overlapChars: first.start - start,
    });
  };

  /**
   * Emits the current chunk. Trailing headings are held back to open the next chunk, and so are
   * trailing atoms when the exact count is over the limit (the estimate is rarely short). Returns
   * the first atom held back, or -1.
   */
  const flush = (): number => {
    let held = -1;
    const holdHeadings = (): void => {
      while (current.length > 0 && isHeading(current[current.length - 1] as number))
        held = current.pop() as number;
    };
    holdHeadings();
    for (;;) {
      if (current.length === 0) break;
      const text = md
        .slice(chunkStart(), (atoms[current[current.length - 1] as number] as Atom).end)
        .trimEnd();
      const exact = withinTokenLimit(text, maxTokens);
      if (exact !== false || current.length === 1) {
        emit(current, overlapStart, exact === false ? -1 : exact);
        break;
      }
      held = current.pop() as number;
      holdHeadings();
    }
    return held;
  };

  /** Start of about `overlapTokens` tokens of text before atom `atomIndex`, on a word, or -1. */
  const overlapBefore = (atomIndex: number, previousStart: number): number => {
    if (overlapTokens === 0) return -1;
    const cut = (atoms[atomIndex] as Atom).start;
    const windowStart = Math.max(previousStart, cut - overlapTokens * 16);
    const windowText = md.slice(windowStart, cut).trimEnd();
    const tail = truncateToTokens(windowText, overlapTokens, { from: 'end' });
    if (tail.trim() === '' || !windowText.endsWith(tail)) return -1;
    let start = windowStart + windowText.length - tail.length;
    // A word longer than the whole overlap was cut by tokens: start after it instead.
    if (start > windowStart && /\S/.test(md[start - 1] as string) && /\S/.test(md[start] as string)) {
      while (start < cut && /\S/.test(md[start] as string)) start++;
    }
    while (start < cut && /\s/.test(md[start] as string)) start++;
    // Prefer to start at a sentence when one begins early in the overlap (costs at most a fifth of it).
    const early = md.slice(start, start + Math.floor((cut - start) / 5));
    const sentence = /[.!?…。！？]["'”’)\]]*\s+(?=\S)/u.exec(early);
    if (sentence) start += sentence.index + sentence[0].length;
    // Never start inside a table row: move on to the next row.
    const lineStart = md.lastIndexOf('\n', start - 1) + 1;
    if (lineStart < start && TABLE_LINE.test(md.slice(lineStart, start + 1))) {
      const next = md.indexOf('\n', start);
      start = next === -1 || next >= cut ? cut : next + 1;
    }
    return start < cut ? start : -1;
  };

  let i = 0;
  while (i < atoms.length) {
    const atom = atoms[i] as Atom;
    const firstAtom = current.length > 0 ? (atoms[current[0] as number] as Atom) : null;
    let boundary: 'none' | 'clean' | 'overlap' = 'none';
    if (firstAtom && current.some((c) => !isHeading(c))) {
      if (atom.section !== firstAtom.section) boundary = 'clean';
      else if (isHeading(i)) {
        // A subsection that would not fit whole in what is left starts a new chunk.
        // (Unless the chunk so far is small: then the subsection continues it rather than leave a scrap.)
        const whole = currentTokens + (sectionTokens.get(i) ?? atom.tokens) + overlapCount;
        if ((whole > maxTokens && currentTokens >= maxTokens / 4) || !fits(i)) boundary = 'clean';
      } else if (!fits(i)) boundary = 'overlap';
    }
    if (boundary !== 'none') {
      const previousStart = chunkStart();
      const previousSection = firstAtom?.section;
      const held = flush();
      const next = held >= 0 ? held : i;
      const continuesText = !isHeading(next) && (atoms[next] as Atom).section === previousSection;
      overlapStart =
        continuesText && (boundary === 'overlap' || held >= 0) ? overlapBefore(next, previousStart) : -1;
      overlapCount =
        overlapStart >= 0
          ? countTokens(md.slice(overlapStart, (atoms[next] as Atom).start).trimEnd()) + 1
          : 0;
      current = [];
      currentTokens = 0;
      if (held >= 0) i = held; // held-back atoms open the new chunk
    }
    current.push(i);
    currentTokens += (atoms[i] as Atom).tokens + 1;
    i++;
  }
  if (current.length > 0) {
    const held = flush();
    // A page that ends in headings: they are text too.
    if (held >= 0) {
      overlapStart = -1;
      emit(
        atoms.map((_, k) => k).filter((k) => k >= held),
        -1,
      );
    }
  }
  return chunks;
}
