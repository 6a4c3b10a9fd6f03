/**
 * The evidence a text gives for "this is the brand's voice": log-probabilities of its feature bins
 * under the profile's distributions plus the lexical model's per-character log-likelihood. Shared by
 * learning (out-of-fold calibration) and scoring so both measure the same thing.
 */
import {
  type CharModelData,
  type CompiledCharModel,
  compileCharModel,
  floorLogProb,
  scoreWithCharModel,
} from '../lexical/char-model.js';
import { extractFeatures, toneOf } from '../text/features.js';
import type { FeatureDistribution, VoicePlatform } from '../types.js';
import {
  type FeatureBinSpec,
  featureBinSpecs,
  lengthBin,
  lengthSpec,
  type MeasuredPost,
} from './feature-bins.js';

/** Dirichlet smoothing mass spread over a feature's bins. */
const SMOOTHING = 2;
/**
 * Weight of the lexical model in the combined evidence, per character. The per-character
 * log-likelihood is multiplied by this so that a text's wording counts like a fixed number of
 * characters whatever its length (tuned on the brand-tweets benchmark, see docs/benchmarks.md).
 */
export const LEXICAL_WEIGHT = 80;
/** Weight of all interpretable features together, relative to the lexical model. */
export const FEATURE_WEIGHT = 0.5;

export interface CompiledDistribution {
  logp: Map<string, number>;
  /** P(bin) / P(most common bin): 1 = the brand's usual choice, near 0 = it never does this. */
  typicality: Map<string, number>;
  modal: string;
}

export function compileDistribution(
  dist: FeatureDistribution,
  bins: readonly string[],
): CompiledDistribution {
  const logp = new Map<string, number>();
  const typicality = new Map<string, number>();
  let best = -Infinity;
  let modal = bins[0] as string;
  const probs = bins.map((b) => ((dist.counts[b] ?? 0) + SMOOTHING / bins.length) / (dist.total + SMOOTHING));
  bins.forEach((b, k) => {
    const p = probs[k] as number;
    logp.set(b, Math.log(p));
    if (p > best) {
      best = p;
      modal = b;
    }
  });
  bins.forEach((b, k) => {
    typicality.set(b, (probs[k] as number) / best);
  });
  return { logp, typicality, modal };
}

export interface CompiledEvidenceModel {
  features: Array<{ spec: FeatureBinSpec; dist: CompiledDistribution; raw: FeatureDistribution }>;
  lengthAll: { dist: CompiledDistribution; raw: FeatureDistribution };
  lengthByPlatform: Map<string, { dist: CompiledDistribution; raw: FeatureDistribution }>;
  char: CompiledCharModel;
}

export function compileEvidenceModel(
  features: Record<string, FeatureDistribution>,
  lengthByPlatform: Record<string, FeatureDistribution>,
  lexical: CharModelData | CompiledCharModel,
): CompiledEvidenceModel {
  const empty: FeatureDistribution = { counts: {}, total: 0, evidence: {} };
  const all = features[lengthSpec.name] ?? empty;
  return {
    features: featureBinSpecs.map((spec) => {
      const raw = features[spec.name] ?? empty;
      return { spec, raw, dist: compileDistribution(raw, spec.bins) };
    }),
    lengthAll: { raw: all, dist: compileDistribution(all, lengthSpec.bins) },
    lengthByPlatform: new Map(
      Object.entries(lengthByPlatform).map(([p, raw]) => [
        p,
        { raw, dist: compileDistribution(raw, lengthSpec.bins) },
      ]),
    ),
    char: 'grams' in lexical ? compileCharModel(lexical) : lexical,
  };
}

export interface FeatureContribution {
  spec: Pick<FeatureBinSpec, 'name' | 'dimension' | 'label' | 'weight'>;
  bin: string;
  logp: number;
  typicality: number;
  dist: CompiledDistribution;
  raw: FeatureDistribution;
}

export interface Evidence {
  measured: MeasuredPost;
  contributions: FeatureContribution[];
  /**
   * Weighted sum over features of log(P(bin | brand) / P(bin | uniform)): positive when the draft's
   * habits are ones the brand has, negative when they are ones it avoids.
   */
  features: number;
  /** Lexical log-likelihood per character. */
  lexicalPerChar: number;
  /** Lexical log-likelihood per character above the uniform floor (>= 0; higher = more brand-like). */
  lexical: number;
  /** The combined evidence: FEATURE_WEIGHT × features + LEXICAL_WEIGHT × lexical. */
  total: number;
}

export function measure(text: string): MeasuredPost {
  const features = extractFeatures(text);
  return { features, tone: toneOf(features) };
}

export function lengthDistributionFor(
  model: CompiledEvidenceModel,
  platform: VoicePlatform | undefined,
): { dist: CompiledDistribution; raw: FeatureDistribution } {
  const specific = platform ? model.lengthByPlatform.get(platform) : undefined;
  return specific ?? model.lengthAll;
}

export function evidenceFor(
  model: CompiledEvidenceModel,
  text: string,
  platform: VoicePlatform | undefined,
  measured: MeasuredPost = measure(text),
): Evidence {
  const contributions: FeatureContribution[] = [];
  let features = 0;
  for (const { spec, dist, raw } of model.features) {
    const bin = spec.bin(measured);
    const logp = dist.logp.get(bin) ?? Math.log(1e-6);
    features += spec.weight * (logp + Math.log(spec.bins.length));
    contributions.push({ spec, bin, logp, typicality: dist.typicality.get(bin) ?? 0, dist, raw });
  }
  const length = lengthDistributionFor(model, platform);
  const lbin = lengthBin(measured.features.chars);
  const llogp = length.dist.logp.get(lbin) ?? Math.log(1e-6);
  features += lengthSpec.weight * (llogp + Math.log(lengthSpec.bins.length));
  contributions.push({
    spec: lengthSpec,
    bin: lbin,
    logp: llogp,
    typicality: length.dist.typicality.get(lbin) ?? 0,
    dist: length.dist,
    raw: length.raw,
  });
  const lex = scoreWithCharModel(model.char, text);
  const lexicalPerChar = lex.logProb / Math.max(lex.chars, 1);
  const lexical = lexicalPerChar - floorLogProb(1);
  return {
    measured,
    contributions,
    features,
    lexicalPerChar,
    lexical,
    total: FEATURE_WEIGHT * features + LEXICAL_WEIGHT * lexical,
  };
}
