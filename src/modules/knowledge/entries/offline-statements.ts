/**
 * Sentence-level entries: each informative sentence of a paragraph (or list item) becomes one entry,
 * asked as a price question when it names prices; otherwise its question is made later from the
 * sentence's category (questionForStatement). A multi-line address paragraph is one "where?" entry.
 */
import { splitSentences } from '../../../core/text/sentences.js';
import type { Entity } from './entities.js';
import { type Block, inlineText } from './markdown-blocks.js';
import { isQuestion, type PageContext } from './offline-page-context.js';
import { findPrices } from './patterns.js';
import { namePrices } from './price-names.js';
import { questionForPrice } from './questions.js';
import { contactEntities, sentenceEntities } from './text-entities.js';
import type { EntryKind } from './types.js';

const CALL_TO_ACTION =
  /^(?:see|click|read more|learn more|find out|view|shop|browse|get a quote|book now|call now)\b/i;
/** Shop furniture, not facts: result counts, SKU and category lines, link remnants. */
const SHOP_CHROME = /^(?:showing (?:all )?\d+|\d+ results?\b|sku:|categor(?:y|ies):|tags?:)|\]\(|\[!\[/i;
/** A shop's instructions to the shopper ("This product has multiple variants …"). */
const SHOPPER_HINT =
  /\b(?:this product has (?:multiple|several) variants|options may be chosen|choose an option|select (?:a|your) (?:size|option|variant)|added to (?:your )?(?:cart|basket))\b/i;
const UI_WORDS =
  /\b(?:add to (?:cart|basket|bag)|select options|choose an option|read more|buy now|view (?:product|details|bike|more)|quantity|sold out|sale!?|in stock|out of stock|clear)\b/gi;
/** A row of link labels ("Call us · Email · Instagram"), not a sentence. */
const LINK_ROW =
  /^(?:(?:call(?: us)?|phone|e-?mail(?: us)?|write to us|message us|whats ?app|sms|text us|directions|map|instagram|facebook|tiktok|youtube|linkedin|pinterest|x|twitter|threads)(?:\s*[·•|/,]\s*|\s+|$))+$/i;

/** The statement only repeats what the page's products already say (a price line, a product name). */
function repeatsProducts(ctx: PageContext, plain: string): boolean {
  const products = ctx.page.structured.products;
  if (!ctx.pageProducts || products.length === 0) return false;
  const norm = (x: string) =>
    x
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  const names = products.map((p) => norm(p.name));
  if (names.includes(norm(plain))) return true;
  const prices = findPrices(plain);
  if (prices.length === 0) return false;
  const amounts = new Set(
    products.flatMap((p) =>
      p.offers.flatMap((o) => [o.price, o.lowPrice, o.highPrice, o.referencePrice ?? null]),
    ),
  );
  if (!prices.every((p) => amounts.has(p.amount))) return false;
  // What is left once prices, product names and shop buttons are gone: a few words at most.
  let rest = plain;
  for (const p of [...prices].reverse()) rest = rest.slice(0, p.start) + rest.slice(p.end);
  rest = norm(rest.replace(UI_WORDS, ' '));
  for (const n of names) rest = rest.replace(n, ' ');
  return rest.split(/\s+/).filter((w) => w.length > 2).length <= 5;
}

/** One informative sentence (or list item) becomes one entry. */
export function addStatement(
  ctx: PageContext,
  text: string,
  start: number,
  end: number,
  path: string[],
  kind: EntryKind,
): void {
  const plain = inlineText(text);
  const words = plain.split(/\s+/).filter((w) => /\p{L}|\d/u.test(w));
  if (words.length < 3 || CALL_TO_ACTION.test(plain) || isQuestion(plain)) return;
  if (
    SHOP_CHROME.test(plain) ||
    SHOPPER_HINT.test(plain) ||
    LINK_ROW.test(plain) ||
    repeatsProducts(ctx, plain)
  )
    return;
  if (
    plain
      .replace(UI_WORDS, ' ')
      .split(/\s+/)
      .filter((w) => /\p{L}{2,}/u.test(w)).length < 2
  )
    return;
  const informative = /\d/.test(plain) || words.length >= 4 || /\b(?:free|closed|open)\b/i.test(plain);
  if (!informative) return;
  const scan = ctx.scan(path);
  // With the page's products read from its markup, a price sentence is asked about by its subject
  // later (the item it names); guessing names from the words here gives "What do Price range cost?".
  const named = ctx.pageProducts ? [] : namePrices(plain);
  let question: string;
  if (named.length === 1 && !scan.careers)
    question = questionForPrice((named[0] as { name: string }).name, scan.delivery);
  else if (named.length > 1 && !scan.careers)
    question = `What do ${named
      .map((n) => n.name)
      .slice(0, 3)
      .join(', ')
      .replace(/, ([^,]*)$/, ' and $1')} cost?`;
  else question = labelledPriceQuestion(plain, scan.delivery && !scan.careers);
  ctx.drafts.push({
    question,
    answer: plain,
    kind,
    support: ctx.span(start, end),
    headingPath: path,
    confidence: /\d/.test(plain) ? 0.7 : 0.6,
    classifyText: plain,
  });
}

/**
 * "Postage to Liechtenstein: CHF 18.–", "Rental delivery to your hotel: CHF 15.–": a price line that
 * names what it prices before a colon is asked about by that name, not by its category's generic
 * question (which every such line on the page would share). Only for charges (a delivery section):
 * the catalogue asks about items.
 */
function labelledPriceQuestion(plain: string, delivery: boolean): string {
  if (!delivery) return '';
  const m = /^([^:]{3,60}):\s*(?=\S)/.exec(plain);
  const label = m?.[1]?.trim();
  if (!m || !label || label.split(/\s+/).length > 7) return '';
  return findPrices(plain.slice(m[0].length)).length > 0 ? questionForPrice(label, true) : '';
}

/**
 * The opening-hours rules of a paragraph that run over a line break, with the periods written right
 * after them ("… / 14h30–19h00"): the sentence reader sees each line alone and reads none of them.
 */
function rulesOverLines(ctx: PageContext, whole: Entity[]): Entity[] {
  const out: Entity[] = [];
  for (const e of whole) {
    if (e.type !== 'opening_hours') continue;
    const last = out[out.length - 1];
    const gap = last ? ctx.md.slice(last.support.end, e.support.start) : null;
    const period =
      last?.type === 'opening_hours' &&
      last.days.join() === e.days.join() &&
      gap !== null &&
      /^\s*(?:\/|,|;|&|\+|and|\|)?\s*$/.test(gap);
    if (e.support.text.includes('\n') || period) out.push(e);
  }
  return out;
}

export function readParagraph(ctx: PageContext, b: Extract<Block, { kind: 'paragraph' }>): void {
  const raw = ctx.md.slice(b.start, b.end);
  const scan = ctx.scan(b.path, b.start);
  // What the paragraph states read whole, across its line breaks.
  const whole = raw.includes('\n') ? contactEntities(raw, b.start, scan) : [];
  // An address written over several lines is one fact, not one sentence per line.
  if (whole.length > 0) {
    const located = whole.filter((e) => e.type === 'location');
    if (located.length > 0) {
      ctx.entities.push(...located);
      const answer = raw
        .split('\n')
        .map((l) => inlineText(l))
        .filter((l) => l !== '')
        .join(', ');
      ctx.drafts.push({
        question: `Where is ${ctx.business ?? 'the business'}?`,
        answer,
        kind: 'contact',
        support: ctx.span(b.start, b.end),
        headingPath: b.path,
        confidence: 0.85,
        classifyText: answer,
        fixedCategory: { category: 'locations_hours', confidence: 0.9 },
      });
      return;
    }
  }
  // A rule written over two lines ("**Monday to Saturday**" / "9h00–13h00 / 14h30–19h00") is read
  // whole: each line alone is no rule.
  ctx.entities.push(...rulesOverLines(ctx, whole));
  const sentences = splitSentences(raw);
  let carry: { start: number } | null = null;
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k] as { text: string; start: number; end: number };
    const following = raw.slice(s.end, s.end + 80);
    ctx.entities.push(...sentenceEntities(s.text, b.start + s.start, scan, following));
    const plain = inlineText(s.text);
    const wordCount = plain.split(/\s+/).length;
    // Short answers ("No.", "Yes.") and rhetorical questions belong with the next sentence.
    if ((wordCount < 3 || isQuestion(plain)) && k + 1 < sentences.length) {
      carry ??= { start: s.start };
      continue;
    }
    const start = b.start + (carry ? carry.start : s.start);
    carry = null;
    addStatement(ctx, ctx.md.slice(start, b.start + s.end), start, b.start + s.end, b.path, 'statement');
  }
}
