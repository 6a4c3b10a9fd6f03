/**
 * Block quotes: a customer quote (with the short attribution quote that may follow it) becomes one
 * "what do customers say?" entry.
 */
import type { Block } from './markdown-blocks.js';
import type { PageContext } from './offline-page-context.js';

export function readQuote(ctx: PageContext, blocks: Block[], i: number): number {
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
