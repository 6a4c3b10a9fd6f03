import { z } from 'zod';
import type { CharModelData } from './lexical/char-model.js';

export const voicePlatforms = ['linkedin', 'x', 'facebook', 'instagram', 'other'] as const;
export const VoicePlatform = z.enum(voicePlatforms);
export type VoicePlatform = z.infer<typeof VoicePlatform>;

/** Accepts common spellings ("Twitter", "LI", "fb", "IG") and maps them to a platform id. */
export function normalisePlatform(value: string | null | undefined): VoicePlatform | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (v === '') return undefined;
  if (['x', 'twitter', 'tweet', 'tw'].includes(v)) return 'x';
  if (['linkedin', 'li', 'linked in'].includes(v)) return 'linkedin';
  if (['facebook', 'fb', 'meta'].includes(v)) return 'facebook';
  if (['instagram', 'ig', 'insta'].includes(v)) return 'instagram';
  return 'other';
}

/** One example of the brand's writing: a published post, or a passage of website copy. */
export interface VoiceExample {
  /** Stable id used as evidence (given, or `ex1`, `ex2`… in input order). */
  id: string;
  text: string;
  source: 'post' | 'website';
  platform?: VoicePlatform;
  /** Any engagement measure (likes, reactions, clicks); higher = better. Optional. */
  engagement?: number;
  publishedAt?: string;
}

/** Example ids that show a profile item. */
export type Evidence = string[];

export interface Spread {
  p10: number;
  p50: number;
  p90: number;
  mean: number;
}

export interface ToneDimension {
  /** 0..100: 0 = formal / serious / reserved / plain, 100 = casual / playful / enthusiastic / technical. */
  score: number;
  label: string;
  /** Examples that pull most towards the high end and the low end. */
  evidence: { high: Evidence; low: Evidence };
}

export interface ToneProfile {
  formalCasual: ToneDimension;
  seriousPlayful: ToneDimension;
  reservedEnthusiastic: ToneDimension;
  plainTechnical: ToneDimension;
}

export interface CountedItem {
  value: string;
  count: number;
  evidence: Evidence;
}

export interface DistinctiveWord {
  word: string;
  count: number;
  /** How many times more often the brand uses it than general English (per word). */
  lift: number;
  evidence: Evidence;
}

/** A categorical distribution of one scoring feature, smoothed when scored. */
export interface FeatureDistribution {
  /** Examples per bin. */
  counts: Record<string, number>;
  total: number;
  /** Up to three example ids per bin. */
  evidence: Record<string, Evidence>;
}

export interface BrandVoiceProfile {
  format: 'dify-agent.voice-profile';
  version: 1;
  engine: 'statistical-v1';
  learnedAt: string;
  language: 'en';
  examples: {
    total: number;
    posts: number;
    website: number;
    byPlatform: Partial<Record<VoicePlatform, number>>;
    withEngagement: number;
  };
  tone: ToneProfile;
  person: {
    /** Occurrences per 100 words. */
    weRate: number;
    iRate: number;
    youRate: number;
    /** Share of posts using each. */
    postsWithWe: number;
    postsWithI: number;
    postsWithYou: number;
    dominant: 'we' | 'i' | 'impersonal';
    addressesReader: boolean;
    evidence: { we: Evidence; i: Evidence; you: Evidence };
  };
  length: {
    /** Characters without links, per platform that has examples, and `all`. */
    chars: Record<string, Spread & { posts: number }>;
    words: Spread;
  };
  sentences: { wordsPerSentence: Spread; sentencesPerPost: Spread; longSentenceShare: number };
  readingLevel: {
    fleschReadingEase: number;
    fleschKincaidGrade: number;
    complexWordShare: number;
    /** How the text was prepared before measuring (readability formulas are noisy on short posts). */
    note: string;
  };
  emoji: {
    perPost: number;
    postsWithEmoji: number;
    favourites: CountedItem[];
    position: { start: number; end: number; inline: number };
  };
  hashtags: {
    perPost: number;
    /** Share of posts with 0, 1, 2, 3+ hashtags. */
    countShare: { '0': number; '1': number; '2': number; '3+': number };
    /** Of all hashtags, the share placed at the end of the post. */
    atEndShare: number;
    casing: { lower: number; camel: number; upper: number; other: number };
    recurring: CountedItem[];
  };
  punctuation: {
    /** Share of posts containing each mark, and marks per post. */
    exclamation: { postsWith: number; perPost: number; evidence: Evidence };
    question: { postsWith: number; perPost: number; evidence: Evidence };
    ellipsis: { postsWith: number; perPost: number; evidence: Evidence };
    emDash: { postsWith: number; perPost: number; evidence: Evidence };
    allCapsWords: { postsWith: number; perPost: number; evidence: Evidence };
  };
  capitalisation: {
    /** Share of sentences opening in lower case. */
    lowercaseSentenceStarts: number;
    /** Share of posts with no capital letter at all. */
    allLowercasePosts: number;
    /** Share of posts written In Title Case (most words of three or more letters capitalised). */
    titleCasePosts?: number;
    contractionsPer100Words: number;
  };
  vocabulary: {
    signaturePhrases: CountedItem[];
    distinctiveWords: DistinctiveWord[];
    /** Common marketing words the brand never used in its examples. */
    neverUsed: string[];
    /** Broad topics with no example touching them (from a fixed topic list). */
    topicsNeverUsed: string[];
    topics: CountedItem[];
  };
  cta: {
    postsWithCta: number;
    patterns: CountedItem[];
    /** Whole sentences from the examples carrying the most used calls to action (value = the sentence). */
    sentences?: CountedItem[];
  };
  links: { postsWithLink: number; perPost: number; atEndShare: number; evidence: Evidence };
  mentions: { postsWithMention: number; repliesShare: number };
  lineBreaks: { perPost: number };
  /** What the scorer needs, computed at learn time. */
  scoring: ScoringModel;
}

