/**
 * Reads a request ("a LinkedIn post about the new I-beams") for what a post needs: the intent with a
 * confidence, the platforms and format it names, and the products, people and other knowledge it
 * mentions. Offline and deterministic: cue phrases matched on word stems, with typo tolerance for
 * longer words ("lauch", "instagarm"), so the request does not have to be spelled right.
 */
import { platforms as allPlatforms, type Platform } from '../../../core/platforms.js';
import type { EntityFact, ProductFact, SkillFacts } from '../execute/facts.js';
import { type SkillFormat, type SkillIntent, skillIntents } from '../format/types.js';
import { editDistance, foldCase, isEnglishWord, stem } from '../text/terms.js';
import { intentInfo } from './intents.js';

export interface IntentScore {
  intent: SkillIntent;
  /** Summed cue weights. */
  score: number;
  /** Share of belief (softmax over the scores and a "none of these" option). */
  probability: number;
  /** The request words that counted for it. */
  cues: string[];
}

export interface MentionedEntity {
  id: string;
  type: string;
  name: string;
  /** 0-1: how much of the name the request contains. */
  score: number;
}

export interface RequestAnalysis {
  intents: IntentScore[];
  platforms: Platform[];
  format: SkillFormat | undefined;
  entities: MentionedEntity[];
}

interface Word {
  raw: string;
  folded: string;
  stem: string;
}

/** Words of the request with their folded and stemmed forms ("we're" → "were", "instagram's" → "instagram"). */
export function requestWords(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)) {
    const raw = m[0];
    const folded = foldCase(raw.replace(/['’]s$/u, '').replace(/['’]/gu, ''));
    out.push({ raw, folded, stem: stem(folded) });
  }
  return out;
}

/** The largest typo a known word of this length may carry and still be recognised. */
function tolerance(length: number): number {
  return length >= 9 ? 2 : length >= 6 ? 1 : 0;
}

/**
 * True when the request word is the cue word, by stem, or with a small typo ("lauch", "hirring").
 * Short words must match exactly: "start" is not a typo of "stars".
 */
function sameWord(word: Word, cue: Word, exact: boolean): boolean {
  if (word.folded === cue.folded || (!exact && word.stem === cue.stem)) return true;
  return isTypoOf(word.folded, cue.folded);
}

/** True when `word` is not itself an English word and is one or two edits away from `known`. */
export function isTypoOf(word: string, known: string): boolean {
  const t = tolerance(known.length);
  if (t === 0 || word[0] !== known[0] || isEnglishWord(word)) return false;
  return editDistance(word, known, t) <= t;
}

