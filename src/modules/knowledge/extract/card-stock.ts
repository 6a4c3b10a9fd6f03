/**
 * An item's card on the page (the largest element around its price line that holds no other item)
 * and the stock that card states: its classes (`outofstock`), its badges and short lines ("Sold",
 * "Back in October"), and for a variant its own row. Used by the offers reader (page-offers.ts).
 */
import type { Line } from './page-lines.js';
import { classStock, readStock, type StockReading } from './stock.js';

/** What the card reader needs of an item. */
export interface CardItem {
  lines: Line[];
  titleLine: Line | null;
  variant: string | null;
  rowStock: StockReading | null;
}

function attributesText(el: Element): string {
  const parts = [el.getAttribute('class') ?? ''];
  for (const name of el.getAttributeNames?.() ?? []) {
    if (/^data-(?:status|stock|availability|state)$/i.test(name)) parts.push(el.getAttribute(name) ?? '');
  }
  return parts.join(' ');
}

/**
 * The card of an item: the largest element around its price line that holds none of the other
 * items' lines.
 */
export function cardOf(item: CardItem, others: Line[], headings: Line[], root: Element): Element {
  let card: Element = (item.lines[0] as Line).el;
  // A copy of the item's own title, for screen readers, is the item's own.
  const title = item.titleLine?.text;
  for (let e = card.parentElement; e; e = e.parentElement) {
    if (others.some((l) => e.contains(l.el))) break;
    // A card never spans another section or another card: no heading or name-like title but the
    // item's own (a priceless card's "Out of stock" belongs to that card's name).
    if (
      headings.some(
        (h) =>
          h !== item.titleLine &&
          !item.lines.includes(h) &&
          h.text !== title &&
          // A dated card's date heading is its variant's ("13 – 20 June 2026" over "Last few places").
          h.text !== item.variant &&
          e.contains(h.el),
      )
    )
      break;
    card = e;
    if (e === root) break;
  }
  return card;
}

/**
 * A badge printed on every card whatever its state (Shopify's legacy themes print both "Sale" and
 * "Sold out" in each card, `price__badge--sold-out`) and shown by the theme's CSS only when the card
 * carries that state. Such a theme marks states on wrappers (`price--sold-out`): where the page has
 * wrappers with the badge's state, or the badge sits in a set of badges printed side by side, it says
 * nothing unless its own card's wrappers say it too. A lone badge (Webflow's, hidden by its own class
 * when it does not apply) is what it says.
 */
function conditionalBadge(el: Element, card: Element, wrapperStates: ReadonlySet<string>): boolean {
  let badge: Element | null = null;
  let state: string | null = null;
  for (let e: Element | null = el; e && e !== card.parentElement; e = e.parentElement) {
    const classes = e.getAttribute('class') ?? '';
    state = /badge/i.test(classes) ? classStock(classes) : null;
    if (state) {
      badge = e;
      break;
    }
  }
  if (!badge || !state) return false;
  // Every badge the theme has, printed side by side ("Sale" and "Sold out"), is a template's set.
  const set = Array.from(badge.parentElement?.children ?? []).filter((b) =>
    /badge/i.test(b.getAttribute('class') ?? ''),
  );
  if (!wrapperStates.has(state) && set.length < 2) return false;
  for (let e = badge.parentElement; e && e.nodeName !== 'BODY'; e = e.parentElement) {
    const classes = e.getAttribute('class') ?? '';
    if (!/badge/i.test(classes) && classStock(classes) === state) return false;
  }
  return true;
}

/** The stock states the page marks on elements other than badges (`dl.price--sold-out`). */
export function wrapperStatesOf(root: Element): Set<string> {
  const states = new Set<string>();
  for (const el of root.querySelectorAll('[class]')) {
    const classes = el.getAttribute('class') ?? '';
    if (/badge/i.test(classes)) continue;
    const state = classStock(classes);
    if (state) states.add(state);
  }
  return states;
}

export function stockOf(
  item: CardItem,
  card: Element,
  lines: Line[],
  otherItemLines: Set<Line>,
  wrapperStates: ReadonlySet<string>,
  /** A dated variant priced on a line of its own, bounded by the other dates: its card is its own. */
  ownCard = false,
): StockReading | null {
  // The item's own row first (a variant row: "1 L tin · CA$42 · Currently out of stock").
  if (item.rowStock) return item.rowStock;
  // "In stock" is what a shop theme writes on every card it has no other word for (WooCommerce's
  // `instock` on a bookable class): the owner's own words in the card ("Fully booked until May")
  // say more. Any other state a class marks is the shop's own.
  let marked: StockReading | null = null;
  for (
    let e: Element | null = (item.lines[0] as Line).el;
    e && e !== card.parentElement;
    e = e.parentElement
  ) {
    if (item.variant && e === card) break;
    const state = classStock(attributesText(e));
    if (state === 'in_stock') {
      marked = { state, text: '', availableFrom: null };
      break;
    }
    if (state) return { state, text: '', availableFrom: null };
  }
  if (item.variant && !ownCard) return marked;
  for (const l of lines) {
    if (otherItemLines.has(l) || !card.contains(l.el)) continue;
    const shown = l.segments.filter((s) => !conditionalBadge(s.el, card, wrapperStates));
    const text =
      shown.length === l.segments.length ? l.text : shown.map((s) => l.text.slice(s.start, s.end)).join(' ');
    // A stock note may close a tagline of facts ("Term 1 · Wednesdays 4pm · 2 spots left").
    const reading = readStock(text) ?? segmentStock(text);
    if (reading) return reading;
  }
  // A ribbon drawn as an image says its word only in its alt text ("Sold out").
  for (const img of card.querySelectorAll('img[alt]')) {
    const alt = (img.getAttribute('alt') ?? '').trim();
    const reading = alt.split(/\s+/).length <= 4 ? readStock(alt) : null;
    if (reading) return reading;
  }
  if (marked) return marked;
  for (const el of card.querySelectorAll('[class]')) {
    if (conditionalBadge(el, card, wrapperStates)) continue;
    const state = classStock(el.getAttribute('class') ?? '');
    if (state) return { state, text: '', availableFrom: null };
  }
  // Without a card of its own, the short lines right after the price line, up to the next item. A
  // card that holds more than the price line (its title, a badge) is a card: the lines after it
  // belong to the next card, whose badge may well come before its title.
  if (lines.some((l) => card.contains(l.el) && l !== item.lines[0])) return null;
  const from = (item.lines[0] as Line).index;
  for (let i = from + 1; i < lines.length && i <= from + 3; i++) {
    const l = lines[i] as Line;
    if (l.title || l.prices.length > 0 || otherItemLines.has(l)) break;
    const reading = readStock(l.text);
    if (reading) return reading;
  }
  return null;
}

/** The stock a segment of a "·"-separated line states, or null. */
function segmentStock(text: string): StockReading | null {
  const segments = text.split(/\s+[·•|]\s+/);
  if (segments.length < 2) return null;
  for (const segment of segments) {
    const reading = readStock(segment);
    if (reading) return reading;
  }
  return null;
}
