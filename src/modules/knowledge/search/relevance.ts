/**
 * Scores that mean relevance. A chunk's score is a calibrated estimate, in 0..1, that it answers the
 * query, computed from features that are comparable across queries:
 *
 * - `coverage`: the share of the query's information (IDF-weighted words) the chunk matches, each word
 *   counted with BM25's saturation (k1 1.2, b 0.75) so that one mention counts less than several. A word
 *   the chunk lacks can be matched at partial credit by a word standing in for it (a spelling fix, a
 *   WordNet synonym, a related word), so paraphrases still count. Ranking by coverage alone is ranking
 *   by BM25 (coverage is BM25 divided by its maximum for this query).
 * - `proximity`: the share of the query's neighbouring word pairs ("oat milk", "gift card") that stand
 *   next to each other in the chunk too.
 * - `similarity`: the cosine of the query and chunk vectors.
 *
 * score = σ(bias + coverage·wc + proximity·wp + similarity·ws). The weights are fitted offline (see
 * docs/knowledge-search.md) and shipped as constants: the same scale for every query and tenant, so a
 * threshold such as Dify's `score_threshold` 0.5 means the same everywhere.
 */
import { isStopword, stem as porterStem } from '../../../ai/offline/lexical-terms.js';

export const BM25_K1 = 1.2;
export const BM25_B = 0.75;
/** Title words count twice (as in the full-text index). */
const TITLE_WEIGHT = 2;

/** How a term entered the query. */
export type TermSource = 'query' | 'spelling' | 'synonym' | 'related' | 'value';

/** One weighted term of an expanded query. */
export interface WeightedTerm {
  /** Porter stem of the folded word, as the index stores it. */
  stem: string;
  /** The word as written (or as WordNet spells it). */
  word: string;
  source: TermSource;
  /** Credit a match of this term gives (1 for the query's own words). */
  weight: number;
  /** The query word this term stands in for (its index in the query's own words). */
  slot: number;
}

export interface CorpusStats {
  /** Chunks in the tenant's index. */
  total: number;
  /** Average lexical length (title words counted twice). */
  avgLength: number;
  /** Document frequency by stem (0 when unknown to the index). */
  df: ReadonlyMap<string, number>;
}

export interface ChunkText {
  title: string;
  headingPath: readonly string[];
  text: string;
  /** Words counted for length normalisation (title twice), as stored with the chunk. */
  lexicalLength: number;
}

export interface RelevanceFeatures {
  coverage: number;
  proximity: number;
  /** Cosine similarity of query and chunk vectors; 0 when no vectors are used. */
  similarity: number;
  /**
   * The chunk's linear score as a share of the best candidate's for the same query (1 for the first
   * hit). It never changes the order of one query's hits; it tells the calibration how close a hit
   * runs to the query's best, so a close second of a well-matched query is not scored as if alone.
   */
  relative: number;
}

export interface RelevanceModel {
  bias: number;
  coverage: number;
  proximity: number;
  similarity: number;
  /** Weight of `relative` (calibration only: it does not change any query's order). */
  relative: number;
  /** Exponent of the general-English word prior in the slot weights (0 = plain IDF, 1 = IDF × prior). */
  wordPrior: number;
}

