/**
 * From the knowledge catalogue's product (knowledge's `ProductView`, or the skills' `ProductFact`) to
 * what the guards need. Structural, so generation's pipeline passes either without this file importing
 * another module. The catalogue's availability may be a person's own words ("sold out until spring"):
 * they are read to the four states, anything else is `unknown` (never promoted as out of stock).
 */
import type { GuardProduct, ProductAvailability } from './types.js';

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
