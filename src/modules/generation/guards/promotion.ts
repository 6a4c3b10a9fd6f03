/**
 * Promotion rules:
 * - no share-to-enter on Facebook: Page promotions must not use personal timelines or friend
 *   connections ("share this post to enter", "tag 3 friends to win"; Facebook Pages Terms);
 * - no invented reviews or testimonials: a quotation attributed to a customer (a quote with a customer,
 *   review or star cue, or a "— Name" attribution) must be found in a knowledge entry (an entry of
 *   kind `testimonial`/`review` or any entry holding the quoted words);
 * - a sale price is stated with its reference price when the catalogue has one ("now 19.50, was
 *   24.00": the EU prior-price rule, POST-CRAFT.md §9.8).
 * No fixer: adding a reference price or removing a quote changes what the post says.
 */
import { extractClaims } from './claims/extract.js';
import { factIndex, findProducts } from './claims/facts.js';
import { numeralValues, sameNumber } from './claims/numbers.js';
import { maskTags, sentenceAt, sentencesOf, wordsOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, GuardFacts, GuardProduct, TextGuard } from './types.js';

const SHARE_TO_ENTER =
  /\b(?:share|tag|mention)\b[^.!?\n]{0,50}\b(?:to\s+(?:enter|win|be\s+entered)|for\s+(?:a|your)\s+chance|and\s+(?:win|enter|be\s+entered))\b|\bto\s+(?:enter|win)\b[^.!?\n]{0,40}\b(?:share|tag)\s+(?:this|a|your|\d+|two|three)\b/i;
const QUOTE = /["“„«]([^"”“«»„]{12,400})["”»“]/gu;
const TESTIMONIAL_CUE =
  /\b(?:customers?|clients?|guests?|patients?|buyers?|shoppers?|readers?|reviews?|reviewers?|testimonials?|said|says|told\s+us|wrote|rated)\b|[★⭐]/iu;
const ATTRIBUTION = /^\s*[—–-]\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*)?/u;

function toValues(v: string | number): number[] {
  return typeof v === 'number' ? [Math.round(v * 100) / 100] : numeralValues(v.replace(/[^\d.,]/g, ''));
}

interface Problem {
  rule: 'share_to_enter' | 'invented_testimonial' | 'missing_reference_price';
  message: string;
  sentence?: string;
}

function quoteInFacts(quote: string, facts: GuardFacts): boolean {
  const words = wordsOf(quote);
  if (words.length === 0) return true;
  return facts.entries.some((e) => {
    const have = new Set(wordsOf(e.text));
    const found = words.filter((w) => have.has(w)).length;
    return found / words.length >= 0.8;
  });
}

function problems(text: string, env: GuardEnv): { found: Problem[]; checkedFacts: boolean } {
  const found: Problem[] = [];
  const sentences = sentencesOf(text);
  if (env.platform === 'facebook') {
    for (const s of sentences)
      if (SHARE_TO_ENTER.test(s.text))
        found.push({
          rule: 'share_to_enter',
          message: 'asks people to share or tag to enter: Facebook Page promotions must not',
          sentence: s.text,
        });
  }
  const facts = env.context.facts;
  if (!facts) return { found, checkedFacts: false };
  for (const m of text.matchAll(QUOTE)) {
    const sentence = sentenceAt(sentences, m.index)?.text ?? '';
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
    const attributed =
      ATTRIBUTION.test(after) ||
      TESTIMONIAL_CUE.test(sentence) ||
      TESTIMONIAL_CUE.test(after.split('\n')[0] ?? '');
    if (!attributed) continue;
    if (!quoteInFacts(m[1] as string, facts))
      found.push({
        rule: 'invented_testimonial',
        message: `a customer quote no testimonial supports: "${(m[1] as string).slice(0, 60)}"`,
        sentence,
      });
  }
  const claims = extractClaims(text).filter((c) => c.kind === 'money');
  const index = factIndex(facts);
  const mentioned = new Map<string, GuardProduct>();
  for (const m of findProducts(maskTags(text), index)) mentioned.set(m.product.id, m.product);
  for (const p of mentioned.values()) {
    if (
      p.price === null ||
      p.price === undefined ||
      p.referencePrice === null ||
      p.referencePrice === undefined
    )
      continue;
    const price = toValues(p.price);
    const ref = toValues(p.referencePrice);
    if (sameNumber(price, ref)) continue;
    const statesPrice = claims.find((c) => sameNumber(c.values ?? [], price));
    if (!statesPrice) continue;
    if (!claims.some((c) => sameNumber(c.values ?? [], ref)))
      found.push({
        rule: 'missing_reference_price',
        message: `states ${p.name}'s sale price ${statesPrice.raw} without its reference price (${p.referencePrice}${p.currency && typeof p.referencePrice === 'number' ? ` ${p.currency}` : ''})`,
        sentence: sentenceAt(sentences, statesPrice.start)?.text ?? '',
      });
  }
  return { found, checkedFacts: true };
}

function check(text: string, env: GuardEnv): GuardCheck {
  const { found, checkedFacts } = problems(text, env);
  if (found.length > 0)
    return { status: 'fail', message: found.map((p) => p.message).join('; '), evidence: { problems: found } };
  return {
    status: 'pass',
    message: checkedFacts
      ? 'promotion rules kept'
      : 'promotion rules kept (testimonials and reference prices not checked: no facts)',
    evidence: { checkedFacts },
  };
}

export const promotionGuard: TextGuard = { name: 'promotion', defect: 'promotion_rule', check };
