/**
 * Entities read from running text: named prices, phone numbers, e-mail addresses, opening hours,
 * postal addresses, people with roles, certifications and awards, and offers with their dates.
 * Offsets are absolute (the caller passes where the text starts in the page Markdown).
 */

import { findAddresses } from './addresses.js';
import type { Entity } from './entities.js';
import { findDates, findEmails, findHours, findPhones, findPrices } from './patterns.js';
import { namePrices } from './price-names.js';

export interface TextScanContext {
  markdown: string;
  /** Words of the business name, lower case: never read as a person's name. */
  businessWords: Set<string>;
  url: string;
  /** Section is about jobs: prices there are wages, not products. */
  careers: boolean;
  /** Section is about delivery: prices there are delivery charges. */
  delivery: boolean;
  /**
   * The page's products were read from its markup (extract/page-offers.ts): prices in text name no
   * products of their own here (they would duplicate them under a worse name).
   */
  pageProducts?: boolean;
  /** The heading the text sits under, for what opening hours are of ("Kitchen hours"). */
  hoursLabel?: string | null;
  /** Rules read from one block share a group (see HoursEntitySchema). */
  group?: string | null;
}

const SERVICE_WORDS =
  /\b(?:visit|clean\w*|install\w*|replac\w*|repair\w*|servic\w*|deliver\w*|drill\w*|blast\w*|prim\w*|cutting|inspection|consultation|lessons?|class(?:es)?|workshops?|courses?|training|hours?|calls?|labou?r|fitting|treatment|session|places|rate|catering|tours?|photograph\w*|package|coverage|exam|check-?up|diagnos\w*|truing|hire|rental|booking|therapy|massage|haircut|manicure|appointment|membership|maintenance|overhaul|alteration|tuning|elopement|wedding|portrait|breakfast|brunch|tastings?|buffets?|camps?|trips?|excursions?|retreats?|experiences?|events?|cruises?)\b/i;

const MINOR_LEAD =
  /\b(?:kitchen|food|served|serving|meals?|brunch|lunch|dinner|breakfast|happy hour|deliver(?:y|ies)|phones?|calls?)\b/i;

/**
 * What hours are of, when the sentence says so before them ("Kitchen: Monday to Saturday …", "Food
 * Tue–Sat …", "Food is served Monday …"): a kitchen's hours are not the opening hours beside them.
 */
export function minorHoursLabel(text: string, ruleStart: number): string | null {
  const lead =
    text
      .slice(0, ruleStart)
      .split(/[.!?\n]\s/)
      .pop() ?? '';
  return MINOR_LEAD.test(lead) ? lead.replace(/[\s:–—-]+$/, '').trim() : null;
}

function span(ctx: TextScanContext, start: number, end: number) {
  return { field: 'markdown' as const, start, end, text: ctx.markdown.slice(start, end) };
}

/** Product or service, judged from its name and where it is mentioned. */
export function productKind(name: string, delivery: boolean): 'product' | 'service' {
  return delivery || SERVICE_WORDS.test(name) ? 'service' : 'product';
}

function addresses(text: string, offset: number, ctx: TextScanContext): Entity[] {
  return findAddresses(text).map((a) => ({
    type: 'location' as const,
    name: a.text,
    address: a.text,
    postalCode: a.postalCode,
    country: a.country,
    via: 'text' as const,
    confidence: 0.85,
    support: span(ctx, offset + a.start, offset + a.end),
  }));
}

const NAME = String.raw`[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s[A-Z][a-z]+(?:-[A-Z][a-z]+)?`;
const ROLE_WORDS =
  'designer|baker|manager|director|chef|owner|founder|plumber|engineer|stylist|barista|chairman|chairwoman|ceo|partner|head|lead|supervisor|accountant|technician|electrician';
