/**
 * The facts a claim may trace to, indexed once per facts object (a WeakMap: the pipeline passes the
 * same facts for every candidate, so the index is built once per request, not per candidate).
 */
import { stemmer } from 'stemmer';
import { stopwordsFor } from '../../../../core/text/stopwords.js';
import type { GuardFacts, GuardProduct } from '../types.js';
import { type Claim, type DateReading, extractClaims, sameCurrency } from './extract.js';
import { numeralValues, sameNumber } from './numbers.js';

/** The source id of a claim that comes from the person's request. */
export const REQUEST_SOURCE = 'request';

export interface FactSource {
  id: string;
  kind: 'entry' | 'product' | 'request';
  /** Lower case, apostrophes unified. */
  lower: string;
  /** Letters and digits only, lower case: for model codes and handles written with or without spaces. */
  compact: string;
  /** Stems of the words, space-joined with spaces around: for name lookups. */
  stems: string;
  entryKind?: string | null;
}

export interface ProductName {
  product: GuardProduct;
  /** Stem sequences that name it: the whole name, and the name without trailing sizes ("800g", "2 kg"). */
  variants: string[][];
}

export interface FactIndex {
  sources: FactSource[];
  claims: { claim: Claim; source: string }[];
  products: ProductName[];
  /** Stems of the product names' head words: a capitalised phrase using one is name-like. */
  nameHeads: Set<string>;
}

const stop = stopwordsFor('en');

/** Irregular plurals the Porter stemmer leaves apart from their singular ("loaves" / "loaf"). */
const IRREGULAR: Record<string, string> = {
  loaves: 'loaf',
  leaves: 'leaf',
  shelves: 'shelf',
  halves: 'half',
  knives: 'knife',
  lives: 'life',
  wives: 'wife',
  thieves: 'thief',
  calves: 'calf',
  scarves: 'scarf',
  wolves: 'wolf',
  children: 'child',
  people: 'person',
  mice: 'mouse',
  geese: 'goose',
  teeth: 'tooth',
  feet: 'foot',
};
function singular(word: string): string {
  return IRREGULAR[word] ?? word;
}

