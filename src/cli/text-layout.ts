/**
 * Plain-text layout for human output: word wrapping to a width and tables whose wide columns wrap
 * instead of running off the terminal.
 */

/** Whitespace (line breaks included) collapsed to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Splits `text` into lines of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      if (line && line.length + 1 + rest.length <= w) {
        line += ` ${rest}`;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      while (rest.length > w) {
        lines.push(rest.slice(0, w));
        rest = rest.slice(w);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** `text` wrapped to `width`, every line after `indent`. */
export function fold(text: string, width: number, indent = ''): string {
  return wrap(text, width - indent.length)
    .map((l) => (l ? indent + l : l))
    .join('\n');
}

export interface Column<T> {
  header: string;
  value(row: T): string;
  /** Right-aligned (numbers). */
  right?: boolean;
  /** Share of the width left for wide columns, against 1 for the others (a snippet: 2). */
  weight?: number;
  /** Never wrapped (ids a person copies): always its full width. */
  whole?: boolean;
}

const GAP = 2;
const MIN_WIDTH = 8;

/**
 * Widths for columns whose contents want `natural` characters, in `total`: narrow columns get what they
 * need, the wide ones share the rest by weight (each at least MIN_WIDTH, so a very narrow terminal
 * overflows rather than showing nothing).
 */
function columnWidths(natural: number[], weights: number[], whole: boolean[], total: number): number[] {
  const widths = natural.map((n, i) => (whole[i] ? n : 0));
  let remaining = total - GAP * (natural.length - 1) - widths.reduce((a, b) => a + b, 0);
  let weightLeft = weights.reduce((a, b, i) => a + (whole[i] ? 0 : b), 0);
  // Narrowest need first, relative to weight: what a column does not use goes to the ones after it.
  const order = natural
    .map((n, i) => ({ n, i, w: weights[i] ?? 1 }))
    .filter(({ i }) => !whole[i])
    .sort((a, b) => a.n / a.w - b.n / b.w);
  for (const { n, i, w } of order) {
    const fair = Math.floor((remaining * w) / weightLeft);
    const width = Math.min(n, Math.max(fair, MIN_WIDTH));
    widths[i] = width;
    remaining -= width;
    weightLeft -= w;
  }
  return widths;
}

/**
 * A table folded to `width`: cells are single lines unless their column must wrap; when any row takes
 * several lines, rows are separated by a blank line so each stays readable.
 */
export function table<T>(rows: readonly T[], columns: readonly Column<T>[], width: number): string {
  const cells = rows.map((row) => columns.map((c) => oneLine(c.value(row))));
  const natural = columns.map((c, i) =>
    Math.max(c.header.length, ...cells.map((r) => (r[i] as string).length)),
  );
  const widths = columnWidths(
    natural,
    columns.map((c) => c.weight ?? 1),
    columns.map((c) => c.whole === true),
    width,
  );
  const render = (values: string[]): string[] => {
    const wrapped = values.map((v, i) => wrap(v, widths[i] as number));
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let l = 0; l < height; l++) {
      lines.push(
        wrapped
          .map((w, i) => {
            const text = w[l] ?? '';
            const cw = widths[i] as number;
            return columns[i]?.right ? text.padStart(cw) : text.padEnd(cw);
          })
          .join(' '.repeat(GAP))
          .trimEnd(),
      );
    }
    return lines;
  };
  const body = cells.map(render);
  const spaced = body.some((lines) => lines.length > 1);
  const header = render(columns.map((c) => c.header));
  const rule = widths.map((w) => '─'.repeat(w)).join(' '.repeat(GAP));
  return [
    ...header,
    rule,
    ...body
      .map((lines) => lines.join('\n'))
      .join(spaced ? '\n\n' : '\n')
      .split('\n'),
  ].join('\n');
}
