/**
 * Variable values as the body renders them: each knowledge fact becomes a set of fields
 * (`{{product.price}}` → "£5.20") with the id it came from. Prices keep the catalog's currency; dates
 * from a request are written out in full ("Saturday 14 March 2027") so a scheduled post never says
 * "next week".
 */
import type { VariableType } from '../format/types.js';
import type { EntityFact, EntryFact, ProductFact } from './facts.js';

export interface ResolvedValue {
  type: VariableType;
  /** Field → text; null when the fact has no such detail (the line that uses it is left out). */
  fields: Record<string, string | null>;
  /** Where it came from: the request, or a knowledge id. */
  source: { kind: 'request' | 'product' | 'entry' | 'entity'; id: string | null; label: string };
}

const UNIT_WORDS: Record<string, string> = {
  m: 'metre',
  metre: 'metre',
  meter: 'metre',
  hour: 'hour',
  hr: 'hour',
  kg: 'kg',
  each: 'each',
};

/** A price as a customer reads it: "£5.20", "from £220", "£32.40 per metre", or the page's own words. */
export function formatPrice(
  p: Pick<ProductFact, 'price' | 'currency' | 'unit' | 'priceFrom' | 'priceText'>,
): string | null {
  if (p.price !== null && p.currency && /^[A-Z]{3}$/.test(p.currency)) {
    const whole = Number.isInteger(p.price);
    const amount = new Intl.NumberFormat(CURRENCY_LOCALES[p.currency] ?? 'en', {
      style: 'currency',
      currency: p.currency,
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    }).format(p.price);
    const unit = p.unit ? (UNIT_WORDS[p.unit.toLowerCase()] ?? p.unit) : null;
    const per = unit === null ? '' : unit === 'each' ? ' each' : ` per ${unit}`;
    return `${p.priceFrom ? 'from ' : ''}${amount}${per}`;
  }
  return p.priceText?.trim() || null;
}

/** The locale that writes a currency the way its customers do ("$79", not "US$79"). */
const CURRENCY_LOCALES: Record<string, string> = {
  GBP: 'en-GB',
  USD: 'en-US',
  EUR: 'en-IE',
  CAD: 'en-CA',
  AUD: 'en-AU',
  NZD: 'en-NZ',
  INR: 'en-IN',
};

const AVAILABILITY: Record<string, string> = {
  instock: 'In stock',
  outofstock: 'Out of stock',
  limitedavailability: 'Limited availability',
  preorder: 'Available to pre-order',
  backorder: 'On back order',
};

function availability(value: string | null): string | null {
  if (!value) return null;
  const key = value.replace(/^https?:\/\/schema\.org\//i, '').toLowerCase();
  return AVAILABILITY[key] ?? value;
}

function firstSentence(text: string | null): string | null {
  if (!text) return null;
  const m = /^(.+?[.!?])(\s|$)/.exec(text.trim());
  return (m?.[1] ?? text).trim() || null;
}

export function productValue(p: ProductFact): ResolvedValue {
  return {
    type: 'product',
    fields: {
      name: p.name,
      price: formatPrice(p),
      description: firstSentence(p.description),
      url: p.url,
      availability: availability(p.availability),
      unit: p.unit,
      sku: p.sku,
    },
    source: { kind: 'product', id: p.id, label: p.name },
  };
}

export function entryValue(e: EntryFact): ResolvedValue {
  return {
    type: 'entry',
    fields: { answer: e.answer, question: e.question, url: e.url },
    source: { kind: 'entry', id: e.id, label: e.question },
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
}

/** A date written in full when it is an ISO date, else as given. */
export function formatDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return value.trim();
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (Number.isNaN(d.getTime())) return value.trim();
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(d);
}

export function entityValue(type: VariableType, e: EntityFact): ResolvedValue {
  const d = e.data;
  const base = { type, source: { kind: 'entity' as const, id: e.id, label: e.name } };
  switch (type) {
    case 'offer':
      return {
        ...base,
        fields: {
          name: e.name,
          discount: str(d.discount),
          code: str(d.code),
          valid_from: str(d.validFrom) ? formatDate(str(d.validFrom) as string) : null,
          valid_until: str(d.validThrough) ? formatDate(str(d.validThrough) as string) : null,
          url: e.url,
        },
      };
    case 'person':
      return {
        ...base,
        fields: { name: e.name, first_name: e.name.split(/\s+/)[0] ?? e.name, role: str(d.role) },
      };
    case 'location':
      return { ...base, fields: { address: str(d.address) ?? e.name } };
    case 'certification':
      return { ...base, fields: { name: e.name, year: str(d.year) } };
    default:
      return { ...base, fields: { value: e.name } };
  }
}

/** Contact details from the contact points chosen: the phone and the e-mail address. */
export function contactValue(phone: EntityFact | undefined, email: EntityFact | undefined): ResolvedValue {
  const p = phone ? (str(phone.data.value) ?? phone.name) : null;
  const m = email ? (str(email.data.value) ?? email.name) : null;
  return {
    type: 'contact',
    fields: { value: p ?? m, phone: p, email: m },
    source: {
      kind: 'entity',
      id: phone?.id ?? email?.id ?? null,
      label: [p, m].filter(Boolean).join(', '),
    },
  };
}

/** The opening hours as the site words them, day groups joined ("Tuesday to Friday 8am–4pm; Saturday 8am–3pm"). */
export function hoursValue(hours: EntityFact[]): ResolvedValue {
  return {
    type: 'hours',
    fields: { text: hours.map((h) => h.name).join('; ') || null },
    source: { kind: 'entity', id: hours[0]?.id ?? null, label: 'opening hours' },
  };
}

/** A value the request supplied (text, number, date or URL). */
export function requestValue(type: VariableType, value: string | number): ResolvedValue {
  const text = type === 'date' ? formatDate(String(value)) : String(value).trim();
  return { type, fields: { value: text || null }, source: { kind: 'request', id: null, label: text } };
}

/** The text a placeholder renders: the named field, or the type's first field. */
export function fieldText(
  value: ResolvedValue | undefined,
  field: string | undefined,
  first: string,
): string | null {
  if (!value) return null;
  return value.fields[field ?? first] ?? null;
}
