/**
 * An owner's description that speaks of one option by its name: "The 12–16 Jan week is nearly
 * full", "Large is back in May". The option picker says nothing of that option's stock; the sentence
 * does. Only a page with one product of several named options is read, and a sentence counts only
 * when it names exactly one of them.
 */
import { readStock } from './stock.js';
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

export function applyOptionMentions(products: Product[], text: string): void {
  const pickers = products.filter((p) => p.offers.filter((o) => o.name).length >= 2);
  const named = pickers.length === 1 ? (pickers[0] as Product).offers.filter((o) => o.name) : [];
  if (named.length === 0) return;
  // A name that could be a word of any sentence ("S", "Red") is no mention.
  const keys = named.map((o) => {
    const key = spoken(o.name as string);
    return /\d/.test(key) && key.length >= 4 ? key : null;
  });
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    const stock = readStock(sentence);
    if (!stock) continue;
    const said = spoken(sentence);
    const hits = named.filter((_, i) => keys[i] !== null && said.includes(keys[i] as string));
    const offer = hits.length === 1 ? hits[0] : undefined;
    if (!offer || offer.availability) continue;
    offer.availability = stock.state;
    offer.availabilityText = stock.text;
    offer.availableFrom = stock.availableFrom;
  }
}
