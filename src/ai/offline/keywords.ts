import { splitSentences } from '../../core/text/sentences.js';
import { stopwordsFor } from '../../core/text/stopwords.js';
import { tokenizeWords } from '../../core/text/words.js';
import { detectLanguage } from './language.js';

/**
 * Keyphrase extraction with YAKE (Campos et al., "YAKE! Keyword extraction from single documents using
 * multiple local features", Information Sciences 509, 2020): unsupervised, one document at a time, no
 * corpus and no model. Chosen over RAKE, which favours long phrases and scores by degree alone, and
 * over TextRank, which needs a graph iteration and does worse on short texts in the YAKE paper's
 * comparisons. Each word gets five statistics from the text itself:
 *
 * - casing: how often it is capitalised mid-sentence or written as an acronym;
 * - position: the median index of the sentences it occurs in (early words matter more);
 * - frequency: its count against the mean and spread of all content words;
 * - relatedness: how many different words surround it (a word next to everything is stop-word-like);
 * - spread: the share of sentences it occurs in.
 *
 * S(w) = (rel × pos) / (case + freq/rel + spread/rel); a phrase of up to `maxWords` words scores
 * Π S(w) / (count(phrase) × (1 + Σ S(w))). Lower is better. Phrases never cross punctuation, never
 * start or end with a stop word or contain numbers, and near-duplicates (Levenshtein similarity
 * ≥ 0.8, or the same words in the singular) are dropped, as is a phrase that never occurs outside a
 * better-ranked one ("cerebral white" inside "cerebral white matter").
 *
 * One simplification of the paper: stop words inside a phrase ("bill of rights") are left out of the
 * product and sum instead of being scored by their bigram probabilities.
 */

export interface Keyphrase {
  /** The phrase in its most frequent written form, e.g. "HEA beams". */
  phrase: string;
  /** Lower-case key. */
  normal: string;
  /** YAKE score: lower is more relevant. Comparable only within one text. */
  score: number;
  /** Occurrences of the phrase in the text. */
  count: number;
}

export interface KeywordOptions {
  /** How many phrases to return (default 10). */
  max?: number;
  /** Longest phrase in words (default 3). */
  maxWords?: number;
  /** Stop-word language; `auto` (default) detects it and falls back to English. */
  language?: string;
}

interface Occurrence {
  normal: string;
  text: string;
  sentence: number;
  /** Chunk = run of words not separated by punctuation, numbered across the text. */
  chunk: number;
  tag: 'word' | 'acronym' | 'capital' | 'number' | 'skip';
}

interface TermStats {
  tf: number;
  tfAcronym: number;
  tfCapital: number;
  sentences: number[];
  left: Map<string, number>;
  right: Map<string, number>;
  stop: boolean;
}

const PUNCTUATION_BETWEEN = /[^\s'’\-‐]/u;

function median(sorted: number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = Math.floor(n / 2);
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return prev[b.length] as number;
}

function similarity(a: string, b: string): number {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - levenshtein(a, b) / longest;
}

/** "beams" → "beam", "companies" → "company": only to spot duplicates, never shown. */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us'))
    return word.slice(0, -1);
  return word;
}

function tokenize(text: string): Occurrence[] {
  const out: Occurrence[] = [];
  let chunk = 0;
  splitSentences(text).forEach((sentence, sIndex) => {
    chunk++;
    const tokens = tokenizeWords(sentence.text);
    tokens.forEach((t, i) => {
      if (i > 0) {
        const between = sentence.text.slice((tokens[i - 1] as { end: number }).end, t.start);
        if (PUNCTUATION_BETWEEN.test(between)) chunk++;
      }
      let tag: Occurrence['tag'];
      const bare = t.kind === 'hashtag' ? t.text.slice(1) : t.text;
      if (t.kind === 'mention') tag = 'skip';
      else if (t.kind === 'number' || /^\p{N}/u.test(bare)) tag = 'number';
      else if (/\p{N}/u.test(bare) && /\p{L}/u.test(bare) && !/^\p{Lu}[\p{Lu}\p{N}-]*$/u.test(bare))
        tag = 'skip';
      // Upper-case words of six letters or more are shouting or section labels ("BACKGROUND",
      // "NEW ARRIVALS"), not acronyms; they get no casing bonus.
      else if (bare.length > 5 && /^\p{Lu}+$/u.test(bare)) tag = 'word';
      else if (bare.length > 1 && /^[\p{Lu}\p{N}.-]+$/u.test(bare) && /\p{Lu}/u.test(bare)) tag = 'acronym';
      else if (i > 0 && /^\p{Lu}/u.test(bare)) tag = 'capital';
      else tag = 'word';
      out.push({
        normal: t.kind === 'hashtag' ? t.normal.slice(1) : t.normal,
        text: bare,
        sentence: sIndex,
        chunk,
        tag,
      });
    });
  });
  return out;
}

