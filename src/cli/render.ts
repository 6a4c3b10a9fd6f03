/**
 * Human output for operation results: objects as aligned `key: value` lines, arrays of flat objects as
 * tables. `--json` bypasses this and prints the result as JSON.
 */
export function renderHuman(value: unknown, indent = ''): string {
  if (value === null || value === undefined) return `${indent}-`;
  if (typeof value !== 'object') return `${indent}${String(value)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}(none)`;
    if (value.every(isFlatObject)) return renderTable(value as Record<string, unknown>[], indent);
    return value.map((v) => renderHuman(v, indent)).join(`\n${indent}---\n`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries
    .map(([k, v]) => {
      if (
        v !== null &&
        typeof v === 'object' &&
        !(Array.isArray(v) && v.every((x) => typeof x !== 'object'))
      ) {
        return `${indent}${k}:\n${renderHuman(v, `${indent}  `)}`;
      }
      return `${indent}${k.padEnd(width)}  ${scalar(v)}`;
    })
    .join('\n');
}

function isFlatObject(v: unknown): boolean {
  return (
    v !== null &&
    typeof v === 'object' &&
    !Array.isArray(v) &&
    Object.values(v).every(
      (x) =>
        x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => typeof y !== 'object')),
    )
  );
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '-';
  return String(v);
}

function renderTable(rows: Record<string, unknown>[], indent: string): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cells = rows.map((r) => columns.map((c) => truncate(scalar(r[c]), 48)));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] as string).length)));
  const line = (values: string[]) =>
    indent +
    values
      .map((v, i) => v.padEnd(widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
