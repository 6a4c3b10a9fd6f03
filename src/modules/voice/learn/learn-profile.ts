/**
 * Learns a brand voice profile from example posts and website copy. Pure and deterministic: the
 * same examples give the same profile (only `learnedAt` changes), with no network and no model.
 */
import { AppError } from '../../../core/errors.js';
import { pruneCharModel, trainCharModel } from '../lexical/char-model.js';
import { compileEvidenceModel, evidenceFor, measure } from '../model/evidence.js';
import type { MeasuredPost } from '../model/feature-bins.js';
import { fleschKincaidGrade, fleschReadingEase, type ToneValues } from '../text/features.js';
import type {
  BrandVoiceProfile,
  CountedItem,
  Evidence,
  ScoringModel,
  Spread,
  ToneDimension,
  VoiceExample,
  VoicePlatform,
} from '../types.js';
import { buildDistributions, type MeasuredExample } from './distributions.js';
import {
  distinctiveWords,
  neverUsedWords,
  signaturePhrases,
  topicUsage,
  type WordedExample,
} from './lexicon.js';

export interface LearnOptions {
  /** ISO time recorded as `learnedAt` (default: now). */
  now?: string;
  /** Cap on stored character n-grams (default 300,000), so large example sets stay a sensible size. */
  maxLexicalGrams?: number;
  /** Cross-validation folds for calibration (default 5). */
  folds?: number;
}

export const MIN_EXAMPLES = 3;

interface Measured {
  example: VoiceExample;
  m: MeasuredPost;
}

/** The per-example counts that a profile sums over all examples. */
type CountFeature =
  | 'wordCount'
  | 'we'
  | 'i'
  | 'you'
  | 'contractions'
  | 'syllables'
  | 'complexWords'
  | 'sentenceCount'
  | 'lowercaseStarts';

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

const round = (v: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.length ? sorted.reduce((s, v) => s + v, 0) / sorted.length : 0;
  return {
    p10: round(quantile(sorted, 0.1), 1),
    p50: round(quantile(sorted, 0.5), 1),
    p90: round(quantile(sorted, 0.9), 1),
    mean: round(mean, 1),
  };
}

const share = (n: number, total: number): number => (total > 0 ? round(n / total, 3) : 0);

function topIds(items: readonly Measured[], key: (m: Measured) => number, n = 3): Evidence {
  return [...items]
    .filter((x) => key(x) > 0)
    .sort((a, b) => key(b) - key(a) || (a.example.id < b.example.id ? -1 : 1))
    .slice(0, n)
    .map((x) => x.example.id);
}

const toneLabels: Record<keyof ToneValues, [string, string, string]> = {
  casual: ['formal', 'neutral', 'casual'],
  playful: ['serious', 'balanced', 'playful'],
  enthusiastic: ['reserved', 'moderate', 'enthusiastic'],
  technical: ['plain', 'moderately technical', 'technical'],
};

