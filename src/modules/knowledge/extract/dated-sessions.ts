/**
 * Dates and dated sessions for the offers reader (page-offers.ts): a date label ("Saturday 8 March",
 * "6–8 January 2027", "Sat, 14 Feb") names a session of the item above it, a time ("7pm") or a
 * duration ("3 hr") names nothing, and an item priced once with its dates listed below it becomes one
 * variant per date, each with its own stock.
 */
import { MONTH } from '../entries/patterns.js';
import { collapseWhitespace } from './dom.js';
import { blockOf, dataRowOf, isStruck, type Line } from './page-lines.js';
import { readStock, type StockReading } from './stock.js';

const WEEKDAY = '(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?s?\\.?';
const MONTH_NAME = `${MONTH}\\.?`;
const TIME = String.raw`\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)?\s*(?:[–—-]|to|until)\s*(?:\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|h)|midnight|noon|midday|late|close)|\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2}`;
const NUMERIC_DATE = String.raw`\d{1,2}[/.]\d{1,2}(?:[/.](?:19|20)?\d{2})?`;
const DATE_WORDS = new RegExp(
  String.raw`\b(?:${NUMERIC_DATE}|${WEEKDAY}|${MONTH_NAME}|\d{1,2}(?:st|nd|rd|th)?|(?:19|20)\d{2}|(?:week|wk|session|term|block|intake|round)\s*\d{1,2}|to|until|till|and|from|through|thru|recurring)\b`,
  'gi',
);
const HAS_MONTH_DAY = new RegExp(
  String.raw`(?:\b\d{1,2}(?:st|nd|rd|th)?\s*(?:[–—-]\s*(?:${WEEKDAY}\s+)?\d{1,2}(?:st|nd|rd|th)?\s+)?${MONTH_NAME}\b|\b${MONTH_NAME}\s+\d{1,2}(?:st|nd|rd|th)?\b|\b${NUMERIC_DATE}\b)`,
  'i',
);

/**
 * A date or a date range with its time ("Saturday 8 March", "Mon 14 – Fri 18 April · 9am–12pm",
 * "6–10 January", "March 22"): a session or a dated place of the item named above, so a variant.
 * Returns the date part, or null.
 */
const NAMED_DAY = new RegExp(String.raw`\b(?:${WEEKDAY}|${MONTH_NAME})\b`, 'i');
const NUMERIC_DATES = new RegExp(NUMERIC_DATE, 'g');

