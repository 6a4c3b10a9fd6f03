/**
 * The business profile: one canonical record per business — its name, country, address, phone,
 * e-mail and weekly opening hours — chosen from everything the site says (contact page text, footer,
 * `tel:`/`mailto:` links, JSON-LD and microdata), with the pages and exact text each value rests on.
 *
 * How a value is chosen: every candidate gets a score from where it was read (structured data and
 * links are deliberate; a footer repeats on every page), how many pages state it, whether a contact or
 * visit page states it, and what it looks like (a general e-mail address over `jobs@`, an address with
 * a street number). A person's correction (a manual or edited entity) always wins.
 *
 * Weekly hours: rules stated together (one table, one paragraph, one JSON-LD block) form a schedule.
 * Seasonal rules ("in March the store opens every day") are left out; the schedule covering most days
 * wins, preferring ones not labelled as a kitchen, a phone line or a holiday; days it does not name
 * are closed. Other schedules are listed beside it.
 */

import { countryOfPhone } from '../entries/addresses.js';
import type { Entity } from '../entries/entities.js';
import type { DayOfWeek } from '../extract/types.js';

export interface ProfileSource {
  pageId: string;
  url: string;
  support: { field: string; start: number; end: number; text: string };
}

export interface ProfileValue {
  value: string;
  /** 0-1: how sure the choice is. */
  confidence: number;
  sources: ProfileSource[];
  /** Other values the site states, best first (another branch, an old number). */
  alternatives: string[];
}

export interface ProfileDay {
  day: DayOfWeek;
  /** The day's first opening. */
  opens: string | null;
  /** The day's last closing. */
  closes: string | null;
  closed: boolean;
  /** When it is open, in order: one period, or more when the day has a break ("9–12:30, 14–18"). */
  periods: { opens: string; closes: string }[];
}

export interface BusinessProfile {
  name: string | null;
  /** ISO 3166 alpha-2. */
  country: string | null;
  address: ProfileValue | null;
  phone: ProfileValue | null;
  email: ProfileValue | null;
  /** Seven days, Monday first; empty when the site states no hours. */
  hours: ProfileDay[];
  /** What the chosen hours are of ("Studio pickup hours"), when the site says. */
  hoursLabel: string | null;
  hoursSources: ProfileSource[];
  /** Other schedules the site states (kitchen, seasonal, another location), as text. */
  otherHours: string[];
}

/** An entity as stored, with each page that states it and what that page said. */
export interface ProfileEntity {
  entity: Entity;
  manual: boolean;
  sources: { pageId: string; url: string; entity: Entity; support: ProfileSource['support'] }[];
}

export interface ProfilePage {
  id: string;
  url: string;
  title: string;
  siteName: string | null;
  language: string | null;
  /** Names of organisations and local businesses the page's structured data declares. */
  declaredNames: string[];
}

