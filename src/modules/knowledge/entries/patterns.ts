/**
 * Text patterns the offline engine reads facts with: prices with currency and unit, phone numbers,
 * e-mail addresses, opening hours and calendar dates. Each returns offsets into the text it was given
 * so every fact can be cited as an exact span.
 */
import { findMoney } from '../extract/money.js';
import type { DayOfWeek } from '../extract/types.js';

/** A period of a course or a season ("Term 1", "Week 3", "Block 2"): when, not what. */
export const PERIOD_LABEL = /^(?:term|week|block|session|intake|round|semester|module)\s*\d{1,2}$/i;

/** A month's name, full or short ("Sep", "Sept", "September"): one pattern for every date reader. */
export const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

// ---------------------------------------------------------------------------------------------
// Prices

export interface PriceMatch {
  /** The price as written, unit included (`£12.50/m`, `from $99/month`). */
  text: string;
  start: number;
  end: number;
  amount: number;
  /** ISO 4217 code. */
  currency: string;
  /** Normalised unit (`m`, `hour`, `month`, `each`, `person`, …) or null. */
  unit: string | null;
  /** "from £220", "starts at $99": the lowest price of a range. */
  from: boolean;
  /**
   * What the words around the price say it is: a price to pay, a threshold ("orders over $75"), a
   * discount ("$5 off", "save A$26"), an add-on ("+$2.00") or an old or regular price ("was $24",
   * "RRP £30").
   */
  role: 'price' | 'threshold' | 'discount' | 'addon' | 'reference';
}

const UNIT_ALIASES: Record<string, string> = {
  m: 'm',
  metre: 'm',
  meter: 'm',
  metres: 'm',
  meters: 'm',
  lm: 'm',
  hr: 'hour',
  hrs: 'hour',
  hour: 'hour',
  h: 'hour',
  mo: 'month',
  month: 'month',
  yr: 'year',
  year: 'year',
  annum: 'year',
  week: 'week',
  wk: 'week',
  day: 'day',
  night: 'night',
  kg: 'kg',
  tonne: 'tonne',
  ton: 'tonne',
  each: 'each',
  ea: 'each',
  person: 'person',
  people: 'person',
  head: 'person',
  pp: 'person',
  item: 'item',
};

/** Words that cannot be a unit after "a"/"per" (they start a new phrase instead). */
const NOT_UNITS = new Set([
  'and',
  'or',
  'the',
  'for',
  'with',
  'to',
  'of',
  'in',
  'on',
  'at',
  'by',
  'from',
  'discount',
  'surcharge',
  'deposit',
  'saving',
  'great',
  'good',
  'little',
  'lot',
  'bit',
  'few',
  'new',
  'free',
  'full',
]);

function normaliseUnit(word: string): string {
  const w = word.toLowerCase().replace(/\.$/, '');
  return UNIT_ALIASES[w] ?? w.replace(/s$/, '');
}

const FROM_BEFORE =
  /(?:\bfrom|\bstarting (?:at|from)|\bstarts? (?:at|from)|\bprices? (?:start )?from|\bab|\bvanaf|\bdès|\bà partir de|\bdesde)\s*:?\s*$/i;
const THRESHOLD_BEFORE =
  /(?:\bover|\babove|\bunder|\bbelow|\bup to|\bmore than|\bless than|\bexceeding|\borders? of|\bspend(?:ing)?(?: of)?|\bminimum(?: order)?(?: of)?|\bworth|\bthreshold(?: of)?|\borders? (?:above|over))\s*$/i;
const DISCOUNT_BEFORE = /(?:\bsave|\bsaving|\byou save|\bsavings? of|\bget|\btake)\s*:?\s*$/i;
// "$5 back", not "75,- Back in June" (a stock note after the price).
const DISCOUNT_AFTER =
  /^\s*(?:off\b|discount\b|saving\b|cashback\b|back\b(?!\s+(?:in|on|from|by|soon|next|when|early|mid|late|again)\b)|credit\b)/i;
