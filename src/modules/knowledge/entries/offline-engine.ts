/**
 * The offline extraction engine: one page → question-and-answer entries and entities, from the
 * page's structure (FAQ headings and bold questions, definition pairs, table rows, lists, quotes,
 * sentences) and its JSON-LD. Deterministic, no network. Every entry cites the exact Markdown (or
 * stored structured-data) span it was made from and passes `checkSupport` before it is returned.
 */
import { splitSentences } from '../../../ai/offline/index.js';
import type { LocalBusiness, OpeningHours, Organization, Product } from '../extract/types.js';
import type { KnowledgeCategory } from './categories.js';
import { classifyText } from './classifier/classifier.js';
import { type Entity, entityKey } from './entities.js';
import { type Block, inlineText, parseBlocks, type TableRow } from './markdown-blocks.js';
import { locateInSource, normalizeForMatch, normalizeText } from './normalize.js';
import { findHours, findPrices, formatPrice } from './patterns.js';
import { namePrices } from './price-names.js';
import { questionForPrice, questionForStatement } from './questions.js';
import { checkSupport, type SupportSpan } from './support.js';
import { contactEntities, productKind, sentenceEntities, type TextScanContext } from './text-entities.js';
import type { EntryKind, ExtractedEntry, PageExtraction, PageInput } from './types.js';

interface Draft {
  question: string;
  answer: string;
  kind: EntryKind;
  support: SupportSpan;
  headingPath: string[];
  confidence: number;
  /** Text the category is judged from (the answer, or question and answer for real questions). */
  classifyText: string;
  fixedCategory?: { category: KnowledgeCategory; confidence: number };
}

const CAREERS = /\b(?:jobs?|careers?|vacanc|hiring|join (?:the|our) team|work(?:ing)? (?:for|with) us)\b/i;
const DELIVERY = /\b(?:deliver\w*|shipping|postage|carriage|dispatch)\b/i;

/** The business's name: site name, JSON-LD organisation, or the title's last part ("… | Next Day Steel"). */
export function businessName(page: PageInput): string | null {
  const s = page.structured;
  const fromLd = s.organizations[0]?.name ?? s.localBusinesses[0]?.name;
  const parts = page.title.split(/\s+[|–—-]\s+/);
  const fromTitle = parts.length > 1 ? (parts[parts.length - 1] as string).trim() : null;
  const name = page.siteName ?? fromLd ?? fromTitle;
  return name ? name.replace(/,?\s+(?:Ltd|LLC|Limited|Inc|GmbH)\.?$/i, '') : null;
}

class PageContext {
  readonly md: string;
  readonly blocks: Block[];
  readonly business: string | null;
  readonly drafts: Draft[] = [];
  readonly entities: Entity[] = [];
  readonly normalized: ReturnType<typeof normalizeForMatch>;
  readonly scanBase: Omit<TextScanContext, 'careers' | 'delivery'>;

  constructor(readonly page: PageInput) {
    this.md = page.markdown;
    this.blocks = parseBlocks(this.md);
    this.business = businessName(page);
    this.normalized = normalizeForMatch(this.md);
    this.scanBase = {
      markdown: this.md,
      url: page.url,
      businessWords: new Set(
        (this.business ?? '')
          .toLowerCase()
          .split(/[^\p{L}]+/u)
          .filter((w) => w.length > 1),
      ),
    };
  }

  span(start: number, end: number): SupportSpan {
    return { field: 'markdown', start, end, text: this.md.slice(start, end) };
  }

  scan(path: readonly string[]): TextScanContext {
    const context = [this.page.title, ...path].join(' ');
    const nearest = [this.page.title, ...path].slice(-2).join(' ');
    return { ...this.scanBase, careers: CAREERS.test(nearest), delivery: DELIVERY.test(context) };
  }

  heading(path: readonly string[]): string | null {
    return path[path.length - 1] ?? this.page.title.split(/\s+[|–—]\s+/)[0] ?? null;
  }

