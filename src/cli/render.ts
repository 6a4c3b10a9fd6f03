import { contentView } from './content-view.js';
import { conversationView, editView } from './conversation-view.js';
import { type Column, fold, oneLine, table } from './text-layout.js';

/**
 * Human output of operation results. Results a person reads most have their own view (tables with the
 * columns that matter, reasons in full); the rest get a generic one: lists as tables of their plain
 * fields, objects as `key  value` lines. Long text is folded to `width`. `--json` bypasses all of this
 * and prints the result exactly as the API returns it.
 */
export function renderResult(operation: string, value: unknown, width: number): string {
  const view = VIEWS[operation];
  if (view && value !== null && typeof value === 'object') return view(value as Obj, width);
  return renderHuman(value, width);
}

type Obj = Record<string, unknown>;
type View = (value: Obj, width: number) => string;

const str = (v: unknown): string => (v === null || v === undefined || v === '' ? '-' : String(v));
const arr = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/** A URL without its scheme. */
function shortUrl(url: unknown): string {
  if (typeof url !== 'string' || !url) return '-';
  return url.replace(/^https?:\/\//, '');
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/**
 * A column of source URLs: when every row's page is on one site, the path alone, the site named once
 * below the table.
 */
function sourceColumn<T>(
  rows: T[],
  header: string,
  urlOf: (row: T) => string | null,
): { column: Column<T>; note: string } {
  const origins = new Set(
    rows
      .map((r) => urlOf(r))
      .filter((u): u is string => Boolean(u))
      .map(originOf),
  );
  const [only] = origins;
  if (origins.size === 1 && only) {
    return {
      column: {
        header,
        value: (r) => {
          const u = urlOf(r);
          return u ? u.slice(only.length) || '/' : '-';
        },
      },
      note: ` on ${only}`,
    };
  }
  return { column: { header, value: (r) => shortUrl(urlOf(r)) }, note: '' };
}

/** Plain text from a Markdown snippet: no emphasis marks, link targets, heading hashes or table pipes. */
export function plainText(markdown: string): string {
  return oneLine(
    markdown
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/(\*\*|__|`)/g, '')
      .replace(/(^|\s)[*_](\S)/g, '$1$2')
      .replace(/(\S)[*_](?=\s|$|[.,;:!?])/g, '$1')
      .replace(/^#{1,6}\s+/gm, '')
      .replace(/^\s*[-*+]\s+/gm, '')
      // Tables: the header rule goes, cells are separated by a middle dot, empty cells vanish.
      .replace(/(^|\s|\|)\s*:?-{3,}:?\s*(?=\||$|\s)/gm, '$1')
      .replace(/\s*\|\s*/g, ' · ')
      .replace(/·(\s*·)+/g, '·')
      .replace(/^[\s·:-]+|[\s·:-]+$/g, ''),
  );
}

function moreHint(value: Obj): string {
  return typeof value.nextCursor === 'string' && value.nextCursor
    ? `\nmore: repeat with --cursor ${value.nextCursor}`
    : '';
}

/** A list result as a table: `columns`, then a source column (`source`, if given) and a count. */
function listView(
  key: string,
  noun: string,
  columns: Column<Obj>[],
  source?: { header: string; url(row: Obj): string | null },
): View {
  return (value, width) => {
    const rows = arr(value[key]);
    if (rows.length === 0) return `no ${noun}`;
    const src = source ? sourceColumn(rows, source.header, source.url) : undefined;
    const all = src ? [...columns, src.column] : columns;
    return `${table(rows, all, width)}\n\n${rows.length} ${noun}${src?.note ?? ''}${moreHint(value)}`;
  };
}

function price(p: Obj): string {
  if (typeof p.priceText === 'string' && p.priceText) return p.priceText;
  if (typeof p.price !== 'number') return '-';
  const amount = `${p.currency ? `${p.currency} ` : ''}${p.price}`;
  return `${p.priceFrom ? 'from ' : ''}${amount}${p.unit ? ` / ${p.unit}` : ''}`;
}

/** The page an extracted item comes from (null for one a person added). */
function sourceUrl(item: Obj): string | null {
  const provenance = obj(item.provenance);
  const url = provenance.sourceUrl ?? item.url;
  return typeof url === 'string' && url ? url : null;
}

function searchView(value: Obj, width: number): string {
  const hits = arr(value.hits);
  if (hits.length === 0) return `no passage matches "${str(value.query)}"`;
  const rows = hits.map((h, i) => ({ ...h, rank: i + 1 }));
  const path = (h: Obj) => {
    const url = typeof h.url === 'string' ? h.url : '';
    const heading = arr(h.headingPath).map(String).join(' › ');
    let where = url;
    try {
      where = url ? new URL(url).pathname : '';
    } catch {
      // not a URL: shown as it is
    }
    return [where, heading].filter(Boolean).join(' › ') || '-';
  };
  return table(
    rows,
    [
      { header: '#', value: (h) => String(h.rank), right: true },
      { header: 'Title', value: (h) => str(h.title) },
      { header: 'Path', value: path },
      {
        header: 'Snippet',
        value: (h) => plainText(String(obj(h.highlight).text ?? h.text ?? '')),
        weight: 2,
      },
      {
        header: 'Score',
        value: (h) => (typeof h.normalizedScore === 'number' ? h.normalizedScore.toFixed(2) : '-'),
        right: true,
      },
    ],
    width,
  );
}

function voiceScoreView(value: Obj, width: number): string {
  const out: string[] = [];
  const score = typeof value.score === 'number' ? Math.round(value.score) : value.score;
  out.push(`Voice match: ${score}/100 (${str(value.platform)}, profile version ${str(value.version)})`);
  const violations = arr(value.violations);
  if (violations.length) {
    out.push('', 'Breaks pinned rules:');
    for (const v of violations) out.push(fold(`- ${str(v.message)}`, width, '  ').replace(/^ {2}- /, '  - '));
  }
  const reasons = [...arr(value.reasons)].sort((a, b) => Number(b.weight ?? 0) - Number(a.weight ?? 0));
  out.push('', reasons.length ? 'Why:' : 'Why: nothing stands out against the brand’s own posts.');
  for (const r of reasons) {
    const text = `${str(r.dimension)}: ${str(r.message)}`;
    out.push(
      fold(text, width - 2, '    ')
        .replace(/^ {4}/, '  - ')
        .trimEnd(),
    );
  }
  const dims = Object.entries(obj(value.dimensions));
  if (dims.length) {
    out.push('', 'By dimension (100 = what the brand usually does):');
    const name = Math.max(...dims.map(([k]) => k.length));
    for (const [k, v] of dims) {
      const n = typeof v === 'number' ? Math.round(v) : 0;
      out.push(`  ${k.padEnd(name)}  ${String(n).padStart(3)}  ${'█'.repeat(Math.round(n / 10))}`);
    }
  }
  return out.join('\n');
}

function crawlsView(value: Obj, width: number): string {
  const crawls = arr(value.crawls);
  if (crawls.length === 0) return 'no crawls';
  return (
    table(
      crawls,
      [
        { header: 'Id', value: (c) => str(c.id), whole: true },
        { header: 'Site', value: (c) => shortUrl(c.url) },
        { header: 'Status', value: (c) => str(c.status) },
        { header: 'Stored', value: (c) => str(obj(c.progress).done), right: true },
        { header: 'Changed', value: (c) => str(obj(c.progress).changed), right: true },
        { header: 'Skipped', value: (c) => str(obj(c.progress).skipped), right: true },
        { header: 'Failed', value: (c) => str(obj(c.progress).failed), right: true },
        { header: 'Started', value: (c) => str(c.createdAt).replace('T', ' ').slice(0, 16), whole: true },
      ],
      width,
    ) + moreHint(value)
  );
}

/** A new secret key: said plainly, with the line that puts it to use. */
function newKeyLines(key: Obj): string[] {
  return [
    `API key (${str(key.role)}, shown once — keep it safe): ${str(key.key)}`,
    `  export DIFY_AGENT_API_KEY=${str(key.key)}`,
  ];
}

function tenantCreatedView(value: Obj): string {
  const tenant = obj(value.tenant);
  return [
    `Created tenant ${str(tenant.name)} (slug ${str(tenant.slug)}, id ${str(tenant.id)}, time zone ${str(tenant.timeZone)}).`,
    ...newKeyLines(obj(value.adminKey)),
  ].join('\n');
}

function keyCreatedView(value: Obj): string {
  return [`Key ${str(value.name)} (${str(value.id)}).`, ...newKeyLines(value)].join('\n');
}

const VIEWS: Record<string, View> = {
  'tenants.create': tenantCreatedView,
  'keys.create': keyCreatedView,
  'keys.rotate': keyCreatedView,
  'products.list': listView(
    'products',
    'products',
    [
      { header: 'Name', value: (p) => str(p.name) },
      { header: 'Price', value: price },
      { header: 'Availability', value: (p) => str(p.availability).replace(/^https?:\/\/schema\.org\//, '') },
    ],
    { header: 'Source page', url: sourceUrl },
  ),
  'knowledge.entries.list': listView(
    'entries',
    'entries',
    [
      { header: 'Question', value: (e) => str(e.question) },
      { header: 'Answer', value: (e) => str(e.answer), weight: 2 },
      { header: 'Category', value: (e) => str(e.category).replace(/_/g, ' ') },
    ],
    { header: 'Source', url: sourceUrl },
  ),
  'knowledge.pages.list': listView(
    'pages',
    'pages',
    [
      { header: 'Id', value: (p) => str(p.id), whole: true },
      { header: 'Title', value: (p) => str(p.title) },
      { header: 'Tokens', value: (p) => str(p.tokenCount), right: true },
      { header: 'Changed', value: (p) => str(p.changedAt).replace('T', ' ').slice(0, 16), whole: true },
    ],
    { header: 'Page', url: (p) => (typeof p.url === 'string' ? p.url : null) },
  ),
  'knowledge.search': searchView,
  'knowledge.crawls.list': crawlsView,
  'voice.score': voiceScoreView,
  'content.generate': contentView,
  'content.refine': contentView,
  'content.get': contentView,
  'content.approve': contentView,
  'content.reject': contentView,
  'content.edit': editView,
  'conversations.create': conversationView,
  'conversations.send': conversationView,
  'conversations.get': conversationView,
};

/**
 * The generic view: a result holding one list shows it as a table of its plain fields (nested objects
 * are left to `--json`); other objects as aligned `key  value` lines with nested objects indented.
 */
export function renderHuman(value: unknown, width = 100, indent = ''): string {
  if (value === null || value === undefined) return `${indent}-`;
  if (typeof value !== 'object') return fold(String(value), width, indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}(none)`;
    if (value.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) {
      return indentLines(genericTable(value as Obj[], width - indent.length), indent);
    }
    return value.map((v) => renderHuman(v, width, indent)).join(`\n${indent}---\n`);
  }
  const entries = Object.entries(value as Obj);
  const lists = entries.filter(
    ([, v]) => Array.isArray(v) && v.some((x) => x !== null && typeof x === 'object'),
  );
  if (
    lists.length === 1 &&
    entries.every(([k, v]) => v === lists[0]?.[1] || k === 'nextCursor' || !isNested(v))
  ) {
    const [key, rows] = lists[0] as [string, Obj[]];
    const rest = entries.filter(([k, v]) => k !== key && k !== 'nextCursor' && v !== null && v !== undefined);
    const head = rest.length ? `${renderHuman(Object.fromEntries(rest), width, indent)}\n\n` : '';
    return `${head}${indentLines(genericTable(rows, width - indent.length), indent)}${moreHint(value as Obj)}`;
  }
  const keyWidth = Math.max(0, ...entries.map(([k]) => k.length));
  return entries
    .map(([k, v]) => {
      if (isNested(v)) return `${indent}${k}:\n${renderHuman(v, width, `${indent}  `)}`;
      const text = scalar(v);
      const lead = `${indent}${k.padEnd(keyWidth)}  `;
      if (lead.length + text.length <= width) return lead + text;
      return lead + fold(text, width, ' '.repeat(lead.length)).trimStart();
    })
    .join('\n');
}

function isNested(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !(Array.isArray(v) && v.every((x) => typeof x !== 'object'));
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return '-';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '-';
  return String(v);
}

function indentLines(text: string, indent: string): string {
  return indent ? text.replace(/^/gm, indent) : text;
}

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?Z$/;

/** A cell of the generic table: timestamps to the minute (UTC), lists joined. */
function cell(v: unknown): string {
  if (typeof v === 'string') {
    const m = ISO_TIME.exec(v);
    if (m) return `${m[1]} ${m[2]}`;
  }
  return scalar(v);
}

/** Widest a generic column gets before its text wraps. */
const WIDE = 40;

/**
 * A table of the rows' plain fields (strings, numbers, booleans, lists of them), leaving out fields that
 * are empty in every row. Columns are taken in order while they fit the width, a long text column
 * wrapping; the ones that do not fit are named below the table (`--json` has them all).
 */
function genericTable(rows: Obj[], width: number): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter(
    (k) => rows.every((r) => !isNested(r[k])) && rows.some((r) => cell(r[k]) !== '-'),
  );
  if (keys.length === 0) return rows.map((r) => renderHuman(r, width)).join('\n---\n');
  const shown: string[] = [];
  let used = 0;
  for (const k of keys) {
    const natural = Math.max(k.length, ...rows.map((r) => cell(r[k]).length));
    const w = Math.min(natural, Math.max(WIDE, k.length));
    if (shown.length > 0 && used + 2 + w > width) break;
    shown.push(k);
    used += (shown.length > 1 ? 2 : 0) + w;
  }
  const left = keys.filter((k) => !shown.includes(k));
  return (
    table(
      rows,
      shown.map((k) => ({ header: k, value: (r: Obj) => cell(r[k]), whole: k === 'id' || k.endsWith('Id') })),
      width,
    ) + (left.length ? `\n(also: ${left.join(', ')}; --json shows every field)` : '')
  );
}
