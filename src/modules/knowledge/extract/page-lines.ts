/**
 * A page as lines of text for the offers reader (page-offers.ts): a block element, or a `<br>`-separated
 * part of one, with the elements each character came from, whether the line is a title (a heading,
 * a definition term, an element whose class says title or name, a bold-only line), whether it sits in
 * a quote, and the prices found in it. Table rows are one line each; split price markup
 * (`<span>129</span><span class="fraction">00</span>`) is joined; a range's bare upper end
 * ("$150-300") is a price too.
 */
import { findPrices, type PriceMatch } from '../entries/patterns.js';
import { collapseWhitespace } from './dom.js';
import { readStock, splitTrailingStock } from './stock.js';

export const BLOCK = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BUTTON',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TBODY',
  'TD',
  'TFOOT',
  'TH',
  'THEAD',
  'TR',
  'UL',
  'LABEL',
]);
export const SKIPPED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SELECT',
  'OPTION',
  'TEXTAREA',
  'SVG',
  'IMG',
]);
export const CELL = new Set(['TD', 'TH']);

export interface Segment {
  el: Element;
  start: number;
  end: number;
}

export interface Line {
  index: number;
  text: string;
  segments: Segment[];
  /** The element of the line's first text. */
  el: Element;
  /** Heading level 1-6 when the line is a heading. */
  heading: number | null;
  /** A title that can name an item: heading, definition term, a name/title element, a bold-only line. */
  title: boolean;
  /** Inside a quote or testimonial. */
  quote: boolean;
  prices: PriceMatch[];
}

/** A theme's label for a price ("Regular price", "Sale price", "Unit price"). */
export const PRICE_LABEL =
  /^(?:(?:regular|sale|current|original|unit|special|starting|list|our|your|member|was|now|individual|group)\s+)?(?:price|prices|pricing|cost|costs)(?:\s+(?:is|was|from|range))?\s*:?$/i;
const TITLE_CLASS = /(?:^|[\s_-])(?:title|name|heading|headline)(?:$|[\s_\d-])/i;
/** The same words in camelCase names and values (`ContentHeading`, `HeadingDelta`, `productTitle`). */
const TITLE_CAMEL = /(?:[a-z]|^|[\s_-])(?:Title|Name|Heading|Headline)(?:$|[\s_\dA-Z-])/;

/**
 * Whether an element's class or the builder's own attributes say it is a title: Wix's `data-hook`,
 * GoDaddy's `data-ux="ContentHeading"` / `data-aid="…_TITLE_RENDERED"` / `typography="HeadingDelta"`.
 */
export function titleMarked(el: Element): boolean {
  // A tagline marked "headline" (FareHarbor's `fh-item-grid__headline`) that is a sentence or two
  // ("Our classic lesson for first-timers. Board and wetsuit included.") is no title.
  if (SENTENCES.test(collapseWhitespace(el.textContent ?? ''))) return false;
  for (const name of el.getAttributeNames?.() ?? []) {
    if (name !== 'class' && name !== 'typography' && !name.startsWith('data-')) continue;
    const value = el.getAttribute(name) ?? '';
    if (value.length > 200) continue;
    if (TITLE_CLASS.test(value) || TITLE_CAMEL.test(value)) return true;
  }
  return false;
}
/**
 * Who made, sells or leads it, not what it is: BigCommerce's `brandName`, Shopify's `product-vendor`,
 * a class schedule's `bw-session__staff` or `instructor-name`.
 */
const MAKER_NAME =
  /brand|vendor|manufacturer|author|seller|(?:^|[\s_-])(?:staff|instructor|teacher|trainer|coach|host|presenter)(?:$|[\s_-])/i;

/** Whether a line is a maker's, seller's or leader's name by its element's or block's marks. */
export function makerLine(line: Line): boolean {
  const block = blockOf(line.el);
  for (let e: Element | null = line.el; e; e = e.parentElement) {
    if (makerMarked(e)) return true;
    if (e === block) break;
  }
  return false;
}

