/**
 * A per-brand character n-gram language model: the "learned lexical component" of a voice profile.
 *
 * Character models capture what a feature list cannot name (spelling habits, recurring phrasings,
 * punctuation rhythm, lower-case openings) and are a standard, strong method for authorship
 * attribution (Peng, Schuurmans & Wang 2003). Smoothing is interpolated absolute discounting
 * (the core of Kneser–Ney) down to a uniform floor that is the same for every brand, so
 * probabilities from different brands' models are comparable.
 *
 * Only the raw n-gram counts are stored in the profile; context totals are rebuilt when a scorer is
 * compiled (once per profile, then cached).
 */

export const CHAR_MODEL_ORDER = 5;
/** Uniform floor: one over a fixed alphabet size, equal for all brands so scores compare. */
const FLOOR = 1 / 512;
const DISCOUNT = 0.75;

const BOS = '\u0002';
const EOS = '\u0003';
const URL_MARK = '\u0001';

/** What is stored in a profile: n-gram counts of every order 1..order. */
export interface CharModelData {
  order: number;
  /** Total characters trained on (including end marks). */
  chars: number;
  /** [ngram, count] pairs, n-grams of length 1..order. */
  grams: Array<[string, number]>;
}

/** Rewrites text into the model's alphabet: links and handles become one symbol each. */
export function normaliseForCharModel(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\b(?:https?:\/\/|www\.)[^\s<>"]+/giu, URL_MARK)
    .replace(/(?<![\p{L}\p{N}_@])@[A-Za-z0-9_]{1,30}/gu, '@')
    .replace(/[’‘]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/\n{2,}/g, '\n\n')
    .trim();
}

function padded(text: string, order: number): string {
  return BOS.repeat(order - 1) + normaliseForCharModel(text) + EOS;
}

/** Counts n-grams of every order in the training texts. */
export function trainCharModel(texts: readonly string[], order = CHAR_MODEL_ORDER): CharModelData {
  const counts = new Map<string, number>();
  let chars = 0;
  for (const text of texts) {
    const s = padded(text, order);
    for (let i = order - 1; i < s.length; i++) {
      chars++;
      for (let n = 1; n <= order; n++) {
        const gram = s.slice(i - n + 1, i + 1);
        counts.set(gram, (counts.get(gram) ?? 0) + 1);
      }
    }
  }
  const grams = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { order, chars, grams };
}

/**
 * Drops the rarest longest n-grams until at most `maxGrams` remain, so a profile learned from many
 * thousands of posts stays a reasonable size. Lower orders are kept: they carry the back-off.
 */
export function pruneCharModel(model: CharModelData, maxGrams: number): CharModelData {
  if (model.grams.length <= maxGrams) return model;
  let minCount = 2;
  let grams = model.grams;
  while (grams.length > maxGrams && minCount < 1000) {
    const limit = minCount;
    grams = model.grams.filter(([g, c]) => g.length < model.order - 1 || c >= limit);
    minCount++;
  }
  return { ...model, grams };
}

/** A model ready to score: counts plus per-context totals and distinct-continuation counts. */
export interface CompiledCharModel {
  order: number;
  counts: Map<string, number>;
  /** context → [total count of continuations, distinct continuations] */
  contexts: Map<string, [number, number]>;
}

export function compileCharModel(data: CharModelData): CompiledCharModel {
  const counts = new Map<string, number>(data.grams);
  const contexts = new Map<string, [number, number]>();
  for (const [gram, count] of data.grams) {
    const ctx = gram.slice(0, -1);
    const entry = contexts.get(ctx);
    if (entry) {
      entry[0] += count;
      entry[1] += 1;
    } else contexts.set(ctx, [count, 1]);
  }
  return { order: data.order, counts, contexts };
}

/** Probability of `ch` after `history` (the last order-1 characters), interpolated down to the floor. */
function probability(model: CompiledCharModel, history: string, ch: string): number {
  let p = FLOOR;
  for (let n = 0; n <= history.length; n++) {
    const ctx = history.slice(history.length - n);
    const stats = model.contexts.get(ctx);
    if (!stats) break;
    const [total, distinct] = stats;
    const c = model.counts.get(ctx + ch) ?? 0;
    p = Math.max(c - DISCOUNT, 0) / total + ((DISCOUNT * distinct) / total) * p;
  }
  return p;
}

export interface CharModelScore {
  /** Sum of natural-log probabilities of every character (and the end mark). */
  logProb: number;
  /** Characters predicted. */
  chars: number;
}

/** Log-likelihood of a text under the model. */
export function scoreWithCharModel(model: CompiledCharModel, text: string): CharModelScore {
  const order = model.order;
  const s = padded(text, order);
  let logProb = 0;
  for (let i = order - 1; i < s.length; i++) {
    logProb += Math.log(probability(model, s.slice(i - order + 1, i), s[i] as string));
  }
  return { logProb, chars: s.length - (order - 1) };
}

/** Log-probability a text gets from the uniform floor alone: the reference "knows nothing" model. */
export function floorLogProb(chars: number): number {
  return chars * Math.log(FLOOR);
}
