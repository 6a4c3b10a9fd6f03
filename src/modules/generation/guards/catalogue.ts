/**
 * From what the pipeline loads (catalogue products, knowledge entries and entities) to the guards'
 * facts. From the knowledge catalogue's product (knowledge's `ProductView`, or the skills' `ProductFact`) to
 * what the guards need. Structural, so generation's pipeline passes either without this file importing
 * another module. The catalogue's availability may be a person's own words ("sold out until spring"):
 * they are read to the four states, anything else is `unknown` (never promoted as out of stock).
 */
import type { GuardFacts, GuardProduct, ProductAvailability } from './types.js';

export interface CatalogueProduct {
  id: string;
  name: string;
  price?: number | null;
  currency?: string | null;
  referencePrice?: number | null;
  availability?: string | null;
  /** ISO date the product is back or ships: `2027-03-01`, `2027-03`, `--03`. */
  availableFrom?: string | null;
  description?: string | null;
}

export function readAvailability(value: string | null | undefined): ProductAvailability | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const v = value.toLowerCase().replace(/[\s-]+/g, '_');
  if (v === 'in_stock' || v === 'out_of_stock' || v === 'preorder' || v === 'coming_soon' || v === 'unknown')
    return v;
  const words = value.toLowerCase();
  if (/\b(?:sold\s*out|out\s+of\s+stock|unavailable|not\s+available|discontinued)\b/.test(words))
    return 'out_of_stock';
  if (/\b(?:pre-?orders?|back-?orders?)\b/.test(words)) return 'preorder';
  if (/\bcoming\s+soon\b/.test(words)) return 'coming_soon';
  if (/\b(?:in\s+stock|available)\b/.test(words)) return 'in_stock';
  return 'unknown';
}

export function guardProduct(p: CatalogueProduct): GuardProduct {
  return {
    id: p.id,
    name: p.name,
    price: p.price ?? null,
    currency: p.currency ?? null,
    referencePrice: p.referencePrice ?? null,
    availability: readAvailability(p.availability),
    backOn: p.availableFrom ?? null,
    description: p.description ?? null,
  };
}

/** A knowledge entry as knowledge and skills show it (question and answer), or any text with an id. */
export interface FactEntry {
  id: string;
  question?: string | null;
  answer?: string | null;
  text?: string | null;
  kind?: string | null;
}

/** A knowledge entity (contact, opening hours, address …): its values become text the guards read. */
export interface FactEntity {
  id: string;
  type: string;
  name: string;
  data: Record<string, unknown>;
}

function flatten(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return [String(value)];
  if (Array.isArray(value)) return value.flatMap(flatten);
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      flatten(v).map((s) => `${k}: ${s}`),
    );
  return [];
}

/**
 * The guards' facts from what the pipeline loaded: catalogue products, knowledge entries, entities
 * (so the business's own phone, e-mail and hours are facts), the request, and text a skill locks
 * (`locked`: its fixed wording may carry figures of its own, e.g. "3 tips").
 */
export function guardFacts(input: {
  products?: readonly CatalogueProduct[];
  entries?: readonly FactEntry[];
  entities?: readonly FactEntity[];
  request?: string;
  locked?: readonly { id: string; text: string }[];
}): GuardFacts {
  const entries: GuardFacts['entries'] = [
    ...(input.entries ?? []).map((e) => ({
      id: e.id,
      text: [e.question, e.answer, e.text].filter((s): s is string => !!s && s.trim() !== '').join('\n'),
      ...(e.kind ? { kind: e.kind } : {}),
    })),
    ...(input.entities ?? []).map((e) => ({
      id: e.id,
      text: [e.name, ...flatten(e.data)].join('\n'),
      kind: e.type,
    })),
    ...(input.locked ?? []).map((l) => ({ id: l.id, text: l.text })),
  ];
  return {
    entries,
    products: (input.products ?? []).map(guardProduct),
    ...(input.request !== undefined ? { request: input.request } : {}),
  };
}
