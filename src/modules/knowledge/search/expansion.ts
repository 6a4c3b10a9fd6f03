/**
 * Query expansion: the words a chunk may use for what the customer asked. Three sources, all offline:
 *
 * - spelling: a query word the tenant's index has never seen ("recieve", "colect") is replaced by the
 *   index word one edit away with the most chunks ("receive", "collect"): the business's own
 *   vocabulary decides;
 * - WordNet synonyms and related words (`thesaurus.ts`), of single words and of two- and three-word
 *   phrases of the query ("put to sleep" → "anaesthetize"), kept only when the tenant's index uses
 *   them, each weighted by how it is related and how common the sense is;
 *
 * Expansion terms stand in for one query word (their `slot`) at partial credit (see relevance.ts), so
 * a synonym can make up for a missing word but never outweighs the word itself.
 */
import { isStopword, stem, tokenize } from '../../../ai/offline/lexical-terms.js';
import { type CorpusStats, VALUE_TERMS, type WeightedTerm } from './relevance.js';
import type { Relation, Thesaurus } from './thesaurus.js';

export interface ExpansionWeights {
  /** Credit of a spelling fix. */
  spelling: number;
  /** Credit of a value standing in for an intent word (an amount for "price", a time for "hours"). */
  value: number;
  /** Credit of a WordNet synonym of the word's most frequent sense; other senses get less. */
  synonym: number;
  /** Credit of a derived form (refund → repayment) or similar adjective. */
  derived: number;
  /** Credit of a broader or narrower word. */
  related: number;
  /** Credit per sense rank: a word's n-th sense (0-based) is divided by 1 + senseDecay·n. */
  senseDecay: number;
  /** At most this many stand-ins per query word that the index uses (best credit first). */
  perWord: number;
}

/** Chosen on the SciFact train split and the tuning part of business-sites (docs/benchmarks.md). */
export const DEFAULT_EXPANSION: ExpansionWeights = {
  spelling: 0.8,
  value: 0.8,
  synonym: 0.6,
  derived: 0.5,
  related: 0.3,
  senseDecay: 0.3,
  perWord: 8,
};

export interface QueryPlan {
  /** The query's own content words, one slot each. */
  words: string[];
  /**
   * Every term to look up: the query's words and candidate stand-ins, not yet checked against the
   * index (spelling candidates are added by `spellingCandidates` once unknown words are known).
   */
  candidates: WeightedTerm[];
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Words asking for an amount of money or a clock time, which a page answers with the value itself. */
const VALUE_INTENT: Record<string, string> = {
  price: VALUE_TERMS.money,
  prices: VALUE_TERMS.money,
  pricing: VALUE_TERMS.money,
  priced: VALUE_TERMS.money,
  cost: VALUE_TERMS.money,
  costs: VALUE_TERMS.money,
  much: VALUE_TERMS.money,
  fee: VALUE_TERMS.money,
  fees: VALUE_TERMS.money,
  charge: VALUE_TERMS.money,
  charges: VALUE_TERMS.money,
  rate: VALUE_TERMS.money,
  rates: VALUE_TERMS.money,
  time: VALUE_TERMS.time,
  times: VALUE_TERMS.time,
  hours: VALUE_TERMS.time,
  open: VALUE_TERMS.time,
  opening: VALUE_TERMS.time,
  close: VALUE_TERMS.time,
  closing: VALUE_TERMS.time,
  late: VALUE_TERMS.time,
};

/** Words one edit (insert, delete, replace, swap of neighbours) from `word`. */
export function oneEditAway(word: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i <= word.length; i++) {
    const a = word.slice(0, i);
    const b = word.slice(i);
    if (b.length > 0) out.add(a + b.slice(1));
    if (b.length > 1) out.add(a + (b[1] as string) + (b[0] as string) + b.slice(2));
    for (const c of LETTERS) {
      if (b.length > 0) out.add(a + c + b.slice(1));
      out.add(a + c + b);
    }
  }
  out.delete(word);
  return [...out];
}

const relationWeight = (w: ExpansionWeights, r: Relation): number =>
  r === 'synonym' ? w.synonym : r === 'derived' || r === 'similar' ? w.derived : w.related;

/** WordNet stand-ins for a word or phrase, best credit first (slot unset). */
function relatedTerms(thesaurus: Thesaurus, phrase: string, weights: ExpansionWeights): WeightedTerm[] {
  const own = new Set(phrase.split(' ').map((x) => stem(x)));
  const best = new Map<string, WeightedTerm>();
  for (const r of thesaurus.related(phrase)) {
    const credit = relationWeight(weights, r.relation) / (1 + weights.senseDecay * r.sense);
    const parts = r.word.split(/[\s-]+/).filter((x) => x.length > 1 && !isStopword(x));
    // A multi-word stand-in counts through its words, each at half credit.
    const each = parts.length > 1 ? credit / 2 : credit;
    for (const p of parts) {
      const folded = tokenize(p)[0]?.word;
      if (!folded) continue;
      const s = stem(folded);
      if (own.has(s)) continue;
      if ((best.get(s)?.weight ?? 0) < each)
        best.set(s, {
          stem: s,
          word: folded,
          source: r.relation === 'synonym' ? 'synonym' : 'related',
          weight: each,
          slot: 0,
        });
    }
  }
  // Bounded so a very polysemous word does not look up hundreds of words; `perWord` applies later,
  // to the ones the index uses.
  return [...best.values()].sort((a, b) => b.weight - a.weight).slice(0, 80);
}

/**
 * The query's words (slots) and every candidate stand-in. The service looks up their document
 * frequencies in the tenant's index and keeps what `selectExpansions` chooses.
 */