/** Lucene's BM25 IDF, always positive. */
export function idf(df: number, total: number): number {
  return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

/** What scoring needs from a chunk's words: term frequencies by stem and neighbouring stem pairs. */
export interface ChunkTerms {
  /** Title words count `TITLE_WEIGHT` times. */
  tf: Map<string, number>;
  /**
   * "a b" for content words next to each other (stop words skipped), both orders; only pairs of the
   * words asked for (`chunkTerms`' `pairWords`), which is all proximity needs.
   */
  pairs: Set<string>;
}

const WORD = /[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}+/gu;

/**
 * Stems of the content words of a text. Folds the whole text at once (the same folding as
 * `tokenize`: NFKD, marks removed, lower case) instead of word by word, as scoring tokenises every
 * candidate of every query.
 */
function contentStems(text: string): string[] {
  const folded = text.normalize('NFKD').replace(MARKS, '').toLowerCase();
  const out: string[] = [];
  for (const m of folded.matchAll(WORD)) {
    const w = m[0];
    if (!isStopword(w)) out.push(porterStem(w));
  }
  return out;
}

/**
 * Values a customer asks for with a word the page does not use: "how much / price" is answered by an
 * amount of money ("€17.00", "R18 500", "A$160"), "what time / hours" by a clock time ("21:30",
 * "8am"). A chunk holding such a value gets a pseudo-term the query's intent word can match
 * (`VALUE_TERMS`, see expansion.ts). The patterns have no `u` flag on purpose: they need none (the
 * currency signs are single UTF-16 units) and run about ten times faster without it.
 */
export const VALUE_TERMS = { money: '\u0000money', time: '\u0000time' } as const;
const MONEY =
  /(?:[$€£¥₹]|\b(?:A|AU|CA|C|NZ|US)\$|\bR(?=\s?\d)|\b(?:EUR|USD|GBP|AUD|CAD|ZAR|CHF)\s?)\s?\d|\d(?:[.,]\d{2})?\s?(?:€|£|\b(?:eur|euros?|dollars?|pounds?)\b)/gi;
const CLOCK = /\b\d{1,2}(?:[:.]\d{2})?\s?(?:am|pm)\b|\b(?:[01]?\d|2[0-3]):[0-5]\d\b/gi;

export function chunkTerms(
  chunk: Pick<ChunkText, 'title' | 'headingPath' | 'text'>,
  pairWords: ReadonlySet<string> = new Set(),
): ChunkTerms {
  const tf = new Map<string, number>();
  const pairs = new Set<string>();
  const add = (text: string, w: number) => {
    const stems = contentStems(text);
    for (const s of stems) tf.set(s, (tf.get(s) ?? 0) + w);
    for (let i = 0; i + 1 < stems.length; i++) {
      const a = stems[i] as string;
      const b = stems[i + 1] as string;
      if (pairWords.has(a) && pairWords.has(b)) {
        pairs.add(`${a} ${b}`);
        pairs.add(`${b} ${a}`);
      }
    }
    const money = text.match(MONEY)?.length ?? 0;
    if (money > 0) tf.set(VALUE_TERMS.money, (tf.get(VALUE_TERMS.money) ?? 0) + money * w);
    const time = text.match(CLOCK)?.length ?? 0;
    if (time > 0) tf.set(VALUE_TERMS.time, (tf.get(VALUE_TERMS.time) ?? 0) + time * w);
  };
  add([chunk.title, ...chunk.headingPath].join(' '), TITLE_WEIGHT);
  add(chunk.text, 1);
  return { tf, pairs };
}

/** Neighbouring pairs of the query's own content words. */
export function queryPairs(query: string): string[] {
  const stems = contentStems(query);
  const out: string[] = [];
  for (let i = 0; i + 1 < stems.length; i++) out.push(`${stems[i]} ${stems[i + 1]}`);
  return out;
}

/** Share of the query's pairs found next to each other in the chunk. */
export function proximity(pairs: readonly string[], chunk: ChunkTerms): number {
  if (pairs.length === 0) return 0;
  return pairs.filter((p) => chunk.pairs.has(p)).length / pairs.length;
}

/** BM25's saturation of one term, scaled to 0..1 (its limit as the term repeats). */
export function saturation(tf: number, length: number, avgLength: number): number {
  if (tf <= 0) return 0;
  const norm = BM25_K1 * (1 - BM25_B + (BM25_B * length) / Math.max(1, avgLength));
  return tf / (tf + norm);
}

/**
 * The weight of each query slot: the IDF of the query word in the tenant's index, times how
 * informative the word is in general English (`prior`, 0.1..1), so that everyday words of a
 * customer's question ("how much", "can I get") count less than the words that name the thing asked
 * about, even on a small site where every word is rare. A word the index has never seen (a typo, a
 * word the business does not use) takes the IDF of its best stand-in the index has, or that of a word
 * seen once.
 */
export function slotWeights(
  terms: readonly WeightedTerm[],
  stats: CorpusStats,
  prior: (word: string) => number = () => 1,
): number[] {
  const slots = new Map<number, number>();
  const unknownWord = new Map<number, string>();
  const fallback = new Map<number, number>();
  for (const t of terms) {
    const df = stats.df.get(t.stem) ?? 0;
    if (t.source === 'query') {
      if (df > 0) slots.set(t.slot, idf(df, stats.total) * prior(t.word));
      else if (!slots.has(t.slot)) {
        slots.set(t.slot, Number.NaN);
        unknownWord.set(t.slot, t.word);
      }
    } else if (df > 0 && t.weight > 0) {
      fallback.set(t.slot, Math.max(fallback.get(t.slot) ?? 0, idf(df, stats.total) * prior(t.word)));
    }
  }
  const out: number[] = [];
  for (const [slot, w] of slots) {
    out[slot] = Number.isNaN(w)
      ? (fallback.get(slot) ?? idf(1, stats.total) * prior(unknownWord.get(slot) ?? ''))
      : w;
  }
  return out;
}

/** The share of the query's information a chunk matches (see the file comment). */
export function coverage(
  terms: readonly WeightedTerm[],
  slotWeight: readonly number[],
  stats: CorpusStats,
  tf: ReadonlyMap<string, number>,
  length: number,
): number {
  const credit: number[] = [];
  for (const t of terms) {
    const s = saturation(tf.get(t.stem) ?? 0, length, stats.avgLength) * t.weight;
    if (s > (credit[t.slot] ?? 0)) credit[t.slot] = s;
  }
  let num = 0;
  let den = 0;
  slotWeight.forEach((w, slot) => {
    if (w === undefined) return;
    num += w * (credit[slot] ?? 0);
    den += w;
  });
  return den > 0 ? num / den : 0;
}

/** The linear part of the score: what orders the candidates of one query (`relative` excluded). */
export function linearScore(model: RelevanceModel, f: Omit<RelevanceFeatures, 'relative'>): number {
  return model.coverage * f.coverage + model.proximity * f.proximity + model.similarity * f.similarity;
}

export function relevanceScore(model: RelevanceModel, f: RelevanceFeatures): number {
  const z = model.bias + linearScore(model, f) + model.relative * f.relative;
  return 1 / (1 + Math.exp(-z));
}

/**
 * The calibrated models: one for full text alone, one with the local embedding. Ranking ratios
 * (proximity and similarity a quarter of coverage each) chosen on the SciFact train split
 * (`npm run bench -- retrieval`); the word prior on, chosen on the tuned business sites (on SciFact
 * claims it is neutral to slightly worse); scale, bias and the weight of `relative` fitted by logistic
 * regression on the tuned business sites' top-5 hits (`npm run bench -- search-calibration`): a hit
 * that runs close to its query's best is more often right than its own match alone says.
 * docs/knowledge-search.md.
 */
export const RELEVANCE_MODELS = {
  /** Without vectors: the local model's weights, its bias raised by the similarity's mean share (0.247). */
  lexical: { bias: -1.001, coverage: 4.14, proximity: 1.035, similarity: 0, relative: 0.337, wordPrior: 1 },
  local: { bias: -1.257, coverage: 4.14, proximity: 1.035, similarity: 1.035, relative: 0.337, wordPrior: 1 },
} as const satisfies Record<string, RelevanceModel>;

/**
 * `relative` for each of one query's candidates, from their linear scores: the share of the best
 * one's (0 when no candidate scores above 0).
 */
export function relativeScores(linear: readonly number[]): number[] {
  const best = Math.max(0, ...linear);
  return linear.map((z) => (best > 0 ? Math.max(0, z) / best : 0));
}

/**
 * The model for an embedding model id (undefined: no vectors). Provider embeddings use the local
 * model's weights: their cosine scale differs, so their scores are not calibrated (documented).
 */
export function relevanceModelFor(modelId: string | undefined): RelevanceModel {
  return modelId === undefined ? RELEVANCE_MODELS.lexical : RELEVANCE_MODELS.local;
}
