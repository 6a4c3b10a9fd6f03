/**
 * Finds the checkable claims in a text: money, percentages, dates, times, other numbers, model codes
 * ("IPE200"), "24/7" and @handles. Each claim carries normalised readings so the same fact written
 * differently meets ("$19.50" / "19.50 USD" / "USD 19.5"; "20%" / "20 percent"; "5 Dec" / "December
 * 5th" / "2026-12-05"; "9am" / "09:00").
 *
 * Not claims (so never flagged): list markers at a line start ("1.", "2)"), thread counters ("1/3"),
 * digits inside URLs, hashtags, @handles and e-mail addresses, and spelled-out numbers. Weekday names
 * alone ("Happy Friday") are not dates. "24/7" IS a claim (it promises opening hours) and must be
 * supported by a fact saying 24/7 or "24 hours".
 */
import { escapeRegex, memo } from '../text-parts.js';
import { numeralValues } from './numbers.js';

export type ClaimKind = 'money' | 'percent' | 'date' | 'time' | 'number' | 'code' | 'always_open' | 'handle';

export interface DateReading {
  month: number;
  day?: number;
  year?: number;
}

export interface Claim {
  kind: ClaimKind;
  raw: string;
  start: number;
  end: number;
  /** money, percent, number: every value the numeral may denote. */
  values?: number[];
  /** money: ISO 4217 code when the text names the currency. */
  currency?: string;
  /** date: every reading (numeric dates may be day/month or month/day). */
  dates?: DateReading[];
  /** time: minutes after midnight. */
  minutes?: number;
  /** code and handle: the lower-case letters and digits only. */
  key?: string;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Month names and their usual abbreviations, English plus the other languages the detector knows. */
const MONTH_ALIASES: Record<string, number> = {};
MONTHS.forEach((m, i) => {
  MONTH_ALIASES[m] = i + 1;
  MONTH_ALIASES[MONTH_NAMES[i] as string] = i + 1;
});
MONTH_ALIASES.sept = 9;
const OTHER_MONTHS = [
  ['januar', 'janvier', 'enero', 'gennaio', 'januari', 'janeiro'],
  ['februar', 'février', 'fevrier', 'febrero', 'febbraio', 'februari', 'fevereiro'],
  ['märz', 'mars', 'marzo', 'maart', 'março'],
  ['avril', 'abril', 'aprile'],
  ['mai', 'mayo', 'maggio', 'mei', 'maio'],
  ['juni', 'juin', 'junio', 'giugno', 'junho'],
  ['juli', 'juillet', 'julio', 'luglio', 'julho'],
  ['août', 'aout', 'agosto', 'augustus'],
  ['septembre', 'septiembre', 'settembre', 'setembro'],
  ['oktober', 'octobre', 'octubre', 'ottobre', 'outubro'],
  ['novembre', 'noviembre', 'novembro'],
  ['dezember', 'décembre', 'decembre', 'diciembre', 'dicembre', 'dezembro'],
];
OTHER_MONTHS.forEach((names, i) => {
  for (const n of names) MONTH_ALIASES[n] = i + 1;
});
const MONTH_RE = Object.keys(MONTH_ALIASES)
  .sort((a, b) => b.length - a.length)
  .map(escapeRegex)
  .join('|');

/** `$` and `¥` name several currencies: kept as the symbol, matched to any of them (see `sameCurrency`). */
const CURRENCY_SYMBOLS: Record<string, string> = {
  $: '$',
  '¥': '¥',
  R: 'ZAR',
  US$: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '₹': 'INR',
  C$: 'CAD',
  A$: 'AUD',
  NZ$: 'NZD',
  CHF: 'CHF',
  kr: 'SEK',
  zł: 'PLN',
  '₱': 'PHP',
  '฿': 'THB',
  '₩': 'KRW',
  '₺': 'TRY',
  '₪': 'ILS',
  '₫': 'VND',
};
const CURRENCY_WORDS: Record<string, string> = {
  dollar: '$',
  dollars: '$',
  euro: 'EUR',
  euros: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  franc: 'CHF',
  francs: 'CHF',
};
// "PHP" is also a programming language ("PHP 8"): the peso's code only before two digits or more.
const CODES =
  'USD|EUR|GBP|CHF|JPY|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|INR|CNY|HKD|SGD|ZAR|BRL|MXN|THB|KRW|TRY|ILS|VND|MYR|IDR|TWD|AED|KES|HUF|ISK|PHP(?=\\s?\\d{2})';
const SYMBOL_RE = '(?:US\\$|C\\$|A\\$|NZ\\$|\\$|€|£|¥|₹|₱|฿|₩|₺|₪|₫|(?<![\\p{L}\\p{N}])R(?=\\s?\\d))';
const NUM = "\\d{1,3}(?:[.,\\u00A0\\u202F' ]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?";
const NUM_TIGHT = '\\d{1,3}(?:[.,]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d+)?';

const MONEY_BEFORE = new RegExp(`(${SYMBOL_RE}|\\b(?:${CODES})(?![A-Za-z]))\\s?(${NUM})(?![\\d%])`, 'gu');
const MONEY_AFTER = new RegExp(
  `(?<![\\d.,])(${NUM})\\s?(${SYMBOL_RE}|\\b(?:${CODES})\\b|\\b(?:${Object.keys(CURRENCY_WORDS).join('|')})\\b)`,
  'giu',
);
const PERCENT = new RegExp(
  `(?<![\\d.,])(${NUM_TIGHT})\\s?(?:%|\\s?per\\s?cent\\b|\\s?percent\\b|\\s?pct\\b)`,
  'giu',
);
const ORD = '(?:st|nd|rd|th|er|e|\\.)?';
const DATE_ISO = /\b((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})\b/g;
const DATE_NUMERIC = /(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)?\d{2})(?!\d|[/.]\d)/g;
const DATE_DAY_MONTH = new RegExp(
  `\\b(\\d{1,2})${ORD}\\s*(?:of\\s+|de\\s+)?(${MONTH_RE})(?:\\.(?=,?\\s*\\d))?(?:,?\\s+((?:19|20)\\d{2})(?![\\d-]))?(?![\\p{L}])`,
  'giu',
);
const DATE_MONTH_DAY = new RegExp(
  `(?<![\\p{L}])(${MONTH_RE})\\.?\\s+(\\d{1,2})${ORD}(?!\\d|:\\d)(?:,?\\s+((?:19|20)\\d{2})(?![\\d-]))?`,
  'giu',
);
const DATE_MONTH_YEAR = new RegExp(`(?<![\\p{L}])(${MONTH_RE})\\.?,?\\s+((?:19|20)\\d{2})\\b`, 'giu');
/** A month named alone: capitalised, and not "May" or "March" (verbs) unless a date form caught them. */
const MONTH_ALONE = new RegExp(
  `(?<![\\p{L}])(${MONTHS.filter((m) => m !== 'may' && m !== 'march')
    .map((m) => m[0]?.toUpperCase() + m.slice(1))
    .join('|')})(?![\\p{L}])`,
  'gu',
);
const TIME_CLOCK = /(?<![\d.,:])([01]?\d|2[0-3])[:.h]([0-5]\d)(?:\s?([ap])(?:\.m\.|m))?(?![\d])/giu;
const TIME_AMPM = /(?<![\d.,:])(1[0-2]|0?[1-9])\s?([ap])(?:\.m\.|m)(?![\p{L}])/giu;
const ALWAYS = /(?<![\d/])24\s?\/\s?7(?![\d/])/g;
const CODE =
  /(?<![\p{L}\p{N}_#@/.-])(?=[\p{L}\d-]*\p{L})(?=[\p{L}\d-]*\d)[\p{L}\d]+(?:-[\p{L}\d]+)*(?![\p{L}\p{N}_])/gu;
const UNIT_SUFFIX =
  /^(\d+(?:[.,]\d+)?)(st|nd|rd|th|k|m|mm|cm|km|g|kg|l|ml|h|hr|hrs|min|mins|s|x|yr|yrs|ft|in|lb|lbs|oz|gb|tb|mb|w|kw|v)$/i;
/** Not a keycap emoji ("3️⃣" is a bullet). */
const PLAIN_NUMBER = new RegExp(`(?<![\\p{L}\\d.,_#@/-])(${NUM_TIGHT})(?![\\d\\p{L}\\uFE0F\\u20E3])`, 'gu');
const HANDLE = /(?<![\p{L}\p{N}_.@])@([A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?)/gu;
/** Spans whose digits are not claims: URLs, hashtags, e-mail addresses. */
const OPAQUE =
  /\b(?:https?:\/\/|www\.)\S+|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\p{L}\p{N}_&])#[\p{L}\p{N}_]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|de|fr|uk|nl|es|it|eu|shop|store|app)(?:\/\S*)?/giu;
const LIST_MARKER = /(^|\n)[ \t]*(\d{1,2})[.)](?=\s)/g;
const THREAD_COUNTER =
  /(?<![\d/])(\d{1,2})\s?\/\s?(\d{1,2})(?![\d/])(?=\s*$|\s*\n)|(^|\n)\s*(\d{1,2})\/(\d{1,2})(?=\s)/g;

