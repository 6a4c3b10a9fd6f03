/**
 * The offline extraction engine: one page → question-and-answer entries and entities, from the
 * page's structure (FAQ headings and bold questions, definition pairs, table rows, lists, quotes,
 * sentences) and its JSON-LD. Deterministic, no network. Every entry cites the exact Markdown (or
 * stored structured-data) span it was made from and passes `checkSupport` before it is returned.
 *
 * This file walks the page's blocks and turns drafts into entries; the readers live beside it:
 * offline-faq (FAQ blocks), offline-table-rows, offline-lists, offline-testimonials (quotes),
 * offline-statements (sentences), offline-json-ld, offline-entity-merge, and the shared
 * offline-page-context.
 */

import { PRICE_LABEL } from '../extract/page-lines.js';
import type { KnowledgeCategory } from './categories.js';
import { checkedCategory } from './category-check.js';
import { classifyText } from './classifier/classifier.js';
import type { Entity } from './entities.js';
import type { Block } from './markdown-blocks.js';
import { contentWords, normalizeText } from './normalize.js';
import { dedupeEntities } from './offline-entity-merge.js';
import { readFaq } from './offline-faq.js';
import { readBusinesses, readFaqLd, readProducts } from './offline-json-ld.js';
import { readList } from './offline-lists.js';
import { isQuestion, PageContext } from './offline-page-context.js';
import { readStructuredProducts } from './offline-products.js';
import { readSiteContact } from './offline-site-contact.js';
import { readParagraph } from './offline-statements.js';
import { readTable } from './offline-table-rows.js';
import { readQuote } from './offline-testimonials.js';
import { findHours, findPrices } from './patterns.js';
import { questionForPrice, questionForStatement } from './questions.js';
import { checkSupport, type SupportSpan } from './support.js';
import { GENERIC_TOPIC, keyphrase, topicOf } from './topics.js';
import type { ExtractedEntry, PageExtraction, PageInput } from './types.js';

export { businessName } from './offline-page-context.js';

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
        readDefinition(ctx, b, next);
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
  if (ctx.pageProducts) readStructuredProducts(ctx, page.structured.products);
  else readProducts(ctx, page.structured.products);
  readBusinesses(ctx, [...page.structured.localBusinesses, ...page.structured.organizations]);
  readSiteContact(ctx);

  const entities = dedupeEntities(ctx.entities);
  const entries: ExtractedEntry[] = [];
  const dropped: PageExtraction['dropped'] = [];
  const seen = new Set<string>();
  const pageText = { markdown: page.markdown, structured: page.structuredText };
  const items = itemNames(entities);
  const pageItem = mainItem(page, items);
  const asked = new Set<string>();
  for (const d of ctx.drafts) {
    const guess =
      d.fixedCategory ??
      checkedCategory(
        classifyText({ text: d.classifyText, context: [page.title, ...d.headingPath] }),
        d.answer,
      );
    let question = d.question;
    if (!question) {
      const subject = subjectOf(d.answer, d.headingPath, items, pageItem);
      question = questionForStatement(d.answer, {
        business: ctx.business,
        heading: ctx.heading(d.headingPath),
        category: guess.category,
        subject: subject?.name ?? null,
        subjectIsItem: subject?.item ?? false,
        keyphrase: once(() => keyphrase(d.answer)),
      });
      // A heading that asks the customer's question beats a question only about a topic or key phrase.
      if (GENERIC_QUESTION.test(question)) question = headingQuestion(d.headingPath, asked) ?? question;
      // A second sentence that would get the same question is asked by its own key phrase, or by
      // the date it is about ("What is new at … (Sat 13 – Sun 14 March)?").
      if (asked.has(question)) {
        const kp = keyphrase(d.answer);
        const date = kp ? null : topicOf(d.answer);
        if (kp) {
          const about = subject && subject.name !== ctx.business ? ` for ${subject.name}` : '';
          question = `What does ${ctx.business ?? 'the business'} say about ${kp.toLowerCase()}${about}?`;
        } else if (date) question = `${question.replace(/\?$/, '')} (${date})?`;
      }
    }
    asked.add(question);
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
  const merged = mergeNearDuplicates(entries);
  return {
    entries: merged,
    entities,
    pageCategory: pageCategory(page, merged),
    engine: 'offline',
    model: 'local',
    dropped,
  };
}

/**
 * A term and its value (a `<dl>`, a bold line and the line after it): opening hours when the term
 * names days ("Monday to Thursday" / "11:00 – 22:00"), a price the page's products already give
 * (nothing more to say), or a "what is the … of …?" entry.
 */
