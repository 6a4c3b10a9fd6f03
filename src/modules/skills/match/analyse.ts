/**
 * Reads a request ("a LinkedIn post about the new I-beams") for what a post needs: the intent with a
 * confidence, the platforms and format it names, and the products, people and other knowledge it
 * mentions. Offline and deterministic: cue phrases matched on word stems, with typo tolerance for
 * longer words ("lauch", "instagarm"), so the request does not have to be spelled right.
 */
import { platforms as allPlatforms, type Platform } from '../../../core/platforms.js';
import type { EntityFact, ProductFact, SkillFacts } from '../execute/facts.js';
import { type SkillFormat, type SkillIntent, skillIntents } from '../format/types.js';
import { editDistance, foldCase, stem } from '../text/terms.js';
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
function sameWord(word: Word, cue: Word): boolean {
  if (word.stem === cue.stem || word.folded === cue.folded) return true;
  const t = tolerance(cue.folded.length);
  return t > 0 && word.folded[0] === cue.folded[0] && editDistance(word.folded, cue.folded, t) <= t;
}

function findPhrase(words: readonly Word[], phrase: readonly Word[]): boolean {
  if (phrase.length === 0 || phrase.length > words.length) return false;
  for (let i = 0; i + phrase.length <= words.length; i++) {
    let ok = true;
    for (let j = 0; j < phrase.length; j++) {
      const w = words[i + j] as Word;
      const c = phrase[j] as Word;
      // Phrases of several words match exactly by stem; single words may carry a typo.
      const match = phrase.length > 1 ? w.stem === c.stem || w.folded === c.folded : sameWord(w, c);
      if (!match) {
        ok = false;
        break;
      }
    }
    if (ok) return true;
  }
  return false;
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
    for (const [phrase, weight] of intentInfo[intent].cues) {
      if (findPhrase(words, phraseWords(phrase))) {
        score += weight;
        cues.push(phrase);
      }
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
  const exp = scores.map((s) => Math.exp(SHARPNESS * s.score));
  const none = Math.exp(SHARPNESS * NO_INTENT_SCORE);
  const total = exp.reduce((a, b) => a + b, 0) + none;
  return scores
    .map((s, i) => ({ ...s, probability: (exp[i] as number) / total }))
    .sort((a, b) => b.score - a.score || skillIntents.indexOf(a.intent) - skillIntents.indexOf(b.intent));
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
    if (w.folded.length >= 5)
      for (const [name, platform] of Object.entries(PLATFORM_NAMES))
        if (
          name.length >= 6 &&
          w.folded[0] === name[0] &&
          editDistance(w.folded, name, 2) <= tolerance(name.length)
        )
          found.add(platform);
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
]);

interface Named {
  id: string;
  type: string;
  name: string;
  tokens: string[];
}

function tokensOf(name: string): string[] {
  return requestWords(name)
    .map((w) => w.stem)
    .filter((s) => !GENERIC.has(s));
}

/** Products, people, offers and certifications the request names, best first. */
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
  // Money in the request ("$50 off") is a price, not a product code.
  const words = requestWords(text.replace(/[$£€]\s?\d[\d,.]*/g, ' '));
  const has = (token: string) =>
    words.some(
      (w) =>
        w.stem === token ||
        w.folded === token ||
        (token.length >= 5 && !/\d/.test(token) && editDistance(w.folded, token, 1) <= 1),
    );
  const out: MentionedEntity[] = [];
  for (const n of named) {
    const tokens = [...new Set(n.tokens)];
    const matched = tokens.filter(has);
    if (matched.length === 0) continue;
    const total = tokens.reduce((s, t) => s + idf(t), 0);
    const score = matched.reduce((s, t) => s + idf(t), 0) / total;
    // A token only this entity has (a SKU-like number, a rare word, a person's name) identifies it.
    const unique = matched.some((t) => df.get(t) === 1 && (t.length >= 3 || /^\d+$/.test(t)));
    const person = n.type === 'person' && matched.some((t) => df.get(t) === 1);
    if (score >= 0.5 || unique || person)
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