const REFERENCE_BEFORE =
  /(?:\bwas|\boriginal(?:ly)?(?: price)?(?: was)?|\bregular(?:ly)?(?: price)?(?: is| was)?|\busual(?:ly)?(?: price)?|\bnormal(?:ly)?(?: price)?|\brrp|\bmsrp|\bsrp|\blist price|\bcompare at|\bretail(?: price)?|\bold price)\s*:?\s*$/i;

/** Unit right after a price: `/m`, `per metre`, `a slab`, `each`, `+ VAT` is skipped. */
function readUnit(text: string, from: number): { unit: string | null; end: number } {
  const rest = text.slice(from);
  let m = /^\s?\/\s?([A-Za-z]{1,10})\b/.exec(rest);
  // "Junior $65 / Senior $85": a slash between two priced options separates them; a capitalised
  // word set off by spaces is the next option's name, not a unit ("$12 / month" is one).
  const separator =
    m &&
    (/^\s*\p{Sc}|^\s*\d/u.test(rest.slice(m[0].length)) ||
      (/^\s\/\s/.test(rest) &&
        /^\p{Lu}/u.test(m[1] as string) &&
        !UNIT_ALIASES[(m[1] as string).toLowerCase()]));
  if (m && !separator) return { unit: normaliseUnit(m[1] as string), end: from + m[0].length };
  // On the price's own line ("$85.00\n\nA tall vase" has no unit), "per" any case, "a"/"an" lower case.
  m = /^[ \t\u00a0]+(?:[Pp]er|PER|a|an)[ \t\u00a0]+([A-Za-z]{2,12})\b/.exec(rest);
  if (m && !NOT_UNITS.has((m[1] as string).toLowerCase()))
    return { unit: normaliseUnit(m[1] as string), end: from + m[0].length };
  m = /^[ \t\u00a0]+(each|ea\.?|pp|per person|per head)\b/i.exec(rest);
  if (m) return { unit: normaliseUnit((m[1] as string).replace(/^per /i, '')), end: from + m[0].length };
  return { unit: null, end: from };
}

/**
 * Every price in `text`, in order, with what the surrounding words say about it. `currencyHint` is
 * the page's currency, for a bare `$` (see extract/money.ts).
 */
export function findPrices(text: string, currencyHint?: string | null): PriceMatch[] {
  return findMoney(text, { currencyHint: currencyHint ?? null }).map((m) => {
    const before = text.slice(Math.max(0, m.start - 40), m.start);
    const fromMatch = FROM_BEFORE.exec(before);
    const { unit, end: unitEnd } = readUnit(text, m.end);
    // "+$2.00" and "Add €2 for beach clean-ups": an amount added to something else.
    const role: PriceMatch['role'] = /(?:\+|\badd(?:s|ing)?)\s*$/i.test(before)
      ? 'addon'
      : THRESHOLD_BEFORE.test(before)
        ? 'threshold'
        : DISCOUNT_BEFORE.test(before) ||
            DISCOUNT_AFTER.test(text.slice(unitEnd, unitEnd + 20)) ||
            // A minus sign of its own before the amount ("-5,00 €", "−$10"): taken off, not paid.
            /(?:^|[\s(])[-−]$/.test(before)
          ? 'discount'
          : REFERENCE_BEFORE.test(before)
            ? 'reference'
            : 'price';
    const s = fromMatch
      ? m.start - fromMatch[0].length + (fromMatch[0].length - fromMatch[0].trimStart().length)
      : m.start;
    return {
      text: text.slice(s, unitEnd),
      start: s,
      end: unitEnd,
      amount: m.amount,
      currency: m.currency,
      unit,
      from: !!fromMatch,
      role,
    };
  });
}

const DISPLAY_SYMBOLS: Record<string, string> = {
  GBP: '£',
  USD: '$',
  EUR: '€',
  JPY: '¥',
  AUD: 'A$',
  CAD: 'CA$',
  NZD: 'NZ$',
  ZAR: 'R',
};

/** `£12.50`, `$1,850.00` as a display string for an amount. */
export function formatPrice(amount: number, currency: string): string {
  const symbol = DISPLAY_SYMBOLS[currency];
  const fixed = Number.isInteger(amount) ? String(amount) : amount.toFixed(2);
  const grouped = fixed.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return symbol ? `${symbol}${grouped}` : `${grouped} ${currency}`;
}

// ---------------------------------------------------------------------------------------------
// Contact points

export interface TextMatch {
  text: string;
  start: number;
  end: number;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

export function findEmails(text: string): TextMatch[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
}

const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,6}){1,4}/g;
const PHONE_CONTEXT = /\b(?:call|phone|tel|telephone|ring|mobile|text|whatsapp|fax|on)\b[^\n]{0,25}$/i;