function toneDimension(items: readonly Measured[], key: keyof ToneValues): ToneDimension {
  const values = items.map((x) => x.m.tone[key]);
  const mean = values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0.5;
  const score = Math.round(mean * 100);
  const [low, mid, high] = toneLabels[key];
  const label = score < 40 ? low : score > 60 ? high : mid;
  const sorted = items.map((x) => ({ id: x.example.id, v: x.m.tone[key] }));
  const high3 = [...sorted]
    .filter((x) => x.v > 0.55)
    .sort((a, b) => b.v - a.v || (a.id < b.id ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.id);
  const low3 = [...sorted]
    .filter((x) => x.v < 0.45)
    .sort((a, b) => a.v - b.v || (a.id < b.id ? -1 : 1))
    .slice(0, 3)
    .map((x) => x.id);
  return { score, label, evidence: { high: high3, low: low3 } };
}

/**
 * The plain ↔ technical dimension of a brand, from the words that make copy technical (units,
 * measurements, product codes, acronyms with numbers, technical vocabulary) per 100 words. Long words
 * alone do not make a voice technical: a brunch menu's "hollandaise" and "sourdough" are plain
 * words to its readers. Per-post tone values (which the scorer uses) are unchanged; the evidence
 * lists still come from them.
 */
function technicality(items: readonly Measured[]): ToneDimension {
  const perPost = toneDimension(items, 'technical');
  const words = items.reduce((s, x) => s + x.m.features.wordCount, 0);
  const markers = items.reduce((s, x) => s + x.m.features.markers.technical, 0);
  const per100 = (100 * markers) / Math.max(words, 1);
  // 0 markers → 0; 1 per 100 words → 33; 2 → 55; 4 → 80 (1 − e^(−rate/2.5)).
  const score = Math.round(100 * (1 - Math.exp(-per100 / 2.5)));
  const [low, mid, high] = toneLabels.technical;
  return { ...perPost, score, label: score < 40 ? low : score > 60 ? high : mid };
}

/** Most words of three or more letters start with a capital, and the post is not shouting in capitals. */
function isTitleCase(words: readonly string[]): boolean {
  const long = words.filter((w) => w.length >= 3 && /^\p{L}/u.test(w));
  if (long.length < 3) return false;
  const capital = long.filter((w) => /^\p{Lu}/u.test(w) && !/^\p{Lu}+$/u.test(w)).length;
  return capital / long.length >= 0.8;
}

/**
 * For the most used calls to action, the shortest whole sentence of the examples that carries each:
 * writers are shown a sentence to imitate, never the few words the CTA was recognised by.
 */
function ctaSentences(items: readonly Measured[], top: readonly CountedItem[]): CountedItem[] {
  const out: CountedItem[] = [];
  for (const pattern of top) {
    const phrase = (pattern.value.split(': ')[1] ?? '').toLowerCase();
    if (!phrase) continue;
    let best: { sentence: string; id: string } | undefined;
    for (const x of items) {
      for (const sentence of x.m.features.tokens.sentences) {
        const clean = sentence.replace(/\s+/g, ' ').trim();
        if (!clean.toLowerCase().includes(phrase) || !/[.!?…]$/u.test(clean)) continue;
        if (clean.split(' ').length < 3) continue;
        if (!best || clean.length < best.sentence.length) best = { sentence: clean, id: x.example.id };
      }
    }
    if (best && !out.some((o) => o.value === best.sentence))
      out.push({ value: best.sentence, count: pattern.count, evidence: [best.id] });
  }
  return out;
}

function counted(map: Map<string, Set<string>>, limit: number): CountedItem[] {
  return [...map.entries()]
    .map(([value, ids]) => ({ value, count: ids.size, evidence: [...ids].slice(0, 5) }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .slice(0, limit);
}

function addTo(map: Map<string, Set<string>>, key: string, id: string): void {
  let s = map.get(key);
  if (!s) {
    s = new Set();
    map.set(key, s);
  }
  s.add(id);
}

function assignFolds(n: number, folds: number): number[] {
  // Interleaved assignment keeps each fold spread over the whole (often chronological) example list.
  return Array.from({ length: n }, (_, i) => i % folds);
}

/**
 * Out-of-fold calibration: for each fold, a model learned from the other folds scores the fold's
 * posts. The spread of those scores is what "a typical post of this brand" looks like to the scorer.
 */
function calibrate(
  posts: readonly Measured[],
  allTexts: readonly { id: string; text: string }[],
  foldsWanted: number,
  maxGrams: number,
): ScoringModel['calibration'] {
  const folds = Math.min(foldsWanted, posts.length);
  if (folds < 2) {
    return { lexicalMean: -2.5, lexicalSd: 0.5, lexicalQuantiles: [], evidenceQuantiles: [], folds: 0 };
  }
  const assignment = assignFolds(posts.length, folds);
  const postIds = new Set(posts.map((p) => p.example.id));
  const websiteTexts = allTexts.filter((t) => !postIds.has(t.id)).map((t) => t.text);
  const lexical: number[] = [];
  const evidence: number[] = [];
  for (let f = 0; f < folds; f++) {
    const train = posts.filter((_, i) => assignment[i] !== f);
    const held = posts.filter((_, i) => assignment[i] === f);
    const dists = buildDistributions(train.map(toMeasuredExample));
    const char = pruneCharModel(
      trainCharModel([...train.map((p) => p.example.text), ...websiteTexts]),
      maxGrams,
    );
    const model = compileEvidenceModel(dists.features, dists.lengthByPlatform, char);
    for (const p of held) {
      const ev = evidenceFor(model, p.example.text, p.example.platform, p.m);
      lexical.push(ev.lexicalPerChar);
      evidence.push(ev.total);
    }
  }
  const sd = (xs: number[], mean: number) =>
    Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(xs.length - 1, 1));
  const lexicalMean = lexical.reduce((s, v) => s + v, 0) / lexical.length;
  const quantiles = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return Array.from({ length: 21 }, (_, k) => round(quantile(sorted, k / 20), 4));
  };
  return {
    lexicalMean: round(lexicalMean, 4),
    lexicalSd: round(Math.max(sd(lexical, lexicalMean), 0.05), 4),
    lexicalQuantiles: quantiles(lexical),
    evidenceQuantiles: quantiles(evidence),
    folds,
  };
}

function toMeasuredExample(x: Measured): MeasuredExample {
  return { id: x.example.id, platform: x.example.platform, measured: x.m };
}

/** Learns the profile. Throws `voice.too_few_examples` below MIN_EXAMPLES usable texts. */
export function learnVoiceProfile(
  examples: readonly VoiceExample[],
  options: LearnOptions = {},
): BrandVoiceProfile {
  const usable = examples.filter((e) => e.text.trim().length > 0);
  if (usable.length < MIN_EXAMPLES) {
    throw new AppError(
      'voice.too_few_examples',
      400,
      `a voice profile needs at least ${MIN_EXAMPLES} non-empty examples; got ${usable.length}. Add more example posts or website copy.`,
      { examples: usable.length, minimum: MIN_EXAMPLES },
    );
  }
  const maxGrams = options.maxLexicalGrams ?? 300_000;
  const measured: Measured[] = usable.map((example) => ({ example, m: measure(example.text) }));
  const postItems = measured.filter((x) => x.example.source === 'post');
  // Habits of posts (hashtags, length, emoji) come from posts; with no posts, website copy stands in.
  const posts = postItems.length > 0 ? postItems : measured;
  const n = posts.length;

  const byPlatform: Partial<Record<VoicePlatform, number>> = {};
  for (const x of postItems)
    if (x.example.platform) byPlatform[x.example.platform] = (byPlatform[x.example.platform] ?? 0) + 1;

  /** A count feature summed over every example. */
  const total = (feature: CountFeature) => measured.reduce((sum, x) => sum + x.m.features[feature], 0);

  // Person and address.
  const words = total('wordCount');
  const we = total('we');
  const i = total('i');
  const you = total('you');
  const contractions = total('contractions');
  const per100 = (v: number) => (words > 0 ? round((100 * v) / words, 2) : 0);
  const weRate = per100(we);
  const iRate = per100(i);
  const youRate = per100(you);

  // Lengths.
  const charsByPlatform: Record<string, number[]> = { all: posts.map((x) => x.m.features.chars) };
  for (const x of posts) {
    const p = x.example.platform;
    if (!p) continue;
    const list = charsByPlatform[p] ?? [];
    list.push(x.m.features.chars);
    charsByPlatform[p] = list;
  }
  const lengthChars: BrandVoiceProfile['length']['chars'] = {};
  for (const [p, values] of Object.entries(charsByPlatform))
    lengthChars[p] = { ...spread(values), posts: values.length };

  const sentenceLengths = measured.flatMap((x) => x.m.features.sentenceWords);
  const syllables = total('syllables');
  const complex = total('complexWords');
  const sentences = total('sentenceCount');
  const lowerStarts = total('lowercaseStarts');

  // Emoji.
  const emojiUse = new Map<string, Set<string>>();
  const emojiPos = { start: 0, end: 0, inline: 0 };
  let emojiTotal = 0;
  for (const x of posts) {
    for (const e of x.m.features.tokens.emoji) addTo(emojiUse, e, x.example.id);
    emojiTotal += x.m.features.emojiCount;
    if (x.m.features.emojiPosition !== 'none') emojiPos[x.m.features.emojiPosition]++;
  }
  const withEmoji = posts.filter((x) => x.m.features.emojiCount > 0).length;

  // Hashtags.
  const tagUse = new Map<string, Set<string>>();
  const casing = { lower: 0, camel: 0, upper: 0, other: 0 };
  let tags = 0;
  let trailing = 0;
  const countShare = { '0': 0, '1': 0, '2': 0, '3+': 0 };
  for (const x of posts) {
    const f = x.m.features;
    tags += f.hashtagCount;
    trailing += f.trailingHashtags;
    for (const h of f.tokens.hashtags) addTo(tagUse, `#${h.tag}`, x.example.id);
    for (const c of f.hashtagCasing) casing[c]++;
    const key = f.hashtagCount >= 3 ? '3+' : (String(f.hashtagCount) as '0' | '1' | '2');
    countShare[key]++;
  }
  // Recurring tags are matched case-insensitively but shown in the brand's most used spelling.
  const tagGroups = new Map<string, Map<string, Set<string>>>();
  for (const [tag, ids] of tagUse) {
    const k = tag.toLowerCase();
    const g = tagGroups.get(k) ?? new Map<string, Set<string>>();
    g.set(tag, ids);
    tagGroups.set(k, g);
  }
  const recurring: CountedItem[] = [...tagGroups.values()]
    .map((g) => {
      const spellings = [...g.entries()].sort((a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1));
      const ids = new Set<string>();
      for (const [, s] of spellings) for (const id of s) ids.add(id);
      return { value: spellings[0]?.[0] ?? '', count: ids.size, evidence: [...ids].slice(0, 5) };
    })
    .filter((t) => t.count >= 2)
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
    .slice(0, 15);

  const mark = (key: 'exclamations' | 'questions' | 'ellipses' | 'emDashes' | 'allCapsWords') => {
    const total = posts.reduce((s, x) => s + x.m.features[key], 0);
    const postsWith = posts.filter((x) => x.m.features[key] > 0).length;
    return {
      postsWith: share(postsWith, n),
      perPost: round(total / Math.max(n, 1), 2),
      evidence: topIds(posts, (x) => x.m.features[key]),
    };
  };

  // CTAs.
  const ctaUse = new Map<string, Set<string>>();
  for (const x of posts)
    for (const c of x.m.features.ctas) addTo(ctaUse, `${c.kind}: ${c.phrase}`, x.example.id);
  const ctaKinds = new Map<string, Set<string>>();
  for (const [key, ids] of ctaUse) for (const id of ids) addTo(ctaKinds, key, id);

  // Links.
  const withLinks = posts.filter((x) => x.m.features.links > 0);

  const worded: WordedExample[] = measured.map((x) => ({
    id: x.example.id,
    lower: x.m.features.lower,
    text: x.example.text,
  }));
  const topics = topicUsage(worded);

  // Scoring model.
  const dists = buildDistributions(posts.map(toMeasuredExample));
  const lexical = pruneCharModel(trainCharModel(measured.map((x) => x.example.text)), maxGrams);
  const vocabulary = new Map<string, number>();
  for (const x of measured)
    for (const w of x.m.features.lower) vocabulary.set(w, (vocabulary.get(w) ?? 0) + 1);
  const calibration = calibrate(
    posts,
    measured.map((x) => ({ id: x.example.id, text: x.example.text })),
    options.folds ?? 5,
    maxGrams,
  );

  return {
    format: 'dify-agent.voice-profile',
    version: 1,
    engine: 'statistical-v1',
    learnedAt: options.now ?? new Date().toISOString(),
    language: 'en',
    examples: {
      total: measured.length,
      posts: postItems.length,
      website: measured.length - postItems.length,
      byPlatform,
      withEngagement: usable.filter((e) => e.engagement !== undefined).length,
    },
    tone: {
      formalCasual: toneDimension(measured, 'casual'),
      seriousPlayful: toneDimension(measured, 'playful'),
      reservedEnthusiastic: toneDimension(measured, 'enthusiastic'),
      plainTechnical: technicality(measured),
    },
    person: {
      weRate,
      iRate,
      youRate,
      postsWithWe: share(measured.filter((x) => x.m.features.we > 0).length, measured.length),
      postsWithI: share(measured.filter((x) => x.m.features.i > 0).length, measured.length),
      postsWithYou: share(measured.filter((x) => x.m.features.you > 0).length, measured.length),
      dominant: weRate === 0 && iRate === 0 ? 'impersonal' : weRate >= iRate ? 'we' : 'i',
      addressesReader: youRate >= 1,
      evidence: {
        we: topIds(measured, (x) => x.m.features.we),
        i: topIds(measured, (x) => x.m.features.i),
        you: topIds(measured, (x) => x.m.features.you),
      },
    },
    length: { chars: lengthChars, words: spread(posts.map((x) => x.m.features.wordCount)) },
    sentences: {
      wordsPerSentence: spread(sentenceLengths),
      sentencesPerPost: spread(posts.map((x) => x.m.features.sentenceCount)),
      longSentenceShare: share(sentenceLengths.filter((l) => l > 20).length, sentenceLengths.length),
    },
    readingLevel: {
      fleschReadingEase: round(fleschReadingEase(words, sentences, syllables), 1),
      fleschKincaidGrade: round(fleschKincaidGrade(words, sentences, syllables), 1),
      complexWordShare: share(complex, words),
      note: 'Pooled over all examples after removing links, @mentions, hashtags and emoji; formulas are unreliable on single short posts, so compare drafts with this brand baseline rather than with a grade target.',
    },
    emoji: {
      perPost: round(emojiTotal / Math.max(n, 1), 2),
      postsWithEmoji: share(withEmoji, n),
      favourites: counted(emojiUse, 8),
      position: {
        start: share(emojiPos.start, withEmoji),
        end: share(emojiPos.end, withEmoji),
        inline: share(emojiPos.inline, withEmoji),
      },
    },
    hashtags: {
      perPost: round(tags / Math.max(n, 1), 2),
      countShare: {
        '0': share(countShare['0'], n),
        '1': share(countShare['1'], n),
        '2': share(countShare['2'], n),
        '3+': share(countShare['3+'], n),
      },
      atEndShare: share(trailing, tags),
      casing: {
        lower: share(casing.lower, tags),
        camel: share(casing.camel, tags),
        upper: share(casing.upper, tags),
        other: share(casing.other, tags),
      },
      recurring,
    },
    punctuation: {
      exclamation: mark('exclamations'),
      question: mark('questions'),
      ellipsis: mark('ellipses'),
      emDash: mark('emDashes'),
      allCapsWords: mark('allCapsWords'),
    },
    capitalisation: {
      lowercaseSentenceStarts: share(lowerStarts, sentences),
      allLowercasePosts: share(
        posts.filter((x) => x.m.features.wordCount > 0 && !/\p{Lu}/u.test(x.m.features.tokens.prose)).length,
        n,
      ),
      titleCasePosts: share(posts.filter((x) => isTitleCase(x.m.features.tokens.words)).length, n),
      contractionsPer100Words: per100(contractions),
    },
    vocabulary: {
      signaturePhrases: signaturePhrases(worded),
      distinctiveWords: distinctiveWords(worded),
      neverUsed: neverUsedWords(worded),
      topicsNeverUsed: topics.never,
      topics: topics.used,
    },
    cta: {
      postsWithCta: share(posts.filter((x) => x.m.features.ctas.length > 0).length, n),
      patterns: counted(ctaKinds, 10),
      sentences: ctaSentences(posts, counted(ctaKinds, 3)),
    },
    links: {
      postsWithLink: share(withLinks.length, n),
      perPost: round(posts.reduce((s, x) => s + x.m.features.links, 0) / Math.max(n, 1), 2),
      atEndShare: share(withLinks.filter((x) => x.m.features.linkAtEnd).length, withLinks.length),
      evidence: withLinks.slice(0, 3).map((x) => x.example.id),
    },
    mentions: {
      postsWithMention: share(posts.filter((x) => x.m.features.mentions > 0).length, n),
      repliesShare: share(posts.filter((x) => x.m.features.tokens.leadingMentions > 0).length, n),
    },
    lineBreaks: {
      perPost: round(posts.reduce((s, x) => s + x.m.features.lineBreaks, 0) / Math.max(n, 1), 2),
    },
    scoring: {
      features: dists.features,
      lengthByPlatform: dists.lengthByPlatform,
      lexical,
      vocabulary: [...vocabulary.entries()]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
        .slice(0, 5000),
      calibration,
    },
  };
}
