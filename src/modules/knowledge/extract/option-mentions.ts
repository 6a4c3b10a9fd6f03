/**
 * An owner's description that speaks of one option by its name: "The 12–16 Jan week is nearly
 * full", "Large is back in May", a table of the weeks with their places ("12 – 16 July 2027 | 3
 * places left"). The option picker says nothing of that option's stock; the sentence or row does.
 * Only a page with one product of several named options is read, and a sentence counts only when it
 * names exactly one of them.
 */
import { collapseWhitespace } from './dom.js';
import { readStock, type StockReading } from './stock.js';
import type { Product } from './types.js';

/** An option's name as a sentence would say it: without its bracketed note, dashes and spaces alike. */
function spoken(name: string): string {
  return name
    .replace(/\([^()]*\)/g, ' ')
    .replace(/[‐‑‒–—-]/g, '-')
    .replace(/\s*-\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A sentence, or a table row or list item with the stock one of its cells states. */
export interface Mention {
  text: string;
  stock: StockReading | null;
  /** A row's cells (a list item's leaf texts): an option named by a cell of its own is named. */
  cells?: string[];
}

/** The page's sentences and its table rows ("2 | 12 – 16 July 2027 | 3 places left"), each with its stock. */
export function mentionsOf(root: Element): Mention[] {
  const sentences = collapseWhitespace(root.textContent ?? '')
    .split(/(?<=[.!?])\s+/)
    .map((text) => ({ text, stock: readStock(text) }));
  const row = (cells: string[]): Mention => ({
    text: cells.join(' '),
    stock: cells.map(readStock).find((r) => r !== null) ?? null,
    cells,
  });
  const rows = Array.from(root.querySelectorAll('tr')).map((tr) =>
    row(Array.from(tr.children).map((c) => collapseWhitespace(c.textContent ?? ''))),
  );
  // A list of the options with their stock (Big Cartel's inventory bars: "Small" / "2 In stock").
  const items = Array.from(root.querySelectorAll('li'))
    .map((li) =>
      Array.from(li.querySelectorAll('*'))
        .filter((e) => e.children.length === 0)
        .map((e) => collapseWhitespace(e.textContent ?? ''))
        .filter((t) => t !== ''),
    )
    .filter((cells) => cells.length >= 2 && cells.length <= 4)
    .map(row);
  // A list item on its own ("Saturday 7 November – FULL"): list items run together in the text
  // without a full stop between them, so each is read as a sentence of its own too.
  const lines = Array.from(root.querySelectorAll('li'))
    .map((li) => collapseWhitespace(li.textContent ?? ''))
    .filter((text) => text !== '' && text.length <= 120)
    .map((text) => ({ text, stock: readStock(text) }));
  return [...sentences, ...rows, ...items, ...lines];
}

/** An option's name as a mention must contain it, or null for a name that could be a word of any sentence ("S", "Red"). */
function mentionKey(name: string): string | null {
  const key = spoken(name);
  return /\d/.test(key) && key.length >= 4 ? key : null;
}

/** Whether a mention with stock names one of `names` and only that one (see `applyOptionMentions`). */
export function namesOneWithStock(mentions: readonly Mention[], names: readonly string[]): boolean {
  const keys = names.map(mentionKey).filter((k): k is string => k !== null);
  return mentions.some((m) => {
    if (!m.stock) return false;
    const said = spoken(m.text);
    return keys.filter((k) => said.includes(k)).length === 1;
  });
}

/** Gives each option the stock of the one mention that names it, unless it states its own. */
export function applyOptionMentions(products: Product[], mentions: Mention[]): void {
  const pickers = products.filter((p) => p.offers.filter((o) => o.name).length >= 2);
  const named = pickers.length === 1 ? (pickers[0] as Product).offers.filter((o) => o.name) : [];
  if (named.length === 0) return;
  const keys = named.map((o) => mentionKey(o.name as string));
  for (const { text, stock, cells } of mentions) {
    if (!stock) continue;
    const said = spoken(text);
    const own = new Set((cells ?? []).map(spoken));
    const hits = named.filter(
      (o, i) => own.has(spoken(o.name as string)) || (keys[i] !== null && said.includes(keys[i] as string)),
    );
    const offer = hits.length === 1 ? hits[0] : undefined;
    if (!offer || offer.availability) continue;
    offer.availability = stock.state;
    offer.availabilityText = stock.text;
    offer.availableFrom = stock.availableFrom;
  }
}
