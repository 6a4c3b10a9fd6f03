/**
 * Markdown lists: a list of opening hours becomes one hours entry; "Name – role" items become a
 * person and a "who is …?" entry; any other item is read like a sentence.
 */
import type { Block } from './markdown-blocks.js';
import { type PageContext, pushHoursDraft } from './offline-page-context.js';
import { addStatement } from './offline-statements.js';
import { findHours, findPrices } from './patterns.js';
import { contactEntities, sentenceEntities } from './text-entities.js';

const PERSON_ITEM = /^([A-Z][\p{L}'-]+(?:\s[A-Z][\p{L}'-]+){1,2})\s*[–—:,-]\s*(.{2,80})$/u;

export function readList(ctx: PageContext, b: Extract<Block, { kind: 'list' }>): void {
  const scan = ctx.scan(b.path, b.start);
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
