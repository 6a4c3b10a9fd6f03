/**
 * FAQ blocks in the page Markdown: a question heading or bold question, answered by the few blocks
 * that follow it (up to the next heading, table, code block or bold paragraph).
 */
import { splitSentences } from '../../../core/text/sentences.js';
import { type Block, inlineText } from './markdown-blocks.js';
import type { PageContext } from './offline-page-context.js';
import { sentenceEntities } from './text-entities.js';

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

export function readFaq(ctx: PageContext, i: number, questionText: string, path: string[]): number {
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
  const scan = ctx.scan(b.path, b.start);
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
