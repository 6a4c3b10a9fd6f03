/**
 * Products and services read from a page's own markup, whatever builder made it: shop loops and cards
 * (WooCommerce, Shopify, Wix, Squarespace, Bootstrap), price lists (Elementor, menu plugins), tables,
 * definition lists, menus, and a heading followed by its price line. The output is the same `Product`
 * shape JSON-LD gives, marked `source: 'page'`.
 *
 * How an item is found: the page is read as lines (a block element, or a `<br>`-separated part of one).
 * A line with a price is an item's price line. Its name is the text before the price on that line
 * ("Al Pastor Taco — $4.50", "Adults: CA$18", a table row's first cells); when that text is only a
 * size or a variant ("12 oz bag", "500 ml", "Adults") the item is a variant of the nearest title above
 * (a heading, a definition term, a card's title); when the line holds only the price ("R18 500",
 * "from €39") the nearest title above names it; in running text a price names an item only with a cost
 * word ("cost $65 per person", ": CA$22 per person") under a heading that can name it.
 *
 * Kept out: struck-through and "was" prices (they become the item's reference price), add-ons
 * ("+$2.00"), thresholds ("orders over $75"), savings ("Save A$26"), fees (shipping, delivery, travel,
 * deposits, surcharges), prices in quotes and testimonials, and everything on blog and news posts
 * (prices there are other people's or the market's, not the catalogue).
 *
 * Stock comes from the item's card: its classes (`outofstock`), badges and short lines ("Sold",
 * "Back in October"), and for a variant its own row.
 */
import { findPrices, PERIOD_LABEL, type PriceMatch } from '../entries/patterns.js';
import { nameAfter, nameBefore } from '../entries/price-names.js';
import { cardOf, stockOf, wrapperStatesOf } from './card-stock.js';
import {
  DURATION_ONLY,
  datedSessions,
  dateLabel,
  datePart,
  ledByDate,
  sessionName,
  TIME_ONLY,
  whenLine,
} from './dated-sessions.js';
import { collapseWhitespace } from './dom.js';
import {
  AUDIENCE,
  CAREERS,
  CLAUSE_FRAGMENT,
  COUNTABLE,
  cleanLabel,
  FEE,
  FEE_AFTER,
  GENERIC_HEADING,
  KIND_OF_VISIT,
  type LabelKind,
  LEAD_STOP,
  labelKind,
  NO_FEE,
  NOT_INCLUDED,
  OPTION_LABEL,
  OTHERS_PRICE,
  PAID_TO_AUTHORITY,
  PREPOSITION_START,
  PRICE_CHANGE,
  PRICE_HEADING,
  TAX_LABEL,
  THE_ITEM,
  TRAILING_CTA,
  TRAVEL_HEADING,
  VARIANT,
  WAGE,
} from './offer-words.js';
import {
  blockOf,
  CELL,
  dataRowOf,
  isStruck,
  type Line,
  makerLine,
  PRICE_LABEL,
  readLines,
} from './page-lines.js';
import { columnDay, type PricedItem, RATE_NAME, scheduledSessions } from './schedule-rows.js';
import { readStock, type StockReading, splitTrailingStock } from './stock.js';
import { cellLines, tableRow } from './table-rows.js';
import type { Offer, Product } from './types.js';

// ---------------------------------------------------------------------------------------------
// Names

/**
 * The noun a sentence opens with ("Waffle workshops for groups of 6 to 20 … cost €32"), when it names
 * the item better than nothing; a single word that the heading above contains defers to the heading
 * ("Workshops run …" under "Candle-pouring workshops").
 */
function leadingNoun(
  sentence: string,
  lines: Line[],
  line: Line,
  claimedBy: Map<Line, Item>,
  repeated: ReadonlySet<string>,
): { name: string; title: Line | null } | null {
  const words: string[] = [];
  for (const w of sentence.trim().split(/\s+/)) {
    const bare = w.replace(/[,;:]$/, '');
    if (LEAD_STOP.test(bare) || /\d|[€£$]/.test(bare)) break;
    words.push(bare);
    if (bare !== w || words.length > 4) break;
  }
  if (words.length === 0 || words.length > 4 || !/^\p{Lu}/u.test(words[0] as string)) return null;
  if (
    /^(?:we|our|you|your|this|that|these|those|it|they|there|here|all|every|each|the|a|an)$/i.test(
      words[0] as string,
    )
  )
    return null;
  const noun = words.join(' ');
  // "Two hours on pour-over …" opens with a quantity, not a name.
  if (VARIANT.test(noun)) return null;
  const title = nearestTitle(lines, line.index, claimedBy, 3, false, repeated);
  if (
    title &&
    words.length === 1 &&
    title.text.toLowerCase().includes(noun.toLowerCase()) &&
    !claimedBy.has(title)
  )
    return { name: title.text, title };
  return words.length >= 2 ? { name: noun, title: null } : null;
}

// ---------------------------------------------------------------------------------------------
// Items

interface Item {
  name: string;
  variant: string | null;
  section: string | null;
  price: number | null;
  priceText: string | null;
  priceMax: number | null;
  referencePrice: number | null;
  currency: string | null;
  unit: string | null;
  from: boolean;
  /** Lines that make up the item (its price line, and its title line when it has one). */
  lines: Line[];
  titleLine: Line | null;
  rowStock: StockReading | null;
  /** A stock column's words when they are not a stock state ("2–3 days"). */
  stockWords: string | null;
  /** What followed a dash in the item's title ("Colombia" of "Huila Las Flores — Colombia"). */
  qualifier?: string | null;
  /** A footnote mark after the name ("Burrata †"), explained by a legend line further down. */
  mark?: string | null;
  sku: string | null;
}

/**
 * A dish named in bold before what comes with it ("**Whole lemon sole**, brown shrimp & caper
 * butter, new potatoes – £24"), or after a bold label ("**Pie of the week:** steak & ale pie, mash
 * – £16.50"): the name, or null.
 */
function boldLead(line: Line, start: number, end: number): string | null {
  const segments = line.segments.filter((sg) => sg.start < end && sg.end > start);
  const bold = (el: Element) =>
    el.closest('strong, b') !== null && blockOf(el).contains(el.closest('strong, b'));
  const first = segments[0];
  if (!first || !bold(first.el)) return null;
  let boldEnd = first.end;
  for (const sg of segments.slice(1)) {
    if (!bold(sg.el)) break;
    boldEnd = sg.end;
  }
  const boldText = line.text.slice(Math.max(start, first.start), Math.min(boldEnd, end)).trim();
  const rest = line.text.slice(Math.min(boldEnd, end), end);
  let name: string | null = null;
  if (/^\s*,\s/.test(rest)) name = boldText;
  else if (/:$/.test(boldText) && rest.includes(',')) name = rest.split(',')[0] as string;
  const cleaned = name ? cleanLabel(name) : '';
  return cleaned.split(/\s+/).length <= 8 && /\p{L}{2,}/u.test(cleaned) ? cleaned : null;
}

const NOTICE_LABEL =
  /^(?:note|please note|nb|tip|important|update|ps|p\.s|hint|warning|reminder)$|\b(?:sale|offer|special|deal|promo(?:tion)?|discount|announcement|news)s?$/i;

/**
 * The name a line opens with before a colon, ahead of the price at `before`: a few capitalised
 * words, a bracketed note after them dropped ("Bubblemaker (ages 8–9): …"). Not a field label
 * ("Price:", "Note:") nor a charge.
 */
function colonLead(text: string, before: number): string | null {
  const m = /^(\p{Lu}[^:.!?()]{1,50}?)\s*(?:\([^()]*\))?:\s/u.exec(text);
  if (!m || m[0].length > before) return null;
  const name = (m[1] as string).trim();
  if (name.split(/\s+/).length > 5 || FIELD_LABEL.test(name) || PRICE_LABEL.test(name) || FEE.test(name))
    return null;
  // A notice's or a promotion's label ("Note:", "WINTER SALE:") names no item.
  return NOTICE_LABEL.test(name) ? null : name;
}

/**
 * The sizes a list's header names for prices written "£2.60 / £5.10": a line above the item's
 * title, within the section, splitting by "/" into as many sizes as the line has prices ("half /
 * pint", "Glass / Bottle"). Null unless the prices are separated by "/" alone.
 */
