import { featureBinSpecs, lengthBin, lengthSpec, type MeasuredPost } from '../model/feature-bins.js';
import type { FeatureDistribution, VoicePlatform } from '../types.js';

/** Platforms need this many example posts before their own length distribution is used. */
export const MIN_PLATFORM_EXAMPLES = 5;
const EVIDENCE_PER_BIN = 3;

export interface MeasuredExample {
  id: string;
  platform: VoicePlatform | undefined;
  measured: MeasuredPost;
}

function add(dist: FeatureDistribution, bin: string, id: string): void {
  dist.counts[bin] = (dist.counts[bin] ?? 0) + 1;
  dist.total++;
  const ev = dist.evidence[bin] ?? [];
  if (ev.length < EVIDENCE_PER_BIN) ev.push(id);
  dist.evidence[bin] = ev;
}

const emptyDistribution = (): FeatureDistribution => ({ counts: {}, total: 0, evidence: {} });

/** Counts every scoring feature's bins over the examples, plus length per platform. */
export function buildDistributions(examples: readonly MeasuredExample[]): {
  features: Record<string, FeatureDistribution>;
  lengthByPlatform: Record<string, FeatureDistribution>;
} {
  const features: Record<string, FeatureDistribution> = {};
  for (const spec of featureBinSpecs) features[spec.name] = emptyDistribution();
  const lengthAll = emptyDistribution();
  const byPlatform: Record<string, FeatureDistribution> = {};
  for (const ex of examples) {
    for (const spec of featureBinSpecs)
      add(features[spec.name] as FeatureDistribution, spec.bin(ex.measured), ex.id);
    const lbin = lengthBin(ex.measured.features.chars);
    add(lengthAll, lbin, ex.id);
    if (ex.platform) {
      byPlatform[ex.platform] ??= emptyDistribution();
      add(byPlatform[ex.platform] as FeatureDistribution, lbin, ex.id);
    }
  }
  features[lengthSpec.name] = lengthAll;
  const lengthByPlatform: Record<string, FeatureDistribution> = {};
  for (const [p, d] of Object.entries(byPlatform))
    if (d.total >= MIN_PLATFORM_EXAMPLES) lengthByPlatform[p] = d;
  return { features, lengthByPlatform };
}
