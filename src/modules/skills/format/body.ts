/**
 * The body of a skill file: the post as written, where `{{slot}}` and `{{variable.field}}` mark what is
 * filled and everything else is locked text. A line `## platform: x, linkedin` starts a section used
 * for those platforms (text before the first section serves every other platform); a line `---` splits
 * a section into parts (thread posts, or a carousel's caption and slides). `\{{` writes a literal `{{`.
 */
import { isPlatform, type Platform } from '../../../core/platforms.js';

export type Segment =
  | { type: 'text'; text: string }
  /** `{{name}}` or `{{name.field}}`: a slot, or a variable (a dotted name is always a variable field). */
  | { type: 'ref'; name: string; field: string | undefined; column: number };

export interface TemplateLine {
  segments: Segment[];
  /** 1-based line within the body. */
  line: number;
}

export interface TemplatePart {
  lines: TemplateLine[];
}

export interface BodySection {
  /** null: the default section (text before the first `## platform:` line). */
  platforms: Platform[] | null;
  parts: TemplatePart[];
  /** 1-based body line of the `## platform:` heading (1 for the default section). */
  line: number;
}

export interface BodyIssue {
  code: string;
  message: string;
  /** 1-based line and column within the body. */
  line: number;
  column: number;
}

export interface CompiledBody {
  sections: BodySection[];
  issues: BodyIssue[];
}

const SECTION = /^##\s+platform:\s*(.*?)\s*$/i;
const NAME = /^[a-z][a-z0-9_]*$/;

/** Splits one line into locked text and placeholders. */
function lineSegments(text: string, line: number, issues: BodyIssue[]): Segment[] {
  const segments: Segment[] = [];
  let locked = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('\\{{', i)) {
      locked += '{{';
      i += 3;
      continue;
    }
    if (!text.startsWith('{{', i)) {
      locked += text[i];
      i++;
      continue;
    }
    const close = text.indexOf('}}', i + 2);
    if (close < 0) {
      issues.push({
        code: 'skills.unclosed_placeholder',
        message: 'a placeholder opened with {{ is not closed with }} on the same line',
        line,
        column: i + 1,
      });
      locked += text.slice(i);
      break;
    }
    const inner = text.slice(i + 2, close).trim();
    const [name = '', field, ...rest] = inner.split('.');
    if (!NAME.test(name) || (field !== undefined && !NAME.test(field)) || rest.length > 0) {
      issues.push({
        code: 'skills.invalid_placeholder',
        message: `"{{${inner}}}" is not a placeholder: use {{name}} or {{variable.field}} with lower-case letters, digits and _`,
        line,
        column: i + 1,
      });
    } else {
      if (locked) segments.push({ type: 'text', text: locked });
      locked = '';
      // Whether a name is a slot or a variable is decided against the front matter.
      segments.push({ type: 'ref', name, field, column: i + 1 });
    }
    i = close + 2;
  }
  if (locked) segments.push({ type: 'text', text: locked });
  return segments;
}

function trimPart(lines: TemplateLine[]): TemplatePart {
  const blank = (l: TemplateLine) =>
    l.segments.every((s) => s.type === 'text' && s.text.trim() === '') || l.segments.length === 0;
  let start = 0;
  let end = lines.length;
  while (start < end && blank(lines[start] as TemplateLine)) start++;
  while (end > start && blank(lines[end - 1] as TemplateLine)) end--;
  return { lines: lines.slice(start, end) };
}

/** Parses a body into sections, parts and lines of segments, with the problems found. */
export function compileBody(body: string): CompiledBody {
  const issues: BodyIssue[] = [];
  const rawLines = body.replace(/\r\n?/g, '\n').split('\n');
  const sections: Array<{ platforms: Platform[] | null; line: number; parts: TemplateLine[][] }> = [
    { platforms: null, line: 1, parts: [[]] },
  ];
  rawLines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.replace(/[ \t]+$/, '');
    const heading = SECTION.exec(text);
    if (heading) {
      const names = (heading[1] ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      if (names.length === 0) {
        issues.push({
          code: 'skills.invalid_section',
          message: 'a "## platform:" line must name at least one platform (linkedin, x, facebook, instagram)',
          line,
          column: 1,
        });
      }
      const platforms: Platform[] = [];
      for (const name of names) {
        const p = name === 'twitter' ? 'x' : name;
        if (isPlatform(p)) platforms.push(p);
        else
          issues.push({
            code: 'skills.unknown_platform',
            message: `"${name}" is not a platform; use linkedin, x, facebook or instagram`,
            line,
            column: text.indexOf(name) + 1,
          });
      }
      sections.push({ platforms, line, parts: [[]] });
      return;
    }
    const current = sections.at(-1) as (typeof sections)[number];
    if (text.trim() === '---') {
      current.parts.push([]);
      return;
    }
    (current.parts.at(-1) as TemplateLine[]).push({ segments: lineSegments(text, line, issues), line });
  });
  const out: BodySection[] = [];
  for (const s of sections) {
    const parts = s.parts.map(trimPart);
    // Empty parts around separators (a trailing ---) are dropped; the default section disappears
    // when nothing is written before the first heading.
    const kept = parts.filter((p) => p.lines.length > 0);
    if (s.platforms === null && kept.length === 0) continue;
    out.push({ platforms: s.platforms, parts: kept, line: s.line });
  }
  return { sections: out, issues };
}

/** The section that serves `platform`: its own, else the default one. */
export function sectionFor(body: CompiledBody, platform: Platform): BodySection | undefined {
  return (
    body.sections.find((s) => s.platforms?.includes(platform)) ??
    body.sections.find((s) => s.platforms === null)
  );
}

/** Every placeholder of a section with its body line. */
export function placeholdersOf(
  section: BodySection,
): Array<{ segment: Extract<Segment, { type: 'ref' }>; line: number }> {
  const out: Array<{ segment: Extract<Segment, { type: 'ref' }>; line: number }> = [];
  for (const part of section.parts)
    for (const l of part.lines)
      for (const s of l.segments) if (s.type === 'ref') out.push({ segment: s, line: l.line });
  return out;
}

/** The locked text of a section's parts, placeholders removed (for checks on what a filler cannot change). */
export function lockedText(part: TemplatePart): string {
  return part.lines.map((l) => l.segments.map((s) => (s.type === 'text' ? s.text : '')).join('')).join('\n');
}
