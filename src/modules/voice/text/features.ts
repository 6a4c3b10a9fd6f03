/**
 * The measurable features of one post. Learning computes them for every example and aggregates;
 * scoring computes them for the draft and compares. One function for both, so they never disagree.
 */
import {
  casualWords,
  ctaVerbs,
  enthusiasticWords,
  firstPersonPlural,
  firstPersonSingular,
  formalWords,
  playfulWords,
  reservedWords,
  secondPerson,
  seriousWords,
  technicalUnits,
} from './lexicons.js';
import { countSyllables, type PostTokens, tokenizePost } from './tokens.js';

export type HashtagCasing = 'lower' | 'camel' | 'upper' | 'other';

export interface PostFeatures {
  tokens: PostTokens;
  /** Characters without links, the way POST-CRAFT measures post length. */
  chars: number;
  wordCount: number;
  sentenceCount: number;
  /** Words in each sentence. */
  sentenceWords: number[];
  syllables: number;
  complexWords: number;
  /** Lowercased words. */
  lower: string[];
  we: number;
  i: number;
  you: number;
  contractions: number;
  exclamations: number;
  questions: number;
  ellipses: number;
  emDashes: number;
  allCapsWords: number;
  /** Sentences that open with a lower-case letter. */
  lowercaseStarts: number;
  emojiCount: number;
  emojiPosition: 'none' | 'start' | 'end' | 'inline';
  hashtagCount: number;
  trailingHashtags: number;
  hashtagCasing: HashtagCasing[];
  links: number;
  linkAtEnd: boolean;
  mentions: number;
  lineBreaks: number;
  /** CTA kinds found (see lexicons.ctaVerbs), with the opening words that triggered them. */
  ctas: Array<{ kind: string; phrase: string }>;
  markers: ToneMarkers;
}

/** Raw counts behind the four tone dimensions. */
export interface ToneMarkers {
  casual: number;
  formal: number;
  playful: number;
  serious: number;
  enthusiastic: number;
  reserved: number;
  technical: number;
  longWords: number;
}

export function hashtagCasing(tag: string): HashtagCasing {
  if (tag === tag.toLowerCase()) return 'lower';
  if (tag === tag.toUpperCase() && /\p{L}{2}/u.test(tag)) return 'upper';
  if (/^\p{Lu}/u.test(tag) || /\p{Ll}\p{Lu}/u.test(tag)) return 'camel';
  return 'other';
}

const ctaEntries = Object.entries(ctaVerbs).sort((a, b) => b[0].length - a[0].length);