/** Whether an element's class or data attributes say it holds a maker's or seller's name. */
function makerMarked(el: Element): boolean {
  return (el.getAttributeNames?.() ?? []).some(
    (name) => (name === 'class' || name.startsWith('data-')) && MAKER_NAME.test(el.getAttribute(name) ?? ''),
  );
}
/** Words ending in a full stop with another sentence before it, or eight words and more ending so. */
const SENTENCES = /\p{Ll}[.!?]\s+\p{Lu}.*[.!?]$|^(?:\S+\s+){7,}\S*\p{Ll}[.!?]$/u;
const FRACTION_CLASS = /fraction|cents|decimal/i;
export const STRUCK_CLASS =
  /(?:^|[\s_-])(?:was|old|compare|compare-at|compareat|regular|original|strike(?:through|out)?|struck|crossed|line-through|linethrough|text-decoration-line-through|price--compare|price-item--regular|rrp|msrp)(?:$|[\s_-])/i;

/** Whether `el` is struck through (`<del>`, `<s>`, a strike class or style), up to its block. */
export function isStruck(el: Element, stopAt: Element): boolean {
  for (let e: Element | null = el; e && e !== stopAt.parentElement; e = e.parentElement) {
    const tag = e.nodeName;
    if (tag === 'DEL' || tag === 'S' || tag === 'STRIKE') return true;
    if (STRUCK_CLASS.test(e.getAttribute('class') ?? '')) return true;
    if (/before-discount|compare|strike|was-price|regular-price/i.test(e.getAttribute('data-hook') ?? ''))
      return true;
    if (/line-through/i.test(e.getAttribute('style') ?? '')) return true;
    if (BLOCK.has(tag)) return false;
  }
  return false;
}

function closestTitle(el: Element, stopAt: Element | null): Element | null {
  for (let e: Element | null = el; e && e !== stopAt; e = e.parentElement) {
    const tag = e.nodeName;
    if (/^H[1-6]$/.test(tag) || tag === 'DT' || tag === 'SUMMARY') return e;
    if (e.getAttribute('itemprop') === 'name') return e;
    if (titleMarked(e) && !BLOCK_CONTAINERS.has(tag)) return e;
    if (BLOCK.has(tag)) return null;
  }
  return null;
}
const BLOCK_CONTAINERS = new Set(['UL', 'OL', 'TABLE', 'TBODY', 'SECTION', 'ARTICLE', 'MAIN', 'FORM']);

const BOLD_STYLE = /font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b/i;

function isBold(el: Element, stopAt: Element | null): boolean {
  for (let e: Element | null = el; e && e !== stopAt; e = e.parentElement) {
    if (e.nodeName === 'STRONG' || e.nodeName === 'B') return true;
    // Rich-text editors bold with a style (`<span style="font-weight:bold">`, `font-weight: 700`).
    if (BOLD_STYLE.test(e.getAttribute('style') ?? '')) return true;
    if (BLOCK.has(e.nodeName)) return false;
  }
  return false;
}

/**
 * What makes a line a heading when no `<h1>`-`<h6>` says so. Builders and rich-text editors write
 * titles as `<div role="heading" aria-level="3">`, a `.h4` class, a paragraph whose text is sized up
 * (`<span style="font-size:26px">`), or a bold or title-classed line standing alone in its block.
 */
interface HeadingCue {
  /** A level the markup declares (ARIA, a `h1`-`h6` class). */
  declared: number | null;
  /** The line's font size in px, when every part of it is sized. */
  size: number | null;
  /** A title (bold, or a title/name element) that is its block's whole text. */
  alone: boolean;
}

const LEVEL_CLASS = /(?:^|\s)h([1-6])(?:\s|$)/i;
const FONT_SIZE = /font-size\s*:\s*(\d+(?:\.\d+)?)\s*(px|pt|em|rem)\b/i;
/** Body text is 14-17px in builders' themes; a line set larger than that stands out as a title. */
const HEADING_PX = 18;

function declaredLevel(el: Element, stopAt: Element | null): number | null {
  for (let e: Element | null = el; e && e !== stopAt; e = e.parentElement) {
    if (e.getAttribute('role') === 'heading') {
      const level = Number(e.getAttribute('aria-level'));
      return level >= 1 && level <= 6 ? level : 2;
    }
    const m = LEVEL_CLASS.exec(e.getAttribute('class') ?? '');
    if (m) return Number(m[1]);
    const wix = wixHeadingLevel(e);
    if (wix !== null) return wix;
    if (BLOCK.has(e.nodeName)) return null;
  }
  return null;
}

