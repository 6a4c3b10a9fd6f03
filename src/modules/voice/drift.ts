/**
 * Voice drift: how far a set of recent posts has moved from the baseline profile, measured over the
 * same features the scorer uses, with each feature's share of the distance so a person can see what
 * changed ("hashtags: 0 → 3+ per post").
 *
 * Per feature the distance is the Jensen–Shannon divergence (base 2, 0..1) between the baseline's and
 * the recent posts' bin distributions, both smoothed alike. The lexical part is how far the recent
 * posts' wording falls below the brand's own examples (mean standardised lexical score, mapped to
 * 0..1). The overall distance is the weighted mean. DRIFT_THRESHOLD was calibrated on the brand-tweets
 * benchmark (docs/benchmarks.md, "Drift").
 */
import { buildDistributions } from './learn/distributions.js';
import { evidenceFor, measure } from './model/evidence.js';
import { featureBinSpecs, lengthSpec } from './model/feature-bins.js';
import { compileProfile } from './score.js';
import type { BrandVoiceProfile, FeatureDistribution, VoiceDimension, VoiceExample } from './types.js';

/** Distance at or above which drift is reported. Calibrated: see docs/benchmarks.md. */
export const DRIFT_THRESHOLD = 0.12;
/** Fewer recent posts than this give too noisy a comparison to alert on. */
export const MIN_DRIFT_POSTS = 5;
const LEXICAL_WEIGHT = 3;
const SMOOTHING = 1;

export interface DriftContribution {
  feature: string;
  dimension: VoiceDimension;
  /** Jensen–Shannon divergence for this feature, 0..1. */
  distance: number;
  /** Share of the overall distance due to this feature, 0..1. */
  share: number;
  baseline: string;
  recent: string;
}

export interface VoiceDrift {
  distance: number;
  threshold: number;
  alert: boolean;
  posts: number;
  /** False when there were too few recent posts to alert on. */
  conclusive: boolean;
  lexical: { meanZ: number; distance: number };
  contributions: DriftContribution[];
  summary: string;
}

function smoothed(dist: FeatureDistribution | undefined, bins: readonly string[]): number[] {
  const total = dist?.total ?? 0;
  return bins.map((b) => ((dist?.counts[b] ?? 0) + SMOOTHING / bins.length) / (total + SMOOTHING));
}

function jsd(p: number[], q: number[]): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] as number;
    const b = q[i] as number;
    const m = (a + b) / 2;
    if (a > 0) d += 0.5 * a * Math.log2(a / m);
    if (b > 0) d += 0.5 * b * Math.log2(b / m);
  }
  return Math.max(0, d);
}

function modal(dist: FeatureDistribution | undefined, label: (b: string) => string): string {
  if (!dist || dist.total === 0) return 'n/a';
  const [bin, n] = Object.entries(dist.counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? [
    '',
    0,
  ];
  return `${label(bin)} (${Math.round((100 * n) / dist.total)}%)`;
}

/** Compares recent posts with a baseline profile. */
export function compareVoice(baseline: BrandVoiceProfile, recent: readonly VoiceExample[]): VoiceDrift {
  const posts = recent.filter((r) => r.text.trim().length > 0);
  const measured = posts.map((p) => ({ id: p.id, platform: p.platform, measured: measure(p.text) }));
  const recentDists = buildDistributions(measured);
  const base = baseline.scoring.features;
  const specs = [...featureBinSpecs, lengthSpec];
  const parts: Array<Omit<DriftContribution, 'share'> & { weight: number }> = [];
  for (const spec of specs) {
    const d = jsd(smoothed(base[spec.name], spec.bins), smoothed(recentDists.features[spec.name], spec.bins));
    parts.push({
      feature: spec.name,
      dimension: spec.dimension,
      distance: d,
      weight: spec.weight,
      baseline: modal(base[spec.name], spec.label),
      recent: modal(recentDists.features[spec.name], spec.label),
    });
  }
  const { model } = compileProfile(baseline);
  const cal = baseline.scoring.calibration;
  let zSum = 0;
  measured.forEach((m, k) => {
    const ev = evidenceFor(model, (posts[k] as VoiceExample).text, m.platform, m.measured);
    zSum += (ev.lexicalPerChar - cal.lexicalMean) / cal.lexicalSd;
  });
  const meanZ = measured.length > 0 ? zSum / measured.length : 0;
  const lexicalDistance = Math.min(1, Math.max(0, -meanZ) / 3);
  parts.push({
    feature: 'wording',
    dimension: 'vocabulary',
    distance: lexicalDistance,
    weight: LEXICAL_WEIGHT,
    baseline: 'the brand’s usual wording',
    recent: meanZ < -1 ? 'wording unlike the examples' : 'similar wording',
  });
  const weightSum = parts.reduce((s, p) => s + p.weight, 0);
  const weighted = parts.reduce((s, p) => s + p.weight * p.distance, 0);
  const distance = posts.length > 0 ? weighted / weightSum : 0;
  const contributions = parts
    .map(({ weight, ...p }) => ({
      ...p,
      distance: Math.round(p.distance * 1000) / 1000,
      share: weighted > 0 ? Math.round(((weight * p.distance) / weighted) * 1000) / 1000 : 0,
    }))
    .sort((a, b) => b.share - a.share || (a.feature < b.feature ? -1 : 1));
  const conclusive = posts.length >= MIN_DRIFT_POSTS;
  const alert = conclusive && distance >= DRIFT_THRESHOLD;
  const top = contributions.filter((c) => c.share >= 0.1).slice(0, 3);
  const summary = !conclusive
    ? `only ${posts.length} recent post${posts.length === 1 ? '' : 's'}; at least ${MIN_DRIFT_POSTS} are needed to judge drift`
    : alert
      ? `recent posts have drifted from the baseline voice (distance ${distance.toFixed(3)} ≥ ${DRIFT_THRESHOLD}); most change in ${top.map((c) => `${c.feature} (${c.baseline} → ${c.recent})`).join('; ')}`
      : `recent posts match the baseline voice (distance ${distance.toFixed(3)} < ${DRIFT_THRESHOLD})`;
  return {
    distance: Math.round(distance * 1000) / 1000,
    threshold: DRIFT_THRESHOLD,
    alert,
    posts: posts.length,
    conclusive,
    lexical: { meanZ: Math.round(meanZ * 100) / 100, distance: Math.round(lexicalDistance * 1000) / 1000 },
    contributions,
    summary,
  };
}
