/**
 * The page Markdown as a list of blocks with exact offsets: headings, paragraphs, list items, table
 * rows, quotes and "question lines" (a bold line or a heading that asks something). The offline
 * engine reads structure from these; every offset indexes the original Markdown.
 */
import { markdownToText } from '../extract/plain-text.js';

export interface Span {
  start: number;
  end: number;
}

export interface TableCell extends Span {
  text: string;
}

export interface TableRow extends Span {
  cells: TableCell[];
}

export type Block =
  | (Span & { kind: 'heading'; level: number; text: string; path: string[] })
  | (Span & { kind: 'paragraph'; text: string; path: string[]; bold: boolean })
  | (Span & { kind: 'list'; items: (Span & { text: string })[]; path: string[] })
  | (Span & { kind: 'table'; header: string[] | null; rows: TableRow[]; path: string[] })
  | (Span & { kind: 'quote'; text: string; path: string[] })
  | (Span & { kind: 'code'; path: string[] });

interface Line extends Span {
  text: string;
}

function linesOf(md: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  for (const text of md.split('\n')) {
    lines.push({ start: pos, end: pos + text.length, text });
    pos += text.length + 1;
  }
  return lines;
}

const ATX = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const LIST_ITEM = /^(\s*)(?:[-*+]|\d+[.)])\s+/;
const TABLE = /^\s*\|/;
const DIVIDER = /^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$/;
const QUOTE = /^\s*>/;
const FENCE = /^\s*(```|~~~)/;

/** Plain text of inline Markdown (links keep their text, emphasis marks go). */
export function inlineText(markdown: string): string {
  return markdownToText(markdown).replace(/\s+/g, ' ').trim();
}

function tableCells(line: Line): TableCell[] {
  const cells: TableCell[] = [];
  const text = line.text;
  let i = text.indexOf('|');
  if (i < 0) return cells;
  for (;;) {
    let j = i + 1;
    while (j < text.length && !(text[j] === '|' && text[j - 1] !== '\\')) j++;
    if (j >= text.length) break;
    const raw = text.slice(i + 1, j);
    const lead = raw.length - raw.trimStart().length;
    const content = raw.trim();
    const start = line.start + i + 1 + lead;
    cells.push({ start, end: start + content.length, text: inlineText(content) });
    i = j;
  }
  return cells;
}

/** Parses Markdown into blocks; each block carries the heading path above it. */
export function parseBlocks(md: string): Block[] {
  const lines = linesOf(md);
  const blocks: Block[] = [];
  const stack: { level: number; text: string }[] = [];
  const path = () => stack.map((h) => h.text);
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (line.text.trim() === '') {
      i++;
      continue;
    }
    if (FENCE.test(line.text)) {
      let j = i + 1;
      while (j < lines.length && !FENCE.test((lines[j] as Line).text)) j++;
      const last = lines[Math.min(j, lines.length - 1)] as Line;
      blocks.push({ kind: 'code', start: line.start, end: last.end, path: path() });
      i = j + 1;
      continue;
    }
    const atx = ATX.exec(line.text);
    if (atx) {
      const level = (atx[1] as string).length;
      const text = inlineText(atx[2] as string);
      while (stack.length > 0 && (stack[stack.length - 1] as { level: number }).level >= level) stack.pop();
      blocks.push({ kind: 'heading', level, text, start: line.start, end: line.end, path: path() });
      stack.push({ level, text });
      i++;
      continue;
    }
    if (TABLE.test(line.text)) {
      const rows: TableRow[] = [];
      let header: string[] | null = null;
      let j = i;
      while (j < lines.length && TABLE.test((lines[j] as Line).text)) {
        const l = lines[j] as Line;
        if (DIVIDER.test(l.text)) {
          // The row before the divider is the header; a header of empty cells is no header.
          const h = rows.pop();
          if (h?.cells.some((c) => c.text !== '')) header = h.cells.map((c) => c.text);
        } else {
          rows.push({ start: l.start, end: l.end, cells: tableCells(l) });
        }
        j++;
      }
      blocks.push({
        kind: 'table',
        header,
        rows,
        start: line.start,
        end: (lines[j - 1] as Line).end,
        path: path(),
      });
      i = j;
      continue;
    }
    if (QUOTE.test(line.text)) {
      let j = i;
      while (j < lines.length && QUOTE.test((lines[j] as Line).text)) j++;
      const end = (lines[j - 1] as Line).end;
      blocks.push({
        kind: 'quote',
        text: inlineText(md.slice(line.start, end)),
        start: line.start,
        end,
        path: path(),
      });
      i = j;
      continue;
    }
    if (LIST_ITEM.test(line.text)) {
      const items: (Span & { text: string })[] = [];
      let j = i;
      while (j < lines.length) {
        const l = lines[j] as Line;
        if (l.text.trim() === '') {
          // A blank line ends the list unless another item follows, or a short item goes on with its
          // value in a block of its own (Turndown's `<li><div>Monday</div><div>Closed</div></li>`:
          // "- Monday" / "    Closed"). Longer items holding blocks (cards with a heading, a
          // description, a price) end the list: their blocks are read as blocks.
          const next = (lines[j + 1] as Line | undefined)?.text ?? '';
          const last = items[items.length - 1];
          const after = (lines[j + 2] as Line | undefined)?.text ?? '';
          const labelValue =
            last !== undefined &&
            last.text.length <= 40 &&
            !/^#/.test(md.slice(last.start, last.end)) &&
            /^\s{2,}[^\s#>|*_-]/.test(next) &&
            next.trim().length <= 60 &&
            (after.trim() === '' || LIST_ITEM.test(after));
          if (LIST_ITEM.test(next) || labelValue) {
            j++;
            continue;
          }
          break;
        }
        if (LIST_ITEM.test(l.text)) {
          const marker = LIST_ITEM.exec(l.text) as RegExpExecArray;
          const start = l.start + marker[0].length;
          items.push({ start, end: l.end, text: inlineText(l.text.slice(marker[0].length)) });
        } else if (items.length > 0 && /^\s+\S/.test(l.text)) {
          const last = items[items.length - 1] as Span & { text: string };
          last.end = l.end;
          last.text = inlineText(md.slice(last.start, last.end));
        } else break;
        j++;
      }
      blocks.push({ kind: 'list', items, start: line.start, end: (lines[j - 1] as Line).end, path: path() });
      i = j;
      continue;
    }
    let j = i + 1;
    while (j < lines.length) {
      const l = (lines[j] as Line).text;
      if (
        l.trim() === '' ||
        ATX.test(l) ||
        TABLE.test(l) ||
        QUOTE.test(l) ||
        LIST_ITEM.test(l) ||
        FENCE.test(l)
      )
        break;
      j++;
    }
    const end = (lines[j - 1] as Line).end;
    const raw = md.slice(line.start, end);
    const bold = /^\s*(\*\*|__)[^*_]+\1\s*$/.test(raw);
    blocks.push({ kind: 'paragraph', text: inlineText(raw), bold, start: line.start, end, path: path() });
    i = j;
  }
  return blocks;
}