export function dateLabel(label: string): string | null {
  if (!HAS_MONTH_DAY.test(label) || label.length > 60) return null;
  // Numbers alone ("1/2", "3/4") are fractions as often as dates: a range or a year says date.
  if (!NAMED_DAY.test(label)) {
    const numeric = label.match(NUMERIC_DATES) ?? [];
    if (numeric.length < 2 && !numeric.some((d) => /[/.]\d{1,2}[/.]\d{2,4}$/.test(d))) return null;
  }
  const times = new RegExp(TIME, 'gi');
  const withoutTimes = label.replace(times, ' ');
  const rest = withoutTimes.replace(DATE_WORDS, ' ').replace(/[\s·•|,/–—\-().@:]+/g, '');
  if (rest !== '') return null;
  const date = withoutTimes
    .split(/\s+[·•|]\s+/)[0]
    ?.replace(/\brecurring\b/gi, ' ')
    .replace(/[\s·•|,–—@-]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return date || null;
}

/**
 * A session's name from its label: the date, with its start time when the label gives one
 * ("Sat 12 Sep 2026, 09:00" and "…, 12:30" are two departures of one day, each with its own seats).
 */
export function sessionName(label: string): string | null {
  const date = dateLabel(label);
  if (!date) return null;
  const time = new RegExp(TIME, 'i').exec(label.slice(label.indexOf(date) + date.length));
  return time ? `${date}, ${time[0].trim()}` : date;
}

/**
 * A line that says when, not what: a date after "Starts" or "From" ("Starts 3 Apr"), or days of the
 * week alone ("Sat, Sun", "Mondays & Wednesdays").
 */
export function whenLine(text: string): boolean {
  const t = text.trim();
  if (WEEKDAYS_ONLY.test(t)) return true;
  const lead = SESSION_LEAD.exec(t)?.[0] ?? '';
  return lead.trim() !== '' && dateLabel(t.slice(lead.length)) !== null;
}

const WEEKDAYS_ONLY = new RegExp(String.raw`^${WEEKDAY}(?:\s*(?:[,&/+–-]|and|or|to)\s*${WEEKDAY})*$`, 'i');

/** A time of day or a span of times ("7pm", "10:00–12:00", "6.30pm"): when, not what. */
export const TIME_ONLY = new RegExp(
  String.raw`^(?:(?:${TIME})(?:\s*[–—-]\s*(?:${TIME}))?|(?:at|from)\s+(?:${TIME}))$`,
  'i',
);

/** How long, not what: "3 hr", "90 min", "1 hr 30 min", "2 hours", "5 days", "Half day" (a booking card's duration). */
export const DURATION_ONLY =
  /^(?:\d+(?:[.,]\d+)?\s*(?:h|hrs?|hours?|min|mins|minutes?)\.?(?:\s*\d+\s*(?:min|mins|minutes?)\.?)?|\d{1,2}\s*(?:days?|nights?|weeks?)|half[- ]day|full[- ]day|all[- ]day)$/i;

/**
 * The date in a card's detail line, alone or as one of its dotted parts ("Week 1 · Mon 5 – Fri 9 July
 * · ages 9–14"), or null.
 */
export function datePart(text: string): string | null {
  return (
    dateLabel(text) ??
    text
      .split(DOTTED)
      .map(dateLabel)
      .find((d) => d !== null) ??
    leadingDate(text)
  );
}

/**
 * The date a sentence opens with, up to a comma ("Thursday 31 December, 9pm till late, with the
 * band."): the longest run of its first comma-separated parts that is a date ("Thursday, January 21,
 * 2027, doors at 6").
 */
function leadingDate(text: string): string | null {
  const parts = text.split(/,\s+/);
  for (let k = Math.min(parts.length - 1, 3); k >= 1; k--) {
    const date = dateLabel(parts.slice(0, k).join(', '));
    if (date) return date;
  }
  return null;
}

/** Facts led by a date ("4–7 Jan · ages 8–12 · 2 nights"): when and for whom, a session's line. */
export function ledByDate(text: string): boolean {
  return dateLabel(text.split(DOTTED)[0] as string) !== null;
}

const DOTTED = /\s+[·•|]\s+/;

const SESSION_SEPARATOR = /\s+[—–|·•-]\s+|:\s+/g;
const SESSION_LEAD = /^(?:[•·▪◦*–-]\s*)?(?:(?:starts?|starting|begins?|from)\s+)?/i;
const DATES_INTRO =
  /^(?:[\w’'–-]+\s+){0,4}(?:dates?|weeks?|weekends?|sessions?|departures?|intakes?|terms?|schedule|coming up|upcoming|availability|runs|courses|classes|workshops|camps|tours|retreats)(?:\s+[\w’']+){0,2}:?$/i;
const PLACES_COUNT = /^\d{1,3}\s+(?:places?|spaces?|spots?|seats?)$/i;

/**
 * A line that is one dated session with its stock ("Saturday 8 March, 10am – 1pm — Sold out"); the
 * stock may follow what the session is about ("Thursday 23 April – Sicily – 8 places left").
 */
export function sessionLine(line: string): { date: string; stock: StockReading | null } | null {
  // A typed bullet and a verb before the date say nothing of it ("• Starts Sat 16 May — 5 places").
  const text = line.replace(SESSION_LEAD, '');
  const whole = dateLabel(text);
  if (whole) return { date: whole, stock: null };
  for (const m of [...text.matchAll(SESSION_SEPARATOR)].reverse()) {
    const date = dateLabel(text.slice(0, m.index));
    if (!date) continue;
    const rest = text.slice(m.index + m[0].length);
    const stock =
      readStock(rest) ??
      readStock(rest.split(SESSION_SEPARATOR).pop() ?? '') ??
      // A session's count of places alone ("13–17 July — 3 places") is how many are free.
      (PLACES_COUNT.test(rest.trim()) ? readStock(`${rest.trim()} left`) : null);
    if (stock) return { date, stock };
    // A short note after the date ("— Registration opens April 15", "– Sicily") still makes it a
    // session, one the page says nothing about the stock of.
    if (
      rest.length <= 60 &&
      rest.split(/\s+/).length <= 8 &&
      !/[.!?]\s/.test(rest) &&
      /\p{L}{2,}/u.test(rest)
    )
      return { date, stock: null };
  }
  // A booking widget's slot, its parts side by side with no separator ("Saturday 12 June 2027 10:00
  // 2 seats left Book"): the longest leading date, then its stock, its button aside.
  const words = text.split(/\s+/);
  for (let k = Math.min(words.length - 1, 8); k >= 2; k--) {
    const date = dateLabel(words.slice(0, k).join(' '));
    if (!date) continue;
    const rest = words.slice(k).join(' ').replace(SLOT_BUTTON, '').trim();
    if (rest === '') return { date, stock: null };
    const stock = readStock(rest);
    // A count may pass for a day ("10:00 2 seats left"): a shorter date may leave the stock whole.
    if (stock) return { date, stock };
  }
  return null;
}

/** A slot's button after its stock ("Book", "Full", "Book now", "Select"). */
const SLOT_BUTTON =
  /\s*\b(?:book(?: now)?|reserve|select|full|details|more info|buy tickets?|tickets?|register)$/i;

/**
 * Whether `other` sits in the card of the session line `session`: a small element around both that
 * holds no other dated line (a Wix repeater item: "6–8 January 2027" / "Sold out" / "Book now").
 */
function inSessionCard(session: Line, other: Line, lines: Line[]): boolean {
  // A table row is its session's card.
  const row = dataRowOf(session.el);
  if (row) return row.contains(other.el);
  let e = session.el.parentElement;
  for (let i = 0; e && i < 4; i++, e = e.parentElement) {
    if (!e.contains(other.el)) continue;
    const card = e;
    return !lines.some((l) => l !== session && card.contains(l.el) && sessionLine(l.text) !== null);
  }
  return false;
}

/**
 * Dates written as sentences after the price on its own line ("4 hours · A$210 per rider, picnic
 * lunch included. Sunday 7 February – only 2 places left. Sunday 21 February – booked out.").
 */
function sentenceSessions(line: Line): { date: string; stock: StockReading | null }[] {
  const last = line.prices[line.prices.length - 1];
  if (!last) return [];
  const sessions: { date: string; stock: StockReading | null }[] = [];
  for (const sentence of line.text.slice(last.end).split(/(?<=[.!?])\s+/)) {
    const session = sessionLine(sentence.trim().replace(/[.!]$/, ''));
    if (session) sessions.push(session);
  }
  return sessions;
}

interface Session {
  line: Line;
  date: string;
  stock: StockReading | null;
  cardLines: Line[];
}

/**
 * The dated session lines from line `from` on, within `span` lines: each date with its stock, on its
 * line or in its own card. A heading other than a date or an introduction of the dates ends them, as
 * does a price after them.
 */
function sessionsFrom(
  from: number,
  span: number,
  lines: Line[],
  claimed: ReadonlyMap<Line, unknown>,
): Session[] {
  const sessions: Session[] = [];
  // A badge printed before its session's date in the session's card ("Sold out" over "5 – 9 January
  // 2027" in a Wix repeater item): kept until that date's line.
  let ahead: Line[] = [];
  const leadsCard = (i: number, l: Line): boolean => {
    for (let j = i + 1; j < lines.length && j <= i + 2; j++) {
      const next = lines[j] as Line;
      if (claimed.has(next) || next.prices.length > 0) return false;
      if (sessionLine(next.text)) return inSessionCard(next, l, lines);
    }
    return false;
  };
  // `span` lines to find the first date; after that, the list goes on as long as dates keep coming.
  let reach = from + span;
  for (let i = from; i < lines.length && i < reach; i++) {
    const l = lines[i] as Line;
    if (claimed.has(l)) break;
    // A priced note that is no item ("Early drop-off is an extra $10 a day") may come between the
    // price and its dates; after the dates, any price ends them.
    if (l.prices.length > 0) {
      if (sessions.length > 0) break;
      continue;
    }
    // Dates may be the repeater's titles ("#### 11–15 January"); any other heading ends the list.
    // A heading that introduces them ("Summer 2027 weeks", "Upcoming dates") does not.
    if (l.heading !== null && !dateLabel(l.text) && !(sessions.length === 0 && DATES_INTRO.test(l.text)))
      break;
    const session = sessionLine(l.text) ?? rowSession(l);
    if (!session) {
      const last = sessions[sessions.length - 1];
      if (readStock(l.text) && leadsCard(i, l) && !(last && inSessionCard(last.line, l, lines))) {
        ahead.push(l);
        continue;
      }
      // A table row's cells read as lines of their own: a label before the row's date ("New Year" |
      // "28 December 2026 – 1 January 2027" | "Full") is the next session's.
      const row = dataRowOf(l.el);
      if (row && !(last && row.contains(last.line.el)) && rowSession(l)) {
        ahead.push(l);
        continue;
      }
      if (last && inSessionCard(last.line, l, lines)) {
        // The card's line may glue its fields ("7:30 PM 2 hr Pontoon 2 spots left Book"): each
        // field of its own says its stock too.
        last.stock ??=
          readStock(l.text) ??
          l.segments.map((sg) => readStock(l.text.slice(sg.start, sg.end).trim())).find((r) => r !== null) ??
          null;
        // The card's lines are the session's own (its "Full" button): no other session reads them.
        last.cardLines.push(l);
        continue;
      }
      if (sessions.length > 0) break;
      continue;
    }
    // A table row says its stock in a cell of its own ("Tue 9 Mar | 7:00 – 8:15 pm | Clara Ng | Full").
    const row = session.stock === null ? dataRowOf(l.el) : null;
    if (row) session.stock = rowCellStock(row);
    // A date struck through with no word of its own ("~~6–8 Jan~~"): that session is gone.
    const struck =
      session.stock === null &&
      l.segments.length > 0 &&
      l.segments.every((sg) => isStruck(sg.el, blockOf(l.el)));
    const badge = ahead.map((b) => readStock(b.text)).find((r) => r !== null) ?? null;
    sessions.push({
      line: l,
      ...session,
      stock: struck ? { state: 'out_of_stock', text: l.text, availableFrom: null } : (session.stock ?? badge),
      cardLines: ahead,
    });
    ahead = [];
    reach = Math.max(reach, i + span);
  }
  return sessions;
}

/**
 * A table row whose date sits in a cell of its own after a label ("New Year | 28 December 2026 –
 * 1 January 2027 | Full – waitlist only"): that date is the session.
 */
function rowSession(line: Line): { date: string; stock: StockReading | null } | null {
  const row = dataRowOf(line.el);
  if (!row) return null;
  for (const cell of Array.from(row.children)) {
    const date = dateLabel(collapseWhitespace(cell.textContent ?? ''));
    if (date) return { date, stock: null };
  }
  return null;
}

/** The stock the first cell of a table row that states one says. */
function rowCellStock(row: Element): StockReading | null {
  for (const cell of Array.from(row.children)) {
    const reading = readStock(cell.textContent ?? '');
    if (reading) return reading;
  }
  return null;
}

/** What `datedSessions` needs of an item. */
export interface SessionItem {
  variant: string | null;
  price: number | null;
  lines: Line[];
  rowStock: StockReading | null;
}

/**
 * An item priced once with its dates listed below it ("$95 per person." then "Saturday 8 March —
 * Sold out", "Saturday 22 March — 3 places left"): each date is a variant at that price, with its own
 * stock, on the date's line or in the date's own card. Two dates at least, or one with its own stock;
 * the list ends at the next price, title or item.
 */
export function datedSessions<T extends SessionItem>(
  items: T[],
  lines: Line[],
  claimed: ReadonlyMap<Line, unknown>,
): T[] {
  const out: T[] = [];
  for (const item of items) {
    const priceLine = item.lines[0] as Line;
    // A duration is no option the dates could be of ("2 hours · A$120 per rider" over its dates).
    const variant = item.variant && !DURATION_ONLY.test(item.variant) ? item.variant : null;
    if (variant || item.price === null || dataRowOf(priceLine.el)) {
      out.push(item);
      continue;
    }
    const inline = sentenceSessions(priceLine);
    if (inline.length >= 2 || (inline.length === 1 && inline[0]?.stock)) {
      for (const session of inline) out.push({ ...item, variant: session.date, rowStock: session.stock });
      continue;
    }
    let sessions = sessionsFrom(priceLine.index + 1, 12, lines, claimed);
    // An item's own page may list its sessions in a section of their own further down ("Upcoming
    // Sessions" under a Wix Bookings service, past "About the tour"): when it is the page's only
    // priced item, that section's dates are its sessions.
    if (sessions.length === 0 && items.length === 1) {
      const intro = lines.find(
        (l) => l.index > priceLine.index && l.heading !== null && DATES_INTRO.test(l.text),
      );
      if (intro) sessions = sessionsFrom(intro.index + 1, 24, lines, claimed);
    }
    // One date is a session when its line says its own stock ("Wednesday, March 25 — 1 place left").
    if (sessions.length < 2 && !(sessions.length === 1 && sessions[0]?.stock)) {
      out.push(item);
      continue;
    }
    for (const session of sessions)
      out.push({
        ...item,
        variant: session.date,
        // The session's card lines are its own: no other session of the item may read them.
        lines: [...item.lines, session.line, ...session.cardLines],
        rowStock: session.stock,
      });
  }
  return out;
}
