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
  // "> Jenna R., Highland" (or a caption line "— Jenna R., Highland") right after a quote is its attribution.
  const dashed = attribution?.kind === 'paragraph' && /^[–—-]\s*\S/.test(attribution.text);
  if (
    (attribution?.kind === 'quote' || dashed) &&
    attribution &&
    'text' in attribution &&
    !/["“”]/.test(attribution.text) &&
    attribution.text.split(/\s+/).length <= 8
  ) {
    end = attribution.end;
    text = `${text} – ${attribution.text.replace(/^[–—-]\s*/, '')}`;
    next++;
  }
  const answer = text.replace(/^["“]\s*|\s*["”](?=\s*[–—-]|$)/g, '').trim();
  // The customer who said it, when the quote names them ("— Jenna R., Highland"): each quote its own question.
  const by =
    /[–—-]\s*([A-Z][\p{L}'.]*(?:\s(?:&|and)\s[A-Z][\p{L}'.]*)?(?:\s[A-Z][\p{L}'.]*)?)\s*(?:,|$)/u.exec(
      answer,
    )?.[1];
  const business = ctx.business ?? 'the business';
  ctx.drafts.push({
    question: by ? `What did ${by} say about ${business}?` : `What do customers say about ${business}?`,
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