  /** The part of the page title before " | Site name", for questions about the page's subject. */
  subject(path: readonly string[]): string {
    return path[0] ?? this.page.title.split(/\s+[|–—]\s+/)[0] ?? this.page.title;
  }
}

// ---------------------------------------------------------------------------------------------
// Structure readers

const isQuestion = (text: string) => /\?\s*$/.test(text) && text.length <= 200;

function faqAnswerBlocks(blocks: Block[], from: number): number {
  let j = from;
  while (j < blocks.length && j - from < 4) {
    const b = blocks[j] as Block;
    if (b.kind === 'heading' || b.kind === 'table' || b.kind === 'code') break;
    if (b.kind === 'paragraph' && b.bold) break;
    j++;
  }
  return j;
}

function readFaq(ctx: PageContext, i: number, questionText: string, path: string[]): number {
  const end = faqAnswerBlocks(ctx.blocks, i + 1);
  if (end === i + 1) return i + 1;
  const first = ctx.blocks[i + 1] as Block;
  const last = ctx.blocks[end - 1] as Block;
  const answer = inlineText(ctx.md.slice(first.start, last.end));
  ctx.drafts.push({
    question: questionText,
    answer,
    kind: 'faq',
    support: ctx.span(first.start, last.end),
    headingPath: path,
    confidence: 0.9,
    classifyText: `${questionText} ${answer}`,
  });
  for (let k = i + 1; k < end; k++) scanBlockEntities(ctx, ctx.blocks[k] as Block);
  return end;
}

function scanBlockEntities(ctx: PageContext, b: Block): void {
  const scan = ctx.scan(b.path);
  if (b.kind === 'paragraph') {
    for (const s of splitSentences(ctx.md.slice(b.start, b.end))) {
      const following = ctx.md.slice(b.start + s.end, Math.min(b.end, b.start + s.end + 80));
      ctx.entities.push(...sentenceEntities(s.text, b.start + s.start, scan, following));
    }
  } else if (b.kind === 'list') {
    for (const item of b.items)
      ctx.entities.push(...sentenceEntities(ctx.md.slice(item.start, item.end), item.start, scan));
  }
}

interface TableColumns {
  name: number;
  price: number;
  sku: number;
  availability: number;
  unit: string | null;
}

function tableColumns(header: string[] | null, rows: TableRow[]): TableColumns | null {
  const width = Math.max(...rows.map((r) => r.cells.length));
  let price = -1;
  for (let c = 0; c < width; c++) {
    const withPrice = rows.filter((r) => {
      const cell = r.cells[c];
      return cell && findPrices(cell.text).some((p) => p.role === 'price');
    }).length;
    if (withPrice >= Math.max(1, rows.length / 2)) {
      price = c;
      break;
    }
  }
  if (price < 0) return null;
  const h = (header ?? []).map((t) => t.toLowerCase());
  const find = (re: RegExp) => h.findIndex((t) => re.test(t));
  const sku = find(/\b(?:code|sku|ref|part)\b/);
  const availability = find(/\b(?:stock|availab)/);
  let name = find(/\b(?:product|item|service|name|description|loaf|pastry|area|plan|zone|size|dish)\b/);
  if (name < 0 || name === price) name = [...Array(width).keys()].find((c) => c !== price && c !== sku) ?? -1;
  if (name < 0) return null;
  const unitMatch = /\bper\s+([a-z]+)|\/\s*([a-z]+)\b/.exec(h[price] ?? '');
  const unitWord = unitMatch ? ((unitMatch[1] ?? unitMatch[2]) as string) : null;
  const unit = unitWord ? (/^met(?:re|er)s?$/.test(unitWord) ? 'm' : unitWord.replace(/s$/, '')) : null;
  return { name, price, sku, availability, unit };
}