/** The most relevant keyphrases of `text`, best first. */
export function extractKeywords(text: string, options: KeywordOptions = {}): Keyphrase[] {
  const max = options.max ?? 10;
  const maxWords = options.maxWords ?? 3;
  const language =
    !options.language || options.language === 'auto'
      ? ((l) => (l === 'und' ? 'en' : l))(detectLanguage(text).language)
      : options.language;
  const stop = stopwordsFor(language);
  const occurrences = tokenize(text);
  if (occurrences.length === 0) return [];
  const sentenceCount = (occurrences[occurrences.length - 1] as Occurrence).sentence + 1;

  // 1. Word statistics.
  const terms = new Map<string, TermStats>();
  occurrences.forEach((o, i) => {
    if (o.tag === 'number' || o.tag === 'skip') return;
    let s = terms.get(o.normal);
    if (!s) {
      s = {
        tf: 0,
        tfAcronym: 0,
        tfCapital: 0,
        sentences: [],
        left: new Map(),
        right: new Map(),
        stop: stop.has(o.normal) || o.normal.length < 2,
      };
      terms.set(o.normal, s);
    }
    s.tf++;
    if (o.tag === 'acronym') s.tfAcronym++;
    if (o.tag === 'capital') s.tfCapital++;
    s.sentences.push(o.sentence);
    const prev = occurrences[i - 1];
    if (prev && prev.chunk === o.chunk && prev.tag !== 'number' && prev.tag !== 'skip') {
      s.left.set(prev.normal, (s.left.get(prev.normal) ?? 0) + 1);
      const p = terms.get(prev.normal) as TermStats;
      p.right.set(o.normal, (p.right.get(o.normal) ?? 0) + 1);
    }
  });

  const contentTf = [...terms.values()].filter((s) => !s.stop).map((s) => s.tf);
  const meanTf = contentTf.reduce((a, b) => a + b, 0) / Math.max(1, contentTf.length);
  const stdTf = Math.sqrt(
    contentTf.reduce((a, b) => a + (b - meanTf) ** 2, 0) / Math.max(1, contentTf.length),
  );
  const maxTf = Math.max(1, ...contentTf);

  const wordScore = new Map<string, number>();
  for (const [term, s] of terms) {
    const casing = Math.max(s.tfAcronym, s.tfCapital) / (1 + Math.log(s.tf));
    const position = Math.log(Math.log(3 + median([...s.sentences].sort((a, b) => a - b))));
    const frequency = s.tf / (meanTf + stdTf || 1);
    const dispersion = (m: Map<string, number>) => {
      let total = 0;
      for (const v of m.values()) total += v;
      return total === 0 ? 0 : m.size / total;
    };
    const relatedness = 1 + (dispersion(s.left) + dispersion(s.right)) * (s.tf / maxTf);
    const spread = new Set(s.sentences).size / sentenceCount;
    wordScore.set(term, (relatedness * position) / (casing + frequency / relatedness + spread / relatedness));
  }

  // 2. Candidate phrases: n-grams inside a chunk, without numbers, not starting or ending with a stop word.
  const candidates = new Map<string, { words: string[]; count: number; forms: Map<string, number> }>();
  for (let i = 0; i < occurrences.length; i++) {
    for (let n = 1; n <= maxWords && i + n <= occurrences.length; n++) {
      const gram = occurrences.slice(i, i + n);
      if (
        gram.some((o) => o.chunk !== (gram[0] as Occurrence).chunk || o.tag === 'number' || o.tag === 'skip')
      )
        break;
      const first = terms.get((gram[0] as Occurrence).normal) as TermStats;
      const last = terms.get((gram[n - 1] as Occurrence).normal) as TermStats;
      if (first.stop || last.stop) continue;
      const key = gram.map((o) => o.normal).join(' ');
      let c = candidates.get(key);
      if (!c) {
        c = { words: gram.map((o) => o.normal), count: 0, forms: new Map() };
        candidates.set(key, c);
      }
      c.count++;
      const form = gram.map((o) => o.text).join(' ');
      c.forms.set(form, (c.forms.get(form) ?? 0) + 1);
    }
  }

  const scored: Keyphrase[] = [];
  for (const [key, c] of candidates) {
    let product = 1;
    let sum = 0;
    for (const w of c.words) {
      if ((terms.get(w) as TermStats).stop) continue;
      const s = wordScore.get(w) as number;
      product *= s;
      sum += s;
    }
    const phrase =
      [...c.forms.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? key;
    scored.push({ phrase, normal: key, score: product / (c.count * (1 + sum)), count: c.count });
  }
  scored.sort((a, b) => a.score - b.score || a.normal.localeCompare(b.normal));

  // 3. Drop near-duplicates of better phrases.
  const kept: Keyphrase[] = [];
  const keptSingular = new Set<string>();
  for (const k of scored) {
    if (kept.length >= max) break;
    const sing = k.normal.split(' ').map(singular).join(' ');
    if (keptSingular.has(sing)) continue;
    if (kept.some((other) => similarity(other.normal, k.normal) >= 0.8)) continue;
    // A phrase that only ever occurs inside a better one ("white" in "white matter") adds nothing.
    if (kept.some((other) => ` ${other.normal} `.includes(` ${k.normal} `) && k.count <= other.count))
      continue;
    kept.push({ ...k, score: Number(k.score.toPrecision(6)) });
    keptSingular.add(sing);
  }
  return kept;
}
