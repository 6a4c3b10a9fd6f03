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

import type { KnowledgeCategory } from './categories.js';
import { classifyText } from './classifier/classifier.js';
import type { Block } from './markdown-blocks.js';
import { normalizeText } from './normalize.js';
import { dedupeEntities } from './offline-entity-merge.js';
import { readFaq } from './offline-faq.js';
import { readBusinesses, readFaqLd, readProducts } from './offline-json-ld.js';
import { readList } from './offline-lists.js';
import { isQuestion, PageContext } from './offline-page-context.js';
import { readParagraph } from './offline-statements.js';
import { readTable } from './offline-table-rows.js';
import { readQuote } from './offline-testimonials.js';
import { questionForStatement } from './questions.js';
import { checkSupport, type SupportSpan } from './support.js';
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