/** A table or list that is mostly opening hours becomes one "when is it open?" entry. */
function pushHoursDraft(
  ctx: PageContext,
  b: Extract<Block, { kind: 'table' | 'list' }>,
  answer: string,
): void {
  ctx.drafts.push({
    question: `When is ${ctx.business ?? 'the business'} open?`,
    answer,
    kind: 'hours',
    support: ctx.span(b.start, b.end),
    headingPath: b.path,
    confidence: 0.9,
    classifyText: answer,
    fixedCategory: { category: 'locations_hours', confidence: 0.95 },
  });
}

function readTable(ctx: PageContext, b: Extract<Block, { kind: 'table' }>): void {
  const scan = ctx.scan(b.path);
  const rowText = (r: TableRow) => r.cells.map((c) => c.text).join(' ');
  const hoursRows = b.rows.filter((r) => findHours(rowText(r)).length > 0);
  if (b.rows.length > 0 && hoursRows.length >= b.rows.length / 2) {
    const answer = b.rows
      .map((r) =>
        r.cells
          .map((c) => c.text)
          .filter((t) => t !== '')
          .join(': '),
      )
      .join('; ');
    pushHoursDraft(ctx, b, answer);
    for (const r of b.rows) {
      const first = r.cells[0];
      const last = r.cells[r.cells.length - 1];
      if (!first || !last) continue;
      // Hours read across the cells: "Monday to Friday | 7:00am – 4:30pm".
      const times = r.cells
        .slice(1)
        .map((c) => c.text)
        .join(' ');
      for (const h of findHours(`${first.text} ${times}`)) {
        ctx.entities.push({
          type: 'opening_hours',
          name: `${first.text}: ${times}`,
          days: h.days,
          opens: h.opens,
          closes: h.closes,
          closed: h.closed,
          confidence: 0.9,
          support: ctx.span(first.start, last.end),
        });
      }
    }
    return;
  }
  const cols = tableColumns(b.header, b.rows);
  for (const r of b.rows) {
    const first = r.cells[0];
    const last = r.cells[r.cells.length - 1];
    if (!first || !last) continue;
    const support = ctx.span(first.start, last.end);
    if (cols) {
      const nameCell = r.cells[cols.name];
      const priceCell = r.cells[cols.price];
      const price = priceCell ? findPrices(priceCell.text).find((p) => p.role === 'price') : undefined;
      if (nameCell && priceCell && price && nameCell.text !== '') {
        const sku = cols.sku >= 0 ? (r.cells[cols.sku]?.text ?? null) : null;
        const availability = cols.availability >= 0 ? (r.cells[cols.availability]?.text ?? null) : null;
        const unit = price.unit ?? cols.unit;
        const others = r.cells
          .filter((_, k) => k !== cols.name && k !== cols.price && k !== cols.sku)
          .map((c) => c.text)
          .filter((t) => t !== '');
        const unitText = !price.unit && cols.unit ? ` per ${cols.unit === 'm' ? 'metre' : cols.unit}` : '';
        const answer = `${nameCell.text}${sku ? ` (${sku})` : ''}: ${priceCell.text}${unitText}${others.length ? `. ${others.join('; ')}` : ''}`;
        ctx.drafts.push({
          question: questionForPrice(nameCell.text, scan.delivery),
          answer,
          kind: 'table_row',
          support,
          headingPath: b.path,
          confidence: 0.85,
          classifyText: `${answer}`,
        });
        if (!scan.careers) {
          ctx.entities.push({
            type: productKind(nameCell.text, scan.delivery),
            name: scan.delivery ? `Delivery: ${nameCell.text}` : nameCell.text,
            sku: sku && sku !== '' ? sku : null,
            price: price.amount,
            priceText: price.text,
            currency: price.currency,
            unit,
            priceFrom: price.from,
            availability: availability && availability !== '' ? availability : null,
            url: ctx.page.url,
            description: others.length ? others.join('; ') : null,
            confidence: 0.9,
            support,
          });
        }
        continue;
      }
    }
    const cells = r.cells.filter((c) => c.text !== '');
    if (cells.length < 2) continue;
    const key = (cells[0] as { text: string }).text;
    const value = cells
      .slice(1)
      .map((c) => c.text)
      .join('; ');
    const valueHeader = b.header?.[1];
    const question = valueHeader
      ? `What is the ${valueHeader.toLowerCase()} for ${key}?`
      : `What about ${key}?`;
    ctx.drafts.push({
      question,
      answer: `${key}: ${value}`,
      kind: 'table_row',
      support,
      headingPath: b.path,
      confidence: 0.7,
      classifyText: `${key}: ${value}`,
    });
  }
}