/** Everything the scorer reads: per-feature distributions, the lexical model and calibration. */
export interface ScoringModel {
  features: Record<string, FeatureDistribution>;
  /** Length-bin distributions per platform (only platforms with enough examples). */
  lengthByPlatform: Record<string, FeatureDistribution>;
  lexical: CharModelData;
  /** Lowercased words the brand uses, with counts (for "never uses" checks on drafts). */
  vocabulary: Array<[string, number]>;
  calibration: {
    /** Out-of-fold per-character log-likelihood of the brand's own examples. */
    lexicalMean: number;
    lexicalSd: number;
    /** Out-of-fold lexical per-character values at the 0, 5, …, 100th percentiles. */
    lexicalQuantiles: number[];
    /** Out-of-fold combined evidence at the 0, 5, …, 100th percentiles ("typicality"). */
    evidenceQuantiles: number[];
    folds: number;
  };
}

export const PinnedRuleInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('banned_phrase'), phrase: z.string().trim().min(1).max(200) }),
  z.object({ kind: z.literal('required_phrase'), phrase: z.string().trim().min(1).max(200) }),
  z.object({ kind: z.literal('sign_off'), text: z.string().trim().min(1).max(200) }),
  z.object({
    kind: z.literal('preferred_spelling'),
    preferred: z.string().trim().min(1).max(100),
    avoid: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
  }),
  z.object({ kind: z.literal('banned_emoji'), emoji: z.string().trim().min(1).max(32) }),
  z.object({ kind: z.literal('no_emoji') }),
  z.object({ kind: z.literal('max_hashtags'), max: z.number().int().min(0).max(30) }),
  z.object({ kind: z.literal('person'), person: z.enum(['we', 'i']) }),
  z.object({ kind: z.literal('note'), text: z.string().trim().min(1).max(500) }),
]);
export type PinnedRuleInput = z.infer<typeof PinnedRuleInput>;

export type PinnedRule = PinnedRuleInput & { id: string; createdAt: string };

export const voiceDimensions = [
  'tone',
  'person',
  'length',
  'sentences',
  'emoji',
  'hashtags',
  'punctuation',
  'capitalisation',
  'links',
  'vocabulary',
] as const;
export type VoiceDimension = (typeof voiceDimensions)[number];

export interface RuleViolation {
  ruleId: string;
  kind: PinnedRule['kind'];
  message: string;
}

export interface VoiceReason {
  dimension: VoiceDimension;
  message: string;
  /** How much this cost the score, in evidence units (higher = further off). */
  weight: number;
}

export interface VoiceScore {
  score: number;
  dimensions: Record<VoiceDimension, number>;
  reasons: VoiceReason[];
  violations: RuleViolation[];
  /** What each component says: the interpretable features and the learned lexical model. */
  components: {
    /** Feature evidence: Σ weight × log(P(bin | brand) / P(bin | uniform)); > 0 = the brand's habits. */
    features: number;
    /** Lexical model: per-character log-likelihood, and its percentile among the brand's own examples. */
    lexical: { perChar: number; percentile: number };
    /** Combined evidence the score is a fixed function of (same scale for every brand). */
    evidence: number;
    /** Share (0–100) of the brand's own examples (out-of-fold) with lower combined evidence. */
    typicality: number;
  };
  platform: VoicePlatform;
}
