/**
 * The page's JSON-LD: products and services with their offers, FAQ pages, and organisations or local
 * businesses (contact points, address, opening hours). Each fact is supported by the Markdown line
 * that shows it when it is visible, otherwise by its span in the stored structured-data text.
 */
import { splitSentences } from '../../../core/text/sentences.js';
import type { LocalBusiness, OpeningHours, Organization, Product } from '../extract/types.js';
import { type Entity, entityKey } from './entities.js';
import { locateInSource, normalizeText } from './normalize.js';
import type { PageContext } from './offline-page-context.js';
import { formatPrice } from './patterns.js';
import { questionForPrice } from './questions.js';
import type { SupportSpan } from './support.js';

/**
 * Where `needle` (compact JSON) is in the stored structured data. PostgreSQL stores it as jsonb,
 * which writes a space after every `:` and `,`: the search allows that.
 */
function structuredSpan(ctx: PageContext, needle: string, from = 0): SupportSpan | null {
  const text = ctx.page.structuredText;
  const at = text.indexOf(needle, from);
  if (at >= 0) return { field: 'structured', start: at, end: at + needle.length, text: needle };
  if (!/[:,]/.test(needle)) return null;
  const pattern = needle
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/":/g, '":\\s*')
    .replace(/,(?=["[{\d-]|true|false|null)/g, ',\\s*');
  const re = new RegExp(pattern, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m) return null;
  return { field: 'structured', start: m.index, end: m.index + m[0].length, text: m[0] };
}

/** The Markdown line that shows `needle` (normalised), nearest `near`; null when not visible. */
function visibleLine(ctx: PageContext, needle: string, near = 0): SupportSpan | null {
  const at = locateInSource({ ...ctx.normalized, original: ctx.md }, needle, near);
  if (!at) return null;
  const start = ctx.md.lastIndexOf('\n', at.start - 1) + 1;
  const nl = ctx.md.indexOf('\n', at.end);
  return ctx.span(start, nl < 0 ? ctx.md.length : nl);
}

export function readProducts(ctx: PageContext, products: Product[]): void {
  for (const p of products) {
    const offer = p.offers.find((o) => o.price !== null) ?? p.offers[0];
    const price = offer?.price ?? offer?.lowPrice ?? null;
    const currency = offer?.currency ?? null;
    const nameAt = locateInSource({ ...ctx.normalized, original: ctx.md }, p.name);
    let support: SupportSpan | null = null;
    if (price !== null && currency) {
      const shown = formatPrice(price, currency);
      support =
        visibleLine(ctx, shown, nameAt?.start ?? 0) ??
        visibleLine(ctx, shown.replace(/\.\d+$/, ''), nameAt?.start ?? 0);
      // The name shown just above the price (a product page's heading) belongs to the support.
      if (support && nameAt && nameAt.start < support.start && support.start - nameAt.end < 400)
        support = ctx.span(nameAt.start, support.end);
      if (!support) {
        const nameJson = JSON.stringify(p.name);
        const nameIdx = ctx.page.structuredText.indexOf(nameJson);
        const priceJson = offer?.priceText ? `"priceText":${JSON.stringify(offer.priceText)}` : null;
        const priceIdx = priceJson && nameIdx >= 0 ? ctx.page.structuredText.indexOf(priceJson, nameIdx) : -1;
        if (nameIdx >= 0 && priceIdx >= 0 && priceJson) {
          const end = priceIdx + priceJson.length;
          support = {
            field: 'structured',
            start: nameIdx,
            end,
            text: ctx.page.structuredText.slice(nameIdx, end),
          };
        }
      }
    } else if (nameAt) {
      support = visibleLine(ctx, p.name);
    }
    if (!support) continue;
    const entity: Entity = {
      type: p.type === 'Service' ? 'service' : 'product',
      name: p.name,
      sku: p.sku,
      price,
      priceText: offer?.priceText ?? null,
      currency,
      unit: null,
      priceFrom: offer?.type === 'AggregateOffer',
      availability: offer?.availability ?? null,
      url: offer?.url ?? p.url ?? ctx.page.url,
      description: p.description,
      confidence: support.field === 'markdown' ? 0.95 : 0.8,
      support,
    };
    ctx.entities.push(entity);
    const key = entityKey(entity);
    const covered = ctx.entities.some((e) => e !== entity && entityKey(e) === key);
    if (covered || price === null || !currency) continue;
    const answer = `${p.name}${p.sku ? ` (${p.sku})` : ''}: ${formatPrice(price, currency)}`;
    ctx.drafts.push({
      question: questionForPrice(p.name, false),
      answer,
      kind: 'structured_data',
      support,
      headingPath: [],
      confidence: support.field === 'markdown' ? 0.9 : 0.75,
      classifyText: answer,
    });
  }
}

export function readFaqLd(ctx: PageContext): void {
  for (const f of ctx.page.structured.faq) {
    const q = normalizeText(f.question);
    const existing = ctx.drafts.find((d) => d.kind === 'faq' && normalizeText(d.question) === q);
    if (existing) {
      existing.confidence = Math.max(existing.confidence, 0.95);
      continue;
    }
    let support: SupportSpan | null = null;
    const at = locateInSource({ ...ctx.normalized, original: ctx.md }, f.answer);
    if (at) support = ctx.span(at.start, at.end);
    else {
      const firstSentence = splitSentences(f.answer)[0]?.text;
      const part = firstSentence
        ? locateInSource({ ...ctx.normalized, original: ctx.md }, firstSentence)
        : null;
      if (part && firstSentence) {
        support = ctx.span(part.start, part.end);
        ctx.drafts.push({
          question: f.question,
          answer: firstSentence,
          kind: 'faq',
          support,
          headingPath: [],
          confidence: 0.85,
          classifyText: `${f.question} ${firstSentence}`,
        });
        continue;
      }
      support = structuredSpan(ctx, JSON.stringify(f.answer).slice(1, -1));
    }
    if (!support) continue;
    ctx.drafts.push({
      question: f.question,
      answer: f.answer.replace(/\s+/g, ' '),
      kind: 'faq',
      support,
      headingPath: [],
      confidence: support.field === 'markdown' ? 0.9 : 0.75,
      classifyText: `${f.question} ${f.answer}`,
    });
  }
}

const COUNTRY_NAMES: Record<string, string> = {
  'united states': 'US',
  usa: 'US',
  'united kingdom': 'GB',
  uk: 'GB',
  canada: 'CA',
  australia: 'AU',
  ireland: 'IE',
  netherlands: 'NL',
  'south africa': 'ZA',
  'new zealand': 'NZ',
  germany: 'DE',
  france: 'FR',
};

/** An addressCountry as ISO 3166 alpha-2 (`CA`, `Canada` → CA), or null. */
function countryCode(value: string | null): string | null {
  if (!value) return null;
  const v = value.trim();
  if (/^[A-Z]{2}$/.test(v)) return v;
  return COUNTRY_NAMES[v.toLowerCase()] ?? null;
}

function dayRange(h: OpeningHours): string {
  const d = h.days;
  if (d.length > 2) return `${d[0]}–${d[d.length - 1]}`;
  return d.join(' and ');
}

export function readBusinesses(ctx: PageContext, orgs: (Organization | LocalBusiness)[]): void {
  const known = new Set(ctx.entities.map(entityKey));
  const hasHoursDraft = ctx.drafts.some(
    (d) => d.kind === 'hours' || d.fixedCategory?.category === 'locations_hours',
  );
  const text = ctx.page.structuredText;
  for (const org of orgs) {
    const orgIdx = Math.max(0, text.indexOf(JSON.stringify(org.name)));
    const contacts: Entity[] = [];
    const points = [
      { kind: 'phone', value: org.telephone, confidence: 0.85 },
      { kind: 'email', value: org.email, confidence: 0.9 },
    ] as const;
    for (const { kind, value, confidence } of points) {
      const span = value ? structuredSpan(ctx, JSON.stringify(value), orgIdx) : undefined;
      if (value && span)
        contacts.push({
          type: 'contact_point',
          kind,
          name: value,
          value,
          via: 'json-ld',
          confidence,
          support: span,
        });
    }
    if (org.address?.text) {
      const span = structuredSpan(ctx, JSON.stringify(org.address.text), orgIdx);
      if (span)
        contacts.push({
          type: 'location',
          name: org.address.text,
          address: org.address.text,
          postalCode: org.address.postalCode,
          country: countryCode(org.address.country),
          via: 'json-ld',
          confidence: 0.9,
          support: span,
        });
    }
    const hours: Entity[] = [];
    for (const h of 'openingHours' in org ? org.openingHours : []) {
      const span = structuredSpan(ctx, JSON.stringify(h), orgIdx);
      if (!span) continue;
      hours.push({
        type: 'opening_hours',
        name: `${dayRange(h)} ${h.opens}–${h.closes}`,
        days: h.days,
        opens: h.opens,
        closes: h.closes,
        closed: false,
        seasonal: h.validFrom !== null || h.validThrough !== null,
        label: null,
        group: `ld:${orgIdx}`,
        via: 'json-ld',
        confidence: 0.85,
        support: span,
      });
    }
    for (const e of [...contacts, ...hours]) {
      if (known.has(entityKey(e))) continue;
      known.add(entityKey(e));
      ctx.entities.push(e);
    }
    const openingHours = 'openingHours' in org ? org.openingHours : [];
    if (!hasHoursDraft && openingHours.length > 0) {
      const span = structuredSpan(ctx, JSON.stringify(openingHours), orgIdx);
      if (span) {
        const answer = openingHours.map((h) => `${dayRange(h)} ${h.opens}–${h.closes}`).join('; ');
        ctx.drafts.push({
          question: `When is ${org.name} open?`,
          answer,
          kind: 'structured_data',
          support: span,
          headingPath: [],
          confidence: 0.8,
          classifyText: answer,
          fixedCategory: { category: 'locations_hours', confidence: 0.95 },
        });
      }
    }
    const visibleContact = ctx.drafts.some(
      (d) => /@|\d{3}/.test(d.answer) && /call|phone|email|e-mail/i.test(d.answer),
    );
    const phone = contacts.find((c) => c.type === 'contact_point' && c.kind === 'phone');
    const email = contacts.find((c) => c.type === 'contact_point' && c.kind === 'email');
    if (!visibleContact && phone?.type === 'contact_point' && email?.type === 'contact_point') {
      const start = Math.min(phone.support.start, email.support.start);
      const end = Math.max(phone.support.end, email.support.end);
      ctx.drafts.push({
        question: `How can I contact ${org.name}?`,
        answer: `Phone ${phone.value}, e-mail ${email.value}`,
        kind: 'contact',
        support: { field: 'structured', start, end, text: text.slice(start, end) },
        headingPath: [],
        confidence: 0.8,
        classifyText: `Phone ${phone.value} email ${email.value}`,
        fixedCategory: { category: 'customer_support', confidence: 0.9 },
      });
    }
  }
}