function slashSizes(lines: Line[], line: Line, amounts: PriceMatch[], title: Line | null): string[] | null {
  if (amounts.length < 2) return null;
  for (let k = 1; k < amounts.length; k++) {
    const between = line.text.slice((amounts[k - 1] as PriceMatch).end, (amounts[k] as PriceMatch).start);
    if (!/^\s*\/\s*$/.test(between)) return null;
  }
  const level = title?.heading ?? 7;
  for (let i = line.index - 1; i >= 0 && i >= line.index - 30; i--) {
    const l = lines[i] as Line;
    if (l.prices.length > 0 || l === title) continue;
    // The sizes may close a section's title ("Draught — half / pint").
    const sizes = l.text.split(/\s+[—–-]\s+/).pop() as string;
    const parts = sizes.split(/\s*\/\s*/).map((t) => t.trim());
    if (parts.length === amounts.length && parts.every((t) => t !== '' && labelKind(t) === 'variant'))
      return parts;
    // Other items' titles may come between; a heading above the items' level ends the section.
    if (l.heading !== null && l.heading < level) return null;
  }
  return null;
}

/** Elements the text range `[start, end)` of a line comes from. */
function elementsAt(line: Line, start: number, end: number): Element[] {
  return line.segments.filter((s) => s.start < end && s.end > start).map((s) => s.el);
}

/** Sentence start before `at` in a line (a full stop, `!`, `?` or `;` followed by a space). */
function sentenceStart(text: string, at: number): number {
  // The price's own first character is the lookahead of a boundary right before it ("… glazes. $180").
  const before = text.slice(0, at + 1);
  let start = 0;
  for (const m of before.matchAll(/[.!?;]\s+(?=\S)/g)) {
    // "approx. 1.70" or a decimal is not a boundary: the next character must not be a digit.
    if (/\d/.test(before[m.index + m[0].length] ?? '')) continue;
    start = m.index + m[0].length;
  }
  return start;
}

const COST_CUE =
  /(?:\bcosts?|\bpriced at|\bprice is|\bis|\bare|\bat|\bfor|\bfrom|\bonly|\bjust|\bstarts? at|\bstarting at|\brate of|:)\s*$/i;

/** Title texts that stand on three or more lines of the page (a venue on every event card). */
/**
 * Untitled lines printed on three cards or more ("Blackwattle training paddock", a venue or a
 * street on every event card): details, never a card's name. Repeated titles are names (one card
 * per date of an event); see `repeatedTitles`.
 */
function repeatedDetails(lines: Line[]): Set<string> {
  const seen = new Map<string, Line[]>();
  for (const l of lines) if (!l.title && nameLike(l)) seen.set(l.text, [...(seen.get(l.text) ?? []), l]);
  // Each under a heading of its own card: a repeater that prints its title as plain text has no
  // heading between one card and the next.
  const underHeading = (l: Line, after: number) =>
    lines.slice(Math.max(after + 1, l.index - 6), l.index).some((h) => h.heading !== null);
  return new Set(
    [...seen]
      .filter(
        ([, ls]) =>
          ls.length >= 3 && ls.every((l, i) => underHeading(l, i > 0 ? (ls[i - 1] as Line).index : -1)),
      )
      .map(([t]) => t),
  );
}

function repeatedTitles(lines: Line[]): Set<string> {
  const count = new Map<string, number>();
  for (const l of lines) if (l.title) count.set(l.text, (count.get(l.text) ?? 0) + 1);
  return new Set([...count].filter(([, n]) => n >= 3).map(([t]) => t));
}

/** An event's or a listing's field heading ("Date", "Time", "Cost", "Location" in an event's details). */
const FIELD_LABEL =
  /^(?:date|dates|time|times|when|where|location|venue|cost|price|organi[sz]er|category|categories|duration|address|tags?)$/i;

/**
 * The title line above `from` that can name its item, within `maxBack` lines. Another item's price
 * line in between stops the search, except that a variant may share the title of the variant above.
 */
function nearestTitle(
  lines: Line[],
  from: number,
  claimedBy: Map<Line, Item>,
  maxBack: number,
  variant: boolean,
  repeated: ReadonlySet<string>,
): Line | null {
  for (let i = from - 1; i >= 0 && i >= from - maxBack; i--) {
    const l = lines[i] as Line;
    const owner = claimedBy.get(l);
    // A variant below an item's priced line is another option of that item ("$44.99" under the
    // title, then "Pot sizes and prices: 2 gal $44.99 · 3 gal $64.99").
    // So is a bare price in the same card after a variant's line ("Bottle $46." then "$12.00" for
    // the glass).
    if (owner && l.prices.length > 0) {
      const sameCard = owner.variant !== null && sharedParent(l.el, (lines[from] as Line).el, 2);
      return (variant || sameCard) && owner.titleLine ? owner.titleLine : null;
    }
    // A field's label ("Time:", "Cost:" in an event's details) names no item above it.
    if (l.title && l.prices.length === 0 && (/:\s*$/.test(l.text) || FIELD_LABEL.test(l.text))) return null;
    // A question heading (an FAQ, "Too young for the camp?") introduces an answer, not an item, and
    // nothing above it names what the answer prices.
    if (l.heading !== null && l.prices.length === 0 && /\?\s*$/.test(l.text)) return null;
    if (l.title && l.prices.length === 0 && !/\?\s*$/.test(l.text)) {
      // A title repeated on every card (an event's venue, the shop's own name) is a detail, not
      // the item's name: the title above it is.
      if (l.heading === null && repeated.has(l.text)) continue;
      // An option picker's label ("Pot size") sits between a product's title and its options.
      if (variant && OPTION_LABEL.test(l.text)) continue;
      return l;
    }
  }
  return null;
}

/** The headings `from` sits under, nearest first, each of a higher level than the one before. */
function outerHeadings(lines: Line[], from: number): string[] {
  const out: string[] = [];
  let level = 7;
  for (let i = from - 1; i >= 0 && level > 1; i--) {
    const l = lines[i] as Line;
    if (l.heading !== null && l.heading < level) {
      out.push(l.text);
      level = l.heading;
    }
  }
  return out;
}
/**
 * A title that opens with a carriage charge: "Delivery & returns", "Shipping rates". (A "Fees" title
 * is a professional's price list, see FEE.)
 */
const CHARGES_TITLE = /^(?:shipping|delivery|postage|carriage)\b/i;
/**
 * Past events in an events list (Squarespace's `eventlist--past`, "past-events", Eventbrite's
 * `organizer-profile__section--past` and `eds-event-card--past`): nothing to sell.
 */
const PAST_EVENTS =
  /^(?:eventlist--past|past-events?|events?-past|event--past|tribe-events-past|[\w-]*(?:section|card|list|events?)--past)$/i;

function inPastEvents(el: Element): boolean {
  for (let e: Element | null = el; e && e.nodeName !== 'BODY'; e = e.parentElement) {
    const tokens = `${e.getAttribute('class') ?? ''} ${e.getAttribute('id') ?? ''}`.split(/\s+/);
    if (tokens.some((t) => PAST_EVENTS.test(t))) return true;
  }
  return false;
}

function sectionOf(lines: Line[], from: number, titleLevel: number | null): string | null {
  for (let i = from - 1; i >= 0; i--) {
    const l = lines[i] as Line;
    if (l.heading !== null && (titleLevel === null || l.heading < titleLevel)) return l.text;
  }
  return null;
}

/** A gift card by any of its names, opening the words before its price. */
const GIFT_CARD = /^(?:e-?)?gift\s+(?:cards?|vouchers?|certificates?)\b/i;

const UI_LINE =
  /^(?:add to (?:cart|basket|bag)|buy now|select options|read more|view|quick view|sale!?|new!?|sold out|out of stock|in stock|pre-?order|coming soon|price|regular price|sale price|from|(?:choose|select|enter|pick) (?:any |an |your )?amount|any amount|.*\b(?:see|view|show) all\b.*)$/i;

