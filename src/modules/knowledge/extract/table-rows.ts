/**
 * A table row as the offers reader sees it (page-offers.ts): which cell names the item, whether the
 * rows are sizes or sessions of one item, the code, unit, stock and price columns its headers name,
 * and a price matrix (sizes as columns).
 */
import { findPrices, PERIOD_LABEL } from '../entries/patterns.js';
import { DURATION_ONLY, sessionName, TIME_ONLY } from './dated-sessions.js';
import { collapseWhitespace } from './dom.js';
import { BLOCK, CELL, dataRowOf, type Line, SKIPPED } from './page-lines.js';
import { readStock } from './stock.js';

/** The lines of a table cell: its text split at block elements and line breaks. */
export function cellLines(cell: Element): string[] {
  const out: string[] = [];
  let buffer = '';
  const flush = () => {
    const t = collapseWhitespace(buffer);
    if (t) out.push(t);
    buffer = '';
  };
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      buffer += node.textContent ?? '';
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (SKIPPED.has(el.nodeName)) return;
    if (el.nodeName === 'BR') return flush();
    // A bold lead ("<strong>Name</strong> description") is a line of its own.
    const lead =
      (el.nodeName === 'STRONG' || el.nodeName === 'B') && buffer.trim() === '' && out.length === 0;
    const block = BLOCK.has(el.nodeName) || lead;
    if (block) flush();
    for (const child of Array.from(el.childNodes)) visit(child);
    if (block) flush();
  };
  for (const child of Array.from(cell.childNodes)) visit(child);
  flush();
  return out;
}

export interface RowLabel {
  /** The row's name cell. */
  name: string;
  /** The name column's header says the rows are sizes or options of one product. */
  variants: boolean;
  /** The row's date, when the row names its item in another cell (a schedule): the item's session. */
  session: string | null;
  /** The row's code or SKU cell, when a column is headed so. */
  sku: string | null;
  /** The unit the price column's header gives ("Price per metre"). */
  unit: string | null;
  /** The price column's header says its prices are the lowest ("Starting at", "From"). */
  from: boolean;
  /** The row's stock cell, when a column is headed so. */
  stock: string | null;
  /**
   * A price matrix (sizes as columns: "Single | Double", "10\" | 14\"", "Pint | Glass"): each price cell
   * with its column header. Empty unless two or more priced columns have headers of their own.
   */
  matrix: { header: string; cell: Element }[];
}

const VARIANT_HEADER =
  /\b(?:sizes?|variants?|options?|weights?|volumes?|packs?|formats?|quantity|qty|tickets?|ages?|duration|length|plans?|tiers?|dates?)\b/i;

const ACTION =
  /^(?:book(?: now| online)?|reserve|select|choose|buy(?: now| tickets?)?|add to (?:cart|basket|bag)|register|enrol|sign up|join waitlist|details|more info|view)$/i;