function readDefinition(
  ctx: PageContext,
  term: Extract<Block, { kind: 'paragraph' }>,
  value: Extract<Block, { kind: 'paragraph' }>,
): void {
  const answer = `${term.text}: ${value.text}`;
  const support = ctx.span(term.start, value.end);
  const hours = findHours(`${term.text} ${value.text}`);
  if (hours.length > 0) {
    for (const h of hours) {
      ctx.entities.push({
        type: 'opening_hours',
        name: answer,
        days: h.days,
        opens: h.opens,
        closes: h.closes,
        closed: h.closed,
        seasonal: h.seasonal,
        label: term.path[term.path.length - 1] ?? null,
        // The terms of one list under one heading are one schedule.
        group: `md:dl:${term.path.join('/')}`,
        via: 'text',
        confidence: 0.85,
        support,
      });
    }
    ctx.drafts.push({
      question: `When is ${ctx.business ?? 'the business'} open on ${term.text.replace(/:$/, '')}?`,
      answer,
      kind: 'hours',
      support,
      headingPath: term.path,
      confidence: 0.85,
      classifyText: answer,
      fixedCategory: { category: 'locations_hours', confidence: 0.95 },
    });
    return;
  }
  const priced = findPrices(value.text).length > 0;
  // A theme's price label as a term ("Regular price" / "7,20 €" in a card's `<dl>`): the card's
  // product has its own price entry; the label is no subject.
  if (priced && PRICE_LABEL.test(term.text.trim())) return;
  const norm = (x: string) =>
    normalizeText(x)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  if (
    priced &&
    ctx.pageProducts &&
    ctx.page.structured.products.some((p) => norm(p.name) === norm(term.text))
  )
    return;
  const subject = ctx.subject(term.path);
  ctx.drafts.push({
    question: priced
      ? questionForPrice(term.text, false)
      : `What is the ${term.text.toLowerCase()} of the ${subject}?`,
    answer,
    kind: 'definition',
    support,
    headingPath: term.path,
    confidence: 0.75,
    classifyText: `${subject} ${answer}`,
  });
}

const ARTICLES = /\b(?:the|a|an)\b/g;
const numbersOf = (s: string) => new Set(s.match(/\d+(?:[.,]\d+)?/g) ?? []);

/**
 * One page asking the same question twice with answers that agree (a price from the price list and
 * the sentence around it): the fuller answer stays. Answers agree when every number of the shorter is
 * in the longer and they share at least half of the shorter's words.
 */
export function mergeNearDuplicates(entries: ExtractedEntry[]): ExtractedEntry[] {
  const q = (s: string) => normalizeText(s).replace(ARTICLES, ' ').replace(/\s+/g, ' ').trim();
  const kept: ExtractedEntry[] = [];
  for (const e of [...entries].sort((a, b) => b.answer.length - a.answer.length)) {
    const twin = kept.find((k) => {
      if (q(k.question) !== q(e.question)) return false;
      const longNumbers = numbersOf(k.answer);
      if (![...numbersOf(e.answer)].every((n) => longNumbers.has(n))) return false;
      const words = new Set(contentWords(e.answer));
      const longWords = new Set(contentWords(k.answer));
      return words.size > 0 && [...words].filter((w) => longWords.has(w)).length / words.size >= 0.5;
    });
    if (twin) twin.entities = [...twin.entities, ...e.entities.filter((x) => !twin.entities.includes(x))];
    else kept.push(e);
  }
  // Back in page order.
  return entries.filter((e) => kept.includes(e));
}

/**
 * Headings that are not a thing one can ask about: a question written without its mark ("Why paddle
 * with us"), a place or time ("On the water", "After dark") or a call to act ("Learn to surf on the
 * quiet end of the bay", "Meet the team"). Prefixed with "the" they made questions like "What should
 * I know about the why paddle with us?".
 */
const NOT_A_TOPIC = new RegExp(
  [
    // questions and clauses: "Why paddle with us", "What we do", "How it works"
    String.raw`^(?:why|how|what|when|where|who|whom|whose|which)\b`,
    // places and times: "On the water", "After dark"
    String.raw`^(?:on|in|at|for|from|with|by|under|over|into|onto|beyond|near|inside|outside|across|around|between|behind|beside|through|along|after|before|since|until|during)\s`,
    // verbs that are rarely a heading's noun: "Learn to surf", "Meet the team"
    String.raw`^(?:learn|meet|discover|explore|join|enjoy|experience|come|see|try|watch|let|stay|bring|tell|share|keep|find|get|make|take|give|grab|treat|start|plan|choose|browse|taste|subscribe|follow|reserve|hire|buy|read|view|ask)\s`,
    // verbs that are as often nouns ("Pick-up & delivery", "Shop teas"), only before what a verb takes
    String.raw`^(?:book|shop|order|contact|call|visit|pick|drop|pop|sign)\s+(?:us|our|the|a|an|your|me|now|online|today|here|in|by|up|with)\b`,
  ].join('|'),
  'i',
);