const PERSON_ITEM = /^([A-Z][\p{L}'-]+(?:\s[A-Z][\p{L}'-]+){1,2})\s*[–—:,-]\s*(.{2,80})$/u;

function readList(ctx: PageContext, b: Extract<Block, { kind: 'list' }>): void {
  const scan = ctx.scan(b.path);
  const hoursItems = b.items.filter((it) => findHours(it.text).length > 0);
  if (b.items.length > 0 && hoursItems.length >= b.items.length / 2) {
    const answer = b.items.map((it) => it.text).join('; ');
    pushHoursDraft(ctx, b, answer);
    for (const it of b.items)
      ctx.entities.push(...contactEntities(ctx.md.slice(it.start, it.end), it.start, scan));
    return;
  }
  for (const it of b.items) {
    const raw = ctx.md.slice(it.start, it.end);
    const person = PERSON_ITEM.exec(it.text);
    const nameWords = person ? (person[1] as string).toLowerCase().split(/\s+/) : [];
    if (person && !nameWords.some((w) => ctx.scanBase.businessWords.has(w)) && !findPrices(it.text).length) {
      const name = person[1] as string;
      ctx.entities.push({
        type: 'person',
        name,
        role: (person[2] as string).trim(),
        confidence: 0.85,
        support: ctx.span(it.start, it.end),
      });
      ctx.drafts.push({
        question: `Who is ${name}?`,
        answer: it.text,
        kind: 'list_item',
        support: ctx.span(it.start, it.end),
        headingPath: b.path,
        confidence: 0.8,
        classifyText: it.text,
        fixedCategory: { category: 'team_people', confidence: 0.9 },
      });
      continue;
    }
    ctx.entities.push(...sentenceEntities(raw, it.start, scan));
    addStatement(ctx, it.text, it.start, it.end, b.path, 'list_item');
  }
}