function fontSizePx(el: Element, stopAt: Element | null): number | null {
  for (let e: Element | null = el; e && e !== stopAt; e = e.parentElement) {
    const m = FONT_SIZE.exec(e.getAttribute('style') ?? '');
    if (m) {
      const n = Number(m[1]);
      const unit = (m[2] as string).toLowerCase();
      return unit === 'px' ? n : unit === 'pt' ? (n * 4) / 3 : n * 16;
    }
    if (BLOCK.has(e.nodeName)) return null;
  }
  return null;
}

/**
 * Levels for the lines the cues mark as headings: a declared level as declared; sized lines ranked by
 * size (the largest is 1); a title alone in its block one level under the deepest heading the page
 * has. A line with a price, a long line or a sentence is never a heading.
 */
function inferHeadings(lines: Line[], cues: Map<Line, HeadingCue>): void {
  // A stock line set in bold ("Fully booked until 6 May") belongs to its card; it heads nothing. A
  // name printed with its stock ("Oysters (sold out tonight)") is still a name.
  const candidate = (l: Line) =>
    l.heading === null &&
    l.prices.length === 0 &&
    (!readStock(l.text) || splitTrailingStock(l.text) !== null) &&
    l.text.length <= 80 &&
    !/[.!]$/.test(l.text) &&
    !dataRowOf(l.el);
  const sized = lines.filter((l) => candidate(l) && (cues.get(l)?.size ?? 0) >= HEADING_PX);
  const sizes = [...new Set(sized.map((l) => cues.get(l)?.size as number))].sort((a, b) => b - a);
  for (const l of lines) {
    const cue = cues.get(l);
    if (!cue || !candidate(l)) continue;
    if (cue.declared !== null) l.heading = cue.declared;
    else if ((cue.size ?? 0) >= HEADING_PX) l.heading = Math.min(6, sizes.indexOf(cue.size as number) + 1);
    if (l.heading !== null) l.title = true;
  }
  const deepest = Math.max(0, ...lines.map((l) => l.heading ?? 0));
  for (const l of lines) {
    if (candidate(l) && cues.get(l)?.alone && l.title) l.heading = Math.min(6, Math.max(2, deepest + 1));
  }
}

const LAYOUT_CONTENT = 'div, p, ul, ol, h1, h2, h3, h4, h5, h6, table, blockquote, section, article, figure';

/**
 * The data-table row an element sits in, or null. A table used for layout is not one: builders
 * (Weebly's `wsite-multicol-table`, e-mail-era themes) put columns of paragraphs in its cells, and
 * each column is then a card of its own, not a cell of one row.
 */
export function dataRowOf(el: Element): Element | null {
  const row = el.closest('tr');
  if (!row) return null;
  const table = row.closest('table');
  if (table && /^(?:presentation|none)$/.test(table.getAttribute('role') ?? '')) return null;
  // Two columns of paragraphs: a data table keeps at most a name and its description in one cell.
  const blocky = Array.from(row.children).filter(
    (cell) => CELL.has(cell.nodeName) && cell.querySelector(LAYOUT_CONTENT),
  );
  return blocky.length >= 2 ? null : row;
}

const MARKED_TITLE_TAGS = new Set(['P', 'DIV', 'SPAN']);
const BLOCK_INSIDE = 'p, div, ul, ol, table, h1, h2, h3, h4, h5, h6, img, a, button';

/**
 * The heading level a builder's title element stands for when no `<h1>`-`<h6>` says so
 * (`<div role="heading" aria-level="2">`, GoDaddy's `<p data-ux="SectionHeading">`, a short
 * `<div typography="HeadingDelta">`), or null.
 */
export function markedHeadingLevel(el: Element): number | null {
  if (/^H[1-6]$/.test(el.nodeName) || el.closest('a, button, label')) return null;
  const role = el.getAttribute('role') === 'heading';
  const wix = wixHeadingLevel(el);
  if (
    !role &&
    wix === null &&
    !(MARKED_TITLE_TAGS.has(el.nodeName) && titleMarked(el) && !el.querySelector(BLOCK_INSIDE))
  )
    return null;
  const text = collapseWhitespace(el.textContent ?? '');
  if (text === '' || text.length > 80) return null;
  const level = Number(el.getAttribute('aria-level'));
  return level >= 1 && level <= 6 ? level : (wix ?? 3);
}

/**
 * Wix's theme text styles: `font_0` to `font_6` are its title and heading styles, `font_7` and up its
 * paragraphs. A paragraph of a rich-text element styled as a heading (`<p class="font_5">`) is one.
 */
