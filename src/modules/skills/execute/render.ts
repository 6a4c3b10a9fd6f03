/**
 * Assembles a post from a body section: locked text exactly as written, slot values and variable
 * fields in their places. A line whose placeholder has no value (an optional slot left empty, an
 * optional variable that was not found, a product without a price) is left out whole, and the blank
 * lines around it close up; every other line keeps its locked text byte for byte.
 */
import type { BodySection, TemplateLine } from '../format/body.js';
import { type SkillDocument, variableFields } from '../format/types.js';
import type { RenderedPost } from './checks.js';
import type { SlotFill } from './slot-filler.js';
import { fieldText, type ResolvedValue } from './values.js';

export interface RenderInput {
  skill: SkillDocument;
  section: BodySection;
  variables: Record<string, ResolvedValue | undefined>;
  fills: Record<string, SlotFill>;
  separateParts: boolean;
}

export interface LockedSpan {
  /** 0-based part of the post. */
  part: number;
  /** Offset of the locked text in that part. */
  start: number;
  text: string;
}

export interface Rendered {
  post: RenderedPost;
  /** Where each piece of locked text of the kept lines sits in the post. */
  locked: LockedSpan[];
}

/** `1.` / `1)` / `1/` number the items; any other marker is written as is before each item. */
export function markerFor(marker: string, index: number): string {
  const numbered = /^1([.)/:])$/.exec(marker);
  if (numbered) return `${index + 1}${numbered[1]} `;
  return marker === '' ? '' : `${marker} `;
}

interface Piece {
  text: string;
  locked: boolean;
}

function renderLine(input: RenderInput, line: TemplateLine): Piece[] | undefined {
  const slots = new Map(input.skill.slots.map((s) => [s.name, s]));
  const variables = new Map(input.skill.variables.map((v) => [v.name, v]));
  const pieces: Piece[] = [];
  for (const seg of line.segments) {
    if (seg.type === 'text') {
      pieces.push({ text: seg.text, locked: true });
      continue;
    }
    const slot = slots.get(seg.name);
    if (slot) {
      const fill = input.fills[slot.name];
      if (slot.kind === 'list' || slot.kind === 'hashtags') {
        const items = (fill?.items ?? []).filter((i) => i.trim() !== '');
        // No extra hashtags leaves the line's locked tags in place; an empty list drops its line.
        if (items.length === 0 && slot.kind === 'hashtags') continue;
        if (items.length === 0) return undefined;
        pieces.push({
          text:
            slot.kind === 'hashtags'
              ? items.join(' ')
              : items.map((item, i) => `${markerFor(slot.list?.marker ?? '•', i)}${item}`).join('\n'),
          locked: false,
        });
      } else {
        if (!fill?.text) return undefined;
        pieces.push({ text: fill.text, locked: false });
      }
      continue;
    }
    const variable = variables.get(seg.name);
    const value = variable
      ? fieldText(input.variables[variable.name], seg.field, variableFields[variable.type][0] as string)
      : null;
    if (value === null || value === '') return undefined;
    pieces.push({ text: value, locked: false });
  }
  return pieces;
}

/** A line of locked text only that introduces the next one ("How it works:", "Sizes:"). */
function isLeadIn(line: TemplateLine): boolean {
  if (line.segments.length === 0 || line.segments.some((seg) => seg.type !== 'text')) return false;
  const text = line.segments.map((seg) => (seg.type === 'text' ? seg.text : '')).join('');
  return /:\s*$/.test(text);
}

export function renderSection(input: RenderInput): Rendered {
  const parts: string[] = [];
  const locked: LockedSpan[] = [];
  const slots = new Map(input.skill.slots.map((s) => [s.name, s]));
  for (const part of input.section.parts) {
    const only = part.lines.length === 1 ? part.lines[0]?.segments : undefined;
    const spread = only?.length === 1 && only[0]?.type === 'ref' ? slots.get(only[0].name) : undefined;
    if (spread?.list?.layout === 'parts') {
      // Each item is its own thread post or slide.
      const items = (input.fills[spread.name]?.items ?? []).filter((i) => i.trim() !== '');
      for (const [i, item] of items.entries())
        parts.push(`${markerFor(spread.list?.marker ?? '', i)}${item}`);
      continue;
    }
    const lines: Piece[][] = [];
    const rendered = part.lines.map((line) => renderLine(input, line));
    for (const [i, line] of part.lines.entries()) {
      const pieces = rendered[i];
      if (!pieces) continue;
      // A locked lead-in ("How it works:") goes with the list or line under it when that is left out.
      if (isLeadIn(line) && i + 1 < part.lines.length && !rendered[i + 1]) continue;
      const text = pieces.map((p) => p.text).join('');
      // A line of placeholders that all came out empty is left out, like an unfilled one.
      if (line.segments.some((seg) => seg.type === 'ref') && text.trim() === '') continue;
      // The space before an empty hashtag slot at the end of a line goes.
      const last = pieces.at(-1);
      if (last && text !== text.trimEnd()) last.text = last.text.trimEnd();
      lines.push(pieces);
    }
    // Close up blank lines: none at the ends, never two in a row.
    const kept: Piece[][] = [];
    for (const l of lines) {
      const blank = l.every((p) => p.text.trim() === '');
      if (blank && (kept.length === 0 || (kept.at(-1) as Piece[]).every((p) => p.text.trim() === '')))
        continue;
      kept.push(l);
    }
    while (kept.length > 0 && (kept.at(-1) as Piece[]).every((p) => p.text.trim() === '')) kept.pop();
    if (kept.length === 0) continue;
    const index = parts.length;
    let text = '';
    kept.forEach((l, i) => {
      if (i > 0) text += '\n';
      for (const p of l) {
        if (p.locked && p.text !== '') locked.push({ part: index, start: text.length, text: p.text });
        text += p.text;
      }
    });
    parts.push(text);
  }
  return {
    post: { text: parts.join('\n\n'), parts, separateParts: input.separateParts },
    locked,
  };
}

/** True when every locked span still holds its text, byte for byte, where it was placed. */
export function lockedTextIntact(rendered: Rendered): boolean {
  return rendered.locked.every((span) => {
    const part = rendered.post.parts[span.part];
    return part !== undefined && part.slice(span.start, span.start + span.text.length) === span.text;
  });
}