const PERSON_PATTERNS: { re: RegExp; name: number; role: number | null; fixedRole?: string }[] = [
  { re: new RegExp(String.raw`^(${NAME})\s*[–—:-]\s*([A-Z][\w ,&]+?)\.?$`), name: 1, role: 2 },
  { re: new RegExp(String.raw`^(${NAME}),\s([A-Z][\w &]+?)\.?$`), name: 1, role: 2 },
  {
    re: new RegExp(String.raw`\b(${NAME}) is (?:our|the) ([a-z][a-z -]{2,40}?)(?=[.,;]|$)`),
    name: 1,
    role: 2,
  },
  { re: new RegExp(String.raw`\bour ((?:[a-z]+ ){0,2}(?:${ROLE_WORDS}))\s(${NAME})`), name: 2, role: 1 },
  {
    re: new RegExp(
      String.raw`^(${NAME}) ((?:runs|manages|leads|looks after|designs|heads|owns)\b[^.]*?)\.?$`,
    ),
    name: 1,
    role: 2,
  },
  {
    re: new RegExp(String.raw`\bfounded (?:in \d{4} )?by (?:[a-z]+ ){0,2}(${NAME})`),
    name: 1,
    role: null,
    fixedRole: 'Founder',
  },
];

function people(sentence: string, offset: number, ctx: TextScanContext): Entity[] {
  const out: Entity[] = [];
  for (const p of PERSON_PATTERNS) {
    const m = p.re.exec(sentence);
    if (!m) continue;
    const name = (m[p.name] as string).trim();
    if (name.split(/\s+/).some((w) => ctx.businessWords.has(w.toLowerCase()))) continue;
    if (out.some((e) => e.name === name)) continue;
    const role = p.role ? (m[p.role] as string).trim() : (p.fixedRole ?? null);
    out.push({
      type: 'person',
      name,
      role,
      confidence: 0.8,
      support: span(ctx, offset + m.index, offset + m.index + m[0].length),
    });
  }
  return out;
}