const WIX_HEADING_FONT = /(?:^|\s)font_([0-6])(?:\s|$)/;

function wixHeadingLevel(el: Element): number | null {
  if (el.nodeName !== 'P') return null;
  const m = WIX_HEADING_FONT.exec(el.getAttribute('class') ?? '');
  if (!m || !el.closest('.wixui-rich-text, [data-testid="richTextElement"]')) return null;
  return Math.max(1, Math.min(6, Number(m[1])));
}

/**
 * Builders' titles made real headings (`<h3>`), so that Readability keeps them (it rebuilds a
 * text-only `<div>` as a bare `<p>`, dropping the marks) and the Markdown shows them as headings.
 */
export function promoteMarkedTitles(root: Element | Document): void {
  for (const el of Array.from(root.querySelectorAll('[role="heading"], p, div, span'))) {
    if (el.parentElement?.closest('h1, h2, h3, h4, h5, h6')) continue;
    const level = markedHeadingLevel(el);
    if (level === null) continue;
    const heading = (el.ownerDocument as Document).createElement(`h${level}`);
    while (el.firstChild) heading.appendChild(el.firstChild);
    el.replaceWith(heading);
  }
}

/** A group of radio swatches in a fieldset (Wix's text options), read as a picker. */
function swatchGroup(el: Element): boolean {
  return (
    el.getAttribute('role') === 'radiogroup' &&
    el.closest('fieldset') !== null &&
    el.querySelectorAll('input[type="radio"]').length >= 2
  );
}

export function blockOf(el: Element): Element {
  for (let e: Element | null = el; e; e = e.parentElement) if (BLOCK.has(e.nodeName)) return e;
  return el;
}

/** The page as lines of text, in document order. */
export function readLines(root: Element, currencyHint: string | null): Line[] {
  const lines: Line[] = [];
  // Heading cues of the lines no <h1>-<h6> marks.
  const cues = new Map<Line, HeadingCue>();
  let text = '';
  let segments: Segment[] = [];
  const flush = () => {
    const trimmed = text.trim();
    if (trimmed !== '' && segments.length > 0) {
      const lead = text.length - text.trimStart().length;
      const segs = segments.map((s) => ({ el: s.el, start: s.start - lead, end: s.end - lead }));
      const first = (segs[0] as Segment).el;
      const block = blockOf(first);
      // A brand line above the name ("<h2 class=\"productView-brand\">") says who made it, not what it is.
      const marked = closestTitle(first, block.parentElement);
      const maker = !!marked && makerMarked(marked);
      const title = maker ? null : marked;
      const titleText = title ? collapseWhitespace(title.textContent ?? '') : '';
      const bold = segs.every((s) => isBold(s.el, block.parentElement));
      const heading = title && /^H[1-6]$/.test(title.nodeName) ? Number(title.nodeName[1]) : null;
      const isTitle =
        (!!title && titleText === trimmed && segs.every((s) => title.contains(s.el))) ||
        (!maker && bold && trimmed.length <= 80 && !/[.!?]$/.test(trimmed));
      const line: Line = {
        index: lines.length,
        text: trimmed,
        segments: segs,
        el: first,
        heading,
        // A theme's label for a price ("Regular price" in a `<dt>`) names nothing.
        // A stock badge ("Only 4 left", "Sold out") in bold is no title either.
        title:
          isTitle &&
          trimmed.length <= 120 &&
          !PRICE_LABEL.test(trimmed) &&
          (heading !== null || !readStock(trimmed) || splitTrailingStock(trimmed) !== null),
        quote: !!first.closest('blockquote, q, [class*="testimonial"], [class*="review"], [class*="quote"]'),
        prices: [],
      };
      if (heading === null) {
        const sizes = segs.map((s) => fontSizePx(s.el, block.parentElement));
        cues.set(line, {
          declared: declaredLevel(first, block.parentElement),
          size: sizes.every((x) => x !== null) ? Math.min(...(sizes as number[])) : null,
          alone: isTitle && collapseWhitespace(block.textContent ?? '') === trimmed,
        });
      }
      lines.push(line);
    }
    text = '';
    segments = [];
  };
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      const value = (node.textContent ?? '').replace(/[\s\u00a0\u202f\u2009]+/g, ' ');
      if (value.trim() === '') {
        if (text !== '' && !text.endsWith(' ')) text += ' ';
        return;
      }
      const el = node.parentElement as Element;
      const prev = segments[segments.length - 1];
      if (prev && prev.el !== el && !text.endsWith(' ') && !value.startsWith(' ')) {
        // Split price markup: `<span>129</span><span class="fraction">00</span>`, `<span>.90</span>`.
        const digitBefore = /\d$/.test(text);
        if (digitBefore && FRACTION_CLASS.test(el.getAttribute('class') ?? '')) text += '.';
        else if (!(digitBefore && /^[.,]\d{1,2}(?!\d)/.test(value))) text += ' ';
      }
      const start = text.length;
      text += value;
      segments.push({ el, start, end: text.length });
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    // A custom dropdown's options, and a fieldset's swatches, are a picker (option-stock.ts), not
    // lines of the card.
    if (SKIPPED.has(el.nodeName) || el.getAttribute('role') === 'listbox' || swatchGroup(el)) return;
    if (el.nodeName === 'BR') {
      flush();
      return;
    }
    // A title in an inline element is a line of its own: themes set it as a block, and the card's
    // description that follows it in the markup is not part of its name.
    const block = BLOCK.has(el.nodeName) || (el.nodeName === 'SPAN' && titleMarked(el));
    if (block) flush();
    for (const child of Array.from(el.childNodes)) visit(child);
    if (block) flush();
    else if (CELL.has(el.nodeName)) text += ' ';
  };
  visit(root);
  flush();
  // Table rows are one line each: join the cells of a row. Lines keep their identity (the heading
  // cues are keyed by line) and are renumbered.
  const merged: Line[] = [];
  let lastRow: Element | null = null;
  for (const line of lines) {
    const row = dataRowOf(line.el);
    const last = merged[merged.length - 1];
    if (row && last && lastRow === row) {
      appendLine(last, line);
      last.heading = null;
      continue;
    }
    lastRow = row;
    line.index = merged.length;
    merged.push(line);
  }
  const joined = joinSplitAmounts(merged);
  for (const line of joined) {
    line.prices = withRangeEnds(line.text, findPrices(line.text, currencyHint));
    if (line.prices.length === 0 && currencyHint)
      line.prices = moneyElementPrices(line, currencyHint) ?? freePrice(line, currencyHint) ?? [];
  }
  inferHeadings(joined, cues);
  return joined;
}