/** The name cell of a table row line (the first cell with words and no price), or null. */
export function tableRow(line: Line, currencyHint: string | null): RowLabel | null {
  const row = dataRowOf(line.el);
  if (!row) return null;
  const cells = Array.from(row.children).filter((c) => CELL.has(c.nodeName));
  // A header written over two lines ("Small<br>up to 10 kg") reads as one phrase with a space.
  const text = (c: Element) => cellLines(c).join(' ');
  // A cell may hold a name and its description in separate elements ("Soup & Sandwich" + "Soup of the
  // day …"): the name is the cell's first line.
  const firstLine = (c: Element) => cellLines(c)[0] ?? '';
  const table = row.closest('table');
  const headerRow = table?.querySelector('thead tr') ?? table?.querySelector('tr');
  const headers =
    headerRow && headerRow !== row && Array.from(headerRow.children).every((c) => c.nodeName === 'TH')
      ? Array.from(headerRow.children).map(text)
      : [];
  const column = (re: RegExp) => headers.findIndex((h) => re.test(h));
  const skuAt = column(/\b(?:code|sku|ref|part(?: no)?|item no|article(?: no)?|art\.? ?nr)\b/i);
  const stockAt = column(/\b(?:stock|availab\w*|status|places|spaces|spots|seats)\b/i);
  const hasPrice = (t: string) => findPrices(t, currencyHint).length > 0;
  // A date cell may carry a note after its date in an element of its own ("Tue 29 Sep – Thu 1 Oct
  // 2026" + "Spring holidays"): the date, with its start time when it gives one, is the cell's.
  const when = (c: Element): string | null => {
    const whole = sessionName(text(c));
    if (whole) return whole;
    const first = c.firstElementChild;
    const rest = first ? text(c).slice(text(first).length).trim() : '';
    return first && rest.length <= 30 && !hasPrice(rest) ? sessionName(text(first)) : null;
  };
  const priceAt = cells.findIndex((c) => hasPrice(text(c)));
  // A booking widget's action cell ("Book", a button) names nothing.
  const action = (c: Element) =>
    ACTION.test(text(c)) ||
    (c.querySelector('button, [role="button"], input[type="submit"]') !== null &&
      text(c).split(/\s+/).length <= 3);
  const worded = (c: Element, i: number) =>
    i !== skuAt && i !== stockAt && /\p{L}{2,}/u.test(text(c)) && !hasPrice(text(c)) && !action(c);
  let index = cells.findIndex(worded);
  // A schedule's row: its date first, the item in a cell of its own ("Sat, April 10, 2027 | Spring
  // Pruning Basics | 10:00 am – 12:00 pm | $35 | Sold out"). The item is named by its cell, the date
  // is its session.
  const date = index >= 0 ? when(cells[index] as Element) : null;
  const named = date
    ? cells.findIndex((c, i) => {
        if (i === index || !worded(c, i)) return false;
        const t = text(c);
        return !when(c) && !TIME_ONLY.test(t) && !readStock(t) && !DURATION_ONLY.test(t);
      })
    : -1;
  let session = named >= 0 ? date : null;
  if (named >= 0) index = named;
  else if (index >= 0) {
    // A row of a course's terms ("Term 1 | 6 Feb – 3 Apr | 9 | $405 | Full"): every cell says when,
    // none says what, so the row is a session of the item the table is under.
    const timed = cells.filter((c, i) => worded(c, i) || when(c));
    const whenOnly = timed.every((c) => {
      const t = text(c);
      return PERIOD_LABEL.test(t) || when(c) || TIME_ONLY.test(t) || DURATION_ONLY.test(t) || readStock(t);
    });
    // With its start time when the cell gives one: two departures of one day are two sessions.
    const dated = timed.map(when).find((d) => d !== null);
    if (whenOnly && (dated || PERIOD_LABEL.test(text(cells[index] as Element)))) {
      session = dated ?? text(cells[index] as Element);
      index = -1;
    }
  }
  const unitWord = /\bper\s+([a-z]+)|\/\s*([a-z]+)\b/i.exec(headers[priceAt] ?? '');
  const unit = unitWord ? ((unitWord[1] ?? unitWord[2]) as string).toLowerCase() : null;
  const cellText = (i: number) => (i >= 0 && cells[i] ? text(cells[i] as Element) || null : null);
  const priced = cells
    .map((cell, i) => ({ cell, header: headers[i] ?? '' }))
    .filter((c) => hasPrice(text(c.cell)));
  // A row that leaves a size unpriced ("Wexford cider | – | 75,-") is still a row of the matrix its
  // table is: the other rows price two columns at least.
  const pricedColumns = new Set<number>();
  if (priced.length === 1 && table)
    for (const tr of Array.from(table.querySelectorAll('tr')))
      Array.from(tr.children).forEach((c, i) => {
        if (CELL.has(c.nodeName) && c.nodeName !== 'TH' && hasPrice(text(c))) pricedColumns.add(i);
      });
  const matrix =
    (priced.length >= 2 || (priced.length === 1 && pricedColumns.size >= 2)) &&
    priced.every((c) => c.header !== '' && !/^(?:price|prices|cost|€|£|\$)$/i.test(c.header)) &&
    new Set(priced.map((c) => c.header.toLowerCase())).size === priced.length
      ? priced
      : [];
  return {
    name: index < 0 ? '' : firstLine(cells[index] as Element),
    variants: index >= 0 && !session && VARIANT_HEADER.test(headers[index] ?? ''),
    session,
    sku: cellText(skuAt),
    unit: unit ? (/^met(?:re|er)s?$/.test(unit) ? 'm' : unit.replace(/s$/, '')) : null,
    from: /\b(?:from|starting(?: at| from)?|starts? at|prices? from)\b/i.test(headers[priceAt] ?? ''),
    stock: cellText(stockAt),
    matrix,
  };
}
