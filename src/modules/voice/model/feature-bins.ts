/**
 * The scoring features: each turns a post's measurements into one bin of a small categorical
 * distribution. Learning counts bins over the examples; scoring looks up the draft's bin. Small,
 * named bins keep every comparison explainable ("3+ hashtags; the brand uses 0–1").
 */

import type { PostFeatures, ToneValues } from '../text/features.js';
import type { VoiceDimension } from '../types.js';

export interface MeasuredPost {
  features: PostFeatures;
  tone: ToneValues;
}

export interface FeatureBinSpec {
  name: string;
  dimension: VoiceDimension;
  bins: readonly string[];
  /** Relative weight in the combined evidence. */
  weight: number;
  bin(post: MeasuredPost): string;
  /** Phrase for a bin, used in reasons ("3+ hashtags"). */
  label(bin: string): string;
}

const count = (n: number, top: number): string => (n >= top ? `${top}+` : String(n));

export const lengthBins = [
  '<40',
  '40-79',
  '80-139',
  '140-219',
  '220-349',
  '350-599',
  '600-999',
  '1000+',
] as const;

export function lengthBin(chars: number): string {
  if (chars < 40) return '<40';
  if (chars < 80) return '40-79';
  if (chars < 140) return '80-139';
  if (chars < 220) return '140-219';
  if (chars < 350) return '220-349';
  if (chars < 600) return '350-599';
  if (chars < 1000) return '600-999';
  return '1000+';
}

const toneBin = (v: number): string => (v < 0.4 ? 'low' : v > 0.6 ? 'high' : 'mid');

