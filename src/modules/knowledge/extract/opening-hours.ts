/**
 * Opening hours from schema.org, in both shapes sites use: `openingHoursSpecification` objects
 * (`{ dayOfWeek, opens, closes }`) and the compact `openingHours` text (`"Mo-Fr 09:00-17:00"`).
 */
import type { DayOfWeek, OpeningHours } from './types.js';

const DAYS: DayOfWeek[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const SHORT_DAYS: Record<string, DayOfWeek> = {
  mo: 'Monday',
  tu: 'Tuesday',
  we: 'Wednesday',
  th: 'Thursday',
  fr: 'Friday',
  sa: 'Saturday',
  su: 'Sunday',
};

/** `Monday`, `https://schema.org/Monday`, `schema:Mo`, `mon` → `Monday`; anything else → null. */
export function parseDayOfWeek(value: unknown): DayOfWeek | null {
  if (typeof value !== 'string') {
    if (value && typeof value === 'object' && '@id' in value)
      return parseDayOfWeek((value as { '@id': unknown })['@id']);
    return null;
  }
  const name = value
    .trim()
    .replace(/^.*[/#:]/, '')
    .toLowerCase();
  const day = SHORT_DAYS[name.slice(0, 2)];
  return day && DAYS.some((d) => d.toLowerCase().startsWith(name)) ? day : null;
}

/** `9:00`, `09:00:00`, `0900`, `09:00+01:00` → `09:00`; anything else → null. */
export function parseTimeOfDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = /^\s*(\d{1,2}):?(\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\s*$/.exec(value);
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (hours > 24 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${m[2]}`;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function dateOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Rules from `openingHoursSpecification` (one object or a list). Invalid entries are skipped. */
export function parseOpeningHoursSpecification(value: unknown): OpeningHours[] {
  const rules: OpeningHours[] = [];
  for (const item of asArray(value)) {
    if (!item || typeof item !== 'object') continue;
    const spec = item as Record<string, unknown>;
    const days = asArray(spec.dayOfWeek)
      .map(parseDayOfWeek)
      .filter((d): d is DayOfWeek => d !== null);
    const opens = parseTimeOfDay(spec.opens);
    const closes = parseTimeOfDay(spec.closes);
    if (days.length === 0 || !opens || !closes) continue;
    rules.push({
      days: DAYS.filter((d) => days.includes(d)),
      opens,
      closes,
      validFrom: dateOrNull(spec.validFrom),
      validThrough: dateOrNull(spec.validThrough),
    });
  }
  return rules;
}

function dayRange(from: DayOfWeek, to: DayOfWeek): DayOfWeek[] {
  const start = DAYS.indexOf(from);
  const end = DAYS.indexOf(to);
  if (start <= end) return DAYS.slice(start, end + 1);
  return [...DAYS.slice(start), ...DAYS.slice(0, end + 1)]; // wraps, e.g. Fr-Mo
}

/**
 * Rules from the compact `openingHours` text: `"Mo-Fr 09:00-17:00"`, `"Mo,We 10:00-12:00,14:00-18:00"`,
 * `"Sa 10:00-14:00"`, `"Mo-Su"` (all day). A list of such strings, or one string with several
 * rules separated by `;`, is accepted. Parts that cannot be read are skipped.
 */
export function parseOpeningHoursText(value: unknown): OpeningHours[] {
  const rules: OpeningHours[] = [];
  const texts = asArray(value).flatMap((v) => (typeof v === 'string' ? v.split(/;|\n/) : []));
  for (const text of texts) {
    const m = /^\s*([A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)\s*(.*)$/.exec(text);
    if (!m) continue;
    const days: DayOfWeek[] = [];
    for (const part of (m[1] as string).split(',')) {
      const [a, b] = part.split('-').map((s) => parseDayOfWeek(s.trim()));
      if (a && b) days.push(...dayRange(a, b));
      else if (a && !part.includes('-')) days.push(a);
    }
    if (days.length === 0) continue;
    const ordered = DAYS.filter((d) => days.includes(d));
    const times = (m[2] as string).trim();
    if (times === '') {
      rules.push({ days: ordered, opens: '00:00', closes: '23:59', validFrom: null, validThrough: null });
      continue;
    }
    for (const range of times.split(',')) {
      const [o, c] = range.split('-');
      const opens = parseTimeOfDay(o);
      const closes = parseTimeOfDay(c);
      if (opens && closes) rules.push({ days: ordered, opens, closes, validFrom: null, validThrough: null });
    }
  }
  return rules;
}
