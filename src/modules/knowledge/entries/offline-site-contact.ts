/**
 * Contact facts found outside the page content (extract/site-contact.ts: `tel:`/`sms:`/`mailto:`
 * links, `<address>`, footer and header) as entities, supported by the Markdown line that shows them
 * when the content shows them too, otherwise by their place in the page's stored structured data.
 * When the address or a way to reach the business is only there, one entry says it ("Where is …?",
 * "How can I contact …?"), so search and generation can use it.
 */
import type { SiteContact } from '../extract/types.js';
import type { Entity } from './entities.js';
import { locateInSource } from './normalize.js';
import type { PageContext } from './offline-page-context.js';
import { findHours } from './patterns.js';
import type { SupportSpan } from './support.js';
import { minorHoursLabel } from './text-entities.js';

function structuredSpan(ctx: PageContext, value: string): SupportSpan | null {
  const text = ctx.page.structuredText;
  const from = Math.max(0, text.indexOf('"siteContact"'));
  const needle = JSON.stringify(value);
  const at = text.indexOf(needle, from);
  return at < 0 ? null : { field: 'structured', start: at, end: at + needle.length, text: needle };
}

function visibleLine(ctx: PageContext, value: string): SupportSpan | null {
  const at = locateInSource({ ...ctx.normalized, original: ctx.md }, value);
  if (!at) return null;
  const start = ctx.md.lastIndexOf('\n', at.start - 1) + 1;
  const nl = ctx.md.indexOf('\n', at.end);
  return ctx.span(start, nl < 0 ? ctx.md.length : nl);
}

const viaOf = (where: string, link: boolean) =>
  link
    ? ('link' as const)
    : where === 'footer'
      ? ('footer' as const)
      : where === 'header'
        ? ('header' as const)
        : ('text' as const);

export function readSiteContact(ctx: PageContext): void {
  const contact: SiteContact | undefined = ctx.page.structured.siteContact;
  if (!contact) return;
  const found: Entity[] = [];
  for (const p of contact.phones) {
    const shown = p.text ?? p.value;
    const support = (p.text ? visibleLine(ctx, p.text) : null) ?? structuredSpan(ctx, shown);
    if (!support) continue;
    found.push({
      type: 'contact_point',
      kind: 'phone',
      name: shown,
      value: shown,
      via: viaOf(p.where, p.via !== 'text'),
      confidence: p.via === 'text' ? 0.85 : 0.9,
      support,
    });
  }
  for (const e of contact.emails) {
    const support = visibleLine(ctx, e.value) ?? structuredSpan(ctx, e.value);
    if (!support) continue;
    found.push({
      type: 'contact_point',
      kind: 'email',
      name: e.value,
      value: e.value,
      via: viaOf(e.where, e.via === 'mailto'),
      confidence: 0.9,
      support,
    });
  }
  for (const a of contact.addresses) {
    const support = structuredSpan(ctx, a.text);
    if (!support) continue;
    found.push({
      type: 'location',
      name: a.text,
      address: a.text,
      postalCode: a.postalCode,
      country: a.country,
      via: viaOf(a.where, false),
      confidence: a.via === 'address' ? 0.9 : 0.85,
      support,
    });
  }
  for (const h of contact.hours) {
    const support = structuredSpan(ctx, h.text);
    if (!support) continue;
    const rules = findHours(h.text);
    const label = rules[0] ? minorHoursLabel(h.text, rules[0].start) : null;
    for (const rule of rules) {
      found.push({
        type: 'opening_hours',
        name: rule.text,
        days: rule.days,
        opens: rule.opens,
        closes: rule.closes,
        closed: rule.closed,
        seasonal: rule.seasonal,
        label,
        group: h.where,
        via: viaOf(h.where, false),
        confidence: 0.8,
        support,
      });
    }
  }
  ctx.entities.push(...found);

  // Entries for what the content does not say itself.
  const who = ctx.business ?? 'the business';
  const addressDraft = ctx.drafts.some(
    (d) => d.fixedCategory?.category === 'locations_hours' && d.kind === 'contact',
  );
  const address = found.find((e) => e.type === 'location');
  if (address?.type === 'location' && !addressDraft && address.support.field === 'structured') {
    ctx.drafts.push({
      question: `Where is ${who}?`,
      answer: address.address,
      kind: 'contact',
      support: address.support,
      headingPath: [],
      confidence: 0.8,
      classifyText: address.address,
      fixedCategory: { category: 'locations_hours', confidence: 0.9 },
    });
  }
  const hidden = found.filter(
    (e): e is Extract<Entity, { type: 'contact_point' }> =>
      e.type === 'contact_point' && e.support.field === 'structured',
  );
  if (hidden.length > 0) {
    const phone = hidden.find((e) => e.kind === 'phone');
    const email = hidden.find((e) => e.kind === 'email');
    const parts = [phone ? `phone ${phone.value}` : null, email ? `e-mail ${email.value}` : null].filter(
      Boolean,
    );
    const text = ctx.page.structuredText;
    const start = Math.min(...hidden.map((e) => e.support.start));
    const end = Math.max(...hidden.map((e) => e.support.end));
    ctx.drafts.push({
      question: `How can I contact ${who}?`,
      answer: `${parts.join(', ')}`.replace(/^./, (c) => c.toUpperCase()),
      kind: 'contact',
      support: { field: 'structured', start, end, text: text.slice(start, end) },
      headingPath: [],
      confidence: 0.8,
      classifyText: parts.join(' '),
      fixedCategory: { category: 'customer_support', confidence: 0.9 },
    });
  }
}
