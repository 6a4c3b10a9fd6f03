/**
 * Unsupported claims: every number, price, percentage, date, time, model code, @handle and product
 * name in the text must trace to a knowledge entry, a catalogue product or the person's request. The
 * result cites, per sentence, the entry (or product id, or `request`) behind each supported claim.
 *
 * Product names: a catalogue name is found in its case, plural and possessive variants. A capitalised
 * phrase of two or more words that uses the head word of a catalogue name ("Spelt Sourdough" when the
 * catalogue sells "Rye Sourdough") and occurs in no fact is an invented product name.
 *
 * The fixer drops whole sentences that carry an unsupported claim, when at least one sentence with
 * words is left: it removes, it never rewrites a figure.
 */
import { stopwordsFor } from '../../../core/text/stopwords.js';
import type { Citation } from '../schemas.js';
import type { Claim } from './claims/extract.js';
import { extractClaims } from './claims/extract.js';
import { type FactIndex, factIndex, findProducts, phraseInFacts, supportOf, tokens } from './claims/facts.js';
import { maskTags, type Part, removeRanges, sentenceAt, sentencesOf } from './text-parts.js';
import type { GuardCheck, GuardEnv, GuardFix, TextGuard } from './types.js';

export interface Unsupported {
  kind: Claim['kind'] | 'product_name';
  claim: string;
  sentence: string;
  start: number;
  end: number;
}

const stop = stopwordsFor('en');

/** Runs of two or more capitalised words (letters only), e.g. "Spelt Sourdough Loaf". */
function capitalisedRuns(text: string): Part[] {
  const toks = tokens(text).filter((t) => !/\d/.test(t.raw));
  const runs: Part[] = [];
  let run: typeof toks = [];
  const flush = () => {
    // "Our Christmas Loaf": a capitalised function word opening the sentence is not part of a name.
    while (run.length > 0 && stop.has((run[0] as { raw: string }).raw.toLowerCase())) run.shift();
    if (run.length >= 2) {
      const a = run[0] as { start: number };
      const b = run[run.length - 1] as { end: number };
      runs.push({ text: text.slice(a.start, b.end), start: a.start, end: b.end });
    }
    run = [];
  };
  for (const t of toks) {
    const prev = run[run.length - 1];
    const adjacent =
      !prev ||
      (/^[\s-]+$/.test(text.slice(prev.end, t.start)) && !text.slice(prev.end, t.start).includes('\n'));
    if (/^\p{Lu}/u.test(t.raw) && adjacent) run.push(t);
    else {
      flush();
      if (/^\p{Lu}/u.test(t.raw)) run.push(t);
    }
  }
  flush();
  return runs;
}

export interface ClaimReview {
  unsupported: Unsupported[];
  citations: Citation[];
  supported: number;
}

export function reviewClaims(text: string, index: FactIndex): ClaimReview {
  const sentences = sentencesOf(text);
  const sentenceOf = (at: number) => sentenceAt(sentences, at)?.text ?? text;
  const unsupported: Unsupported[] = [];
  const citations: Citation[] = [];
  const cite = (at: number, entryId: string) => {
    const sentence = sentenceOf(at);
    if (!citations.some((c) => c.sentence === sentence && c.entryId === entryId))
      citations.push({ sentence, entryId });
  };
  let supported = 0;
  for (const claim of extractClaims(text)) {
    const sources = supportOf(claim, index);
    if (sources.length > 0) {
      supported++;
      cite(claim.start, sources[0] as string);
    } else {
      unsupported.push({
        kind: claim.kind,
        claim: claim.raw,
        sentence: sentenceOf(claim.start),
        start: claim.start,
        end: claim.end,
      });
    }
  }
  const plain = maskTags(text);
  const mentions = findProducts(plain, index);
  for (const m of mentions) {
    supported++;
    cite(m.start, m.product.id);
  }
  for (const run of capitalisedRuns(plain)) {
    if (mentions.some((m) => m.start < run.end && m.end > run.start)) continue;
    const words = tokens(run.text);
    if (!words.some((w) => index.nameHeads.has(w.stem))) continue;
    // The first word may just open the sentence ("Try Spelt Sourdough"): the rest must still be a known phrase.
    const rest = words.length > 2 ? run.text.slice((words[1] as { start: number }).start) : run.text;
    const source = phraseInFacts(run.text, index) ?? phraseInFacts(rest, index);
    if (source) {
      supported++;
      cite(run.start, source);
      continue;
    }
    unsupported.push({
      kind: 'product_name',
      claim: run.text,
      sentence: sentenceOf(run.start),
      start: run.start,
      end: run.end,
    });
  }
  return { unsupported, citations, supported };
}

function check(text: string, env: GuardEnv): GuardCheck {
  const facts = env.context.facts;
  if (!facts) {
    return {
      status: 'pass',
      message:
        'not checked: no facts were given (a person’s own text); claims are the writer’s responsibility',
      evidence: { checked: false },
    };
  }
  const review = reviewClaims(text, factIndex(facts));
  const evidence = {
    checked: true,
    supported: review.supported,
    unsupported: review.unsupported.map(({ kind, claim, sentence }) => ({ kind, claim, sentence })),
  };
  if (review.unsupported.length > 0) {
    const list = review.unsupported.map((u) => `"${u.claim}"`).join(', ');
    return {
      status: 'fail',
      message: `${review.unsupported.length} claim${review.unsupported.length === 1 ? '' : 's'} no fact supports: ${list}`,
      evidence,
      citations: review.citations,
    };
  }
  return {
    status: 'pass',
    message: `${review.supported} claim${review.supported === 1 ? '' : 's'}, all traced to the facts`,
    evidence,
    citations: review.citations,
  };
}

function fix(text: string, env: GuardEnv): GuardFix | null {
  const facts = env.context.facts;
  if (!facts) return null;
  const review = reviewClaims(text, factIndex(facts));
  const sentences = sentencesOf(text);
  const drop = sentences.filter((s) => review.unsupported.some((u) => u.start >= s.start && u.start < s.end));
  const kept = sentences.filter(
    (s) => !drop.includes(s) && /[\p{L}]{2,}/u.test(s.text.replace(/#[\p{L}\p{N}_]+/gu, '')),
  );
  // Dropping most of a post is a rewrite, not a repair: keep at least as many sentences as go.
  if (drop.length === 0 || kept.length === 0 || kept.length < drop.length) return null;
  return {
    text: removeRanges(text, drop),
    note: `dropped ${drop.length} sentence${drop.length === 1 ? '' : 's'} with claims no fact supports`,
  };
}

export const unsupportedClaimsGuard: TextGuard = {
  name: 'unsupported_claims',
  defect: 'unsupported_claim',
  check,
  fix,
};
