/**
 * Availability: a product the catalogue marks out of stock (or coming soon) must not be promoted. A
 * sentence that names it passes only when it says so honestly ("sold out", "back on 5 March", "out of
 * stock until …") and any date it gives is one the facts support; a pre-order product must be called
 * a pre-order. A failure names alternatives from the same facts (in stock first, then products whose
 * stock the site does not state; closest name first), so
 * the composer or a person can offer one instead. No fixer: swapping a product would change the post's
 * claims, which is the composer's job, not a guard's.
 */
import { extractClaims } from './claims/extract.js';
import { type FactIndex, factIndex, findProducts, supportOf, tokens } from './claims/facts.js';
import { maskTags, sentenceAt, sentencesOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, GuardProduct, TextGuard } from './types.js';

const HONEST_UNAVAILABLE =
  /\b(?:sold[\s-]?out|out[\s-]of[\s-]stock|back\s+(?:in|on|from|soon|next|by)|restock|coming\s+back|returns?\s+(?:in|on)|unavailable|not\s+available|no\s+longer|next\s+(?:batch|bottling|delivery|harvest)|wait(?:ing)?\s+list|gone\s+for\s+now|all\s+gone)\b/i;
const HONEST_PREORDER =
  /\bpre[\s-]?orders?\b|\breserve\b|\bships?\s+(?:in|on|from)\b|\bavailable\s+(?:from|on|in)\b/i;

function alternatives(to: GuardProduct, products: readonly GuardProduct[]): { id: string; name: string }[] {
  const words = new Set(tokens(to.name).map((t) => t.stem));
  return (
    products
      // In stock first; a product whose stock the site does not state is usually for sale, so it follows.
      .filter(
        (p) =>
          p.id !== to.id &&
          (p.availability === 'in_stock' || !p.availability || p.availability === 'unknown'),
      )
      .map((p, i) => ({
        p,
        i,
        known: p.availability === 'in_stock' ? 1 : 0,
        overlap: tokens(p.name).filter((t) => words.has(t.stem)).length,
      }))
      .sort((a, b) => b.known - a.known || b.overlap - a.overlap || a.i - b.i)
      .slice(0, 3)
      .map(({ p }) => ({ id: p.id, name: p.name }))
  );
}

interface Problem {
  product: GuardProduct;
  sentence: string;
  reason: string;
}

export function availabilityProblems(text: string, index: FactIndex): Problem[] {
  const sentences = sentencesOf(text);
  const problems: Problem[] = [];
  for (const m of findProducts(maskTags(text), index)) {
    const state = m.product.availability;
    if (state !== 'out_of_stock' && state !== 'coming_soon' && state !== 'preorder') continue;
    const sentence = sentenceAt(sentences, m.start);
    const s = sentence?.text ?? text;
    const honest = state === 'preorder' ? HONEST_PREORDER.test(s) : HONEST_UNAVAILABLE.test(s);
    if (!honest) {
      const reason =
        state === 'preorder'
          ? 'is only available to pre-order, and the sentence does not say so'
          : 'is out of stock, and the sentence promotes it without saying so';
      problems.push({ product: m.product, sentence: s, reason });
      continue;
    }
    const dates = extractClaims(s).filter((c) => c.kind === 'date');
    const unsupported = dates.filter((d) => supportOf(d, index).length === 0);
    if (unsupported.length > 0) {
      problems.push({
        product: m.product,
        sentence: s,
        reason: `says it is back on ${unsupported.map((d) => `"${d.raw}"`).join(', ')}, a date the facts do not give${m.product.backOn ? ` (the site says ${m.product.backOn})` : ''}`,
      });
    }
  }
  return problems.filter(
    (p, i) => problems.findIndex((q) => q.product.id === p.product.id && q.sentence === p.sentence) === i,
  );
}

function check(text: string, env: GuardEnv): GuardCheck {
  const facts = env.context.facts;
  if (!facts)
    return { status: 'pass', message: 'not checked: no catalogue was given', evidence: { checked: false } };
  const problems = availabilityProblems(text, factIndex(facts));
  if (problems.length === 0)
    return { status: 'pass', message: 'no unavailable product is promoted', evidence: { checked: true } };
  const first = problems[0] as Problem;
  const alts = alternatives(first.product, facts.products);
  return {
    status: 'fail',
    message: `${first.product.name} ${first.reason}${alts.length > 0 ? `; in stock instead: ${alts.map((a) => a.name).join(', ')}` : ''}`,
    evidence: {
      checked: true,
      products: problems.map((p) => ({
        id: p.product.id,
        name: p.product.name,
        availability: p.product.availability,
        backOn: p.product.backOn ?? null,
        sentence: p.sentence,
        reason: p.reason,
      })),
      alternatives: alts,
    },
  };
}

export const availabilityGuard: TextGuard = { name: 'availability', defect: 'out_of_stock', check };
