/**
 * A booking schedule that lists dated sessions without their prices (Bookwhen's agenda, a class
 * timetable): each row names an item the page prices elsewhere ("Wild Day (ages 5–11)" in the price
 * table above), the day it runs (in the row, or in the day's title row above it) and its stock ("2
 * places left", "Fully booked", a row marked `--sold-out`). Each row is a dated session of that item
 * at the item's price. Used by the offers reader (page-offers.ts).
 */
import { dateLabel, sessionName } from './dated-sessions.js';
import { collapseWhitespace } from './dom.js';
import { CELL } from './page-lines.js';
import { productNameKey } from './product-merge.js';
import { classStock, readStock, type StockReading } from './stock.js';

/** What the schedule needs of an item priced on the page. */
export interface PricedItem {
  name: string;
  price: number;
  currency: string | null;
  unit: string | null;
}

export interface ScheduledSession {
  item: PricedItem;
  /** The day, with its start time when the item runs twice that day. */
  session: string;
  stock: StockReading | null;
}

/** A product's name key without a plural's "s" ("Family Forest Mornings" names "Family Forest Morning"). */
function key(name: string): string {
  return productNameKey(name)
    .split(' ')
    .map((w) => (w.length > 3 && /[^s]s$/.test(w) ? w.slice(0, -1) : w))
    .join(' ');
}

const text = (el: Element) => collapseWhitespace(el.textContent ?? '');
const START_TIME = /\b\d{1,2}(?::\d{2})?\s*(?:am|pm)\b|\b\d{1,2}:\d{2}\b/i;

/**
 * The day a schedule row runs: a date cell of its own, a course's span written in the row ("5
 * sessions: 27–31 July"), else the nearest day title above it.
 */
function dayOf(row: Element, cells: Element[]): string | null {
  for (const c of cells) {
    const date = dateLabel(text(c));
    if (date) return date;
  }
  for (const leaf of row.querySelectorAll('*')) {
    if (leaf.children.length > 0) continue;
    const date = dateLabel(text(leaf).split(/:\s*/).pop() ?? '');
    if (date && /\d\s*[–—-]\s*\d|[–—-]\s*\p{L}+\s+\d/u.test(date)) return date;
  }
  for (let r = row.previousElementSibling; r; r = r.previousElementSibling) {
    const own = Array.from(r.children);
    // A title row: header cells only ("Monday 30 March" spanning the table).
    if (own.length === 0 || !own.every((c) => c.nodeName === 'TH')) continue;
    const date = dateLabel(text(r));
    if (date) return date;
  }
  return null;
}

/** What a row says of its stock: its words, a marked icon's title, or the row's own class. */
function stockOfRow(row: Element, cells: Element[]): StockReading | null {
  for (const c of cells) {
    const reading = readStock(text(c));
    if (reading) return reading;
  }
  for (const el of row.querySelectorAll('[title]')) {
    const reading = readStock(el.getAttribute('title') ?? '');
    if (reading) return reading;
  }
  const state = classStock(row.getAttribute('class') ?? '');
  return state ? { state, text: '', availableFrom: null } : null;
}

/**
 * The dated sessions of a schedule under `root` whose rows name items of `priced` and state no price
 * of their own. A schedule is two rows or more; a single row naming an item says nothing of a date.
 */
export function scheduledSessions(
  root: Element,
  priced: readonly PricedItem[],
  hasPrice: (text: string) => boolean,
): ScheduledSession[] {
  const byName = new Map<string, PricedItem>();
  // By its name, and by its name without a bracketed note ("Summer Wild Week (5 days)").
  for (const item of priced)
    for (const name of [item.name, item.name.replace(/\s*\([^()]*\)/g, '')])
      if (name.trim() !== '' && !byName.has(key(name))) byName.set(key(name), item);
  if (byName.size === 0) return [];
  const found: { item: PricedItem; day: string; time: string | null; stock: StockReading | null }[] = [];
  for (const row of root.querySelectorAll('tr')) {
    const cells = Array.from(row.children).filter((c) => CELL.has(c.nodeName));
    if (cells.length < 2 || hasPrice(text(row))) continue;
    // The item a cell names, whole ("Wild Day (ages 5–11)" in a cell or its button).
    const item = cells
      .flatMap((c) => [c, ...Array.from(c.querySelectorAll('a, button, span, strong, b'))])
      .map((el) => byName.get(key(text(el))))
      .find((x) => x !== undefined);
    if (!item) continue;
    const day = dayOf(row, cells);
    if (!day) continue;
    found.push({ item, day, time: START_TIME.exec(text(row))?.[0] ?? null, stock: stockOfRow(row, cells) });
  }
  if (found.length < 2) return [];
  return found.map((f) => {
    const twice = found.filter((o) => o.item === f.item && o.day === f.day).length > 1;
    return {
      item: f.item,
      session: twice && f.time ? (sessionName(`${f.day}, ${f.time}`) ?? `${f.day}, ${f.time}`) : f.day,
      stock: f.stock,
    };
  });
}

/** A rate's name that says how one pays, not which session: "Drop-in", "Single class". */
export const RATE_NAME =
  /^(?:drop-?in|single(?: class| session)?|casual|walk-?in|pay as you go|per class|class)$/i;

/**
 * The day a week grid's column heads over `el` (Mindbody's `bw-widget__date` "Mon" / "Mar 1" above
 * the day's sessions): the date of a short block just before one of `el`'s nearest ancestors, or null.
 */
export function columnDay(el: Element): string | null {
  let e: Element | null = el;
  for (let depth = 0; e && depth < 6; depth++, e = e.parentElement) {
    const before = e.previousElementSibling;
    if (!before) continue;
    const words = Array.from(before.querySelectorAll('*'))
      .filter((x) => x.children.length === 0)
      .map(text)
      .filter((t) => t !== '');
    const label = (words.length > 0 ? words : [text(before)]).join(' ');
    if (label.length > 30) continue;
    const date = dateLabel(label);
    if (date) return date;
  }
  return null;
}
