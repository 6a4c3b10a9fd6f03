/**
 * `scoreVoiceMatch`: how well a draft matches a brand voice, 0–100, with per-dimension sub-scores,
 * the top reasons it is off (in words a person can act on) and the pinned rules it breaks.
 *
 * The score combines two components, both reported: the interpretable features (how typical each
 * of the draft's habits is for the brand) and the learned lexical model (how much the wording reads
 * like the brand's examples). Their combined evidence is standardised against the brand's own
 * examples (out-of-fold, computed at learn time), so 80 means "like a typical post of this brand".
 */
import {
  type CompiledEvidenceModel,
  compileEvidenceModel,
  evidenceFor,
  type FeatureContribution,
} from './model/evidence.js';
import { checkPinnedRules, phrasePattern } from './rules.js';
import {
  type BrandVoiceProfile,
  type PinnedRule,
  type VoiceDimension,
  type VoicePlatform,
  type VoiceReason,
  type VoiceScore,
  voiceDimensions,
} from './types.js';

interface CompiledProfile {
  model: CompiledEvidenceModel;
  neverUsed: Array<{ word: string; pattern: RegExp }>;
}

const compiled = new WeakMap<BrandVoiceProfile, CompiledProfile>();

/** Builds (once per profile object) what scoring needs; later calls reuse it. */
export function compileProfile(profile: BrandVoiceProfile): CompiledProfile {
  const hit = compiled.get(profile);
  if (hit) return hit;
  const s = profile.scoring;
  const entry: CompiledProfile = {
    model: compileEvidenceModel(s.features, s.lengthByPlatform, s.lexical),
    neverUsed: profile.vocabulary.neverUsed.map((word) => ({ word, pattern: phrasePattern(word) })),
  };
  compiled.set(profile, entry);
  return entry;
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26), accurate to ~1e-7: enough for display. */
export function normalCdf(z: number): number {
  const t = 1 / (1 + (0.3275911 * Math.abs(z)) / Math.SQRT2);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-(z * z) / 2);
  return z >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/**
 * Evidence at which the score is 50, and evidence per unit of the logistic's slope. One mapping for
 * every brand, so the highest score across several profiles picks the likeliest author (see
 * docs/voice.md, "How the score works"); chosen so typical posts of small hand-made example sets
 * score about 70–90 and unrelated text well under 50.
 */
export const SCORE_CENTER = 260;
export const SCORE_SCALE = 25;

/** Maps combined evidence to 0–100. */
export function scoreFromEvidence(evidence: number): number {
  return 100 / (1 + Math.exp(-(evidence - SCORE_CENTER) / SCORE_SCALE));
}