export function tokens(text: string): { stem: string; start: number; end: number; raw: string }[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu)].map((m) => ({
    raw: m[0],
    stem: stemmer(singular(m[0].toLowerCase().replace(/['’]s$/, ''))),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const stemLine = (text: string) =>
  ` ${tokens(text)
    .map((t) => t.stem)
    .join(' ')} `;

function productText(p: GuardProduct): string {
  const parts = [p.name];
  if (p.price !== null && p.price !== undefined)
    parts.push(`${p.price}${p.currency ? ` ${p.currency}` : ''}`);
  if (p.referencePrice !== null && p.referencePrice !== undefined)
    parts.push(`${p.referencePrice}${p.currency ? ` ${p.currency}` : ''}`);
  if (p.backOn) parts.push(p.backOn);
  if (p.description) parts.push(p.description);
  return parts.join('. ');
}

/** A product's back-on date as the catalogue stores it: ISO, maybe yearless (`2027-03-01`, `--06`, `--11-18`). */
export function isoDate(value: string): DateReading | null {
  let m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(value);
  if (m) return { year: Number(m[1]), month: Number(m[2]), ...(m[3] ? { day: Number(m[3]) } : {}) };
  m = /^--(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (m) return { month: Number(m[1]), ...(m[2] ? { day: Number(m[2]) } : {}) };
  return null;
}

function source(id: string, kind: FactSource['kind'], text: string, entryKind?: string | null): FactSource {
  const lower = text.toLowerCase().replace(/[’‘]/g, "'");
  return {
    id,
    kind,
    lower,
    compact: lower.replace(/[^\p{L}\p{N}]/gu, ''),
    stems: stemLine(text),
    ...(entryKind !== undefined ? { entryKind } : {}),
  };
}

const cache = new WeakMap<GuardFacts, FactIndex>();

export function factIndex(facts: GuardFacts): FactIndex {
  const hit = cache.get(facts);
  if (hit) return hit;
  const sources: FactSource[] = [];
  const claims: FactIndex['claims'] = [];
  for (const e of facts.entries) {
    sources.push(source(e.id, 'entry', e.text, e.kind ?? null));
    for (const claim of extractClaims(e.text)) claims.push({ claim, source: e.id });
  }
  for (const p of facts.products) {
    const text = productText(p);
    sources.push(source(p.id, 'product', text));
    for (const claim of extractClaims(text)) claims.push({ claim, source: p.id });
    // The catalogue's own numbers, whatever the text form: the price with its currency, the back-on date.
    for (const amount of [p.price, p.referencePrice]) {
      if (amount === null || amount === undefined) continue;
      const values =
        typeof amount === 'number'
          ? [Math.round(amount * 100) / 100]
          : numeralValues(amount.replace(/[^\d.,]/g, ''));
      claims.push({
        claim: {
          kind: 'money',
          raw: String(amount),
          start: 0,
          end: 0,
          values,
          ...(p.currency ? { currency: p.currency.toUpperCase() } : {}),
        },
        source: p.id,
      });
    }
    const back = p.backOn ? isoDate(p.backOn) : null;
    if (back)
      claims.push({
        claim: { kind: 'date', raw: p.backOn as string, start: 0, end: 0, dates: [back] },
        source: p.id,
      });
  }
  if (facts.request) {
    sources.push(source(REQUEST_SOURCE, 'request', facts.request));
    for (const claim of extractClaims(facts.request)) claims.push({ claim, source: REQUEST_SOURCE });
  }
  const products = facts.products.map((product) => {
    const toks = tokens(product.name);
    const whole = toks.map((t) => t.stem);
    let end = toks.length;
    while (end > 1 && /\d/.test((toks[end - 1] as { raw: string }).raw)) end--;
    // "2 kg": a unit word left behind a dropped number goes too.
    if (
      end < toks.length &&
      end > 1 &&
      /^(?:kg|g|l|ml|cm|mm|m|pack|pcs|x)$/i.test((toks[end] as { raw: string }).raw)
    )
      end--;
    const short = whole.slice(0, end);
    return { product, variants: short.length < whole.length ? [whole, short] : [whole] };
  });
  // The head of a name is its last content word ("Rye Sourdough" → sourdough, "Spelt Loaf 800g" → loaf):
  // an invented variant shares it ("Walnut Sourdough"), a greeting sharing a modifier does not
  // ("Merry Christmas Everyone" beside "Christmas Stollen").
  const nameHeads = new Set(
    facts.products.flatMap((p) => {
      const content = tokens(p.name).filter((t) => !stop.has(t.raw.toLowerCase()) && !/\d/.test(t.raw));
      const head = content[content.length - 1];
      return head && head.raw.length > 2 ? [head.stem] : [];
    }),
  );
  const index = { sources, claims, products, nameHeads };
  cache.set(facts, index);
  return index;
}

function sameDate(claim: DateReading, fact: DateReading): boolean {
  if (claim.month !== fact.month) return false;
  if (claim.day !== undefined && claim.day !== fact.day) return false;
  if (claim.year !== undefined && fact.year !== undefined && claim.year !== fact.year) return false;
  return true;
}

/** Ids of the sources that support `claim`: entries and products first, the request last. */
export function supportOf(claim: Claim, index: FactIndex): string[] {
  const out: string[] = [];
  const add = (id: string) => {
    if (!out.includes(id)) out.push(id);
  };
  switch (claim.kind) {
    case 'money':
    case 'percent':
    case 'number':
      for (const { claim: f, source } of index.claims) {
        // A date's year and a time's hour count as numbers too ("since 1998"; "7–9pm" over "7pm to 9pm").
        const values =
          f.kind === 'date'
            ? (f.dates ?? []).flatMap((d) => (d.year ? [d.year] : []))
            : f.kind === 'time' && claim.kind === 'number'
              ? [Math.floor((f.minutes ?? 0) / 60), Math.floor((f.minutes ?? 0) / 60) % 12 || 12]
              : (f.values ?? []);
        if (!sameNumber(claim.values ?? [], values)) continue;
        if (
          claim.kind === 'money' &&
          f.kind === 'money' &&
          claim.currency &&
          f.currency &&
          !sameCurrency(claim.currency, f.currency)
        )
          continue;
        if (claim.kind === 'percent' && f.kind !== 'percent' && f.kind !== 'number') continue;
        if (claim.kind === 'money' && f.kind !== 'money' && f.kind !== 'number') continue;
        add(source);
      }
      break;
    case 'date':
      for (const { claim: f, source } of index.claims) {
        if (f.kind !== 'date') continue;
        if ((claim.dates ?? []).some((c) => (f.dates ?? []).some((d) => sameDate(c, d)))) add(source);
      }
      break;
    case 'time':
      for (const { claim: f, source } of index.claims)
        if (f.kind === 'time' && f.minutes === claim.minutes) add(source);
      break;
    case 'always_open':
      for (const s of index.sources)
        if (/24\s?\/\s?7|24 hours|around the clock|round the clock|24h/.test(s.lower)) add(s.id);
      break;
    case 'code':
    case 'handle':
      for (const s of index.sources) if (claim.key && s.compact.includes(claim.key)) add(s.id);
      break;
  }
  return out.sort((a, b) => Number(a === REQUEST_SOURCE) - Number(b === REQUEST_SOURCE));
}

export interface ProductMention {
  product: GuardProduct;
  start: number;
  end: number;
  raw: string;
}

/** Where the text names a catalogue product (case, plural and possessive variants; the name's numbers optional). */
export function findProducts(text: string, index: FactIndex): ProductMention[] {
  const toks = tokens(text);
  const out: ProductMention[] = [];
  for (const p of index.products) {
    for (const stems of p.variants) {
      const n = stems.length;
      for (let i = 0; i + n <= toks.length; i++) {
        let ok = true;
        for (let k = 0; k < n && ok; k++) ok = toks[i + k]?.stem === stems[k];
        if (!ok) continue;
        const first = toks[i] as { start: number };
        const last = toks[i + n - 1] as { end: number };
        out.push({
          product: p.product,
          start: first.start,
          end: last.end,
          raw: text.slice(first.start, last.end),
        });
      }
    }
  }
  // A longer name wins over a shorter one inside it ("Rye Sourdough Loaf" over "Sourdough Loaf").
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  return out.filter(
    (m, i) =>
      !out.some(
        (o, j) => j !== i && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start,
      ),
  );
}

/** True when the stemmed phrase occurs in some fact's text. */
export function phraseInFacts(phrase: string, index: FactIndex): string | null {
  const line = stemLine(phrase);
  if (line.trim() === '') return null;
  return index.sources.find((s) => s.stems.includes(line))?.id ?? null;
}
