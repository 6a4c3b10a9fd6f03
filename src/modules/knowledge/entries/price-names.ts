/**
 * What a price in running text is the price of: "A flat white is £3.30, a cappuccino £3.40" gives
 * flat white → £3.30 and cappuccino → £3.40. Conservative on purpose: a price whose item cannot be
 * named with confidence gets no product entity (the entry that quotes it is still made).
 */
import { findPrices, type PriceMatch } from './patterns.js';

export interface NamedPrice {
  name: string;
  price: PriceMatch;
}

const LEADING =
  /^(?:[\s,;:.–—-]|and\b|or\b|but\b|while\b|plus\b|yes\b|no\b|also\b|then\b|our\b|the\b|a\b|an\b|your\b|each\b|every\b|all\b|any\b)+/i;
const TRAILING =
  /(?:[\s,;:–—-]|\b(?:is|are|was|were|costs?|priced|charged|at|from|for|only|just|starts?|starting|an?|extra|additional|available|of|now|will|be|by|the|our|just|around|about|approximately|roughly|costing|sells?|sold)\b)+$/i;
const COPULA = /\s(?:is|are|was|were|costs?|start(?:s|ing)?|sells?|will be|can be|comes?)\s/i;
const PREPOSITION_START =
  /^(?:during|for|with|in|on|to|by|within|over|under|after|before|including|per|from|at|of|if|when|up)\b/i;
const PRONOUN_START = /^(?:we|you|it|they|i|he|she|this|that|these|those|there|here)\b/i;
const SERVE = /\b(?:we|you|they)\s+(?:\w+\s+)?(?:serve|sell|offer|supply|stock|make|bake|have|charge|do)\s+/i;
const DELIVER_TO = /^we\s+(?:also\s+|can\s+|now\s+)?deliver\s+(to|within)\s+(.+)$/i;

function tidy(name: string): string {
  let n = name
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  for (let i = 0; i < 4; i++) {
    const before = n;
    n = n.replace(LEADING, '').replace(TRAILING, '').trim();
    if (n === before) break;
  }
  return n;
}

/** The item named by the words before a price, or null. */
export function nameBefore(segment: string): string | null {
  let s = segment;
  const colon = s.lastIndexOf(':');
  if (colon >= 0 && s.slice(colon + 1).trim() === '') s = s.slice(0, colon);
  const serve = [...s.matchAll(new RegExp(SERVE, 'gi'))].pop();
  if (serve) s = s.slice(serve.index + serve[0].length);
  s = s.replace(/^.*[;:]\s*/, '');
  const tidied = tidy(s);
  const deliver = DELIVER_TO.exec(tidied);
  if (deliver) return `Delivery ${deliver[1]} ${tidy(deliver[2] as string)}`;
  const copula = COPULA.exec(` ${tidied} `);
  const subject = copula ? tidy(` ${tidied} `.slice(0, copula.index)) : tidied;
  return acceptable(subject) ? subject : null;
}

function acceptable(name: string): boolean {
  if (name.length < 2 || name.length > 80) return false;
  const words = name.split(/\s+/);
  if (words.length > 8) return false;
  if (PREPOSITION_START.test(name) || PRONOUN_START.test(name)) return false;
  if (!/\p{L}{2,}/u.test(name)) return false;
  if (/\b(?:can|will|would|should|must|may)\b/i.test(name)) return false;
  // Wages are not prices a customer pays.
  if (/^(?:pay|salary|salaries|wages?|rates? of pay|hourly pay)$/i.test(name)) return false;
  return true;
}

/** The item named right after a price by "for …" ("$210/hour for evenings and weekends"), or null. */
export function nameAfter(rest: string): string | null {
  const m = /^\s*for\s+(?:the\s+|your\s+|an?\s+)?([^.;:()]+?)(?=[.;:()]|,\s*(?:and|but|or)\b|$)/i.exec(rest);
  if (!m) return null;
  const name = tidy(m[1] as string);
  return acceptable(name) ? name : null;
}

/** Prices to pay in `text` with the item each one is for (thresholds and discounts are left out). */
export function namePrices(text: string, prices: PriceMatch[] = findPrices(text)): NamedPrice[] {
  const out: NamedPrice[] = [];
  let from = 0;
  for (const price of prices) {
    const segment = text.slice(from, price.start);
    from = price.end;
    if (price.role !== 'price') continue;
    const name = nameBefore(segment) ?? nameAfter(text.slice(price.end));
    if (name) out.push({ name, price });
  }
  return out;
}