/** Share (0..1) of a quantile table (0, 5, …, 100th percentiles) lying below `value`, interpolated. */
export function percentileIn(quantiles: readonly number[], value: number): number {
  const n = quantiles.length;
  if (n < 2) return 0.5;
  if (value <= (quantiles[0] as number)) return 0;
  if (value >= (quantiles[n - 1] as number)) return 1;
  for (let k = 1; k < n; k++) {
    const hi = quantiles[k] as number;
    if (value <= hi) {
      const lo = quantiles[k - 1] as number;
      const frac = hi > lo ? (value - lo) / (hi - lo) : 0.5;
      return (k - 1 + frac) / (n - 1);
    }
  }
  return 1;
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;
/** "only 12%" / "none" of the brand's posts. */
const onlyPct = (v: number): string => (Math.round(v * 100) === 0 ? 'none' : `only ${pct(v)}`);

function usual(c: FeatureContribution, topShare = 0.75): { labels: string[]; share: number } {
  const entries = Object.entries(c.raw.counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const labels: string[] = [];
  let covered = 0;
  for (const [bin, n] of entries) {
    labels.push(c.spec.label(bin));
    covered += n;
    if (covered / Math.max(c.raw.total, 1) >= topShare || labels.length >= 2) break;
  }
  return { labels, share: covered / Math.max(c.raw.total, 1) };
}

const binShare = (c: FeatureContribution, bin: string): number =>
  (c.raw.counts[bin] ?? 0) / Math.max(c.raw.total, 1);

const toneWords: Record<string, [string, string]> = {
  tone_casual: ['more formal', 'more casual'],
  tone_playful: ['more serious', 'more playful'],
  tone_enthusiastic: ['more matter-of-fact', 'more enthusiastic'],
  tone_technical: ['plainer', 'more technical'],
};
const toneOrder = ['low', 'mid', 'high'];

function reasonFor(
  c: FeatureContribution,
  profile: BrandVoiceProfile,
  platform: VoicePlatform,
  byName: Map<string, FeatureContribution>,
): string | undefined {
  const f = c.spec.name;
  const u = usual(c);
  const seen = binShare(c, c.bin);
  switch (f) {
    case 'i': {
      if (c.bin !== '1+') return undefined;
      return profile.person.postsWithWe > profile.person.postsWithI
        ? "uses 'I' where the brand says 'we'"
        : `uses 'I'; ${onlyPct(seen)} of the brand's posts do`;
    }
    case 'we':
      return c.bin === '1+'
        ? `speaks as 'we'; ${onlyPct(seen)} of the brand's posts do`
        : `does not speak as 'we'; ${pct(binShare(c, '1+'))} of the brand's posts do`;
    case 'you':
      return c.bin === '1+'
        ? `addresses the reader as 'you'; ${onlyPct(seen)} of the brand's posts do`
        : `does not address the reader; ${pct(binShare(c, '1+'))} of the brand's posts say 'you'`;
    case 'hashtag_count': {
      const n = byName.get('hashtag_count');
      const placement = byName.get('hashtag_placement');
      const count = n ? n.bin : '0';
      const tags = count === '0' ? 'no hashtags' : `${count} hashtag${count === '1' ? '' : 's'}`;
      const usualCounts = Object.entries(c.raw.counts)
        .filter(([, k]) => k / Math.max(c.raw.total, 1) >= 0.1)
        .map(([b]) => b)
        .sort();
      const range =
        usualCounts.length === 0
          ? '0'
          : usualCounts.length === 1
            ? usualCounts[0]
            : `${usualCounts[0]}-${usualCounts[usualCounts.length - 1]}`;
      const where = placement ? usual(placement).labels[0] : undefined;
      const at =
        where === 'hashtags at the end'
          ? ' at the end'
          : where === 'hashtags inside sentences'
            ? ' inside sentences'
            : '';
      return `${tags}; the brand uses ${range}${range === '0' ? '' : at}`;
    }
    case 'emoji_count': {
      const fav = profile.emoji.favourites
        .slice(0, 3)
        .map((e) => e.value)
        .join(' ');
      return `${c.spec.label(c.bin)}; the brand usually has ${u.labels.join(' or ')}${fav && c.bin === '0' ? ` (favourites ${fav})` : ''}`;
    }
    case 'length': {
      const spreadFor = profile.length.chars[platform] ?? profile.length.chars.all;
      const where = profile.length.chars[platform] ? `${platform === 'x' ? 'X' : platform} posts` : 'posts';
      const chars = byName.get('length')?.bin ?? c.bin;
      const range = spreadFor
        ? `${Math.round(spreadFor.p10)}-${Math.round(spreadFor.p90)} characters`
        : u.labels.join(' or ');
      return `${c.spec.label(chars)}; the brand's ${where} are usually ${range}`;
    }
    case 'tone_casual':
    case 'tone_playful':
    case 'tone_enthusiastic':
    case 'tone_technical': {
      const modal = c.dist.modal;
      const words = toneWords[f] as [string, string];
      const direction = toneOrder.indexOf(c.bin) > toneOrder.indexOf(modal) ? words[1] : words[0];
      return `${direction} than the brand's usual posts (reads as ${c.spec.label(c.bin)})`;
    }
    default:
      return `${c.spec.label(c.bin)}; the brand's posts usually have ${u.labels.join(' or ')} (${pct(u.share)})`;
  }
}

const suppressedBy: Record<string, (rules: readonly PinnedRule[]) => boolean> = {
  emoji_count: (rules) => rules.some((r) => r.kind === 'no_emoji'),
  emoji_position: (rules) => rules.some((r) => r.kind === 'no_emoji'),
  hashtag_count: (rules) => rules.some((r) => r.kind === 'max_hashtags'),
  we: (rules) => rules.some((r) => r.kind === 'person'),
  i: (rules) => rules.some((r) => r.kind === 'person'),
};

/** Reasons are listed when a habit is this much rarer than the brand's usual choice. */
const REASON_TYPICALITY = 0.35;
const MAX_REASONS = 5;

/**
 * Scores `text` against the profile for `platform`. Pinned rules (`rules`, default the profile's own)
 * are checked first; any violation caps the score below 50.
 */
export function scoreVoiceMatch(
  profile: BrandVoiceProfile,
  text: string,
  platform: VoicePlatform = 'other',
  rules: readonly PinnedRule[] = [],
): VoiceScore {
  const { model, neverUsed } = compileProfile(profile);
  const ev = evidenceFor(model, text, platform);
  const cal = profile.scoring.calibration;
  const lexZ = (ev.lexicalPerChar - cal.lexicalMean) / cal.lexicalSd;
  const lexPercentile =
    cal.lexicalQuantiles.length > 1 ? percentileIn(cal.lexicalQuantiles, ev.lexicalPerChar) : normalCdf(lexZ);
  const typicality =
    cal.evidenceQuantiles.length > 1 ? percentileIn(cal.evidenceQuantiles, ev.total) : normalCdf(lexZ);

  // Per-dimension sub-scores: weighted mean typicality of the dimension's features.
  const sums = new Map<VoiceDimension, [number, number]>();
  const byName = new Map<string, FeatureContribution>();
  for (const c of ev.contributions) {
    byName.set(c.spec.name, c);
    const suppressed = suppressedBy[c.spec.name]?.(rules) ?? false;
    const t = suppressed ? 1 : c.typicality;
    const s = sums.get(c.spec.dimension) ?? [0, 0];
    s[0] += c.spec.weight * t;
    s[1] += c.spec.weight;
    sums.set(c.spec.dimension, s);
  }
  const dimensions = {} as Record<VoiceDimension, number>;
  for (const d of voiceDimensions) {
    const s = sums.get(d);
    dimensions[d] = s && s[1] > 0 ? Math.round((100 * s[0]) / s[1]) : 100;
  }
  dimensions.vocabulary = Math.round(100 * Math.min(1, 2 * lexPercentile));

  const reasons: VoiceReason[] = [];
  for (const c of ev.contributions) {
    if (
      c.typicality >= REASON_TYPICALITY ||
      (c.spec.name === 'hashtag_placement' &&
        byName.get('hashtag_count')?.typicality !== undefined &&
        (byName.get('hashtag_count')?.typicality ?? 1) < REASON_TYPICALITY)
    )
      continue;
    if (suppressedBy[c.spec.name]?.(rules)) continue;
    if (c.spec.name === 'emoji_position' && c.bin === 'none') continue;
    const message = reasonFor(c, profile, platform, byName);
    if (!message) continue;
    const weight = c.spec.weight * ((c.dist.logp.get(c.dist.modal) ?? 0) - c.logp);
    reasons.push({ dimension: c.spec.dimension, message, weight: Math.round(weight * 100) / 100 });
  }
  const lowered = text.toLowerCase();
  for (const { word, pattern } of neverUsed) {
    if (lowered.includes(word.split(/[\s-]/)[0] ?? word) && pattern.test(text))
      reasons.push({
        dimension: 'vocabulary',
        message: `uses "${word}", a word the brand never uses`,
        weight: 2,
      });
  }
  if (lexPercentile < 0.05) {
    reasons.push({
      dimension: 'vocabulary',
      message: `wording reads less like the brand than ${pct(1 - lexPercentile)} of its own posts do; reuse its usual words and phrases`,
      weight: Math.round(Math.max(1, -lexZ) * 100) / 100,
    });
  }
  reasons.sort((a, b) => b.weight - a.weight || (a.message < b.message ? -1 : 1));

  const violations = checkPinnedRules(text, rules);
  let score = scoreFromEvidence(ev.total);
  if (violations.length > 0) score = Math.max(0, Math.min(score, 49) - 10 * (violations.length - 1));
  return {
    score: Math.round(score * 10) / 10,
    dimensions,
    reasons: reasons.slice(0, MAX_REASONS),
    violations,
    components: {
      features: Math.round(ev.features * 100) / 100,
      lexical: {
        perChar: Math.round(ev.lexicalPerChar * 1000) / 1000,
        percentile: Math.round(lexPercentile * 100),
      },
      evidence: Math.round(ev.total * 100) / 100,
      typicality: Math.round(typicality * 100),
    },
    platform,
  };
}

/** The raw combined evidence, for attribution across several profiles (higher = more like this brand). */
export function voiceEvidence(
  profile: BrandVoiceProfile,
  text: string,
  platform: VoicePlatform = 'other',
): number {
  const { model } = compileProfile(profile);
  return evidenceFor(model, text, platform).total;
}