/** A short line that can only be a name: a few words, no sentence, no price, no button. */
function nameLike(l: Line): boolean {
  const t = l.text;
  return (
    l.prices.length === 0 &&
    t.length <= 60 &&
    t.split(/\s+/).length <= 8 &&
    /^[\p{Lu}\d]/u.test(t) &&
    /\p{L}{2,}/u.test(t) &&
    !/[.!?:;]$/.test(t) &&
    !UI_LINE.test(t) &&
    !PRICE_LABEL.test(t) &&
    !readStock(t) &&
    !DURATION_ONLY.test(t) &&
    !TIME_ONLY.test(t) &&
    !dateLabel(t) &&
    !whenLine(t) &&
    !ledByDate(t) &&
    !GENERIC_HEADING.test(t) &&
    // When it recurs ("Every Saturday, until June 27"), not what it is; nor a period ("Term 1").
    !/^(?:every|each)\s+(?:\w+day|day|week|weekend|month|morning|afternoon|evening|night)s?\b/i.test(t) &&
    !PERIOD_LABEL.test(t)
  );
}

/**
 * The name of a bare price line in div soup: the line just above it when the two share a small
 * container (a card) that holds no other price or heading.
 */
/** A street address on a line of its own ("14 Peisley Street, Orange NSW 2800"). */
const STREET_LINE =
  /^\d+[a-z]?\s+(?:[\p{L}'’.-]+\s+){1,4}(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|place|pl|parade|terrace|crescent|boulevard|blvd|highway|hwy|court|ct)\b/iu;

function implicitTitle(
  lines: Line[],
  line: Line,
  claimedBy: Map<Line, Item>,
  details: ReadonlySet<string>,
): Line | null {
  for (let i = line.index - 1; i >= 0 && i >= line.index - 3; i--) {
    const prev = lines[i] as Line;
    if (prev.prices.length > 0 || prev.heading !== null) return null;
    // A date line is the session, not the name: the name is above it. A venue or a street printed on
    // every card is where, not what.
    if (claimedBy.has(prev) || !nameLike(prev) || dateLabel(prev.text) || details.has(prev.text)) continue;
    // A street, a place marked by its pin, or who leads a class ("bw-session__staff"), is not
    // what is sold.
    if (STREET_LINE.test(prev.text) || makerLine(prev) || placeLine(prev)) continue;
    let shared: Element | null = null;
    for (let e = line.el.parentElement; e; e = e.parentElement) {
      if (e.contains(prev.el)) {
        shared = e;
        break;
      }
    }
    if (!shared) return null;
    const inside = lines.filter((l) => (shared as Element).contains(l.el));
    const ok =
      inside.filter((l) => l.prices.length > 0 && l !== line).length === 0 &&
      inside.every((l) => l.heading === null) &&
      inside.length <= 8;
    if (!ok) return null;
    // The card's title when one is marked, else its first name-like line: a description, a place
    // or a tagline may sit between the name and the price ("Standard ski set" / "Skis, boots and
    // poles" / "CHF 45.–").
    const names = inside.filter(
      (l) =>
        l.index < line.index &&
        !claimedBy.has(l) &&
        nameLike(l) &&
        !dateLabel(l.text) &&
        !details.has(l.text) &&
        !STREET_LINE.test(l.text) &&
        !makerLine(l) &&
        !placeLine(l),
    );
    return names.find((l) => l.title) ?? names[0] ?? prev;
  }
  return null;
}

/**
 * The title of a card whose description states the price in a sentence (Divi's blurb: "Radiator
 * replacement" / "Like-for-like radiators supplied and fitted from €220 per radiator."): the title
 * right above, in the same small container, names the item, not the sentence's opening words.
 * A list line ("Al Pastor Taco — $4.50") is no sentence, and keeps its own name.
 */
function cardTitle(lines: Line[], line: Line, claimedBy: Map<Line, Item>): Line | null {
  if (!/[.!]$/.test(line.text) || line.prices.length > 2) return null;
  const prev = lines[line.index - 1];
  if (!prev?.title || prev.prices.length > 0 || claimedBy.has(prev) || !nameLike(prev)) return null;
  if (GENERIC_HEADING.test(prev.text) || PRICE_HEADING.test(prev.text) || FEE.test(prev.text)) return null;
  if (!sharedParent(prev.el, line.el, 4)) return null;
  // The container holds this card only: no other priced line, no other title.
  let box: Element | null = prev.el.parentElement;
  while (box && !box.contains(line.el)) box = box.parentElement;
  if (!box) return null;
  const inside = lines.filter((l) => (box as Element).contains(l.el));
  return inside.every((l) => l === prev || l === line || (!l.title && l.prices.length === 0)) ? prev : null;
}

/** Price-on-request lines ("Enquire for pricing", "POA", "Price on request"). */
const ON_REQUEST =
  /^(?:enquire|inquire|ask|contact us|call|email|get in touch|request a quote)\b.{0,30}\b(?:pric|quote|rates?)\w*|^(?:price|pricing) (?:on|upon) (?:request|application)$|^poa$|^on request$|^quote on request$|^(?:market price|m\.?p\.?|seasonal price|price varies|prices vary|varies(?: by [\w ]{2,20})?|(?:price )?(?:on|by|after) consultation|by quote|quoted (?:individually|on request)|price tbc|tbc|tba)\.?$|(?:^|[.!]\s+)(?:priced|price|pricing|quoted?)\s+(?:on|after|by|upon)\s+(?:survey|inspection|assessment|(?:a )?site visit|consultation|request|application)\b/i;

/**
 * A table row whose price cell says the price is given on request or varies ("Dental implants |
 * Varies", "Oysters | Market price"): the row's name with no price.
 */
function onRequestRow(line: Line): string | null {
  const row = dataRowOf(line.el);
  if (!row) return null;
  const cells = Array.from(row.children).filter((c) => CELL.has(c.nodeName));
  if (cells.length < 2) return null;
  const texts = cells.map((c) => collapseWhitespace(c.textContent ?? ''));
  if (!texts.slice(1).some((t) => ON_REQUEST.test(t))) return null;
  const name = cellLines(cells[0] as Element)[0] ?? '';
  return labelKind(name) === 'name' ? name : null;
}

/** A description that opens by saying the thing costs nothing ("Free – we car-pool …", "Free volunteer dig …"). */
const FREE_LEAD = /^(?:free(?: of charge)?|no charge)\b(?!-)/i;

/**
 * The title a free event's description belongs to ("Trail Build Day" over "Free volunteer dig with
 * the Peak Trails Trust"), or null. "Free" leads plan features ("Free yoga on Sundays") and amenities
 * ("Free Wi-Fi") as often, so only a heading of a dated card (a date line, or schema.org's Event)
 * with no price of its own is named a free item.
 */
function freeEventTitle(
  lines: Line[],
  line: Line,
  claimedBy: Map<Line, Item>,
  repeated: ReadonlySet<string>,
): Line | null {
  const title = nearestTitle(lines, line.index, claimedBy, 3, false, repeated);
  if (!title || title.heading === null || claimedBy.has(title)) return null;
  if (GENERIC_HEADING.test(title.text) || FEE.test(title.text)) return null;
  const card = ownCardOf(title, line, lines);
  if (!card) return null;
  const own = lines.filter((l) => card.contains(l.el));
  // Lines of a card that is a whole section's text would price its other items.
  if (own.some((l) => l.prices.length > 0)) return null;
  const event =
    card.closest('[itemtype*="schema.org/Event"]') ?? card.querySelector('[itemtype*="schema.org/Event"]');
  return event || own.some((l) => l !== title && datePart(l.text) !== null) ? title : null;
}

/** Prices of one line that belong to one item, with the words that name it. */
interface PriceGroup {
  label: string;
  kind: LabelKind;
  prices: PriceMatch[];
  struck: PriceMatch[];
  sentence: string;
  /** A cost word before the price or a unit after it ("cost $65 per person"). */
  cue: boolean;
  /** In running text, the item the sentence names ("Our cardamom knots cost £3.40"). */
  subject: string | null;
  /** The line's text after the group's first price. */
  tail: string;
  /** A short label after a list separator ("/ Director"), as options on one line are written. */
  listed: boolean;
}

/** The item a line's first group made a variant of a title, when one did. */
function sameLineVariant(items: Item[], line: Line): Item | null {
  return items.find((it) => it.lines[0] === line && it.variant !== null && it.titleLine !== null) ?? null;
}

/**
 * On an item's own page (its `<h1>` priced), the priced titles under a "Tickets", "Options" or
 * "Packages" heading are its options ("Single seat", "Couple (two seats)" of "Dumpling Night"), and so
 * are the priced lines under an option picker's label ("Classic, 10 stems — 595 kr" under "Size").
 */
function pageItemOptions(items: Item[], lines: Line[]): Item[] {
  const h1s = lines.filter((l) => l.heading === 1);
  const page = h1s.length === 1 ? (h1s[0] as Line) : null;
  if (!page || !items.some((it) => it.titleLine === page)) return items;
  return items.map((it) => {
    const title = it.titleLine;
    if (title === page || it.variant !== null || (title && title.heading === null)) return it;
    // The section of its title, or of its own line when the line names it ("Classic, 10 stems — 595 kr"
    // under "Size").
    const at = title ?? (it.lines[0] as Line);
    const level = title ? (title.heading as number) : 7;
    const section = lines
      .slice(0, at.index)
      .reverse()
      .find((l) => l.heading !== null && l.heading < level);
    if (!section || section === page) return it;
    if (!GENERIC_HEADING.test(section.text) && !OPTION_LABEL.test(section.text)) return it;
    return { ...it, name: page.text, variant: it.name, titleLine: page };
  });
}

/** The title of the card a describing price line sits in, when the card has one of its own. */
function describedTitle(
  lines: Line[],
  line: Line,
  claimedBy: Map<Line, Item>,
  repeated: ReadonlySet<string>,
): Line | null {
  const title = nearestTitle(lines, line.index, claimedBy, 8, false, repeated);
  if (!title || FEE.test(title.text) || GENERIC_HEADING.test(title.text) || PRICE_HEADING.test(title.text))
    return null;
  return ownCardOf(title, line, lines) ? title : null;
}

/** The card of a title and a price line: the smallest element holding both and no other heading. */
function ownCardOf(title: Line, line: Line, lines: Line[]): Element | null {
  const card = commonAncestor(title.el, line.el);
  if (!card || lines.some((l) => l !== title && l.heading !== null && card.contains(l.el))) return null;
  return card;
}

/** The smallest element holding both `a` and `b`, below the body. */
function commonAncestor(a: Element, b: Element): Element | null {
  for (let e: Element | null = a; e && e.nodeName !== 'BODY'; e = e.parentElement)
    if (e.contains(b)) return e;
  return null;
}

/** Whether `a` and `b` share an ancestor at most `levels` elements above `a`. */
/**
 * Whether a bare price line is followed by its card's title and the same price again further down
 * the card ("€7.50" / "Soup of the day" / "…" / "€7.50").
 */
function priceOverTitle(lines: Line[], line: Line, amounts: PriceMatch[]): boolean {
  const title = lines[line.index + 1];
  if (
    !title?.title ||
    title.prices.length > 0 ||
    OPTION_LABEL.test(title.text) ||
    GENERIC_HEADING.test(title.text) ||
    !sharedParent(line.el, title.el, 2)
  )
    return false;
  let card: Element | null = line.el.parentElement;
  while (card && !card.contains(title.el)) card = card.parentElement;
  if (!card) return false;
  // The card holds one title: a list of cards would pair one card's price with the next one's title.
  const inCard = lines.filter((l) => card.contains(l.el));
  if (inCard.some((l) => l.title && l !== title)) return false;
  // The same price again, alone on its line.
  const same = (l: Line) =>
    l.prices.length === amounts.length &&
    l.prices.every((p, k) => p.amount === amounts[k]?.amount) &&
    !/\p{L}{2,}/u.test(l.prices.reduce((t, p) => t.replace(p.text, ''), l.text));
  return inCard.some((l) => l.index > line.index + 1 && same(l));
}

function sharedParent(a: Element, b: Element, levels: number): boolean {
  let e: Element | null = a.parentElement;
  for (let i = 0; e && i < levels; i++, e = e.parentElement) if (e.contains(b)) return true;
  return false;
}

/**
 * A theme's own price element ("fdm-item-price", "product-price", "price-wrapper"): words inside it
 * qualify the price ("Starter £9.00", "Bottle £24"), they do not name the item. A price list's
 * container ("price-list", "pricing-table") is not one.
 */
const PRICE_BOX = /(?:^|[_-])prices?(?:[_-]?(?:wrapper|wrap|box|amount|value|group|container))?$/i;

function inPriceBox(el: Element, line: Line): boolean {
  const stop = blockOf(line.el).parentElement;
  for (let e: Element | null = el; e && e !== stop; e = e.parentElement) {
    if ((e.getAttribute('class') ?? '').split(/\s+/).some((c) => PRICE_BOX.test(c))) return true;
  }
  return false;
}

/** A price element marked as the reduced one (a menu plugin's "price-discount", "special-price"). */
const DISCOUNT_MARK =
  /(?:^|[\s_-])(?:price-discount|discount-price|discounted-price|special-price|sale-price|offer-price|promo-price)(?:$|[\s_])/i;

function discountMarked(line: Line): boolean {
  const stop = blockOf(line.el).parentElement;
  for (let e: Element | null = line.el; e && e !== stop; e = e.parentElement)
    if (DISCOUNT_MARK.test(e.getAttribute('class') ?? '')) return true;
  return false;
}

function readItems(lines: Line[], currencyHint: string | null): Item[] {
  const items: Item[] = [];
  const repeated = repeatedTitles(lines);
  const details = repeatedDetails(lines);
  let pendingStruck: { line: Line; amount: number } | null = null;
  const claimedBy = new Map<Line, Item>();
  const claim = (item: Item) => {
    // A stock mark printed after the title in its heading ("Puppy Preschool Sold Out"): the item's
    // stock, not part of its name.
    const marked = splitTrailingStock(item.name);
    if (marked) {
      item.name = marked.name;
      item.rowStock ??= marked.stock;
    }
    const whole = item.titleLine ? untruncated(item.name, item.titleLine) : null;
    if (whole) item.name = whole;
    const footnote = FOOTNOTE_MARK.exec(item.name);
    if (footnote && /\p{L}{2,}/u.test(item.name.slice(0, footnote.index))) {
      item.name = item.name.slice(0, footnote.index);
      item.mark = footnote[1] as string;
    }
    items.push(item);
    for (const l of item.lines) if (!claimedBy.has(l)) claimedBy.set(l, item);
  };
  for (const line of lines) {
    if (line.quote) continue;
    if (line.prices.length === 0) {
      const rowName = onRequestRow(line);
      const heading = rowName ? sectionOf(lines, line.index, null) : null;
      if (rowName && !(heading && (FEE.test(heading) || CAREERS.test(heading))) && !FEE.test(rowName)) {
        claim(emptyItem(rowName, heading, [line], null));
      } else if (ON_REQUEST.test(line.text)) {
        const title = nearestTitle(lines, line.index, claimedBy, 2, false, repeated);
        if (title && !claimedBy.has(title) && !GENERIC_HEADING.test(title.text) && !FEE.test(title.text))
          claim(emptyItem(title.text, sectionOf(lines, title.index, title.heading), [line, title], title));
      } else if (FREE_LEAD.test(line.text) && !FEE.test(line.text)) {
        const title = freeEventTitle(lines, line, claimedBy, repeated);
        if (title)
          claim({
            ...emptyItem(title.text, sectionOf(lines, title.index, title.heading), [line, title], title),
            price: 0,
            priceText: line.text.slice(0, 4),
            currency: currencyHint,
          });
      }
      continue;
    }
    // Group the line's prices into items: a price whose label (the words since the previous price)
    // names something starts an item; "–", "through", "Current price is:" continue the previous one.
    let current: PriceGroup | null = null;
    const groups: PriceGroup[] = [];
    let prevEnd = 0;
    const row = tableRow(line, currencyHint);
    // The item just before, on this line or the few above it (for "School groups pay …").
    const lastOfLine_ = () => {
      const last = items[items.length - 1];
      return last && (last.lines[0] as Line).index >= line.index - 3 ? last : null;
    };
    if (row && row.name !== '' && row.matrix.length > 0) {
      // A price matrix row: one variant per priced column, named by its header.
      const heading = sectionOf(lines, line.index, null);
      if (heading && (FEE.test(heading) || CAREERS.test(heading))) continue;
      for (const col of row.matrix) {
        const p = line.prices.find((x) =>
          elementsAt(line, x.start, x.end).some((el) => col.cell.contains(el)),
        );
        if (p?.role !== 'price') continue;
        claim({
          name: row.name,
          variant: col.header,
          section: heading,
          price: p.amount,
          priceText: p.text,
          priceMax: null,
          referencePrice: null,
          currency: p.currency,
          unit: p.unit ?? row.unit,
          from: p.from,
          lines: [line],
          titleLine: null,
          rowStock: null,
          stockWords: null,
          sku: null,
        });
      }
      continue;
    }
    for (const p of line.prices) {
      const sStart = sentenceStart(line.text, p.start);
      const labelStart = Math.max(prevEnd, sStart);
      const rawLabel = line.text.slice(labelStart, p.start);
      const lead = boldLead(line, labelStart, p.start);
      let label = lead ?? cleanLabel(rawLabel);
      let kind = lead ? 'name' : labelKind(label);
      if (
        kind === 'name' &&
        !row &&
        label.split(/\s+/).length <= 3 &&
        elementsAt(line, labelStart, p.start).every((el) => inPriceBox(el, line))
      )
        kind = 'variant';
      if (row && !current) {
        // A table row is named by its name cell; a "Size" column makes its rows variants.
        label = row.name;
        kind = label === '' ? 'none' : row.variants || labelKind(label) === 'variant' ? 'variant' : 'name';
      }
      const struck =
        p.role === 'reference' ||
        elementsAt(line, p.start, p.end).some((el) => isStruck(el, blockOf(line.el)));
      const sentenceEnd = line.text.slice(p.end).search(/[.!?;]\s|$/);
      const sentence = line.text.slice(sStart, p.end + Math.max(sentenceEnd, 0));
      // A new sentence, or words that name something, start a new item; "(regularly $289)" or
      // "was $149" after a price is that price's reference, whatever the words before it.
      const startsNew =
        !current ||
        (!row &&
          p.role !== 'reference' &&
          (kind === 'name' ||
            kind === 'variant' ||
            (kind === 'prose' && sStart >= prevEnd) ||
            // A bare price in a new sentence after a complete one is another price ("From $85 per
            // hour. A $50 deposit is required."), not after a compare-at price ("Original price
            // was: $24.00. $19.00").
            (kind === 'none' && prevEnd > 0 && sStart >= prevEnd && (current?.prices.length ?? 0) > 0)));
      if (startsNew) {
        current = {
          label,
          kind,
          prices: [],
          struck: [],
          sentence,
          cue: COST_CUE.test(rawLabel) || p.unit !== null,
          subject:
            kind === 'prose'
              ? (nameBefore(line.text.slice(sStart, p.start))?.replace(
                  /\s+(?:pay|pays|get|gets|cost|costs)$/i,
                  '',
                ) ?? null)
              : null,
          tail: line.text.slice(p.end),
          listed: prevEnd > 0 && /^\s*[/|·]/.test(rawLabel) && label.split(/\s+/).length <= 3,
        };
        groups.push(current);
      }
      const group = current as PriceGroup;
      if (p.role === 'threshold' || p.role === 'discount' || p.role === 'addon') {
        prevEnd = p.end;
        continue;
      }
      if (struck) group.struck.push(p);
      else group.prices.push(p);
      prevEnd = p.end;
    }
    for (const g of groups) {
      if (g.prices.length === 0 && g.struck.length === 0) continue;
      // A fee the sentence says there is none of ("€ 540,00 per year, no joining fee") is no fee.
      const charged = g.sentence.replace(NO_FEE, ' ');
      if (FEE.test(g.label) || FEE.test(charged) || WAGE.test(g.label) || FEE_AFTER.test(g.tail)) continue;
      if (TAX_LABEL.test(g.label)) continue;
      // A cart's or a form's sum ("Total: $0.00") is no item.
      if (/^(?:sub-?)?total\b/i.test(g.label)) continue;
      // A compare-at price on a line of its own, beside the card's price line (Webflow, Square):
      // the item's reference price, not an item.
      if (g.prices.length === 0 && g.kind === 'none') {
        const struckAt = Math.max(...g.struck.map((p) => p.amount));
        const neighbour = items.find(
          (it) =>
            it.referencePrice === null &&
            it.price !== null &&
            it.price < struckAt &&
            Math.abs((it.lines[0] as Line).index - line.index) === 1 &&
            sharedParent((it.lines[0] as Line).el, line.el, 2),
        );
        if (neighbour) {
          neighbour.referencePrice = struckAt;
          claimedBy.set(line, neighbour);
          continue;
        }
        const next = lines[line.index + 1];
        if (
          next?.prices.some((p) => p.role === 'price' && p.amount < struckAt) &&
          sharedParent(line.el, next.el, 2)
        ) {
          pendingStruck = { line, amount: struckAt };
          continue;
        }
        // Otherwise a "regular price" mark on the only price there is (Dawn's `price-item--regular`).
      }
      // A bare price right after an item's price line, one of the two marked as the discount: the
      // regular price and the sale price, in either order, of one item.
      if (g.kind === 'none' && g.struck.length === 0 && g.prices.length === 1) {
        const prev = lines[line.index - 1];
        const owner = prev ? claimedBy.get(prev) : undefined;
        const p = g.prices[0] as PriceMatch;
        if (
          prev &&
          owner &&
          owner.referencePrice === null &&
          owner.price !== null &&
          sharedParent(prev.el, line.el, 2)
        ) {
          // A menu plugin's discounted price first, the regular one after it, struck only by CSS.
          if (owner.price < p.amount && discountMarked(prev)) {
            owner.referencePrice = p.amount;
            claimedBy.set(line, owner);
            continue;
          }
          // Weebly's order: the regular price, then the sale price the theme shows in its place.
          if (
            owner.price > p.amount &&
            owner.lines[0] === prev &&
            discountMarked(line) &&
            !discountMarked(prev)
          ) {
            owner.referencePrice = owner.price;
            owner.price = p.amount;
            owner.priceText = p.text;
            claimedBy.set(line, owner);
            continue;
          }
        }
      }
      // A price list under a shipping or fees heading lists charges; under a jobs heading, wages. A
      // page or part whose title opens with a charge ("Delivery & returns" over "Fresh flowers")
      // lists charges in all its sections; past events sell nothing.
      const heading = sectionOf(lines, line.index, null);
      if (heading && (FEE.test(heading) || CAREERS.test(heading))) continue;
      if (outerHeadings(lines, line.index).some((h) => CHARGES_TITLE.test(h))) continue;
      if (inPastEvents(line.el)) continue;
      const amounts = g.prices.length > 0 ? g.prices : g.struck;
      const first = amounts[0] as PriceMatch;
      const distinct = [...new Set(amounts.map((p) => p.amount))];
      const low = Math.min(...distinct);
      const high = Math.max(...distinct);
      const reference =
        g.prices.length > 0 ? Math.max(...g.struck.map((p) => p.amount).filter((a) => a > low), 0) : 0;
      let name: string | null = null;
      let variant: string | null = null;
      let titleLine: Line | null = null;
      /** Named by the card's title over a description of the item. */
      let described = false;
      // "A willow wreath with spring bulbs, €55 per person" on an event's card describes the item the
      // card's title names: an indefinite description is no name.
      const describedBy =
        (g.kind === 'name' || g.kind === 'prose') && /^[Aa]n?\s+\p{Ll}/u.test(g.sentence.trim())
          ? describedTitle(lines, line, claimedBy, repeated)
          : null;
      // The item a line's first option named, for the options listed after it; a prose price's
      // opening noun.
      const listedOwner = g.kind === 'name' && g.listed ? sameLineVariant(items, line) : null;
      const lead =
        g.kind === 'prose' && !g.subject ? leadingNoun(g.sentence, lines, line, claimedBy, repeated) : null;
      const lastOfLine = lastOfLine_();
      const generic = (t: Line) =>
        GENERIC_HEADING.test(t.text) || PRICE_HEADING.test(t.text) || OPTION_LABEL.test(t.text);
      // Div soup: a card's name and price in sibling paragraphs with nothing marking the name.
      const implicit = g.kind === 'none' ? implicitTitle(lines, line, claimedBy, details) : null;
      const card =
        g.kind === 'name' || (g.kind === 'prose' && !g.subject) ? cardTitle(lines, line, claimedBy) : null;
      const gift = g.kind === 'name' || g.kind === 'prose' ? GIFT_CARD.exec(g.subject ?? g.label) : null;
      if (gift) {
        // "Our gift cards come in any amount from $25 to $200" under "Give them a night out": the
        // sentence names what is sold; the heading only sells it.
        name = `${(gift[0][0] as string).toUpperCase()}${gift[0].slice(1).toLowerCase().replace(/s$/, '')}`;
      } else if (card) {
        name = card.text;
        titleLine = card;
      } else if (implicit) {
        name = implicit.text;
        titleLine = implicit;
      } else if ((g.kind === 'name' || g.kind === 'prose') && COUNTABLE.test(g.subject ?? g.label)) {
        // "Places cost £65 per person" under "Sourdough workshops are back": places on what.
        const heading = sectionOf(lines, line.index, null);
        const topic = heading?.split(/\s+(?:is|are|was|were|returns?|now|opens?|back)\b/i)[0]?.trim();
        if (!topic || GENERIC_HEADING.test(topic) || PRICE_HEADING.test(topic)) continue;
        name = `${topic} ${(g.subject ?? g.label).toLowerCase()}`;
        // An event card's date line between its heading and its tickets ("Thursday 31 December, 9pm
        // till late, …" / "Tickets €25"): the tickets are for that date.
        const headingAt = lines.findLastIndex((l, i) => i < line.index && l.heading !== null);
        const dated = lines
          .slice(headingAt + 1, line.index)
          .find((l) => l.prices.length === 0 && !claimedBy.has(l) && datePart(l.text));
        if (dated && line.index - headingAt <= 8) variant = datePart(dated.text);
      } else if (
        (g.kind === 'prose' &&
          g.subject &&
          // An aside between dashes is not part of the subject ("first visit – a 60-minute evaluation –").
          KIND_OF_VISIT.test(g.subject.split(/\s+[–—-]\s+/)[0] as string)) ||
        ((g.kind === 'name' || g.kind === 'prose') && THE_ITEM.test(g.sentence.trim()))
      ) {
        const heading = sectionOf(lines, line.index, null);
        if (!heading || GENERIC_HEADING.test(heading) || PRICE_HEADING.test(heading) || FEE.test(heading))
          continue;
        name = heading;
      } else if (g.kind === 'name' && PREPOSITION_START.test(g.label)) {
        // "… $145/hour during business hours and $210/hour for evenings": the words after the
        // price name it ("for evenings …"), or nothing does.
        name = nameAfter(g.tail);
        if (!name) continue;
      } else if (listedOwner) {
        // "Junior $65 / Senior $85 / Director $110": the options listed after a variant are variants
        // of the same item, whatever their words.
        name = listedOwner.name;
        variant = g.label;
        titleLine = listedOwner.titleLine;
      } else if (describedBy) {
        name = describedBy.text;
        titleLine = describedBy;
        described = true;
      } else if (g.kind === 'name') name = g.label;
      else if (g.kind === 'prose' && g.subject && AUDIENCE.test(g.subject) && lastOfLine) {
        // "… cost €32 per person. School groups pay €18 per pupil.": a price for some customers.
        name = lastOfLine.name;
        variant = g.subject;
        titleLine = lastOfLine.titleLine;
      } else if (g.kind === 'prose' && g.subject) name = g.subject;
      else if (lead) {
        name = lead.name;
        titleLine = lead.title;
      } else if (g.kind === 'none' && priceOverTitle(lines, line, amounts)) {
        // A card that prints its price above its title as well as below it (Squarespace's menu
        // block): the title under the price names it, not the heading above.
        titleLine = lines[line.index + 1] as Line;
        name = titleLine.text;
      } else if (row?.session && row.name === '') {
        // A table of an item's terms or weeks is of the item its section is about, though the
        // item's own price line sits between the heading and the table.
        const heading = sectionOf(lines, line.index, null);
        if (!heading || generic({ text: heading } as Line) || FEE.test(heading)) continue;
        name = heading;
      } else {
        const title = nearestTitle(
          lines,
          line.index,
          claimedBy,
          g.kind === 'prose' ? 3 : 8,
          g.kind === 'variant',
          repeated,
        );
        const usable = title !== null && !FEE.test(title.text) && !generic(title);
        if (g.kind === 'variant') {
          // A ticket table under a heading that names no item ("Tickets"): the tickets of the item
          // the headings above it are about ("Wild Day (ages 5–11)").
          const tickets = row ? TICKET_TABLE.test(ticketHeader(line.el)) : false;
          const owner =
            !usable && tickets
              ? outerHeadings(lines, line.index).find((h) => !generic({ text: h } as Line) && !FEE.test(h))
              : undefined;
          if (usable) {
            name = (title as Line).text;
            variant = sessionName(g.label) ?? datePart(g.label) ?? g.label;
            titleLine = title;
          } else if (owner) {
            name = owner;
            variant = g.label;
          } else name = g.label;
        } else if (usable && (g.kind === 'none' || g.cue)) {
          // A bare price line, or a cost sentence under a heading that names the item.
          if (g.kind === 'prose' && claimedBy.has(title as Line)) continue;
          name = (title as Line).text;
          titleLine = title;
        }
      }
      // "Bubblemaker (ages 8–9): a first breath underwater … ₱2,900, any afternoon": the name the
      // line opens with, before its colon.
      if (!name && !row && g.kind !== 'variant')
        name = colonLead(line.text, (g.prices[0] ?? g.struck[0])?.start ?? 0) ?? '';
      if (!name) continue;
      if (row?.session && !variant && (name === row.name || row.name === '')) variant = row.session;
      // Other businesses' prices ("Most downtown studios charge $25 to $28") and a price's history
      // ("Our drop-in went from $20 to $22") are not things to buy.
      if (g.kind !== 'none' && (OTHERS_PRICE.test(name) || PRICE_CHANGE.test(g.sentence))) continue;
      // What an authority charges ("Non-residents pay the province $32.70 for a licence", "Moalboal
      // charges ₱100 per diver. It goes to the town's marine sanctuaries.").
      const nextSentence =
        /^[^.!?]*[.!?]\s+((?:it|this|that|the (?:fee|charge|levy|money))\b[^.!?]*)/i.exec(g.tail)?.[1] ?? '';
      if (PAID_TO_AUTHORITY.test(g.sentence) || PAID_TO_AUTHORITY.test(nextSentence)) continue;
      // What the price does not include is paid elsewhere ("Entry to Kennin-ji (¥800) is not included").
      const ownTail = g.tail.split(/[.!?;](?:\s|$)/)[0] ?? '';
      if (g.kind !== 'none' && NOT_INCLUDED.test(`${g.sentence} ${ownTail}`)) continue;
      const section = sectionOf(lines, line.index, null) ?? '';
      if (NOT_INCLUDED.test(section) || TRAVEL_HEADING.test(section)) continue;
      // Words of a sentence that name nothing ("You’ll see it at CHF 42 …").
      if (!titleLine && CLAUSE_FRAGMENT.test(name.trim())) continue;
      // A ticket row that only goes with another ticket ("Hot lunch … Must be booked with a Child or
      // Sibling ticket"): an add-on, not an item.
      if (row && ADD_ON_ROW.test(line.text)) continue;
      // A size or a date in a cell of its own and its price in the next ("250 ml glass bottle" /
      // "CA$14.00" in a grid of divs): a variant of the title above it, as on one table row.
      // Only a measure or a date: a title in words ("Full Moon Paddle", "Small Batch Rye") is a name.
      if (
        titleLine &&
        !variant &&
        g.kind === 'none' &&
        labelKind(titleLine.text) === 'variant' &&
        (/^\d/.test(titleLine.text) || dateLabel(titleLine.text))
      ) {
        const owner = nearestTitle(lines, titleLine.index, claimedBy, 8, true, repeated);
        // A heading of the owner's own level is the next item ("### Bouldering pad" … "### 60 m rope").
        const sibling =
          titleLine.heading !== null && owner?.heading != null && owner.heading >= titleLine.heading;
        if (
          owner &&
          !sibling &&
          !FEE.test(owner.text) &&
          !generic(owner) &&
          labelKind(owner.text) !== 'variant'
        ) {
          variant = dateLabel(titleLine.text) ?? titleLine.text;
          name = owner.text;
          titleLine = owner;
        }
      }
      // A compare-at price on the line just before this price line, in the same small container.
      const before =
        pendingStruck &&
        pendingStruck.line.index === line.index - 1 &&
        sharedParent(pendingStruck.line.el, line.el, 2) &&
        pendingStruck.amount > low
          ? pendingStruck.amount
          : null;
      // A card's date line between its title and its bare price ("Kids Clay Club" / "Mon 14 – Fri 18
      // April" / "$240"): one dated session of the item, as cards repeating one title do.
      // An event card may put its date above its title ("Sat, 11 Jan" / "Full Moon Paddle" / "A$45").
      if ((g.kind === 'none' || described) && titleLine && !variant) {
        const between = lines.slice(titleLine.index + 1, line.index);
        const card = ownCardOf(titleLine, line, lines);
        const above = lines
          .slice(Math.max(0, titleLine.index - 2), titleLine.index)
          .filter((l) => sharedParent(l.el, line.el, 3) || card?.contains(l.el));
        // The date nearest the price: in a grid of rows, the rows above have dates of their own.
        const nearestFirst = [...between].reverse();
        // Between them a detail line may hold the date among other facts ("Week 1 · Mon 5 – Fri 9
        // July · ages 9–14"); above the title only a date line of its own is the card's.
        const free = (l: Line) => l.prices.length === 0 && !claimedBy.has(l);
        const dated =
          nearestFirst.find((l) => free(l) && datePart(l.text)) ??
          above.reverse().find((l) => free(l) && dateLabel(l.text));
        if (dated) variant = datePart(dated.text);
        // A measure of its own between the title and the bare price ("Okanagan Pinot Gris" / "6 oz"
        // / "$12.00"): the size that price is for. A duration is how long, not which size.
        const measure = nearestFirst.find(
          (l) =>
            l.prices.length === 0 &&
            !claimedBy.has(l) &&
            /^\d/.test(l.text) &&
            l.text.length <= 20 &&
            labelKind(l.text) === 'variant' &&
            !DURATION_ONLY.test(l.text),
        );
        if (!variant && measure) variant = measure.text;
      }
      // The words after the price, up to the sentence of the line's next price: "The 12 oz is C$38 …
      // The 16 oz is C$44 … The 16 oz size is sold out" says nothing of the 12 oz's stock.
      const lastEnd = (amounts[amounts.length - 1] as PriceMatch).end;
      const nextPrice = line.prices.find((p) => p.start >= lastEnd);
      const tail = line.text.slice(
        lastEnd,
        nextPrice ? Math.max(lastEnd, sentenceStart(line.text, nextPrice.start)) : undefined,
      );
      // Prices split by "/" under a header naming as many sizes ("half / pint" over "£2.60 / £5.10"):
      // one variant per size.
      const sizes = !variant && g.struck.length === 0 ? slashSizes(lines, line, amounts, titleLine) : null;
      const parts = sizes
        ? amounts.map((p, k) => ({ variant: sizes[k] as string, price: p }))
        : [{ variant, price: null }];
      for (const part of parts)
        claim({
          name,
          variant: part.variant,
          section: sectionOf(lines, (titleLine ?? line).index, titleLine?.heading ?? null),
          price: part.price?.amount ?? low,
          priceText: part.price?.text ?? first.text,
          priceMax: !part.price && high > low && distinct.length === 2 ? high : null,
          referencePrice: reference > 0 ? reference : before,
          currency: first.currency,
          unit: amounts.find((p) => p.unit)?.unit ?? row?.unit ?? null,
          from: amounts.some((p) => p.from) || (row?.from ?? false),
          lines: titleLine ? [line, titleLine] : [line],
          titleLine,
          rowStock: row?.stock
            ? readStock(row.stock)
            : g.kind === 'name' || g.kind === 'variant' || (g.kind === 'none' && tail.length <= 40)
              ? readStock(tail.replace(TRAILING_CTA, ''))
              : null,
          stockWords: row?.stock ?? null,
          sku: row?.sku ?? null,
        });
    }
  }
  return datedSessions(pageItemOptions(items, lines), lines, claimedBy);
}

function emptyItem(name: string, section: string | null, lines: Line[], titleLine: Line | null): Item {
  return {
    name,
    variant: null,
    section,
    price: null,
    priceText: null,
    priceMax: null,
    referencePrice: null,
    currency: null,
    unit: null,
    from: false,
    lines,
    titleLine,
    rowStock: null,
    stockWords: null,
    sku: null,
  };
}

/**
 * A card title cut short by the theme ("Hojiblanca Estate Extra...", PrestaShop cuts at 30
 * characters) written out whole from its link's address ("…/14-hojiblanca-estate-extra-virgin-olive-oil.html"),
 * when the address spells the same words on. Null when the title is whole or the address says less.
 */
function untruncated(name: string, title: Line): string | null {
  const cut = /^(.*\p{L}.*?)\s*(?:\.{3}|…)$/u.exec(name);
  if (!cut) return null;
  const link = title.el.closest('a[href]') ?? blockOf(title.el).querySelector('a[href]');
  const slug = (link?.getAttribute('href') ?? '')
    .replace(/[?#].*$/, '')
    .split('/')
    .filter(Boolean)
    .pop()
    ?.replace(/\.[a-z]{2,5}$/i, '');
  if (!slug) return null;
  const words = slug.split(/[-_]+/).filter((w) => !/^\d+$/.test(w));
  const shown = (cut[1] as string).split(/\s+/);
  const lower = (w: string) => w.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  // The shown words, the last perhaps cut mid-word, are the address's first words.
  const agrees = shown.every((w, i) =>
    i === shown.length - 1 ? (words[i] ?? '').startsWith(lower(w)) : words[i] === lower(w),
  );
  if (!agrees || words.length <= shown.length) return null;
  const rest = words.slice(shown.length - 1).map((w) => w.charAt(0).toUpperCase() + w.slice(1));
  return [...shown.slice(0, -1), ...rest].join(' ');
}

/** A line that says where (its block marked as a location, or led by a map-pin icon). */
const PLACE_MARK = /(?:^|[\s_-])(?:location|venue|map-marker|map-pin|fa-map|place)(?:$|[\s_-])/i;
function placeLine(line: Line): boolean {
  const block = blockOf(line.el);
  if (PLACE_MARK.test(block.getAttribute('class') ?? '')) return true;
  const icon = block.querySelector('i[class], svg[class], span[class*="icon"]');
  return icon !== null && PLACE_MARK.test(icon.getAttribute('class') ?? '');
}

/** A table of an event's tickets, by its class or its first header cell ("Ticket"). */
const TICKET_TABLE = /\btickets?\b/i;
function ticketHeader(el: Element): string {
  const table = el.closest('table');
  if (!table) return '';
  return `${table.getAttribute('class') ?? ''} ${collapseWhitespace(table.querySelector('th')?.textContent ?? '')}`;
}

/** A row's words saying it is bought only with something else. */
const ADD_ON_ROW =
  /\b(?:must be (?:booked|bought|purchased) (?:with|alongside)|only (?:with|alongside) an? (?:\w+ )?(?:ticket|booking)|as an add-?on|add-?on (?:to|for) (?:a|an|any|your))\b/i;

/** A footnote mark after a name: "Burrata †", "Deviled eggs*", "Seared scallops ‡‡". */
const FOOTNOTE_MARK = /\s*([†‡*§¶]+)$/u;

/**
 * The stock a footnote legend gives an item marked with its symbol: the first line after the item
 * that opens with the same mark ("† Off the menu until June", "* Limited — ask your server"). A
 * legend that says nothing of stock ("*Consuming raw or undercooked…") gives nothing.
 */
function legendStock(item: Item, lines: Line[], others: ReadonlySet<Line>): StockReading | null {
  if (!item.mark) return null;
  const from = (item.lines[item.lines.length - 1] as Line).index;
  for (let i = from + 1; i < lines.length; i++) {
    const l = lines[i] as Line;
    if (others.has(l) || !l.text.startsWith(item.mark)) continue;
    const rest = l.text.slice(item.mark.length);
    // "**" is not a legend of "*".
    if (/^[†‡*§¶]/u.test(rest)) continue;
    return readStock(rest);
  }
  return null;
}

/**
 * An item whose name and price are both crossed out, with no word of its own: a menu striking
 * what has run out for the night. (A struck price beside a live one is a reference price.)
 */
function struckOut(item: Item): StockReading | null {
  const struck = (l: Line) => l.segments.every((sg) => isStruck(sg.el, blockOf(l.el)));
  const [priceLine] = item.lines;
  if (!item.titleLine || !priceLine || priceLine === item.titleLine) return null;
  return struck(item.titleLine) && struck(priceLine)
    ? { state: 'out_of_stock', text: '', availableFrom: null }
    : null;
}

// ---------------------------------------------------------------------------------------------

export interface PageOfferContext {
  currencyHint: string | null;
}

function offerOf(item: Item, stock: StockReading | null): Offer {
  return {
    type: item.priceMax !== null ? 'AggregateOffer' : 'Offer',
    name: item.variant,
    price: item.price,
    priceText: item.priceText,
    currency: item.currency,
    lowPrice: item.priceMax !== null ? item.price : null,
    highPrice: item.priceMax,
    offerCount: null,
    availability: stock?.state ?? null,
    availabilityText: stock?.text || item.stockWords,
    availableFrom: stock?.availableFrom ?? null,
    referencePrice: item.referencePrice,
    unit: item.unit,
    ...(item.variant && item.sku ? { sku: item.sku } : {}),
    from: item.from,
    url: null,
    validUntil: null,
  };
}

const QUALIFIED = /^(.{2,80}?)\s+[—–|]\s+(.{1,60})$/;
const BRACKETED = /^(.*\p{L}.*?)\s*\(([^()]+)\)$/u;
const unbalanced = (text: string) => (text.match(/\(/g)?.length ?? 0) > (text.match(/\)/g)?.length ?? 0);

/**
 * "Huila Las Flores — Colombia": a title with a dash keeps its name before the dash (the shop tile
 * elsewhere says "Huila Las Flores"); what follows describes it, or, when several items share the
 * name ("Kids Surf Camp — 6–10 January", "… — 13–17 January"), tells them apart as variants.
 */
function splitQualifiers(items: Item[]): Item[] {
  const heads = new Map<string, Set<string>>();
  for (const item of items) {
    const m = QUALIFIED.exec(item.name);
    if (!m || item.variant || unbalanced(m[1] as string)) continue;
    const head = (m[1] as string).trim().toLowerCase();
    heads.set(head, (heads.get(head) ?? new Set()).add(item.name));
  }
  return items.map((item) => {
    // "Autumn Tennis Camp (29 Mar – 1 Apr)": the date in brackets is the session.
    const bracketed = BRACKETED.exec(item.name);
    const date = bracketed && !item.variant ? dateLabel(bracketed[2] as string) : null;
    if (bracketed && date) return { ...item, name: (bracketed[1] as string).trim(), variant: date };
    const m = QUALIFIED.exec(item.name);
    // A dash inside brackets qualifies nothing.
    if (!m || unbalanced(m[1] as string)) return item;
    const head = (m[1] as string).trim();
    const qualifier = (m[2] as string).trim();
    // Several different titles with one name before the dash: the part after it is the variant.
    if (!item.variant && (heads.get(head.toLowerCase())?.size ?? 0) > 1)
      return { ...item, name: head, variant: qualifier };
    return { ...item, name: head, qualifier };
  });
}

/** Products and services listed by the page's markup under `root` (a cleaned content element). */
export function readPageOffers(root: Element, context: PageOfferContext): Product[] {
  const lines = readLines(root, context.currencyHint);
  const items = splitQualifiers(readItems(lines, context.currencyHint)).map((item) => {
    // A session in a week grid's day column is that day's ("Heels Choreo" under "Mon" / "Mar 1").
    if (item.variant !== null && !RATE_NAME.test(item.variant)) return item;
    const day = columnDay((item.titleLine ?? (item.lines[0] as Line)).el);
    return day ? { ...item, variant: day } : item;
  });
  const wrapperStates = wrapperStatesOf(root);
  // Items whose date variant is read from a line of their card, each priced on a line of its own.
  const datedRows = new Set(
    items.filter(
      (it) =>
        it.variant !== null &&
        dateLabel(it.variant) !== null &&
        it.rowStock === null &&
        items.some((o) => o.name === it.name && o.lines[0] !== it.lines[0]),
    ),
  );
  const products = new Map<string, Product>();
  for (const item of items) {
    // Variants of one product share its card; other products' lines bound it, and so do the lines of
    // a card repeating the name under a title of its own (one card per date of an event).
    const card = cardOf(
      item,
      items
        .filter(
          (o) =>
            o.name !== item.name ||
            (o.titleLine !== null && item.titleLine !== null && o.titleLine !== item.titleLine) ||
            // Dates priced each on a line of their own (a booking calendar's rows): each its own card.
            (o !== item && datedRows.has(o) && datedRows.has(item)),
        )
        .flatMap((o) => o.lines),
      // A field's label ("SKU:", "Availability:" in a details list) bounds no card.
      lines.filter((l) => (l.heading !== null || (l.title && nameLike(l))) && !/:\s*$/.test(l.text)),
      root,
    );
    const others = new Set(items.filter((o) => o !== item).flatMap((o) => o.lines));
    const stock =
      stockOf(item, card, lines, others, wrapperStates, datedRows.has(item)) ??
      legendStock(item, lines, others) ??
      struckOut(item);
    const key = item.name.toLowerCase();
    let product = products.get(key);
    if (!product) {
      product = {
        type: 'Product',
        name: item.name,
        description: item.qualifier ?? null,
        sku: null,
        gtin: null,
        brand: null,
        url: null,
        images: [],
        offers: [],
        rating: null,
        source: 'page',
        section: item.section,
      };
      products.set(key, product);
    }
    if (!item.variant && item.sku) product.sku ??= item.sku;
    if (item.variant) {
      const listed = product.offers.find((o) => o.name === item.variant);
      if (!listed) product.offers.push(offerOf(item, stock));
      else if (!listed.availability && stock && listed.price === item.price) {
        listed.availability = stock.state;
        listed.availabilityText = stock.text || null;
        listed.availableFrom = stock.availableFrom;
      }
      // The product's own stock (its card) when the variant row says nothing; not for a date whose
      // card holds other dates that say their own (the page states stock per date, not this one's).
      const own = product.offers.find((o) => o.name === item.variant);
      const perDate =
        dateLabel(item.variant) !== null &&
        items.some(
          (o) =>
            o !== item &&
            o.name === item.name &&
            o.rowStock !== null &&
            o.lines.some((l) => card.contains(l.el)),
        );
      if (own && !own.availability && !perDate) {
        // The lines of the product's other sizes are the product's own ("Bottle $58. Sold out until
        // the new vintage arrives in June." under the glass's price); another date's are not.
        const siblings = dateLabel(item.variant)
          ? others
          : new Set(items.filter((o) => o.name !== item.name).flatMap((o) => o.lines));
        const cardStock = stockOf(
          { ...item, variant: null, rowStock: null },
          card,
          lines,
          siblings,
          wrapperStates,
        );
        // A sentence about another size ("The 16 oz size is sold out") is that size's, not this one's.
        const said = cardStock?.text.toLowerCase() ?? '';
        const mentions = (name: string) =>
          (/\d/.test(name) || name.length >= 5) && said.includes(name.toLowerCase());
        const another = items.some(
          (o) => o.name === item.name && o.variant && o.variant !== item.variant && mentions(o.variant),
        );
        if (cardStock && !(another && !mentions(item.variant))) {
          own.availability = cardStock.state;
          own.availabilityText = cardStock.text || null;
          own.availableFrom = cardStock.availableFrom;
        }
      }
    } else {
      const own = product.offers.find((o) => !o.name);
      if (!own) product.offers.push(offerOf(item, stock));
      else if (!own.availability && stock && own.price === item.price) {
        // The same item listed twice on the page (a menu as a table and as a list): the second
        // listing may be the one that says it is off.
        own.availability = stock.state;
        own.availabilityText = stock.text || null;
        own.availableFrom = stock.availableFrom;
      }
    }
  }
  addScheduledSessions(root, items, products, context.currencyHint);
  return [...products.values()];
}

/** A schedule's dated rows of items priced elsewhere on the page, as those items' sessions. */
function addScheduledSessions(
  root: Element,
  items: Item[],
  products: Map<string, Product>,
  currencyHint: string | null,
): void {
  const priced: PricedItem[] = [];
  for (const item of items)
    if (item.price !== null && !priced.some((p) => p.name === item.name))
      priced.push({ name: item.name, price: item.price, currency: item.currency, unit: item.unit });
  const hasPrice = (text: string) => findPrices(text, currencyHint).length > 0;
  for (const { item, session, stock } of scheduledSessions(root, priced, hasPrice)) {
    const product = products.get(item.name.toLowerCase());
    if (!product || product.offers.some((o) => o.name === session)) continue;
    product.offers.push(
      offerOf({ ...emptyItem(item.name, null, [], null), ...item, variant: session, priceText: null }, stock),
    );
  }
}