function detectCtas(sentences: readonly string[], text: string): Array<{ kind: string; phrase: string }> {
  const out: Array<{ kind: string; phrase: string }> = [];
  for (const sentence of sentences) {
    const opening = sentence
      .toLowerCase()
      .replace(/^[^\p{L}]+/u, '')
      .replace(/^(?:please|now|so|just|then|and)\s+/u, '');
    for (const [verb, kind] of ctaEntries) {
      if (opening.startsWith(`${verb} `) || opening === verb) {
        const phrase = opening
          .split(/\s+/)
          .slice(0, verb.split(' ').length + 2)
          .join(' ');
        out.push({ kind, phrase: phrase.replace(/[^\p{L}\p{N}' ]+$/u, '') });
        break;
      }
    }
  }
  if (/link in (?:our )?bio/i.test(text) && !out.some((c) => c.kind === 'link'))
    out.push({ kind: 'link', phrase: 'link in bio' });
  return out;
}

/** Measures one post. */
export function extractFeatures(text: string): PostFeatures {
  const tokens = tokenizePost(text);
  const lower = tokens.words.map((w) => w.toLowerCase());
  let we = 0;
  let i = 0;
  let you = 0;
  let contractions = 0;
  let syllables = 0;
  let complexWords = 0;
  let longWords = 0;
  const markers: ToneMarkers = {
    casual: 0,
    formal: 0,
    playful: 0,
    serious: 0,
    enthusiastic: 0,
    reserved: 0,
    technical: 0,
    longWords: 0,
  };
  for (const w of lower) {
    if (firstPersonPlural.has(w)) we++;
    if (firstPersonSingular.has(w)) i++;
    if (secondPerson.has(w)) you++;
    if (w.includes("'") && /^[a-z]+'(?:s|t|re|ve|ll|d|m)$/.test(w)) contractions++;
    const s = countSyllables(w);
    syllables += s;
    if (s >= 3) complexWords++;
    if (w.length >= 9) longWords++;
    if (casualWords.has(w)) markers.casual++;
    if (formalWords.has(w)) markers.formal++;
    if (playfulWords.has(w)) markers.playful++;
    if (seriousWords.has(w)) markers.serious++;
    if (enthusiasticWords.has(w)) markers.enthusiastic++;
    if (reservedWords.has(w)) markers.reserved++;
    if (technicalUnits.has(w) || /^\d+(?:[.,]\d+)?(?:mm|cm|kg|mpa|kw|v|hz|m)$/.test(w)) markers.technical++;
  }
  markers.longWords = longWords;
  // Numbers with units ("12 mm", "S355") and acronyms read as technical.
  markers.technical += (
    tokens.prose.match(/\b\d+(?:[.,]\d+)?\s?(?:mm|cm|kg|t|mpa|kn|kw|bar|°c|%)(?!\p{L})/giu) ?? []
  ).length;
  markers.technical += (tokens.prose.match(/\b[A-Z]{1,4}\d{2,4}[A-Z]?\b/g) ?? []).length;

  const sentenceWords = tokens.sentences.map(
    (s) => (s.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []).length,
  );
  const original = text.normalize('NFC');
  const withoutLinks = original.replace(/\b(?:https?:\/\/|www\.)[^\s<>"]+/giu, '').trim();
  const allCapsWords = tokens.words.filter((w) => w.length >= 3 && /^\p{Lu}+$/u.test(w)).length;
  const lowercaseStarts = tokens.sentences.filter((s) => /^[^\p{L}]*\p{Ll}/u.test(s)).length;
  const emojiCount = tokens.emoji.length;
  let emojiPosition: PostFeatures['emojiPosition'] = 'none';
  if (emojiCount > 0) {
    const stripped = withoutLinks.replace(/[#@][\p{L}\p{N}_]+/gu, '').trim();
    const first = tokens.emoji[0] as string;
    const last = tokens.emoji[tokens.emoji.length - 1] as string;
    if (stripped.endsWith(last) || stripped.endsWith(`${last}\uFE0F`)) emojiPosition = 'end';
    else if (stripped.startsWith(first)) emojiPosition = 'start';
    else emojiPosition = 'inline';
  }
  const links = tokens.urls.length;
  const linkAtEnd = links > 0 && /(?:https?:\/\/|www\.)[^\s<>"]+\s*$/iu.test(original.trim());
  return {
    tokens,
    chars: [...withoutLinks].length,
    wordCount: lower.length,
    sentenceCount: tokens.sentences.length,
    sentenceWords,
    syllables,
    complexWords,
    lower,
    we,
    i,
    you,
    contractions,
    exclamations: (original.match(/!/g) ?? []).length,
    questions: (original.match(/\?/g) ?? []).length,
    ellipses: (original.match(/…|\.\.\./g) ?? []).length,
    emDashes: (original.match(/—|–| - /g) ?? []).length,
    allCapsWords,
    lowercaseStarts,
    emojiCount,
    emojiPosition,
    hashtagCount: tokens.hashtags.length,
    trailingHashtags: tokens.hashtags.filter((h) => h.trailing).length,
    hashtagCasing: tokens.hashtags.map((h) => hashtagCasing(h.tag)),
    links,
    linkAtEnd,
    mentions: tokens.mentions.length - tokens.leadingMentions,
    lineBreaks: (original.trim().match(/\n/g) ?? []).length,
    ctas: detectCtas(tokens.sentences, original),
    markers,
  };
}

/** Flesch Reading Ease of the prose (links, handles, hashtags and emoji stripped first). */
export function fleschReadingEase(words: number, sentences: number, syllables: number): number {
  if (words === 0 || sentences === 0) return 0;
  return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words);
}

/** Flesch–Kincaid grade level of the prose. */
export function fleschKincaidGrade(words: number, sentences: number, syllables: number): number {
  if (words === 0 || sentences === 0) return 0;
  return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59;
}

/**
 * The four NN/g-style tone dimensions of one post, each 0..1 (0 = formal / serious / reserved /
 * plain, 1 = casual / playful / enthusiastic / technical). A post with no markers sits at 0.5 on
 * the marker-driven part, so short neutral posts do not pull a profile either way.
 */
export interface ToneValues {
  casual: number;
  playful: number;
  enthusiastic: number;
  technical: number;
}

function balance(pos: number, neg: number, prior = 1): number {
  return (pos + prior) / (pos + neg + 2 * prior);
}

export function toneOf(f: PostFeatures): ToneValues {
  const words = Math.max(f.wordCount, 1);
  const m = f.markers;
  const contractionRate = f.contractions / words;
  const meanSentence = f.sentenceCount > 0 ? f.wordCount / f.sentenceCount : f.wordCount;
  const casualEvidence =
    m.casual +
    f.contractions +
    f.lowercaseStarts * 0.5 +
    Math.min(f.emojiCount, 3) * 0.5 +
    f.you * 0.3 +
    (meanSentence < 10 && f.wordCount > 0 ? 0.5 : 0);
  const formalEvidence =
    m.formal +
    (contractionRate === 0 && words >= 8 ? 1 : 0) +
    (meanSentence > 18 ? 1 : 0) +
    m.longWords * 0.3;
  const playfulEvidence =
    m.playful + Math.min(f.emojiCount, 4) * 0.75 + Math.min(f.exclamations, 3) * 0.3 + f.allCapsWords * 0.3;
  const seriousEvidence =
    m.serious + (f.emojiCount === 0 && f.exclamations === 0 ? 0.5 : 0) + m.technical * 0.3;
  const enthusiasticEvidence =
    m.enthusiastic +
    Math.min(f.exclamations, 4) * 0.8 +
    f.allCapsWords * 0.5 +
    Math.min(f.emojiCount, 3) * 0.3;
  const reservedEvidence = m.reserved + (f.exclamations === 0 ? 0.5 : 0) + (m.enthusiastic === 0 ? 0.3 : 0);
  const syllablesPerWord = f.syllables / words;
  const technicalEvidence = m.technical + m.longWords * 0.5 + Math.max(0, syllablesPerWord - 1.5) * 4;
  const plainEvidence = (syllablesPerWord < 1.35 ? 1 : 0) + (m.technical === 0 ? 0.5 : 0) + m.casual * 0.3;
  return {
    casual: balance(casualEvidence, formalEvidence),
    playful: balance(playfulEvidence, seriousEvidence),
    enthusiastic: balance(enthusiasticEvidence, reservedEvidence),
    technical: balance(technicalEvidence, plainEvidence),
  };
}