/** Where the phrase occurs in the words (its first word's index), or -1. */
function findPhrase(words: readonly Word[], phrase: readonly Word[], exact: boolean): number {
  if (phrase.length === 0 || phrase.length > words.length) return -1;
  for (let i = 0; i + phrase.length <= words.length; i++) {
    let ok = true;
    for (let j = 0; j < phrase.length; j++) {
      const w = words[i + j] as Word;
      const c = phrase[j] as Word;
      // Phrases of several words match by stem; single words may also carry a typo.
      const match = phrase.length > 1 ? w.stem === c.stem || w.folded === c.folded : sameWord(w, c, exact);
      if (!match) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return -1;
}

const cueWords = new Map<string, Word[]>();
function phraseWords(phrase: string): Word[] {
  let w = cueWords.get(phrase);
  if (!w) {
    w = requestWords(phrase);
    cueWords.set(phrase, w);
  }
  return w;
}

/** Weight of the "none of these" option: a request with less evidence than this gets a question back. */
export const NO_INTENT_SCORE = 1.5;
/** How sharply the scores are turned into shares of belief. */
const SHARPNESS = 1.1;

export function scoreIntents(text: string): IntentScore[] {
  const words = requestWords(text);
  const scores = skillIntents.map((intent) => {
    let score = 0;
    const cues: string[] = [];
    // Each word of the request counts once per intent, for its strongest cue ("announcing" is not
    // both "announce" and "announcement"). A cue written "=word" matches the word, not its stem.
    const taken = new Set<number>();
    const ranked = [...intentInfo[intent].cues].sort((a, b) => b[1] - a[1]);
    for (const [cue, weight] of ranked) {
      const exact = cue.startsWith('=');
      const phrase = phraseWords(exact ? cue.slice(1) : cue);
      const at = findPhrase(words, phrase, exact);
      if (at < 0) continue;
      const span = phrase.map((_, j) => at + j);
      if (span.some((i) => taken.has(i))) continue;
      for (const i of span) taken.add(i);
      score += weight;
      cues.push(exact ? cue.slice(1) : cue);
    }
    // "20% off", "$50 off", "10% off": an offer in plain numbers.
    if (intent === 'promotion' && /(\d+\s*%|[$£€]\s?\d+)\s*off\b/i.test(text)) {
      score += 3;
      cues.push('n% off');
    }
    // "X vs Y", "X or Y?": a choice between two things.
    if (
      intent === 'comparison' &&
      /\b\w+\s+or\s+\w+\s*\?/i.test(text) &&
      !/\b(vote|poll|ask)\b/i.test(text)
    ) {
      score += 1.5;
      cues.push('x or y?');
    }
    return { intent, score, cues };
  });
  return shareBelief(scores, NO_INTENT_SCORE).sort(
    (a, b) => b.score - a.score || skillIntents.indexOf(a.intent) - skillIntents.indexOf(b.intent),
  );
}

/** An intent with no evidence at all keeps only this much of the belief a zero score would give it. */
const NO_EVIDENCE = 0.1;

/**
 * Turns evidence scores into shares of belief (a softmax), with a "none of these" option of weight
 * `none`: when no intent has clearly more evidence than that, "none" keeps most of the belief.
 */
export function shareBelief<T extends { score: number }>(
  scores: readonly T[],
  none: number,
): Array<T & { probability: number }> {
  const exp = scores.map((s) => Math.exp(SHARPNESS * s.score) * (s.score > 0 ? 1 : NO_EVIDENCE));
  const total = exp.reduce((a, b) => a + b, 0) + Math.exp(SHARPNESS * none);
  return scores.map((s, i) => ({ ...s, probability: (exp[i] as number) / total }));
}

const PLATFORM_NAMES: Record<string, Platform> = {
  linkedin: 'linkedin',
  facebook: 'facebook',
  fb: 'facebook',
  instagram: 'instagram',
  insta: 'instagram',
  ig: 'instagram',
  twitter: 'x',
  tweet: 'x',
  tweets: 'x',
  tweeting: 'x',
};

/** Platforms the request names ("on IG", "linkdin", "tweet it", "for X"). */
export function findPlatforms(text: string): Platform[] {
  const found = new Set<Platform>();
  const words = requestWords(text);
  words.forEach((w, i) => {
    const exact = PLATFORM_NAMES[w.folded];
    if (exact) {
      found.add(exact);
      return;
    }
    // X as a platform: written as a capital X, or after "on"/"for"/"to", never between numbers (80 x 80).
    if (w.folded === 'x') {
      const prev = words[i - 1]?.folded;
      const next = words[i + 1]?.folded;
      const betweenNumbers = /^\d/.test(prev ?? '') || /^\d/.test(next ?? '');
      if (!betweenNumbers && (w.raw === 'X' || ['on', 'for', 'to'].includes(prev ?? ''))) found.add('x');
      return;
    }
    for (const [name, platform] of Object.entries(PLATFORM_NAMES))
      if (name.length >= 6 && isTypoOf(w.folded, name)) found.add(platform);
  });
  return allPlatforms.filter((p) => found.has(p));
}

const FORMAT_WORDS: Array<[SkillFormat, readonly string[]]> = [
  ['carousel', ['carousel', 'slides', 'swipe', 'slideshow']],
  ['thread', ['thread', 'threads']],
  ['video', ['video', 'reel', 'reels', 'clip']],
  ['image', ['photo', 'photos', 'picture', 'pictures', 'image', 'images', 'pic', 'pics', 'graphic']],
];

export function findFormat(text: string): SkillFormat | undefined {
  const words = requestWords(text);
  for (const [format, names] of FORMAT_WORDS)
    if (
      words.some((w) =>
        names.some((n) => w.folded === n || (n.length >= 6 && editDistance(w.folded, n, 1) <= 1)),
      )
    )
      return format;
  return undefined;
}

/** Words that identify nothing in an entity's name. */
const GENERIC = new Set([
  'x',
  'mm',
  'the',
  'and',
  'of',
  'our',
  'a',
  'an',
  'with',
  'for',
  'per',
  'in',
  'to',
  'or',
  'on',
  'at',
]);

/** Words of requests about posts, which a name may contain but never means ("Yorkshire Post Food Awards"). */
const REQUEST_WORDS = new Set(
  requestWords(
    'post posts write share make create draft tweet thread carousel story video reel photo picture image caption ' +
      'linkedin facebook instagram twitter new launch about people customer customers followers today week day time',
  ).map((w) => w.stem),
);

/** A word appearing in at most this many of the business's facts is rare enough to identify something. */
const RARE_IN_KNOWLEDGE = 3;

interface Named {
  id: string;
  type: string;
  name: string;
  /** Stems of the name without qualifiers in brackets ("Drain cleaning (sink, tub or shower)" → drain, clean). */
  tokens: string[];
}

function tokensOf(name: string): string[] {
  return requestWords(name.replace(/\([^)]*\)/g, ' '))
    .map((w) => w.stem)
    .filter((s) => !GENERIC.has(s));
}

/**
 * Products, people, offers and certifications the request names, best first. A name counts when the
 * request has most of it (weighted by how rare each word is among the names), or a word that only this
 * one has and the business rarely uses otherwise (a code, a model number, "cardamom"), or, for a
 * person, their first or last name.
 */
export function findEntities(text: string, facts: SkillFacts): MentionedEntity[] {
  const named: Named[] = [
    ...facts.products.map((p: ProductFact) => ({
      id: p.id,
      type: p.kind,
      name: p.name,
      tokens: tokensOf(p.name),
    })),
    ...facts.entities
      .filter((e: EntityFact) => ['person', 'certification', 'offer'].includes(e.type))
      .map((e: EntityFact) => ({
        id: e.id,
        type: e.type,
        name: e.name,
        // An offer is named by its code (WINTER10), not by its long sentence.
        tokens:
          e.type === 'offer'
            ? typeof e.data.code === 'string'
              ? tokensOf(e.data.code)
              : []
            : tokensOf(e.name),
      })),
  ].filter((n) => n.tokens.length > 0);
  const df = new Map<string, number>();
  for (const n of named) for (const t of new Set(n.tokens)) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + named.length / (df.get(t) ?? 1));
  // How often the business uses each word at all: "steel" names nothing at a steel stockholder.
  const used = new Map<string, number>();
  for (const text of [
    ...facts.entries.map((e) => `${e.question} ${e.answer}`),
    ...facts.products.map((p) => p.name),
  ])
    for (const stem of new Set(requestWords(text).map((w) => w.stem)))
      used.set(stem, (used.get(stem) ?? 0) + 1);
  const rare = (t: string) => (used.get(t) ?? 0) <= RARE_IN_KNOWLEDGE && !REQUEST_WORDS.has(t);
  // Money and percentages in the request ("$50 off", "10% off") are amounts, not product codes.
  const words = requestWords(text.replace(/[$£€]\s?\d[\d,.]*|\d[\d,.]*\s*%/g, ' '));
  const has = (token: string) =>
    words.some(
      (w) =>
        w.stem === token ||
        w.folded === token ||
        (token.length >= 6 && !/\d/.test(token) && isTypoOf(w.folded, token)),
    );
  const out: MentionedEntity[] = [];
  for (const n of named) {
    const tokens = [...new Set(n.tokens)];
    const matched = tokens.filter(has);
    if (matched.length === 0) continue;
    const score = matched.reduce((s, t) => s + idf(t), 0) / tokens.reduce((s, t) => s + idf(t), 0);
    const telling = matched.filter((t) => !REQUEST_WORDS.has(t));
    const most = score >= 0.6 && telling.length > 0 && (telling.some(rare) || telling.length >= 2);
    // A bare number identifies only with three digits or more (a 406 beam, not "50 customers").
    const identifier = matched.some((t) => df.get(t) === 1 && rare(t) && t.length >= 3);
    const person = n.type === 'person' && matched.some((t) => df.get(t) === 1 && !REQUEST_WORDS.has(t));
    if (most || identifier || person)
      out.push({ id: n.id, type: n.type, name: n.name, score: Math.round(score * 100) / 100 });
  }
  return out.sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1));
}

export function analyseRequest(text: string, facts: SkillFacts): RequestAnalysis {
  return {
    intents: scoreIntents(text),
    platforms: findPlatforms(text),
    format: findFormat(text),
    entities: findEntities(text, facts),
  };
}
