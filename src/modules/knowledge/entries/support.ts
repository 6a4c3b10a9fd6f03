/**
 * The rule that keeps extraction honest: every machine-made entry cites an exact span of its source
 * page, and the answer says nothing the span does not. `checkSupport` is run on every entry before it
 * is stored, whichever engine made it; the database refuses extracted rows without a span too.
 *
 * - The span must really be in the page: `page[field].slice(start, end) === text`, or the text must
 *   occur in the page when both are normalised (then the offsets are corrected).
 * - Hard facts of the answer must all be in the span: every number (by value: `£1,850.00` = `1850`),
 *   clock time (`4:30pm` = `16:30`), e-mail address and phone number. One missing hard fact makes the
 *   entry unsupported: this is what stops an invented price.
 * - Most of the answer's other words must be in the span too (light stemming): at least 60% or all
 *   but two of them is supported; from 35% the entry is kept with its confidence lowered ("weak");
 *   below that it is unsupported.
 */

import { contentWords, locateInSource, normalizeForMatch, normalizeText } from './normalize.js';
import { parseClock } from './patterns.js';

export type SupportField = 'markdown' | 'structured';

/** Exact text of the source page that supports an answer, with its offsets. */
export interface SupportSpan {
  /** `markdown`: the page's Markdown; `structured`: the page's stored structured-data JSON. */
  field: SupportField;
  start: number;
  end: number;
  text: string;
}

/** What of a stored page support spans are checked against. */
export interface PageText {
  markdown: string;
  /** The page's `structured` column as stored (JSON text). */
  structured: string;
}

export type SupportStatus = 'supported' | 'weak' | 'unsupported';

export interface SupportCheck {
  status: SupportStatus;
  /** The span with offsets corrected to where the text really is, or null when it is not in the page. */
  span: SupportSpan | null;
  /** Share of the answer's content words found in the span (0-1). */
  coverage: number;
  /** What is missing, for logs and tests. */
  problems: string[];
}

/** The span if it is in the page (offsets corrected when the text is found elsewhere), else null. */
export function spanInPage(page: PageText, span: SupportSpan): SupportSpan | null {
  const source = span.field === 'structured' ? page.structured : page.markdown;
  if (typeof span.text !== 'string' || span.text.trim() === '') return null;
  if (
    Number.isInteger(span.start) &&
    Number.isInteger(span.end) &&
    span.start >= 0 &&
    span.end <= source.length &&
    source.slice(span.start, span.end) === span.text
  ) {
    return span;
  }
  const normalized = normalizeForMatch(source);
  const at = locateInSource({ ...normalized, original: source }, span.text, span.start);
  if (!at) return null;
  return { field: span.field, start: at.start, end: at.end, text: source.slice(at.start, at.end) };
}

const NUMBER = /\d+(?:[.,:]\d+)*/g;
// A bare "3.50" is a number (a price), not a time: without am/pm only "HH:MM" reads as a clock time.
const TIME =
  /\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\b(\d{1,2}):(\d{2})\b|\b(noon|midday|midnight)\b/gi;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

interface HardFacts {
  numbers: Set<string>;
  times: Set<string>;
  emails: Set<string>;
}

function numberValue(token: string): string {
  // 1,850.00 → 1850 ; 3.40 → 3.4 ; 2,000 → 2000 (thousands separators only)
  const t = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(token) ? token.replace(/,/g, '') : token;
  const n = Number(t);
  return Number.isFinite(n) ? String(n) : token;
}

function hardFacts(text: string): HardFacts {
  const times = new Set<string>();
  const timeSpans: [number, number][] = [];
  for (const m of text.matchAll(TIME)) {
    const clock = parseClock(m[0].replace(/\s+/g, ''));
    if (clock) {
      times.add(clock);
      timeSpans.push([m.index, m.index + m[0].length]);
    }
  }
  const emails = new Set<string>();
  const emailSpans: [number, number][] = [];
  for (const m of text.matchAll(EMAIL)) {
    emails.add(m[0].toLowerCase());
    emailSpans.push([m.index, m.index + m[0].length]);
  }
  const numbers = new Set<string>();
  const inside = (i: number, spans: [number, number][]) => spans.some(([a, b]) => i >= a && i < b);
  const digitsOnly = text.replace(/(\d)[\s().-](?=\d)/g, '$1');
  for (const m of text.matchAll(NUMBER)) {
    if (inside(m.index, timeSpans) || inside(m.index, emailSpans)) continue;
    numbers.add(numberValue(m[0].replace(/[.,:]$/, '')));
  }
  // Phone numbers are compared as digit strings with their separators removed.
  for (const m of digitsOnly.matchAll(/\d{9,15}/g)) numbers.add(m[0]);
  return { numbers, times, emails };
}

function stem(word: string): string {
  return word.length > 4 ? word.replace(/(?:ing|ed|es|s)$/, '') : word;
}

/**
 * Checks one answer against its claimed support span on the page. Never throws for bad input: an
 * entry that cannot be checked is unsupported.
 */
export function checkSupport(
  page: PageText,
  answer: string,
  span: SupportSpan | null | undefined,
): SupportCheck {
  if (!span) return { status: 'unsupported', span: null, coverage: 0, problems: ['no support span'] };
  const located = spanInPage(page, span);
  if (!located) {
    return {
      status: 'unsupported',
      span: null,
      coverage: 0,
      problems: ['the support text is not in the page'],
    };
  }
  const problems: string[] = [];
  const claimed = hardFacts(answer);
  const present = hardFacts(located.text);
  // A time on the page without am/pm may be read either way ("4:30" = 04:30 or 16:30).
  for (const t of [...present.times]) {
    const [h, m] = t.split(':').map(Number) as [number, number];
    if (h < 12) present.times.add(`${String(h + 12).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  }
  const spanDigits = located.text.replace(/\D/g, '');
  for (const n of claimed.numbers) {
    if (present.numbers.has(n)) continue;
    if (/^\d{9,15}$/.test(n) && spanDigits.includes(n)) continue;
    // A whole-hour time written as a number on one side ("8am" read as 08:00, "8" as a number).
    if (present.times.has(`${n.padStart(2, '0')}:00`)) continue;
    problems.push(`number ${n} is not in the support span`);
  }
  for (const t of claimed.times) {
    if (!present.times.has(t)) problems.push(`time ${t} is not in the support span`);
  }
  for (const e of claimed.emails) {
    if (!present.emails.has(e)) problems.push(`e-mail ${e} is not in the support span`);
  }
  const spanWords = new Set(contentWords(located.text).map(stem));
  const answerWords = contentWords(answer)
    .filter((w) => !/^\d/.test(w))
    .map(stem);
  const found = answerWords.filter((w) => spanWords.has(w)).length;
  const coverage = answerWords.length === 0 ? 1 : found / answerWords.length;
  const missing = answerWords.length - found;
  if (problems.length > 0) return { status: 'unsupported', span: located, coverage, problems };
  if (coverage >= 0.6 || missing <= 2) return { status: 'supported', span: located, coverage, problems };
  problems.push(`only ${Math.round(coverage * 100)}% of the answer's words are in the support span`);
  return { status: coverage >= 0.35 ? 'weak' : 'unsupported', span: located, coverage, problems };
}

/** True when two texts say the same after normalisation (for tests and dedupe). */
export function sameText(a: string, b: string): boolean {
  return normalizeText(a) === normalizeText(b);
}