/**
 * Phone numbers: 9-15 digits, starting with `+`, `(` or `0`, or with a phone word just before
 * (call, phone, tel …). Numbers inside URLs are ignored (the visible text carries them).
 */
export function findPhones(text: string): TextMatch[] {
  const out: TextMatch[] = [];
  for (const m of text.matchAll(PHONE)) {
    const raw = m[0].replace(/[\s.-]+$/, '');
    const digits = raw.replace(/\D/g, '');
    if (digits.length < 9 || digits.length > 15) continue;
    const before = text.slice(Math.max(0, m.index - 40), m.index);
    if (/[:/\w]$/.test(before) && !/\s$/.test(before) && !/\($/.test(before)) continue; // tel:+44…, part of a word or URL
    if (/\]\([^)]*$/.test(before)) continue; // inside a Markdown link target
    const starts = /^[+(0]/.test(raw);
    if (!starts && !PHONE_CONTEXT.test(before)) continue;
    if (/^(?:19|20)\d{2}\b/.test(raw)) continue; // a year range, not a number
    out.push({ text: raw, start: m.index, end: m.index + raw.length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Opening hours

export interface HoursMatch {
  text: string;
  start: number;
  end: number;
  days: DayOfWeek[];
  /** `HH:MM`, or null when closed. */
  opens: string | null;
  closes: string | null;
  closed: boolean;
  /**
   * The rule is for part of the year only: its clause names a month or season, an exception or a
   * holiday ("except in March, when the store opens every day …").
   */
  seasonal: boolean;
}

const WEEK: DayOfWeek[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
// German-speaking sites abbreviate days in two letters even on English pages ("Mo–Fr 9:00–18:00
// Uhr"); they count only when written capitalised before a dash, a comma, a colon or a time.
const ENGLISH_DAY = String.raw`(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?\.?`;
const GERMAN_DAYS = ['mo', 'di', 'mi', 'do', 'fr', 'sa', 'so'];
const GERMAN_DAY = String.raw`(?:${GERMAN_DAYS.map((d) => `${(d[0] as string).toUpperCase()}${d[1]}`).join('|')})\.?`;
/** A day's name as a day spec is parsed. */
const DAY_NAME = `${ENGLISH_DAY}|${GERMAN_DAY}`;
/** A day's name as it is found in text: a German one only before a dash, a comma, a colon or a time. */
const DAY = String.raw`(?:${ENGLISH_DAY}|${GERMAN_DAY}(?=\s*(?:-|–|—|bis\b|,|:|&|\d)))`;
const DAY_RANGE = String.raw`${DAY}(?:\s*(?:-|–|—|to|through|thru|until|till|bis)\s*${DAY})?`;
const DAY_SPEC = String.raw`(?:weekdays|weekends|daily|every day|(?:7|seven) days(?: a week)?|${DAY_RANGE}(?:\s*(?:,|and|&)\s*${DAY_RANGE})*)(?:\s*(?:,|and|&)\s*(?:(?:bank|public|statutory|stat) )?holidays)?`;
// "10h", "19h30": the hour mark of French, Portuguese and Belgian sites; "0830": a 24-hour clock
// written without its colon.
const TIME = String.raw`(?:(?:12\s*)?noon|midday|(?:12\s*)?midnight|(?:[01]\d|2[0-4])[0-5]\d(?:\s*hrs?)?(?!\d)|\d{1,2}(?:[:.]\d{2}|h(?:\d{2})?)?\s*(?:am|pm|a\.m\.|p\.m\.)?)`;
const TIME_RANGE = String.raw`(${TIME})\s*(?:-|–|—|to|until|till)\s*(${TIME})`;
const HOURS_RULE = new RegExp(
  String.raw`\b(${DAY_SPEC})\b(?:\s*(?:\||:|,|·|•|from|-|–|—)?\s*)(?:${TIME_RANGE}|(closed))`,
  'gi',
);
/** The time before the days: "8am–5pm, seven days a week", "9:00–17:00 Monday to Friday". */
const TIME_FIRST_RULE = new RegExp(
  String.raw`(?<![\d:.])${TIME_RANGE}\s*(?:,|on|every)?\s*\b(${DAY_SPEC})\b`,
  'gi',
);

/** "Thu till 8", "Fridays until 9pm": one day's later close. */
const UNTIL_RULE = new RegExp(
  String.raw`\b(${DAY_RANGE})\s+(?:open\s+)?(?:till|until|til|'til|to)\s+(\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)?)(?![\d:.])`,
  'gi',
);
/** "closed Sunday through Tuesday", "closed on Mondays". */
const CLOSED_DAYS = new RegExp(String.raw`\bclosed(?:\s+(?:on|every|all day))?\s+(${DAY_SPEC})\b`, 'gi');
const SEASONAL =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|autumn|fall|winter|season\w*|except|holidays?|christmas|easter|term[- ]time|school holidays|bank holidays?)\b/i;

/** A span of months or a season written after a rule: "May to October", "in summer", "(seasonal)". */
const SEASON_AFTER = new RegExp(
  String.raw`^[\s,;(–—-]*(?:(?:from\s+)?${MONTH}\s*(?:to|-|–|—|through|until|till)\s*${MONTH}\b|(?:in|during|over|through)\s+(?:the\s+)?(?:summer|winter|spring|autumn|fall)(?:\s+months)?\b|seasonal\b|(?:summer|winter)\s+only\b)`,
  'i',
);

function dayIndex(token: string): number {
  const t = token.toLowerCase().replace(/\.$/, '');
  if (t.length === 2) return GERMAN_DAYS.indexOf(t);
  return ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(t.slice(0, 3));
}

const LOWER_SHORT_DAY = new RegExp(String.raw`(?:^|[^\p{L}])(?:${GERMAN_DAYS.join('|')})\.?(?![\p{L}])`, 'u');

/** A day spec naming a two-letter day in lower case ("so 10–15") is prose, not German days. */
function lowerCaseShortDay(spec: string): boolean {
  return LOWER_SHORT_DAY.test(spec);
}

/** Days named by a day spec: `Monday to Friday`, `Mon–Fri`, `Saturday and Sunday`, `weekdays`. */
export function parseDaySpec(spec: string): DayOfWeek[] {
  const s = spec.toLowerCase();
  if (s.includes('weekday')) return WEEK.slice(0, 5);
  if (s.includes('weekend')) return WEEK.slice(5);
  if (s.includes('daily') || s.includes('every day') || s.includes('7 days') || s.includes('seven days'))
    return [...WEEK];
  const days = new Set<number>();
  for (const part of s.split(/\s*(?:,|\band\b|&)\s*/)) {
    const range = new RegExp(
      String.raw`(${DAY_NAME})\s*(?:-|–|—|to|through|thru|until|till|bis)\s*(${DAY_NAME})`,
      'i',
    ).exec(part);
    if (range) {
      const a = dayIndex(range[1] as string);
      const b = dayIndex(range[2] as string);
      if (a < 0 || b < 0) continue;
      for (let i = a; ; i = (i + 1) % 7) {
        days.add(i);
        if (i === b) break;
      }
      continue;
    }
    const single = new RegExp(`^\\s*(?:${DAY_NAME})`, 'i').exec(part) ?? new RegExp(DAY, 'i').exec(part);
    if (single) {
      const i = dayIndex(single[0]);
      if (i >= 0) days.add(i);
    }
  }
  return [...days].sort((a, b) => a - b).map((i) => WEEK[i] as DayOfWeek);
}

/** `8am` → `08:00`, `4:30pm` → `16:30`, `17.00` → `17:00`, `noon` → `12:00`; null when unreadable. */
export function parseClock(text: string, assumePm = false): string | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, '');
  if (t === 'noon' || t === '12noon' || t === 'midday') return '12:00';
  if (t === 'midnight' || t === '12midnight') return '24:00';
  const hhmm = /^(\d{2})(\d{2})(?:hrs?)?$/.exec(t);
  if (hhmm) return Number(hhmm[1]) <= 24 && Number(hhmm[2]) <= 59 ? `${hhmm[1]}:${hhmm[2]}` : null;
  const m = /^(\d{1,2})(?:[:.h](\d{2})|h)?(am|pm|a\.m\.|p\.m\.)?$/.exec(t);
  if (!m) return null;
  let h = Number(m[1]);
  const min = m[2] ?? '00';
  const suffix = m[3]?.replace(/\./g, '');
  if (h > 24 || Number(min) > 59) return null;
  if (suffix === 'pm' && h < 12) h += 12;
  if (suffix === 'am' && h === 12) h = 0;
  if (!suffix && assumePm && h < 12) h += 12;
  return `${String(h).padStart(2, '0')}:${min}`;
}

/** The hour of a written time: "8" of "8.30", "17" of "17h30" and of "1730". */
const hour = (x: string) => {
  const t = x.trim();
  return Number(/^\d{4}/.test(t) ? t.slice(0, 2) : t.split(/[:.h]/)[0]);
};

/** A time that can only be a clock time: "8.30", "10h", "5pm", "noon", "0830". */
const CLOCK_LIKE = /[:.]\d{2}|\dh|am|pm|a\.m\.|p\.m\.|noon|midday|midnight|^\s*\d{4}(?:\s*hrs?)?\s*$/i;

/** A second period straight after a rule's time ("9:00–13:00 / 14:30–19:30", "9–12.30 and 2–5.30"). */
const LATER_PERIOD = new RegExp(String.raw`^\s*(?:/|,|;|&|\+|and|\|)?\s*${TIME_RANGE}`, 'i');

/**
 * The periods after a rule's first one on the same days, each opening after the one before closed
 * (a break): "Tue–Fri 9:00–13:00 / 14:30–19:30". Times that are no clock ("2–4 people") are not read.
 */
function laterPeriods(text: string, source: string, rule: HoursMatch): HoursMatch[] {
  const out: HoursMatch[] = [];
  let last = rule;
  for (;;) {
    const m = LATER_PERIOD.exec(text.slice(last.end));
    if (!m) break;
    const a = m[1] as string;
    const b = m[2] as string;
    const afternoon = !/am|pm/i.test(a + b) && hour(a) < hour(last.closes as string);
    const opens = parseClock(a, afternoon);
    const closes = parseClock(b, afternoon || (/pm/i.test(b) && !/am|pm/i.test(a)));
    if (!opens || !closes || !(CLOCK_LIKE.test(a) || CLOCK_LIKE.test(b) || afternoon)) break;
    // The evening's period may close in the small hours ("20:00 – 1:30").
    const pastMidnight = closes <= opens && closes < '06:00';
    if (opens <= (last.closes as string) || (closes <= opens && !pastMidnight)) break;
    const start = last.end + m.index + m[0].indexOf(a);
    const end = last.end + m[0].length;
    last = { ...rule, text: source.slice(start, end), start, end, opens, closes };
    out.push(last);
  }
  return out;
}

/** Opening-hours rules in `text`: "Monday to Friday 8am–4pm", "Sat: 8am–2pm", "Sunday | Closed". */
export function findHours(source: string): HoursMatch[] {
  // Emphasis marks ("**Tuesday** — 11am–2:30pm") are blanked out; offsets stay those of `source`.
  const text = source.replace(/\*{1,3}|_{2,3}/g, (m) => ' '.repeat(m.length));
  const out: HoursMatch[] = [];
  const seasonal = (start: number, end = start) => {
    // The clause the rule sits in: back to the previous rule or sentence end, and on to the sentence's
    // end for a span of months or a season ("every Saturday from 8 am to 1 pm, May to October").
    const before = text.slice(Math.max(0, start - 120), start);
    const clause = before.slice(Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n')) + 1);
    const after = text.slice(end, end + 80).split(/[.!?]\s|\n/)[0] ?? '';
    return SEASONAL.test(clause) || SEASON_AFTER.test(after);
  };
  for (const m of text.matchAll(CLOSED_DAYS)) {
    const days = parseDaySpec(m[1] as string);
    if (days.length === 0) continue;
    out.push({
      text: source.slice(m.index, m.index + m[0].length),
      start: m.index,
      end: m.index + m[0].length,
      days,
      opens: null,
      closes: null,
      closed: true,
      seasonal: seasonal(m.index, m.index + m[0].length),
    });
  }
  for (const m of text.matchAll(HOURS_RULE)) {
    const days = parseDaySpec(m[1] as string);
    if (days.length === 0 || lowerCaseShortDay(m[1] as string)) continue;
    if (out.some((o) => m.index < o.end && m.index + m[0].length > o.start)) continue;
    if (m[4]) {
      out.push({
        text: source.slice(m.index, m.index + m[0].length),
        start: m.index,
        end: m.index + m[0].length,
        days,
        opens: null,
        closes: null,
        closed: true,
        seasonal: seasonal(m.index, m.index + m[0].length),
      });
      continue;
    }
    const a = m[2] as string;
    const b = m[3] as string;
    // A bare "8 to 12" is a count, not a time: one side needs am/pm, a colon, an hour mark or a
    // word time, or the range must run past noon ("Sat 9–1", "Mon–Fri 8–5.30").
    // A 24-hour clock ("15:00-00:30", "12.00 – 01.00") closing below its opening closes past
    // midnight, not in the afternoon.
    const clock24Close = hour(a) >= 13 || /^0\d/.test(b.trim());
    const wraps = !/am|pm/i.test(a + b) && hour(b) < hour(a) && hour(b) <= 12 && !clock24Close;
    // "Tuesday–Friday 10–18": a range that ends past noon is a 24-hour clock, not a count.
    const clock24 = !/am|pm/i.test(a + b) && hour(b) > hour(a) && hour(b) >= 13 && hour(b) <= 24;
    if (!wraps && !clock24 && !CLOCK_LIKE.test(a) && !CLOCK_LIKE.test(b)) continue;
    // A closing hour below the opening one, with no am/pm, is in the afternoon ("8–5.30" is 17:30).
    const closes = wraps ? parseClock(b, true) : parseClock(b);
    // "9-5pm": the opening time takes the closing time's half of the day when that makes sense.
    let opens = parseClock(a);
    // "4–7 pm" is 16:00–19:00; "9–5pm" stays 09:00–17:00, as 21:00 would be after it closes.
    if (opens && closes && !/am|pm/i.test(a) && /pm/i.test(b)) {
      const pm = parseClock(a, true);
      if (pm && pm < closes && hour(a) < 12) opens = pm;
    }
    if (!opens || !closes) continue;
    const rule: HoursMatch = {
      text: source.slice(m.index, m.index + m[0].length),
      start: m.index,
      end: m.index + m[0].length,
      days,
      opens,
      closes,
      closed: false,
      seasonal: seasonal(m.index, m.index + m[0].length),
    };
    out.push(rule, ...laterPeriods(text, source, rule));
  }
  for (const m of text.matchAll(TIME_FIRST_RULE)) {
    if (out.some((o) => m.index < o.end && m.index + m[0].length > o.start)) continue;
    const days = parseDaySpec(m[3] as string);
    const a = m[1] as string;
    const b = m[2] as string;
    if (days.length === 0 || lowerCaseShortDay(m[3] as string)) continue;
    if (!CLOCK_LIKE.test(a) && !CLOCK_LIKE.test(b)) continue;
    const closes = parseClock(b);
    let opens = parseClock(a);
    if (opens && closes && !/am|pm/i.test(a) && /pm/i.test(b)) {
      const pm = parseClock(a, true);
      if (pm && pm < closes && hour(a) >= hour(b)) opens = pm;
    }
    if (!opens || !closes) continue;
    out.push({
      text: source.slice(m.index, m.index + m[0].length),
      start: m.index,
      end: m.index + m[0].length,
      days,
      opens,
      closes,
      closed: false,
      seasonal: seasonal(m.index, m.index + m[0].length),
    });
  }
  // A later close on one day of a rule ("Tue–Fri 10–6 (Thu till 8 for knit night)"): that day opens
  // as the rule says and closes later.
  for (const m of text.matchAll(UNTIL_RULE)) {
    if (out.some((o) => m.index < o.end && m.index + m[0].length > o.start)) continue;
    const days = parseDaySpec(m[1] as string);
    const base = out
      .filter((o) => !o.closed && o.end <= m.index && days.every((d) => o.days.includes(d)))
      .pop();
    if (days.length === 0 || !base?.opens) continue;
    const b = m[2] as string;
    const closes = parseClock(b, Number(b.split(/[:.h]/)[0]) < Number(base.opens.slice(0, 2)));
    if (!closes || closes <= base.opens) continue;
    out.push({
      text: source.slice(m.index, m.index + m[0].length),
      start: m.index,
      end: m.index + m[0].length,
      days,
      opens: base.opens,
      closes,
      closed: false,
      seasonal: base.seasonal,
    });
  }
  return out.sort((x, y) => x.start - y.start);
}

// ---------------------------------------------------------------------------------------------
// Dates

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
const DATE_DMY = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(${MONTH})\.?(?:,?\s+(\d{4}))?\b`, 'gi');
const DATE_MDY = new RegExp(String.raw`\b(${MONTH})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`, 'gi');
const DATE_ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

export interface DateMatch {
  text: string;
  start: number;
  end: number;
  /** `YYYY-MM-DD`, or `--MM-DD` when the text names no year (and none follows in it). */
  date: string;
}

function monthNumber(name: string): number {
  const n = name.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(n)) + 1;
}

/**
 * Calendar dates in `text` ("1 December 2026", "March 1", "April 30, 2027", "2026-12-01"). A date
 * without a year takes the year of the next dated mention in the same text ("between March 1 and
 * April 30, 2027").
 */
export function findDates(text: string): DateMatch[] {
  const raw: { start: number; end: number; text: string; y: number | null; m: number; d: number }[] = [];
  const push = (start: number, t: string, y: string | undefined, m: number, d: number) => {
    if (m < 1 || d < 1 || d > 31) return;
    if (raw.some((r) => start < r.end && start + t.length > r.start)) return;
    raw.push({ start, end: start + t.length, text: t, y: y ? Number(y) : null, m, d });
  };
  for (const m of text.matchAll(DATE_ISO)) push(m.index, m[0], m[1], Number(m[2]), Number(m[3]));
  for (const m of text.matchAll(DATE_DMY))
    push(m.index, m[0], m[3], monthNumber(m[2] as string), Number(m[1]));
  for (const m of text.matchAll(DATE_MDY))
    push(m.index, m[0], m[3], monthNumber(m[1] as string), Number(m[2]));
  raw.sort((a, b) => a.start - b.start);
  return raw.map((r, i) => {
    const year = r.y ?? raw.slice(i + 1).find((n) => n.y !== null)?.y ?? null;
    const mm = String(r.m).padStart(2, '0');
    const dd = String(r.d).padStart(2, '0');
    return { text: r.text, start: r.start, end: r.end, date: year ? `${year}-${mm}-${dd}` : `--${mm}-${dd}` };
  });
}
