/**
 * RFC 4180 CSV reading: quoted fields may hold commas, doubled quotes and line breaks. Small enough
 * to keep in the module instead of adding a dependency for one format.
 */
export interface CsvTable {
  header: string[];
  rows: string[][];
}

/** Parses CSV text into rows of fields. Throws on an unterminated quoted field. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  let i = 0;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < src.length) {
    const ch = src[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field.length === 0) {
      inQuotes = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      field = '';
      if (row.some((f) => f.length > 0) || row.length > 1) rows.push(row);
      row = [];
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      i++;
    }
  }
  if (inQuotes) throw new Error('a quoted field is not closed (missing ")');
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    if (row.some((f) => f.length > 0)) rows.push(row);
  }
  return rows;
}

/** Parses CSV with a header row; header names are trimmed and lowercased. */
export function parseCsv(text: string): CsvTable {
  const rows = parseCsvRows(text);
  const [header, ...rest] = rows;
  return { header: (header ?? []).map((h) => h.trim().toLowerCase()), rows: rest };
}