/** An amount written with its cents ("650.00", "1,250.00", "1.250,00"): a count or a rating has none. */
const BARE_AMOUNT = /^\d{1,3}(?:[ ,.'’]\d{3})*[.,]\d{2}$|^\d+[.,]\d{2}$/;
const MONEY_MARK = /(?:^|[\s_-])(?:money|price|amount|cost)(?:$|[\s_-])/i;

/** Whether `el` or one of its two parents is marked as money by class or `itemprop`. */
function moneyMarked(el: Element): boolean {
  let e: Element | null = el;
  for (let i = 0; e && i < 3; i++, e = e.parentElement) {
    if (MONEY_MARK.test(e.getAttribute('class') ?? '') || e.getAttribute('itemprop') === 'price') return true;
  }
  return false;
}

/** A price read from the markup rather than the words: `amount` at `[start, end)` of the line. */
function markupPrice(line: Line, start: number, end: number, amount: number, currency: string): PriceMatch {
  return {
    text: line.text.slice(start, end),
    start,
    end,
    amount,
    currency,
    unit: null,
    from: false,
    role: 'price',
  };
}

/**
 * Bare amounts in a theme's money element ("650.00" in Squarespace's `sqs-money-native`, the currency
 * added by CSS): prices in the page's currency. Null when the line has none.
 */
function moneyElementPrices(line: Line, currency: string): PriceMatch[] | null {
  const out: PriceMatch[] = [];
  for (const sg of line.segments) {
    if (!moneyMarked(sg.el)) continue;
    // One amount, or several for sizes ("3.20 / 6.20" under "half / pint").
    const raw = line.text.slice(sg.start, sg.end);
    const parts = [...raw.matchAll(/[^/]+/g)].map((m) => ({
      text: m[0].trim(),
      at: (m.index ?? 0) + m[0].indexOf(m[0].trim()),
    }));
    // A size's whole amount may drop its cents beside one that has them ("9.50 / 38").
    const amountLike = (t: string) => BARE_AMOUNT.test(t) || (parts.length > 1 && /^\d{1,4}$/.test(t));
    if (!parts.every((part) => amountLike(part.text)) || !parts.some((part) => BARE_AMOUNT.test(part.text)))
      continue;
    for (const part of parts) {
      const start = sg.start + part.at;
      // The last separator followed by two digits is the decimal point; the others group thousands.
      const amount = Number(part.text.replace(/[ ,.'’](?=\d{3}(?:\D|$))/g, '').replace(',', '.'));
      if (Number.isFinite(amount))
        out.push(markupPrice(line, start, start + part.text.length, amount, currency));
    }
  }
  return out.length > 0 ? out : null;
}

/**
 * "Free" alone where a card's price goes, or in a row's cell of its own (a free session, a free plan):
 * a price of nothing. Null when the line says no such thing.
 */
function freePrice(line: Line, currency: string): PriceMatch[] | null {
  if (FREE_ONLY.test(line.text)) return [markupPrice(line, 0, line.text.length, 0, currency)];
  if (!dataRowOf(line.el)) return null;
  const cell = line.segments.find((sg) => {
    const td = sg.el.closest('td, th, [role="cell"], [role="gridcell"]');
    return (
      FREE_ONLY.test(line.text.slice(sg.start, sg.end).trim()) &&
      td !== null &&
      FREE_ONLY.test(collapseWhitespace(td.textContent ?? ''))
    );
  });
  return cell ? [markupPrice(line, cell.start, cell.end, 0, currency)] : null;
}

const FREE_ONLY =
  /^(?:free|free of charge|free (?:entry|admission|entrance)|entry free|admission free|no charge|complimentary|gratis|kostenlos|gratuit|gratuito)$/i;

/** `line`'s text and segments added at the end of `last`: one line made of two. */
function appendLine(last: Line, line: Line): void {
  const offset = last.text.length + 1;
  last.text = `${last.text} ${line.text}`;
  last.segments.push(...line.segments.map((s) => ({ ...s, start: s.start + offset, end: s.end + offset })));
  last.title = false;
}

const AMOUNT_ONLY = /^\d{1,3}(?:[ \u00a0.,'’]\d{3})*(?:[.,]\d{1,2})?(?:[.,][-–—])?$/;
const CURRENCY_ONLY = /^(?:kr\.?|:-|[€£$¥₹₽₪zł]|[A-Z]{3}|sek|nok|dkk)$/i;

/**
 * An amount and its currency in sibling blocks ("329" / "kr", "€" / "12,50"), as Tilda's store
 * cards and some price widgets write them: one line, so the price is read with its currency.
 */
function joinSplitAmounts(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    const pair =
      last?.el.parentElement?.parentElement?.contains(line.el) &&
      ((AMOUNT_ONLY.test(last.text) && CURRENCY_ONLY.test(line.text)) ||
        (CURRENCY_ONLY.test(last.text) && AMOUNT_ONLY.test(line.text)));
    if (last && pair) {
      appendLine(last, line);
      continue;
    }
    // The same object, re-numbered: heading cues are keyed by line.
    line.index = out.length;
    out.push(line);
  }
  return out;
}

/** "$150-300", "€12–15": a range whose upper end is written without its currency. */
const BARE_RANGE_END =
  /^\s*(?:[-–—]|to)\s*(\d{1,3}(?:[,.\s]\d{3})*(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?![\d:]|\s*(?:%|am|pm|min|mins|minutes?|hours?|hrs?|h\b|days?|years?|yrs?|people|persons?|guests?|kg|g\b|ml|cm|mm))/i;

function withRangeEnds(text: string, prices: PriceMatch[]): PriceMatch[] {
  const out: PriceMatch[] = [];
  prices.forEach((p, i) => {
    out.push(p);
    const after = text.slice(p.end);
    const m = BARE_RANGE_END.exec(after);
    if (!m || p.role !== 'price') return;
    const next = prices[i + 1];
    const start = p.end + m[0].length - (m[1] as string).length;
    if (next && next.start < p.end + m[0].length) return;
    const amount = Number((m[1] as string).replace(/[,\s](?=\d{3}\b)/g, '').replace(',', '.'));
    if (!Number.isFinite(amount) || amount <= p.amount || amount > p.amount * 20) return;
    out.push({ ...p, text: m[1] as string, start, end: p.end + m[0].length, amount, from: false });
  });
  return out;
}