function validDate(d: DateReading): boolean {
  if (d.month < 1 || d.month > 12) return false;
  if (d.day !== undefined && (d.day < 1 || d.day > 31)) return false;
  return true;
}

function year(y: string | undefined): number | undefined {
  if (!y) return undefined;
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

const SHARED_SYMBOLS: Record<string, readonly string[]> = {
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN'],
  '¥': ['JPY', 'CNY'],
};

/** True when two currency readings may be the same currency (`$` is any dollar). */
export function sameCurrency(a: string, b: string): boolean {
  if (a === b) return true;
  return (SHARED_SYMBOLS[a]?.includes(b) ?? false) || (SHARED_SYMBOLS[b]?.includes(a) ?? false);
}

const monthOf = (name: string): number => MONTH_ALIASES[name.toLowerCase().replace(/\.$/, '')] ?? 0;

/** Every claim in `text`, in order; overlapping readings resolved longest-first by kind priority. */
export const extractClaims: (text: string) => Claim[] = memo(findClaims);

function findClaims(text: string): Claim[] {
  const taken: { start: number; end: number }[] = [];
  const free = (s: number, e: number) => taken.every((t) => e <= t.start || s >= t.end);
  const claims: Claim[] = [];
  const take = (c: Claim) => {
    if (!free(c.start, c.end)) return;
    taken.push({ start: c.start, end: c.end });
    claims.push(c);
  };
  for (const m of text.matchAll(OPAQUE)) taken.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(LIST_MARKER)) {
    const at =
      m.index + (m[1] as string).length + m[0].slice((m[1] as string).length).indexOf(m[2] as string);
    taken.push({ start: at, end: at + (m[2] as string).length + 1 });
  }
  for (const m of text.matchAll(THREAD_COUNTER)) taken.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(HANDLE)) {
    take({
      kind: 'handle',
      raw: m[0],
      start: m.index,
      end: m.index + m[0].length,
      key: (m[1] as string).toLowerCase(),
    });
  }

  const span = (m: RegExpMatchArray) => ({
    raw: m[0].trim(),
    start: m.index as number,
    end: (m.index as number) + m[0].trimEnd().length,
  });
  for (const m of text.matchAll(DATE_ISO)) {
    take({
      kind: 'date',
      ...span(m),
      dates: [{ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }].filter(validDate),
    });
  }
  for (const m of text.matchAll(DATE_NUMERIC)) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = year(m[3]);
    const dates = [
      { day: a, month: b, year: y },
      { day: b, month: a, year: y },
    ].filter(validDate) as DateReading[];
    if (dates.length > 0) take({ kind: 'date', ...span(m), dates });
  }
  for (const m of text.matchAll(DATE_DAY_MONTH)) {
    const month = monthOf(m[2] as string);
    if (month)
      take({
        kind: 'date',
        ...span(m),
        dates: [{ day: Number(m[1]), month, ...(m[3] ? { year: Number(m[3]) } : {}) }],
      });
  }
  for (const m of text.matchAll(DATE_MONTH_DAY)) {
    const month = monthOf(m[1] as string);
    if (month)
      take({
        kind: 'date',
        ...span(m),
        dates: [{ day: Number(m[2]), month, ...(m[3] ? { year: Number(m[3]) } : {}) }],
      });
  }
  for (const m of text.matchAll(DATE_MONTH_YEAR)) {
    const month = monthOf(m[1] as string);
    if (month) take({ kind: 'date', ...span(m), dates: [{ month, year: Number(m[2]) }] });
  }
  for (const m of text.matchAll(MONTH_ALONE)) {
    take({ kind: 'date', ...span(m), dates: [{ month: monthOf(m[1] as string) }] });
  }
  for (const m of text.matchAll(MONEY_BEFORE)) {
    const sym = m[1] as string;
    take({
      kind: 'money',
      ...span(m),
      values: numeralValues(m[2] as string),
      currency: CURRENCY_SYMBOLS[sym] ?? sym.toUpperCase(),
    });
  }
  for (const m of text.matchAll(MONEY_AFTER)) {
    const sym = m[2] as string;
    // An ISO code is written in capitals: "1998\nTry our bread" names no Turkish lira.
    if (!CURRENCY_SYMBOLS[sym] && !CURRENCY_WORDS[sym.toLowerCase()] && sym !== sym.toUpperCase()) continue;
    const currency = CURRENCY_SYMBOLS[sym] ?? CURRENCY_WORDS[sym.toLowerCase()] ?? sym.toUpperCase();
    take({ kind: 'money', ...span(m), values: numeralValues(m[1] as string), currency });
  }
  for (const m of text.matchAll(PERCENT))
    take({ kind: 'percent', ...span(m), values: numeralValues(m[1] as string) });
  for (const m of text.matchAll(TIME_CLOCK)) {
    let h = Number(m[1]);
    if (m[3]?.toLowerCase() === 'p' && h < 12) h += 12;
    if (m[3]?.toLowerCase() === 'a' && h === 12) h = 0;
    take({ kind: 'time', ...span(m), minutes: h * 60 + Number(m[2]) });
  }
  for (const m of text.matchAll(TIME_AMPM)) {
    let h = Number(m[1]);
    if (m[2]?.toLowerCase() === 'p' && h < 12) h += 12;
    if (m[2]?.toLowerCase() === 'a' && h === 12) h = 0;
    take({ kind: 'time', ...span(m), minutes: h * 60 });
  }
  for (const m of text.matchAll(ALWAYS)) take({ kind: 'always_open', ...span(m) });
  for (const m of text.matchAll(CODE)) {
    const unit = UNIT_SUFFIX.exec(m[0]);
    if (unit) take({ kind: 'number', ...span(m), values: numeralValues(unit[1] as string) });
    else take({ kind: 'code', ...span(m), key: m[0].toLowerCase().replace(/[^\p{L}\p{N}]/gu, '') });
  }
  for (const m of text.matchAll(PLAIN_NUMBER))
    take({ kind: 'number', ...span(m), values: numeralValues(m[1] as string) });
  return claims.sort((a, b) => a.start - b.start);
}