/**
 * Calls to act that read as a customer's question ("Book a table for six" → "How do I book a table for
 * six?"). Verbs that are as often nouns in a heading ("Shop teas", "Contact & opening hours", "Order
 * form") are left out, and so are short lines ("Book now").
 */
const ASKABLE_ACT =
  /^(?:learn|book|visit|join|reserve|hire|find|get|try|start|plan|sign up|buy|choose) [a-z]/i;

/** A question written without its mark: "Why paddle with us", "How does a lesson work", "What to bring". */
const BARE_QUESTION =
  /^(?:why\s|how (?:do|does|did|can|to|much|long|many|often|is|are)\s|what (?:is|are|do|does|can|to|happens|should)\s|(?:when|where|who) (?:is|are|do|does|can|should)\s)/i;

/** Questions asked only about a topic or a key phrase, the ones a heading's own question improves on. */
const GENERIC_QUESTION =
  /^What (?:should I know about|does .+ (?:say|believe) about|is new at|is .+'s policy on) /;

/**
 * The nearest heading as the customer's own question, when it is one without its mark or a call to
 * act. Only the first sentence under it takes it; the next ones are asked by their key phrase.
 */
function headingQuestion(headingPath: readonly string[], asked: ReadonlySet<string>): string | null {
  const heading = headingPath
    .at(-1)
    ?.replace(/[.!:]+$/, '')
    .trim();
  if (!heading || heading.length > 80 || /[.?!&]/.test(heading) || GENERIC_TOPIC.test(heading)) return null;
  const lower = heading.charAt(0).toLowerCase() + heading.slice(1);
  const question = BARE_QUESTION.test(heading)
    ? `${heading.charAt(0).toUpperCase()}${heading.slice(1)}?`
    : ASKABLE_ACT.test(heading) && heading.split(/\s+/).length >= 3
      ? `How do I ${/\s[A-Z]/.test(lower) ? lower : lower.toLowerCase()}?`
      : null;
  return question && !asked.has(question) ? question : null;
}

/** Names of the page's products and services, longest first (a longer name is the likelier match). */
function itemNames(entities: readonly Entity[]): string[] {
  const names = entities
    .filter((e) => e.type === 'product' || e.type === 'service')
    .map((e) => e.name)
    .filter((n) => n.length >= 3);
  return [...new Set(names)].sort((a, b) => b.length - a.length);
}

/** The item a page is about: the one product or service whose name is the page's first heading or title. */
function mainItem(page: PageInput, items: readonly string[]): string | null {
  const heading = /^#\s+(.+)$/m.exec(page.markdown)?.[1]?.trim() ?? '';
  const title = page.title.split(/\s+[|–—-]\s+/)[0]?.trim() ?? '';
  const norm = (s: string) =>
    normalizeText(s)
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  return items.find((n) => norm(n) === norm(heading) || norm(n) === norm(title)) ?? null;
}

/** What a sentence is about: an item it names, a specific heading above it, or the page's item. */
function subjectOf(
  answer: string,
  headingPath: readonly string[],
  items: readonly string[],
  pageItem: string | null,
): { name: string; item: boolean } | null {
  const text = normalizeText(answer);
  const named = items.find((n) => text.includes(normalizeText(n)));
  if (named) return { name: named, item: true };
  // A heading written as sentences ("Bike trouble? We'll have you rolling again.") names its topic
  // in its first sentence at most, and a question names none.
  const heading = [...headingPath]
    .reverse()
    .map((h) => (h.split(/(?<=[.?!])\s+(?=\S)/)[0] ?? h).replace(/[.!:]+$/, '').trim())
    .find((h) => !GENERIC_TOPIC.test(h.replace(/[?!.:]+$/, '').trim()));
  if (heading && !/\?\s*$/.test(heading) && !NOT_A_TOPIC.test(heading)) {
    const item = items.find((n) => normalizeText(n) === normalizeText(heading));
    if (item) return { name: item, item: true };
    if (pageItem && headingPath.length > 1) return { name: pageItem, item: true };
    const topic = heading.replace(/^(?:our|your|the|about)\s+/i, '').trim();
    if (topic.length > 0 && topic.length <= 60)
      return {
        name: /^[A-Z][a-z]/.test(topic) && !/\s[A-Z]/.test(topic) ? topic.toLowerCase() : topic,
        item: false,
      };
  }
  return pageItem ? { name: pageItem, item: true } : null;
}

function once<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
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