function readQuote(ctx: PageContext, blocks: Block[], i: number): number {
  const b = blocks[i] as Extract<Block, { kind: 'quote' }>;
  let end = b.end;
  let text = b.text;
  let next = i + 1;
  const attribution = blocks[next];
  // "> Jenna R., Highland" right after a quote is its attribution.
  if (
    attribution?.kind === 'quote' &&
    !/["“”]/.test(attribution.text) &&
    attribution.text.split(/\s+/).length <= 6
  ) {
    end = attribution.end;
    text = `${text} – ${attribution.text}`;
    next++;
  }
  const answer = text.replace(/^["“]\s*|\s*["”](?=\s*[–—-]|$)/g, '').trim();
  ctx.drafts.push({
    question: `What do customers say about ${ctx.business ?? 'the business'}?`,
    answer,
    kind: 'testimonial',
    support: ctx.span(b.start, end),
    headingPath: b.path,
    confidence: 0.85,
    classifyText: text,
    fixedCategory: { category: 'reviews_testimonials', confidence: 0.9 },
  });
  return next;
}

const CALL_TO_ACTION =
  /^(?:see|click|read more|learn more|find out|view|shop|browse|get a quote|book now|call now)\b/i;

/** One informative sentence (or list item) becomes one entry. */
function addStatement(
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
  const informative = /\d/.test(plain) || words.length >= 4 || /\b(?:free|closed|open)\b/i.test(plain);
  if (!informative) return;
  const named = namePrices(plain);
  const scan = ctx.scan(path);
  let question: string;
  if (named.length === 1 && !scan.careers)
    question = questionForPrice((named[0] as { name: string }).name, scan.delivery);
  else if (named.length > 1 && !scan.careers)
    question = `What do ${named
      .map((n) => n.name)
      .slice(0, 3)
      .join(', ')
      .replace(/, ([^,]*)$/, ' and $1')} cost?`;
  else question = '';
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

function readParagraph(ctx: PageContext, b: Extract<Block, { kind: 'paragraph' }>): void {
  const raw = ctx.md.slice(b.start, b.end);
  const scan = ctx.scan(b.path);
  // An address written over several lines is one fact, not one sentence per line.
  if (raw.includes('\n')) {
    const located = contactEntities(raw, b.start, scan).filter((e) => e.type === 'location');
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

// ---------------------------------------------------------------------------------------------
// JSON-LD

function structuredSpan(ctx: PageContext, needle: string, from = 0): SupportSpan | null {
  const at = ctx.page.structuredText.indexOf(needle, from);
  if (at < 0) return null;
  return { field: 'structured', start: at, end: at + needle.length, text: needle };
}

/** The Markdown line that shows `needle` (normalised), nearest `near`; null when not visible. */
function visibleLine(ctx: PageContext, needle: string, near = 0): SupportSpan | null {
  const at = locateInSource({ ...ctx.normalized, original: ctx.md }, needle, near);
  if (!at) return null;
  const start = ctx.md.lastIndexOf('\n', at.start - 1) + 1;
  const nl = ctx.md.indexOf('\n', at.end);
  return ctx.span(start, nl < 0 ? ctx.md.length : nl);
}

function readProducts(ctx: PageContext, products: Product[]): void {
  for (const p of products) {
    const offer = p.offers.find((o) => o.price !== null) ?? p.offers[0];
    const price = offer?.price ?? offer?.lowPrice ?? null;
    const currency = offer?.currency ?? null;
    const nameAt = locateInSource({ ...ctx.normalized, original: ctx.md }, p.name);
    let support: SupportSpan | null = null;
    if (price !== null && currency) {
      const shown = formatPrice(price, currency);
      support =
        visibleLine(ctx, shown, nameAt?.start ?? 0) ??
        visibleLine(ctx, shown.replace(/\.\d+$/, ''), nameAt?.start ?? 0);
      // The name shown just above the price (a product page's heading) belongs to the support.
      if (support && nameAt && nameAt.start < support.start && support.start - nameAt.end < 400)
        support = ctx.span(nameAt.start, support.end);
      if (!support) {
        const nameJson = JSON.stringify(p.name);
        const nameIdx = ctx.page.structuredText.indexOf(nameJson);
        const priceJson = offer?.priceText ? `"priceText":${JSON.stringify(offer.priceText)}` : null;
        const priceIdx = priceJson && nameIdx >= 0 ? ctx.page.structuredText.indexOf(priceJson, nameIdx) : -1;
        if (nameIdx >= 0 && priceIdx >= 0 && priceJson) {
          const end = priceIdx + priceJson.length;
          support = {
            field: 'structured',
            start: nameIdx,
            end,
            text: ctx.page.structuredText.slice(nameIdx, end),
          };
        }
      }
    } else if (nameAt) {
      support = visibleLine(ctx, p.name);
    }
    if (!support) continue;
    const entity: Entity = {
      type: p.type === 'Service' ? 'service' : 'product',
      name: p.name,
      sku: p.sku,
      price,
      priceText: offer?.priceText ?? null,
      currency,
      unit: null,
      priceFrom: offer?.type === 'AggregateOffer',
      availability: offer?.availability ?? null,
      url: offer?.url ?? p.url ?? ctx.page.url,
      description: p.description,
      confidence: support.field === 'markdown' ? 0.95 : 0.8,
      support,
    };
    ctx.entities.push(entity);
    const key = entityKey(entity);
    const covered = ctx.entities.some((e) => e !== entity && entityKey(e) === key);
    if (covered || price === null || !currency) continue;
    const answer = `${p.name}${p.sku ? ` (${p.sku})` : ''}: ${formatPrice(price, currency)}`;
    ctx.drafts.push({
      question: questionForPrice(p.name, false),
      answer,
      kind: 'structured_data',
      support,
      headingPath: [],
      confidence: support.field === 'markdown' ? 0.9 : 0.75,
      classifyText: answer,
    });
  }
}

function readFaqLd(ctx: PageContext): void {
  for (const f of ctx.page.structured.faq) {
    const q = normalizeText(f.question);
    const existing = ctx.drafts.find((d) => d.kind === 'faq' && normalizeText(d.question) === q);
    if (existing) {
      existing.confidence = Math.max(existing.confidence, 0.95);
      continue;
    }
    let support: SupportSpan | null = null;
    const at = locateInSource({ ...ctx.normalized, original: ctx.md }, f.answer);
    if (at) support = ctx.span(at.start, at.end);
    else {
      const firstSentence = splitSentences(f.answer)[0]?.text;
      const part = firstSentence
        ? locateInSource({ ...ctx.normalized, original: ctx.md }, firstSentence)
        : null;
      if (part && firstSentence) {
        support = ctx.span(part.start, part.end);
        ctx.drafts.push({
          question: f.question,
          answer: firstSentence,
          kind: 'faq',
          support,
          headingPath: [],
          confidence: 0.85,
          classifyText: `${f.question} ${firstSentence}`,
        });
        continue;
      }
      support = structuredSpan(ctx, JSON.stringify(f.answer).slice(1, -1));
    }
    if (!support) continue;
    ctx.drafts.push({
      question: f.question,
      answer: f.answer.replace(/\s+/g, ' '),
      kind: 'faq',
      support,
      headingPath: [],
      confidence: support.field === 'markdown' ? 0.9 : 0.75,
      classifyText: `${f.question} ${f.answer}`,
    });
  }
}

function dayRange(h: OpeningHours): string {
  const d = h.days;
  if (d.length > 2) return `${d[0]}–${d[d.length - 1]}`;
  return d.join(' and ');
}

function readBusinesses(ctx: PageContext, orgs: (Organization | LocalBusiness)[]): void {
  const known = new Set(ctx.entities.map(entityKey));
  const hasHoursDraft = ctx.drafts.some(
    (d) => d.kind === 'hours' || d.fixedCategory?.category === 'locations_hours',
  );
  const text = ctx.page.structuredText;
  for (const org of orgs) {
    const orgIdx = Math.max(0, text.indexOf(JSON.stringify(org.name)));
    const contacts: Entity[] = [];
    if (org.telephone) {
      const span = structuredSpan(ctx, JSON.stringify(org.telephone), orgIdx);
      if (span)
        contacts.push({
          type: 'contact_point',
          kind: 'phone',
          name: org.telephone,
          value: org.telephone,
          confidence: 0.85,
          support: span,
        });
    }
    if (org.email) {
      const span = structuredSpan(ctx, JSON.stringify(org.email), orgIdx);
      if (span)
        contacts.push({
          type: 'contact_point',
          kind: 'email',
          name: org.email,
          value: org.email,
          confidence: 0.9,
          support: span,
        });
    }
    if (org.address?.text) {
      const span = structuredSpan(ctx, JSON.stringify(org.address.text), orgIdx);
      if (span)
        contacts.push({
          type: 'location',
          name: org.address.text,
          address: org.address.text,
          postalCode: org.address.postalCode,
          confidence: 0.85,
          support: span,
        });
    }
    const hours: Entity[] = [];
    for (const h of 'openingHours' in org ? org.openingHours : []) {
      const span = structuredSpan(ctx, JSON.stringify(h), orgIdx);
      if (!span) continue;
      hours.push({
        type: 'opening_hours',
        name: `${dayRange(h)} ${h.opens}–${h.closes}`,
        days: h.days,
        opens: h.opens,
        closes: h.closes,
        closed: false,
        confidence: 0.85,
        support: span,
      });
    }
    for (const e of [...contacts, ...hours]) {
      if (known.has(entityKey(e))) continue;
      known.add(entityKey(e));
      ctx.entities.push(e);
    }
    const openingHours = 'openingHours' in org ? org.openingHours : [];
    if (!hasHoursDraft && openingHours.length > 0) {
      const span = structuredSpan(ctx, JSON.stringify(openingHours), orgIdx);
      if (span) {
        const answer = openingHours.map((h) => `${dayRange(h)} ${h.opens}–${h.closes}`).join('; ');
        ctx.drafts.push({
          question: `When is ${org.name} open?`,
          answer,
          kind: 'structured_data',
          support: span,
          headingPath: [],
          confidence: 0.8,
          classifyText: answer,
          fixedCategory: { category: 'locations_hours', confidence: 0.95 },
        });
      }
    }
    const visibleContact = ctx.drafts.some(
      (d) => /@|\d{3}/.test(d.answer) && /call|phone|email|e-mail/i.test(d.answer),
    );
    const phone = contacts.find((c) => c.type === 'contact_point' && c.kind === 'phone');
    const email = contacts.find((c) => c.type === 'contact_point' && c.kind === 'email');
    if (!visibleContact && phone?.type === 'contact_point' && email?.type === 'contact_point') {
      const start = Math.min(phone.support.start, email.support.start);
      const end = Math.max(phone.support.end, email.support.end);
      ctx.drafts.push({
        question: `How can I contact ${org.name}?`,
        answer: `Phone ${phone.value}, e-mail ${email.value}`,
        kind: 'contact',
        support: { field: 'structured', start, end, text: text.slice(start, end) },
        headingPath: [],
        confidence: 0.8,
        classifyText: `Phone ${phone.value} email ${email.value}`,
        fixedCategory: { category: 'customer_support', confidence: 0.9 },
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------

function dedupeEntities(entities: Entity[]): Entity[] {
  const byKey = new Map<string, Entity>();
  // A product listed by name in a table and by SKU in JSON-LD is one product: names point at keys.
  const keyOfName = new Map<string, string>();
  for (const e of entities) {
    let key = entityKey(e);
    if (e.type === 'product' || e.type === 'service') {
      const nameKey = normalizeText(e.name);
      const known = keyOfName.get(nameKey);
      if (known && byKey.has(known)) key = known;
      else keyOfName.set(nameKey, key);
      if (e.sku) {
        for (const [k, other] of byKey) {
          if (
            (other.type === 'product' || other.type === 'service') &&
            !other.sku &&
            normalizeText(other.name) === nameKey
          )
            key = k;
        }
      }
    }
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, e);
      continue;
    }
    // Keep the better-supported one, filling what it lacks from the other.
    const [best, other] = e.confidence > seen.confidence ? [e, seen] : [seen, e];
    if (
      (best.type === 'product' || best.type === 'service') &&
      (other.type === 'product' || other.type === 'service')
    ) {
      byKey.set(key, {
        ...best,
        sku: best.sku ?? other.sku,
        unit: best.unit ?? other.unit,
        availability: best.availability ?? other.availability,
        description: best.description ?? other.description,
        confidence: Math.min(1, Math.max(best.confidence, other.confidence) + 0.03),
      });
    } else byKey.set(key, best);
  }
  return [...byKey.values()];
}

function within(inner: SupportSpan, outer: SupportSpan): boolean {
  return inner.field === outer.field && inner.start >= outer.start && inner.end <= outer.end;
}

/** Extracts entries and entities from one page without any model. */
export function extractOffline(page: PageInput): PageExtraction {
  const ctx = new PageContext(page);
  const blocks = ctx.blocks;
  let i = 0;
  while (i < blocks.length) {
    const b = blocks[i] as Block;
    if (b.kind === 'heading') {
      if (isQuestion(b.text)) {
        i = readFaq(ctx, i, b.text, [...b.path, b.text]);
        continue;
      }
      i++;
      continue;
    }
    if (b.kind === 'paragraph' && b.bold) {
      if (isQuestion(b.text)) {
        i = readFaq(ctx, i, b.text, b.path);
        continue;
      }
      const next = blocks[i + 1];
      if (next?.kind === 'paragraph' && !next.bold && b.text.length <= 60 && next.text.length <= 200) {
        const subject = ctx.subject(b.path);
        const answer = `${b.text}: ${next.text}`;
        ctx.drafts.push({
          question: `What is the ${b.text.toLowerCase()} of the ${subject}?`,
          answer,
          kind: 'definition',
          support: ctx.span(b.start, next.end),
          headingPath: b.path,
          confidence: 0.75,
          classifyText: `${subject} ${answer}`,
        });
        i += 2;
        continue;
      }
    }
    if (b.kind === 'table') readTable(ctx, b);
    else if (b.kind === 'list') readList(ctx, b);
    else if (b.kind === 'quote') {
      i = readQuote(ctx, blocks, i);
      continue;
    } else if (b.kind === 'paragraph') readParagraph(ctx, b);
    i++;
  }
  readFaqLd(ctx);
  readProducts(ctx, page.structured.products);
  readBusinesses(ctx, [...page.structured.localBusinesses, ...page.structured.organizations]);

  const entities = dedupeEntities(ctx.entities);
  const entries: ExtractedEntry[] = [];
  const dropped: PageExtraction['dropped'] = [];
  const seen = new Set<string>();
  const pageText = { markdown: page.markdown, structured: page.structuredText };
  for (const d of ctx.drafts) {
    const guess =
      d.fixedCategory ?? classifyText({ text: d.classifyText, context: [page.title, ...d.headingPath] });
    const question =
      d.question ||
      questionForStatement(d.answer, {
        business: ctx.business,
        heading: ctx.heading(d.headingPath),
        category: guess.category,
      });
    const key = `${normalizeText(question)}|${normalizeText(d.answer)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const check = checkSupport(pageText, d.answer, d.support);
    if (check.status === 'unsupported' || !check.span) {
      dropped.push({ question, reason: check.problems.join('; ') });
      continue;
    }
    entries.push({
      question,
      answer: d.answer,
      category: guess.category,
      categoryConfidence: guess.confidence,
      confidence: round(check.status === 'weak' ? d.confidence * 0.6 : d.confidence),
      kind: d.kind,
      support: check.span,
      headingPath: d.headingPath,
      entities: entities.filter((e) => within(e.support, check.span as SupportSpan)),
    });
  }
  return {
    entries,
    entities,
    pageCategory: pageCategory(page, entries),
    engine: 'offline',
    model: 'local',
    dropped,
  };
}

/** A page's category: the entries' categories weighted by confidence, with the title as one more vote. */
export function pageCategory(
  page: Pick<PageInput, 'title' | 'markdown'>,
  entries: readonly Pick<ExtractedEntry, 'category' | 'categoryConfidence'>[],
): { category: KnowledgeCategory; confidence: number } {
  const votes = new Map<KnowledgeCategory, number>();
  const title = classifyText({ text: page.title, context: [page.markdown.slice(0, 300)] });
  for (const r of title.ranking) votes.set(r.category, (votes.get(r.category) ?? 0) + 2 * r.probability);
  for (const e of entries) votes.set(e.category, (votes.get(e.category) ?? 0) + e.categoryConfidence);
  const total = [...votes.values()].reduce((a, b) => a + b, 0);
  const [category, score] = [...votes.entries()].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0] ?? [title.category, 1];
  return { category, confidence: round(total > 0 ? score / total : 0) };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