const WEEK: DayOfWeek[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const CONTACT_PAGE =
  /\/(?:contact|visit|about|location|locations|find-us|hours|impressum|kontakt)[^/]*(?:\/|$)/i;
const VIA_WEIGHT: Record<string, number> = { 'json-ld': 3, link: 2.5, text: 2, footer: 2, header: 1.5 };

function viaOf(e: Entity): string | undefined {
  return 'via' in e ? e.via : undefined;
}

function sourcesOf(p: ProfileEntity): ProfileSource[] {
  const seen = new Set<string>();
  const out: ProfileSource[] = [];
  for (const s of p.sources) {
    if (seen.has(s.pageId)) continue;
    seen.add(s.pageId);
    out.push({ pageId: s.pageId, url: s.url, support: s.support });
  }
  return out;
}

/** Where and how often it is stated, and how deliberately. */
function baseScore(p: ProfileEntity): number {
  if (p.manual) return 1000;
  const pages = new Set(p.sources.map((s) => s.pageId)).size;
  const via = Math.max(0, ...p.sources.map((s) => VIA_WEIGHT[viaOf(s.entity) ?? 'text'] ?? 1.5));
  const contactPage = p.sources.some((s) => CONTACT_PAGE.test(new URL(s.url).pathname)) ? 1 : 0;
  return via + contactPage + Math.log2(1 + pages) + p.entity.confidence;
}

const GENERAL_MAILBOX =
  /^(?:hello|hi|info|contact|enquiries|inquiries|office|studio|shop|store|team|bookings?|reservations|hola|bonjour|mail|admin|sales|help|support|service)\b/i;
const SPECIAL_MAILBOX =
  /^(?:jobs|careers|hr|recruit\w*|press|media|noreply|no-reply|privacy|gdpr|dpo|legal|billing|accounts?|invoices?|finance|wholesale|webmaster|abuse|newsletter)\b/i;

function emailScore(p: ProfileEntity): number {
  const e = p.entity;
  if (e.type !== 'contact_point') return 0;
  const local = e.value.split('@')[0] ?? '';
  return baseScore(p) + (GENERAL_MAILBOX.test(local) ? 0.5 : 0) - (SPECIAL_MAILBOX.test(local) ? 3 : 0);
}

function addressScore(p: ProfileEntity): number {
  const e = p.entity;
  if (e.type !== 'location') return 0;
  const street =
    /\d/.test(e.address.replace(e.postalCode ?? '', '')) || /\bP\.?\s?O\.?\s?Box\b/i.test(e.address);
  return baseScore(p) + (street ? 1 : -2) + (e.postalCode ? 0.5 : 0);
}

function choose(
  candidates: ProfileEntity[],
  score: (p: ProfileEntity) => number,
  show: (e: Entity) => string,
): ProfileValue | null {
  // Equal scores are ordered by value, so the order rows come back from the database never decides.
  const ranked = candidates
    .map((p) => ({ p, s: score(p) }))
    .sort((a, b) => b.s - a.s || show(a.p.entity).localeCompare(show(b.p.entity)));
  const best = ranked[0];
  if (!best) return null;
  const second = ranked[1]?.s ?? 0;
  return {
    value: show(best.p.entity),
    confidence: round(
      Math.min(0.99, best.p.manual ? 1 : 0.6 + 0.4 * Math.min(1, (best.s - second) / 3 + 0.25)),
    ),
    sources: sourcesOf(best.p),
    alternatives: [...new Set(ranked.slice(1).map((r) => show(r.p.entity)))].filter(
      (v) => v !== show(best.p.entity),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Hours

interface Rule {
  days: DayOfWeek[];
  opens: string | null;
  closes: string | null;
  closed: boolean;
  seasonal: boolean;
  label: string | null;
  via: string | undefined;
  source: ProfileSource;
}

const MINOR_HOURS =
  /\b(?:kitchen|food|served|serving|brunch|lunch|dinner|breakfast|happy hour|delivery|deliveries|phone|phones|call|calls|office|holiday|christmas|season\w*|summer|winter|spring|autumn|bank)\b/i;

/** A day of a schedule: the rule that set it, widened to its first opening and last closing, and its periods. */
interface DayRule extends Rule {
  periods: { opens: string; closes: string }[];
}

/** The periods of a day with one more added, in order; a period that meets or overlaps another joins it. */
function addPeriod(
  periods: DayRule['periods'],
  opens: string | null,
  closes: string | null,
): DayRule['periods'] {
  if (!opens || !closes) return periods;
  // A period past midnight ("17:00–01:00") ends after any that day: its close counts from 24:00.
  const end = (p: { opens: string; closes: string }) =>
    p.closes <= p.opens ? `${Number(p.closes.slice(0, 2)) + 24}${p.closes.slice(2)}` : p.closes;
  const all = [...periods, { opens, closes }].sort((a, b) => a.opens.localeCompare(b.opens));
  const out: DayRule['periods'] = [];
  for (const p of all) {
    const last = out[out.length - 1];
    if (last && p.opens <= end(last)) {
      if (end(p) > end(last)) last.closes = p.closes;
    } else out.push({ ...p });
  }
  return out;
}

interface Schedule {
  signature: string;
  manual: boolean;
  rules: Rule[];
  days: Map<DayOfWeek, DayRule>;
  label: string | null;
  pages: Set<string>;
  contactPage: boolean;
}

/**
 * A schedule stated on several pages may be labelled on some ("Food Tue–Sat 12–2.30" in a footer)
 * and bare on others: its label is the one most of its statements carry, so the order the pages
 * were read in cannot change what the schedule is of.
 */
function scheduleLabel(rules: Rule[]): string | null {
  const counts = new Map<string, number>();
  for (const r of rules) if (r.label) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** Closing at midnight is written 00:00, like closing past it (00:30): "24:00" is the same time. */
function midnight(closes: string | null): string | null {
  return closes === '24:00' ? '00:00' : closes;
}

function periodsText(r: DayRule): string {
  return r.periods.length > 0
    ? r.periods.map((p) => `${p.opens}–${p.closes}`).join(', ')
    : `${r.opens}–${r.closes}`;
}

function describeSchedule(s: Schedule): string {
  const parts = WEEK.filter((d) => s.days.has(d)).map((d) => {
    const r = s.days.get(d) as DayRule;
    return `${d.slice(0, 3)} ${r.closed ? 'closed' : periodsText(r)}`;
  });
  return `${s.label ? `${s.label}: ` : ''}${parts.join(', ')}`;
}

/**
 * Rules stated in paragraphs of their own one after another ("Wednesday – Friday: 10am – 5pm" /
 * "Saturday & Sunday: 9am – 4pm") are one schedule: a rule starting within a short gap of the
 * last one on its page, for days that one's schedule has not named, joins it.
 */
function hoursClusters(entities: ProfileEntity[]): Map<ProfileSource['support'], string> {
  const loose = entities
    .flatMap((p) => p.sources.map((s) => ({ p, s })))
    .filter(({ p, s }) => !p.manual && s.entity.type === 'opening_hours')
    .sort((a, b) => a.s.pageId.localeCompare(b.s.pageId) || a.s.support.start - b.s.support.start);
  const cluster = new Map<ProfileSource['support'], string>();
  let clusters = 0;
  let last: {
    id: string;
    pageId: string;
    field: string;
    group: string | null;
    label: string | null;
    end: number;
    days: Set<DayOfWeek>;
  } | null = null;
  for (const { s } of loose) {
    const e = s.entity;
    if (e.type !== 'opening_hours') continue;
    const group = e.group ?? null;
    const label = e.label ?? null;
    // A label that only names the section ("Hours") is no other kind of hours than none at all.
    const sameKind =
      last !== null &&
      (last.label === label || (!MINOR_HOURS.test(last.label ?? '') && !MINOR_HOURS.test(label ?? '')));
    // "Closed Wednesdays" right after "Weekdays 11:00 – 18:00" is that week's exception.
    const exception = e.closed && last !== null && e.days.length < last.days.size;
    const joins =
      last !== null &&
      last.pageId === s.pageId &&
      last.field === s.support.field &&
      sameKind &&
      ((group !== null && group === last.group) ||
        (s.support.start >= last.end &&
          s.support.start - last.end <= 80 &&
          (exception || e.days.every((d) => !last?.days.has(d)))));
    if (!joins || !last)
      last = {
        id: `hours-${clusters++}`,
        pageId: s.pageId,
        field: s.support.field,
        group,
        label: e.label ?? null,
        end: s.support.end,
        days: new Set(),
      };
    last.end = Math.max(last.end, s.support.end);
    last.group = group;
    for (const d of e.days) last.days.add(d);
    cluster.set(s.support, last.id);
  }
  return cluster;
}

function chooseHours(entities: ProfileEntity[]): {
  hours: ProfileDay[];
  label: string | null;
  sources: ProfileSource[];
  others: string[];
} {
  const groups = new Map<string, Rule[]>();
  const cluster = hoursClusters(entities);
  for (const p of entities) {
    for (const s of p.sources) {
      const e = s.entity;
      if (e.type !== 'opening_hours') continue;
      const key = p.manual ? 'manual' : `${s.pageId}|${cluster.get(s.support) ?? e.group ?? e.support.start}`;
      const rules = groups.get(key) ?? [];
      rules.push({
        days: e.days,
        opens: e.opens,
        closes: e.closes,
        closed: e.closed,
        seasonal: e.seasonal ?? false,
        label: e.label ?? null,
        via: e.via,
        source: { pageId: s.pageId, url: s.url, support: s.support },
      });
      groups.set(key, rules);
    }
  }
  // Rules stated the same way on several pages (a footer) are one schedule stated several times.
  const schedules = new Map<string, Schedule>();
  for (const [key, rules] of groups) {
    const regular = rules.filter((r) => !r.seasonal);
    const used = regular.length > 0 ? regular : rules;
    const days = new Map<DayOfWeek, DayRule>();
    for (const r of used) {
      for (const d of r.days) {
        const known = days.get(d);
        // Split shifts on one day ("8–12 and 13–17") are the day's periods, from its first opening to
        // its last closing.
        if (known && !known.closed && !r.closed) {
          const periods = addPeriod(known.periods, r.opens, r.closes);
          days.set(d, {
            ...known,
            opens: periods[0]?.opens ?? known.opens,
            closes: periods[periods.length - 1]?.closes ?? known.closes,
            periods,
          });
        } else if (
          !known ||
          // A day closed by a rule of fewer days is an exception to a range ("Weekdays 11–18" /
          // "Closed Wednesdays"), in whichever order they are written.
          (known.closed && !r.closed && known.days.length >= r.days.length) ||
          (!known.closed && r.closed && r.days.length < known.days.length)
        )
          days.set(d, { ...r, periods: r.closed ? [] : addPeriod([], r.opens, r.closes) });
      }
    }
    const signature = WEEK.map((d) => {
      const r = days.get(d);
      return r ? (r.closed ? 'c' : periodsText(r)) : '';
    }).join('|');
    const existing = schedules.get(signature);
    const pageId = key.split('|')[0] as string;
    const contactPage = used.some((r) => CONTACT_PAGE.test(new URL(r.source.url).pathname));
    if (existing) {
      existing.pages.add(pageId);
      existing.rules.push(...used);
      existing.manual ||= key === 'manual';
      existing.contactPage ||= contactPage;
      continue;
    }
    schedules.set(signature, {
      signature,
      manual: key === 'manual',
      rules: used,
      days,
      label: null,
      pages: new Set([pageId]),
      contactPage,
    });
  }
  for (const s of schedules.values()) s.label = scheduleLabel(s.rules);
  const score = (s: Schedule) =>
    (s.manual ? 1000 : 0) +
    (3 * s.days.size) / 7 +
    (s.rules.every((r) => r.via === 'json-ld') ? 1 : 1.2) +
    (s.contactPage ? 0.5 : 0) +
    Math.log2(s.pages.size) * 0.5 -
    (s.label && MINOR_HOURS.test(s.label) ? 1.5 : 0) -
    (s.rules.every((r) => r.seasonal) ? 3 : 0);
  // Between equal scores the schedule stated first wins (the table before a later aside), by page
  // address and position, never by the order rows came back from the database.
  const first = (s: Schedule) =>
    s.rules.reduce((m, r) => {
      const src = r.source;
      return src.url < m.source.url ||
        (src.url === m.source.url && src.support.start < m.source.support.start)
        ? r
        : m;
    }).source;
  const ranked = [...schedules.values()].sort((a, b) => {
    const fa = first(a);
    const fb = first(b);
    return (
      score(b) - score(a) ||
      fa.url.localeCompare(fb.url) ||
      fa.support.start - fb.support.start ||
      a.signature.localeCompare(b.signature)
    );
  });
  const best = ranked[0];
  if (!best || best.days.size === 0) return { hours: [], label: null, sources: [], others: [] };
  const anyOpen = [...best.days.values()].some((r) => !r.closed);
  const hours = WEEK.map((day): ProfileDay => {
    const r = best.days.get(day);
    if (!r) return { day, opens: null, closes: null, closed: anyOpen, periods: [] };
    return {
      day,
      opens: r.closed ? null : r.opens,
      closes: r.closed ? null : midnight(r.closes),
      closed: r.closed,
      periods: r.closed
        ? []
        : r.periods.map((p) => ({ opens: p.opens, closes: midnight(p.closes) as string })),
    };
  });
  const seen = new Set<string>();
  const sources = best.rules
    .map((r) => r.source)
    .filter((s) => {
      const k = `${s.pageId}:${s.support.start}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return {
    hours,
    label: best.label,
    sources,
    others: ranked.slice(1).map(describeSchedule),
  };
}

// ---------------------------------------------------------------------------------------------
// Country and name

const CURRENCY_COUNTRY: Record<string, string> = {
  USD: 'US',
  CAD: 'CA',
  AUD: 'AU',
  NZD: 'NZ',
  GBP: 'GB',
  ZAR: 'ZA',
  SGD: 'SG',
  HKD: 'HK',
  INR: 'IN',
  MXN: 'MX',
  CHF: 'CH',
  SEK: 'SE',
  NOK: 'NO',
  DKK: 'DK',
  PLN: 'PL',
  JPY: 'JP',
};

function chooseCountry(
  address: ProfileEntity | null,
  phones: ProfileEntity[],
  pages: ProfilePage[],
  currencies: string[],
): string | null {
  const votes = new Map<string, number>();
  const vote = (c: string | null | undefined, w: number) => {
    if (c) votes.set(c, (votes.get(c) ?? 0) + w);
  };
  if (address?.entity.type === 'location') vote(address.entity.country, 5);
  for (const p of phones) if (p.entity.type === 'contact_point') vote(countryOfPhone(p.entity.value), 2);
  for (const c of currencies) vote(CURRENCY_COUNTRY[c], c === 'USD' ? 0.5 : 1.5);
  for (const page of pages) {
    const region = /^[a-z]{2,3}[-_]([a-z]{2})\b/i.exec(page.language ?? '')?.[1]?.toUpperCase();
    vote(region === 'UK' ? 'GB' : region, 1 / Math.max(1, pages.length));
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  return ranked[0]?.[0] ?? null;
}

/** The business name a page gives: its site name, its structured data, or its title's last part. */
function pageBusinessName(p: ProfilePage): string | null {
  const parts = p.title.split(/\s+[|–—·:-]\s+/);
  const fromTitle = parts.length > 1 ? (parts[parts.length - 1] as string).trim() : null;
  const name = p.siteName ?? p.declaredNames[0] ?? fromTitle;
  return name
    ? name.replace(/,?\s+(?:Ltd|LLC|Limited|Inc|GmbH|B\.?V\.?|\(Pty\) Ltd|Pty Ltd)\.?$/i, '').trim()
    : null;
}

function chooseName(pages: ProfilePage[]): string | null {
  const votes = new Map<string, number>();
  for (const p of pages) {
    const name = pageBusinessName(p);
    if (name) votes.set(name, (votes.get(name) ?? 0) + (p.declaredNames.length > 0 || p.siteName ? 2 : 1));
  }
  return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

// ---------------------------------------------------------------------------------------------

export function buildBusinessProfile(input: {
  entities: ProfileEntity[];
  pages: ProfilePage[];
  currencies: string[];
}): BusinessProfile {
  const of = (test: (e: Entity) => boolean) => input.entities.filter((p) => test(p.entity));
  const locations = of((e) => e.type === 'location');
  const phones = of((e) => e.type === 'contact_point' && e.kind === 'phone');
  const emails = of((e) => e.type === 'contact_point' && e.kind === 'email');
  const address = choose(locations, addressScore, (e) => (e.type === 'location' ? e.address : ''));
  const bestLocation =
    locations
      .map((p) => ({ p, s: addressScore(p), a: p.entity.type === 'location' ? p.entity.address : '' }))
      .sort((a, b) => b.s - a.s || a.a.localeCompare(b.a))[0]?.p ?? null;
  const hours = chooseHours(of((e) => e.type === 'opening_hours'));
  return {
    name: chooseName(input.pages),
    country: chooseCountry(bestLocation, phones, input.pages, input.currencies),
    address,
    phone: choose(phones, baseScore, (e) => (e.type === 'contact_point' ? e.value : '')),
    email: choose(emails, emailScore, (e) => (e.type === 'contact_point' ? e.value : '')),
    hours: hours.hours,
    hoursLabel: hours.label,
    hoursSources: hours.sources,
    otherHours: hours.others,
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