export const featureBinSpecs: readonly FeatureBinSpec[] = [
  {
    name: 'sentence_length',
    dimension: 'sentences',
    bins: ['none', '1-5', '6-10', '11-15', '16-22', '23+'],
    weight: 1,
    bin: ({ features: f }) => {
      if (f.sentenceCount === 0) return 'none';
      const m = f.wordCount / f.sentenceCount;
      return m <= 5 ? '1-5' : m <= 10 ? '6-10' : m <= 15 ? '11-15' : m <= 22 ? '16-22' : '23+';
    },
    label: (b) => (b === 'none' ? 'no full sentence' : `sentences of ${b} words`),
  },
  {
    name: 'we',
    dimension: 'person',
    bins: ['0', '1+'],
    weight: 1,
    bin: ({ features: f }) => (f.we > 0 ? '1+' : '0'),
    label: (b) => (b === '0' ? "no 'we'" : "'we'"),
  },
  {
    name: 'i',
    dimension: 'person',
    bins: ['0', '1+'],
    weight: 1,
    bin: ({ features: f }) => (f.i > 0 ? '1+' : '0'),
    label: (b) => (b === '0' ? "no 'I'" : "'I'"),
  },
  {
    name: 'you',
    dimension: 'person',
    bins: ['0', '1+'],
    weight: 1,
    bin: ({ features: f }) => (f.you > 0 ? '1+' : '0'),
    label: (b) => (b === '0' ? "no 'you'" : "'you'"),
  },
  {
    name: 'emoji_count',
    dimension: 'emoji',
    bins: ['0', '1', '2', '3+'],
    weight: 1,
    bin: ({ features: f }) => count(f.emojiCount, 3),
    label: (b) => (b === '0' ? 'no emoji' : b === '1' ? '1 emoji' : `${b} emoji`),
  },
  {
    name: 'emoji_position',
    dimension: 'emoji',
    bins: ['none', 'start', 'end', 'inline'],
    weight: 0.5,
    bin: ({ features: f }) => f.emojiPosition,
    label: (b) => (b === 'none' ? 'no emoji' : `emoji ${b === 'inline' ? 'inside the text' : `at the ${b}`}`),
  },
  {
    name: 'hashtag_count',
    dimension: 'hashtags',
    bins: ['0', '1', '2', '3+'],
    weight: 1,
    bin: ({ features: f }) => count(f.hashtagCount, 3),
    label: (b) => (b === '0' ? 'no hashtags' : b === '1' ? '1 hashtag' : `${b} hashtags`),
  },
  {
    name: 'hashtag_placement',
    dimension: 'hashtags',
    bins: ['none', 'end', 'inline', 'mixed'],
    weight: 0.5,
    bin: ({ features: f }) => {
      if (f.hashtagCount === 0) return 'none';
      if (f.trailingHashtags === f.hashtagCount) return 'end';
      if (f.trailingHashtags === 0) return 'inline';
      return 'mixed';
    },
    label: (b) =>
      b === 'none'
        ? 'no hashtags'
        : b === 'end'
          ? 'hashtags at the end'
          : b === 'inline'
            ? 'hashtags inside sentences'
            : 'hashtags both inside and at the end',
  },
  {
    name: 'hashtag_casing',
    dimension: 'hashtags',
    bins: ['none', 'lower', 'camel', 'upper', 'mixed'],
    weight: 0.5,
    bin: ({ features: f }) => {
      const kinds = new Set(f.hashtagCasing.map((c) => (c === 'other' ? 'camel' : c)));
      if (kinds.size === 0) return 'none';
      if (kinds.size > 1) return 'mixed';
      return [...kinds][0] as string;
    },
    label: (b) =>
      b === 'none'
        ? 'no hashtags'
        : b === 'mixed'
          ? 'mixed hashtag casing'
          : `${b === 'camel' ? 'CamelCase' : b === 'upper' ? 'UPPER-CASE' : 'lower-case'} hashtags`,
  },
  {
    name: 'exclamation',
    dimension: 'punctuation',
    bins: ['0', '1', '2+'],
    weight: 1,
    bin: ({ features: f }) => count(f.exclamations, 2),
    label: (b) =>
      b === '0' ? 'no exclamation marks' : b === '1' ? '1 exclamation mark' : '2+ exclamation marks',
  },
  {
    name: 'question',
    dimension: 'punctuation',
    bins: ['0', '1+'],
    weight: 0.7,
    bin: ({ features: f }) => count(f.questions, 1),
    label: (b) => (b === '0' ? 'no question' : 'a question'),
  },
  {
    name: 'ellipsis',
    dimension: 'punctuation',
    bins: ['0', '1+'],
    weight: 0.5,
    bin: ({ features: f }) => count(f.ellipses, 1),
    label: (b) => (b === '0' ? 'no ellipsis' : 'an ellipsis (…)'),
  },
  {
    name: 'dash',
    dimension: 'punctuation',
    bins: ['0', '1+'],
    weight: 0.5,
    bin: ({ features: f }) => count(f.emDashes, 1),
    label: (b) => (b === '0' ? 'no dash' : 'a dash (—)'),
  },
  {
    name: 'all_caps',
    dimension: 'punctuation',
    bins: ['0', '1+'],
    weight: 0.7,
    bin: ({ features: f }) => count(f.allCapsWords, 1),
    label: (b) => (b === '0' ? 'no ALL-CAPS words' : 'ALL-CAPS words'),
  },
  {
    name: 'lowercase_start',
    dimension: 'capitalisation',
    bins: ['none', 'capital', 'lower', 'mixed'],
    weight: 1,
    bin: ({ features: f }) => {
      if (f.sentenceCount === 0) return 'none';
      if (f.lowercaseStarts === 0) return 'capital';
      return f.lowercaseStarts === f.sentenceCount ? 'lower' : 'mixed';
    },
    label: (b) =>
      b === 'lower'
        ? 'sentences starting in lower case'
        : b === 'capital'
          ? 'sentences starting with a capital'
          : b === 'mixed'
            ? 'some sentences starting in lower case'
            : 'no full sentence',
  },
  {
    name: 'contractions',
    dimension: 'tone',
    bins: ['short', '0', '1+'],
    weight: 0.7,
    bin: ({ features: f }) => (f.wordCount < 6 ? 'short' : f.contractions > 0 ? '1+' : '0'),
    label: (b) =>
      b === '0'
        ? "no contractions (writes 'we are', not 'we're')"
        : b === '1+'
          ? "contractions ('we're', 'don't')"
          : 'a very short text',
  },
  {
    name: 'links',
    dimension: 'links',
    bins: ['0', '1', '2+'],
    weight: 0.8,
    bin: ({ features: f }) => count(f.links, 2),
    label: (b) => (b === '0' ? 'no link' : b === '1' ? 'a link' : '2+ links'),
  },
  {
    name: 'mentions',
    dimension: 'links',
    bins: ['0', '1+'],
    weight: 0.5,
    bin: ({ features: f }) => count(f.mentions, 1),
    label: (b) => (b === '0' ? 'no @mentions' : '@mentions'),
  },
  {
    name: 'reply',
    dimension: 'links',
    bins: ['no', 'yes'],
    weight: 1,
    bin: ({ features: f }) => (f.tokens.leadingMentions > 0 ? 'yes' : 'no'),
    label: (b) => (b === 'yes' ? 'opens with an @mention (a reply)' : 'no opening @mention'),
  },
  {
    name: 'line_breaks',
    dimension: 'sentences',
    bins: ['0', '1-2', '3+'],
    weight: 0.5,
    bin: ({ features: f }) => (f.lineBreaks === 0 ? '0' : f.lineBreaks <= 2 ? '1-2' : '3+'),
    label: (b) => (b === '0' ? 'no line breaks' : `${b} line breaks`),
  },
  {
    name: 'cta',
    dimension: 'tone',
    bins: ['no', 'yes'],
    weight: 0.5,
    bin: ({ features: f }) => (f.ctas.length > 0 ? 'yes' : 'no'),
    label: (b) => (b === 'yes' ? 'a call to action' : 'no call to action'),
  },
  {
    name: 'tone_casual',
    dimension: 'tone',
    bins: ['low', 'mid', 'high'],
    weight: 0.7,
    bin: ({ tone }) => toneBin(tone.casual),
    label: (b) =>
      b === 'low' ? 'a formal register' : b === 'high' ? 'a casual register' : 'a neutral register',
  },
  {
    name: 'tone_playful',
    dimension: 'tone',
    bins: ['low', 'mid', 'high'],
    weight: 0.7,
    bin: ({ tone }) => toneBin(tone.playful),
    label: (b) => (b === 'low' ? 'a serious tone' : b === 'high' ? 'a playful tone' : 'a neutral tone'),
  },
  {
    name: 'tone_enthusiastic',
    dimension: 'tone',
    bins: ['low', 'mid', 'high'],
    weight: 0.7,
    bin: ({ tone }) => toneBin(tone.enthusiastic),
    label: (b) =>
      b === 'low' ? 'a matter-of-fact tone' : b === 'high' ? 'an enthusiastic tone' : 'a moderate tone',
  },
  {
    name: 'tone_technical',
    dimension: 'tone',
    bins: ['low', 'mid', 'high'],
    weight: 0.7,
    bin: ({ tone }) => toneBin(tone.technical),
    label: (b) =>
      b === 'low' ? 'plain wording' : b === 'high' ? 'technical wording' : 'moderately technical wording',
  },
];

export const lengthSpec = {
  name: 'length',
  dimension: 'length' as const,
  bins: lengthBins,
  weight: 1,
  label: (b: string) =>
    b === '<40' ? 'under 40 characters' : b === '1000+' ? 'over 1000 characters' : `${b} characters`,
};
