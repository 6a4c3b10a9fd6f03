/**
 * Vocabulary items of a profile: signature phrases, distinctive words (against general English),
 * marketing words and topics the brand never uses.
 */

import { stopwordsFor } from '../../../core/text/stopwords.js';
import { englishProbability, isCommonEnglish } from '../background/english.js';
import { genericMarketingWords } from '../text/lexicons.js';

const stopWords = stopwordsFor('en');

import type { CountedItem, DistinctiveWord } from '../types.js';

export interface WordedExample {
  id: string;
  lower: string[];
  text: string;
}

/**
 * Links (with or without a scheme: `ledgerwise.example/plans`), e-mail addresses, @handles, #hashtags
 * and emoji: none of them is wording, so phrases never include them or run across them.
 */
const notProse =
  /(?:https?:\/\/|www\.)\S+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+|(?<![\p{L}\p{N}_@])@\w{1,30}|(?<![\p{L}\p{N}_&])#[\p{L}\p{N}_]+|\b(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?:\/\S*)?|\p{Extended_Pictographic}/giu;
const phraseWord = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/**
 * The runs of plain wording in a post, lower-cased: the text is cut at links, domains, e-mail
 * addresses, handles, hashtags, emoji and sentence or clause punctuation.
 */
export function wordingRuns(text: string): string[][] {
  return text
    .normalize('NFC')
    .replace(notProse, '\n')
    .split(/[\n.!?…;:()[\]"“”|•–—]+/u)
    .map((part) => (part.match(phraseWord) ?? []).map((w) => w.replace(/’/g, "'").toLowerCase()))
    .filter((run) => run.length > 0);
}

/** Words a reusable phrase does not start with ("a warm", "are back") or end with ("grab a"). */
const danglingStart = new Set(
  'a an the to of in on at for and or but so is are was were be been am do does did has have had with from by as than that'.split(
    ' ',
  ),
);
const danglingEnd = new Set(
  'a an the to of in on at for and or but so with from by as than that my our your their his her its'.split(
    ' ',
  ),
);

const isContentWord = (w: string): boolean => w.length >= 3 && /\p{L}/u.test(w) && !stopWords.has(w);

/**
 * Phrases of 2–5 words of plain wording (`wordingRuns`: never from links, domains, handles or
 * hashtags) that recur across examples (in at least 3 of them, or 2 for very small sets),
 * ranked by how many examples use them and how long they are. A phrase fully inside a longer one
 * with nearly the same support is dropped in favour of the longer one.
 */
export function signaturePhrases(examples: readonly WordedExample[], limit = 15): CountedItem[] {
  const minSupport = examples.length < 20 ? 2 : Math.max(3, Math.ceil(examples.length * 0.01));
  const support = new Map<string, Set<string>>();
  for (const ex of examples) {
    const seen = new Set<string>();
    for (const run of wordingRuns(ex.text))
      for (let n = 2; n <= 5; n++) {
        for (let i = 0; i + n <= run.length; i++) {
          const gram = run.slice(i, i + n);
          if (!gram.some(isContentWord)) continue;
          // A phrase a writer can reuse starts and ends with a word that carries meaning ("warm loaf",
          // not "a warm" or "grab a").
          if (danglingStart.has(gram[0] as string) || danglingEnd.has(gram[n - 1] as string)) continue;
          const key = gram.join(' ');
          if (seen.has(key)) continue;
          seen.add(key);
          let s = support.get(key);
          if (!s) {
            s = new Set();
            support.set(key, s);
          }
          s.add(ex.id);
        }
      }
  }
  const candidates = [...support.entries()]
    .filter(([, ids]) => ids.size >= minSupport)
    .map(([phrase, ids]) => ({ phrase, ids, n: phrase.split(' ').length }))
    .sort(
      (a, b) => b.ids.size * Math.sqrt(b.n) - a.ids.size * Math.sqrt(a.n) || (a.phrase < b.phrase ? -1 : 1),
    );
  const chosen: typeof candidates = [];
  for (const c of candidates) {
    const covered = chosen.some(
      (k) => (k.phrase.includes(c.phrase) || c.phrase.includes(k.phrase)) && c.ids.size <= k.ids.size * 1.5,
    );
    if (!covered) chosen.push(c);
    if (chosen.length >= limit) break;
  }
  return chosen.map((c) => ({ value: c.phrase, count: c.ids.size, evidence: [...c.ids].slice(0, 5) }));
}

/**
 * Words the brand uses far more than general English does: lift = brand rate / background rate,
 * kept when used in at least 2 examples and at least 5× more often than in general English.
 */
export function distinctiveWords(examples: readonly WordedExample[], limit = 25): DistinctiveWord[] {
  const counts = new Map<string, number>();
  const where = new Map<string, string[]>();
  let total = 0;
  for (const ex of examples) {
    const seen = new Set<string>();
    for (const w of ex.lower) {
      total++;
      if (!isContentWord(w) || /^\d+$/.test(w)) continue;
      counts.set(w, (counts.get(w) ?? 0) + 1);
      if (!seen.has(w)) {
        seen.add(w);
        const ids = where.get(w) ?? [];
        ids.push(ex.id);
        where.set(w, ids);
      }
    }
  }
  const out: DistinctiveWord[] = [];
  for (const [word, count] of counts) {
    const docs = where.get(word)?.length ?? 0;
    if (docs < 2) continue;
    const lift = count / Math.max(total, 1) / englishProbability(word);
    if (lift < 5) continue;
    out.push({
      word,
      count,
      lift: Math.round(lift * 10) / 10,
      evidence: (where.get(word) ?? []).slice(0, 5),
    });
  }
  return out
    .sort((a, b) => b.count * Math.log(b.lift) - a.count * Math.log(a.lift) || (a.word < b.word ? -1 : 1))
    .slice(0, limit);
}

/** Common marketing words and phrases that appear in none of the examples. */
export function neverUsedWords(examples: readonly WordedExample[]): string[] {
  const corpus = examples.map((e) => ` ${e.lower.join(' ')} `).join('\n');
  return genericMarketingWords.filter(
    (w) => !corpus.includes(` ${w.replace(/-/g, ' ')} `) && !corpus.includes(` ${w} `),
  );
}

/** Broad topics, each recognised by a few unambiguous keywords. */
export const topicKeywords: Record<string, readonly string[]> = {
  pricing: [
    'price',
    'prices',
    'discount',
    'sale',
    'offer',
    'deal',
    'deals',
    'cheap',
    'save',
    'coupon',
    'code',
  ],
  hiring: ['hiring', 'job', 'jobs', 'career', 'careers', 'apply', 'vacancy', 'recruiting'],
  events: ['event', 'webinar', 'conference', 'workshop', 'meetup', 'festival', 'fair', 'expo'],
  sustainability: [
    'sustainable',
    'sustainability',
    'recycled',
    'recycling',
    'carbon',
    'green',
    'climate',
    'eco',
  ],
  holidays: [
    'christmas',
    'holiday',
    'holidays',
    'easter',
    'halloween',
    'thanksgiving',
    'valentine',
    'valentine’s',
  ],
  politics: ['election', 'vote', 'government', 'politics', 'political', 'president', 'minister'],
  competitors: ['competitor', 'competitors', 'versus', 'vs'],
  safety: ['safety', 'safe', 'hazard', 'emergency', 'risk', 'warning'],
  food: [
    'food',
    'bread',
    'cake',
    'coffee',
    'pizza',
    'burger',
    'fries',
    'breakfast',
    'lunch',
    'dinner',
    'recipe',
  ],
  team: ['team', 'colleague', 'colleagues', 'staff', 'crew', 'employee', 'employees'],
  customers: ['customer', 'customers', 'client', 'clients', 'review', 'testimonial'],
  products: ['product', 'products', 'new', 'launch', 'range', 'collection', 'stock'],
};

export function topicUsage(examples: readonly WordedExample[]): { used: CountedItem[]; never: string[] } {
  const used: CountedItem[] = [];
  const never: string[] = [];
  for (const [topic, words] of Object.entries(topicKeywords)) {
    const set = new Set(words);
    const ids = examples.filter((e) => e.lower.some((w) => set.has(w))).map((e) => e.id);
    if (ids.length === 0) never.push(topic);
    else used.push({ value: topic, count: ids.length, evidence: ids.slice(0, 5) });
  }
  used.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
  return { used, never };
}

/** Words in a draft that are rare in general English and that the brand never used. */
export function unfamiliarWords(words: readonly string[], brandVocabulary: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (!isContentWord(w) || /\d/.test(w) || brandVocabulary.has(w)) continue;
    if (!isCommonEnglish(w, 3.5) && !out.includes(w)) out.push(w);
  }
  return out;
}