const CERTIFICATIONS: { re: RegExp; kind: 'certification' | 'award' | 'membership' | 'licence' }[] = [
  { re: /\bISO \d{4,5}(?::\d{4})?/g, kind: 'certification' },
  { re: /\b(?:CE|UKCA)(?: and (?:CE|UKCA))? marked\b/g, kind: 'certification' },
  { re: /\bmembers? of (?:the )?([A-Z][\w&' ]+?)(?=[.,;]|$)/g, kind: 'membership' },
  { re: /\b[A-Z][\w ]*? Licen[cs]e(?: (?:No\.?|number|#))? ?[A-Z]{0,3}\.?\d[\w.-]*/g, kind: 'licence' },
  {
    re: /\b(?:won|winner of|named) (?:a |an |the )?([^.;]*?\b[Aa]wards?\b(?: (?:in )?(?:19|20)\d{2}(?: and (?:19|20)\d{2})?)?)/g,
    kind: 'award',
  },
  { re: /\b[A-Z][\w+]* rating with the ([A-Z][\w ]+)/g, kind: 'certification' },
];

function certifications(sentence: string, offset: number, ctx: TextScanContext): Entity[] {
  const out: Entity[] = [];
  for (const c of CERTIFICATIONS) {
    for (const m of sentence.matchAll(c.re)) {
      const name = (m[1] ?? m[0]).trim();
      const year = /\b((?:19|20)\d{2})\b/.exec(m[0]);
      out.push({
        type: 'certification',
        name,
        kind: c.kind,
        year: year ? Number(year[1]) : null,
        confidence: 0.75,
        support: span(ctx, offset + m.index, offset + m.index + m[0].length),
      });
    }
  }
  return out;
}

function offers(sentence: string, offset: number, ctx: TextScanContext, following: string): Entity[] {
  const discount =
    /\b(?:save|get)\s+(\d+%|[£$€]\d+(?:\.\d{2})?)|(\d+%|[£$€]\d+(?:\.\d{2})?)\s+off\b/i.exec(sentence) ??
    /\b(?:buy|with)\b.*\bfree\b/i.exec(sentence);
  if (!discount) return [];
  const code = /\bcode\s+([A-Z0-9]{4,})\b/.exec(`${sentence} ${following}`);
  const dates = findDates(sentence);
  const until = /\b(?:until|till|ends?|through|before)\b/i.test(sentence);
  const between = /\bbetween\b/i.test(sentence) && dates.length >= 2;
  return [
    {
      type: 'offer',
      name: sentence.replace(/\s+/g, ' ').trim().slice(0, 200),
      discount: discount[1] ?? discount[2] ?? null,
      code: code ? (code[1] as string) : null,
      validFrom: between ? (dates[0]?.date ?? null) : null,
      validThrough: between
        ? (dates[dates.length - 1]?.date ?? null)
        : until
          ? (dates[dates.length - 1]?.date ?? null)
          : null,
      confidence: 0.75,
      support: span(ctx, offset, offset + sentence.length),
    },
  ];
}

/** Prices with a named item in `text` as product or service entities. */
export function priceEntities(text: string, offset: number, ctx: TextScanContext): Entity[] {
  if (ctx.careers || ctx.pageProducts) return [];
  return namePrices(text, findPrices(text)).map(({ name, price }) => {
    const delivery = ctx.delivery || /^delivery\b/i.test(name);
    return {
      type: productKind(name, delivery),
      name: delivery && !/^delivery\b/i.test(name) ? `Delivery: ${name}` : name,
      sku: null,
      price: price.amount,
      priceText: price.text,
      currency: price.currency,
      unit: price.unit,
      priceFrom: price.from,
      availability: null,
      url: ctx.url,
      description: null,
      confidence: 0.8,
      // The span runs from the item's name to the end of the price.
      support: span(
        ctx,
        offset + Math.max(0, text.lastIndexOf(name.split(' ')[0] as string, price.start)),
        offset + price.end,
      ),
    };
  });
}

/** Contact points, hours and addresses in `text`. */
export function contactEntities(text: string, offset: number, ctx: TextScanContext): Entity[] {
  const out: Entity[] = [];
  for (const p of findPhones(text)) {
    out.push({
      type: 'contact_point',
      kind: 'phone',
      name: p.text,
      value: p.text,
      confidence: 0.9,
      support: span(ctx, offset + p.start, offset + p.end),
    });
  }
  for (const e of findEmails(text)) {
    // Markdown links repeat the address in their target (mailto:…); keep the visible one only.
    if (/mailto:$/i.test(text.slice(Math.max(0, e.start - 7), e.start))) continue;
    out.push({
      type: 'contact_point',
      kind: 'email',
      name: e.text,
      value: e.text,
      confidence: 0.95,
      support: span(ctx, offset + e.start, offset + e.end),
    });
  }
  const hours = findHours(text);
  const label = hours[0] ? (minorHoursLabel(text, hours[0].start) ?? ctx.hoursLabel ?? null) : null;
  for (const h of hours) {
    out.push({
      type: 'opening_hours',
      name: h.text,
      days: h.days,
      opens: h.opens,
      closes: h.closes,
      closed: h.closed,
      seasonal: h.seasonal,
      label,
      group: ctx.group ?? null,
      via: 'text',
      confidence: 0.85,
      support: span(ctx, offset + h.start, offset + h.end),
    });
  }
  out.push(...addresses(text, offset, ctx));
  return out;
}

/** Everything a sentence (or list item, or table row's text) states as entities. */
export function sentenceEntities(
  sentence: string,
  offset: number,
  ctx: TextScanContext,
  following = '',
): Entity[] {
  return [
    ...priceEntities(sentence, offset, ctx),
    ...contactEntities(sentence, offset, ctx),
    ...people(sentence, offset, ctx),
    ...certifications(sentence, offset, ctx),
    ...offers(sentence, offset, ctx, following),
  ];
}