export function planQuery(
  query: string,
  thesaurus: Thesaurus | undefined,
  weights: ExpansionWeights,
): QueryPlan {
  const tokens = tokenize(query).map((t) => t.word);
  // Single letters ("fish n chips", "b&b") carry nothing to search for; digits do ("size 8").
  const isNoise = (w: string) => isStopword(w) || /^\p{L}$/u.test(w);
  const content = tokens.filter((w) => !isNoise(w));
  const useAll = content.length === 0;
  const words: string[] = [];
  const slotOf = new Map<string, number>();
  const tokenSlot: number[] = tokens.map((w) => {
    if (!useAll && isNoise(w)) return -1;
    let slot = slotOf.get(w);
    if (slot === undefined) {
      slot = words.length;
      words.push(w);
      slotOf.set(w, slot);
    }
    return slot;
  });

  const candidates: WeightedTerm[] = words.map((w, slot) => ({
    stem: stem(w),
    word: w,
    source: 'query',
    weight: 1,
    slot,
  }));

  for (const [slot, w] of words.entries()) {
    const value = VALUE_INTENT[w];
    if (value && weights.value > 0)
      candidates.push({ stem: value, word: value, source: 'value', weight: weights.value, slot });
  }

  // Initials of three or four consecutive query words ("flexible spending account" → FSA, "value added
  // tax" → VAT): kept, like every stand-in, only when the index uses them.
  for (let n = 3; n <= 4; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const slots = tokenSlot.slice(i, i + n);
      if (slots.some((x) => x < 0)) continue;
      const span = tokens.slice(i, i + n);
      if (!span.every((w) => /^\p{L}/u.test(w))) continue;
      const initials = span.map((w) => w[0]).join('');
      for (const slot of new Set(slots)) {
        candidates.push({
          stem: stem(initials),
          word: initials,
          source: 'related',
          weight: weights.spelling,
          slot,
        });
      }
    }
  }

  if (thesaurus) {
    const related = (phrase: string, slots: number[]) => {
      const top = relatedTerms(thesaurus, phrase, weights);
      for (const slot of slots) for (const t of top) candidates.push({ ...t, slot });
    };
    for (const [slot, w] of words.entries()) related(w, [slot]);
    // Phrases of two and three words ("heart attack", "put to sleep") that WordNet knows as one lemma.
    for (let n = 2; n <= 3; n++) {
      for (let i = 0; i + n <= tokens.length; i++) {
        const span = tokens.slice(i, i + n);
        const slots = [...new Set(tokenSlot.slice(i, i + n).filter((s) => s >= 0))];
        if (slots.length === 0 || isStopword(span[0] as string) || isStopword(span[n - 1] as string))
          continue;
        const phrase = span.join(' ');
        if (thesaurus.knows(phrase)) related(phrase, slots);
      }
    }
  }
  return { words, candidates };
}

/**
 * Spelling candidates for the query words the index has never seen: every word one edit away (looked
 * up in a second round, only for those words). A misspelt word WordNet knows in its corrected form
 * ("garantee" → "guarantee") also brings that form's stand-ins ("warranty"), at the spelling credit
 * times theirs.
 */
export function spellingCandidates(
  words: readonly string[],
  unknownSlots: Iterable<number>,
  thesaurus: Thesaurus | undefined,
  weights: ExpansionWeights,
): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  if (weights.spelling <= 0) return out;
  for (const slot of unknownSlots) {
    const w = words[slot];
    if (!w || w.length < 4 || /\d/.test(w)) continue;
    for (const v of oneEditAway(w)) {
      out.push({ stem: stem(v), word: v, source: 'spelling', weight: weights.spelling, slot });
      if (thesaurus && v.length >= 4 && thesaurus.knows(v)) {
        for (const t of relatedTerms(thesaurus, v, weights)) {
          out.push({ ...t, weight: t.weight * weights.spelling, slot });
        }
      }
    }
  }
  return out;
}

/**
 * Keeps the stand-ins the tenant's index actually uses: for a query word the index has never seen,
 * the spelling fix with the most chunks; WordNet words that occur in at least one chunk.
 */
export function selectExpansions(
  plan: QueryPlan,
  stats: CorpusStats,
  weights: ExpansionWeights = DEFAULT_EXPANSION,
): WeightedTerm[] {
  const df = (s: string) => stats.df.get(s) ?? 0;
  const out: WeightedTerm[] = plan.candidates.filter((t) => t.source === 'query');
  const unknown = new Set(out.filter((t) => df(t.stem) === 0).map((t) => t.slot));
  const spelling = new Map<number, WeightedTerm>();
  for (const t of plan.candidates) {
    if (t.source !== 'spelling' || !unknown.has(t.slot) || df(t.stem) === 0) continue;
    const current = spelling.get(t.slot);
    if (!current || df(t.stem) > df(current.stem)) spelling.set(t.slot, t);
  }
  out.push(...spelling.values());
  const seen = new Map<string, WeightedTerm>(out.map((t) => [`${t.slot}:${t.stem}`, t]));
  const perSlot = new Map<number, WeightedTerm[]>();
  out.push(...plan.candidates.filter((t) => t.source === 'value'));
  for (const t of plan.candidates) {
    if (t.source === 'query' || t.source === 'spelling' || t.source === 'value' || df(t.stem) === 0) continue;
    const key = `${t.slot}:${t.stem}`;
    const prior = seen.get(key);
    if (prior && prior.weight >= t.weight) continue;
    seen.set(key, t);
    const list = (perSlot.get(t.slot) ?? []).filter((x) => x.stem !== t.stem);
    list.push(t);
    perSlot.set(t.slot, list);
  }
  for (const list of perSlot.values()) {
    out.push(
      ...list.sort((a, b) => b.weight - a.weight || (a.stem < b.stem ? -1 : 1)).slice(0, weights.perWord),
    );
  }
  return out;
}
