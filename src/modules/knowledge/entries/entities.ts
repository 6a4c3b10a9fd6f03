/**
 * Entities found in pages: products and services (with prices), locations, opening hours, contact
 * points, people, certifications and offers. Each carries its confidence and the exact span that
 * supports it. The zod schemas are the API shape too.
 */
import { z } from 'zod';

export const SupportSpanSchema = z.object({
  field: z
    .enum(['markdown', 'structured'])
    .describe("Where the span is: the page's Markdown or its stored structured data"),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
  text: z.string(),
});

const DayOfWeekSchema = z.enum([
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
]);

const base = {
  name: z.string().min(1).max(300),
  confidence: z.number().min(0).max(1),
  support: SupportSpanSchema,
};

export const ProductEntitySchema = z.object({
  type: z.enum(['product', 'service']),
  ...base,
  sku: z.string().nullable(),
  price: z.number().nullable(),
  /** The price as the page writes it (`from £220`, `£12.50/m`). */
  priceText: z.string().nullable(),
  currency: z.string().nullable(),
  unit: z.string().nullable(),
  /** The price is the lowest of a range ("from £220"). */
  priceFrom: z.boolean(),
  availability: z.string().nullable(),
  url: z.string().nullable(),
  description: z.string().nullable(),
});

export const LocationEntitySchema = z.object({
  type: z.literal('location'),
  ...base,
  address: z.string(),
  postalCode: z.string().nullable(),
});

export const HoursEntitySchema = z.object({
  type: z.literal('opening_hours'),
  ...base,
  days: z.array(DayOfWeekSchema),
  opens: z.string().nullable(),
  closes: z.string().nullable(),
  closed: z.boolean(),
});

export const ContactEntitySchema = z.object({
  type: z.literal('contact_point'),
  ...base,
  kind: z.enum(['phone', 'email']),
  value: z.string(),
});

export const PersonEntitySchema = z.object({
  type: z.literal('person'),
  ...base,
  role: z.string().nullable(),
});

export const CertificationEntitySchema = z.object({
  type: z.literal('certification'),
  ...base,
  kind: z.enum(['certification', 'award', 'membership', 'licence']),
  year: z.number().int().nullable(),
});

export const OfferEntitySchema = z.object({
  type: z.literal('offer'),
  ...base,
  discount: z.string().nullable(),
  code: z.string().nullable(),
  validFrom: z.string().nullable(),
  validThrough: z.string().nullable(),
});

export const EntitySchema = z.discriminatedUnion('type', [
  ProductEntitySchema,
  LocationEntitySchema,
  HoursEntitySchema,
  ContactEntitySchema,
  PersonEntitySchema,
  CertificationEntitySchema,
  OfferEntitySchema,
]);

export type Entity = z.infer<typeof EntitySchema>;
export type ProductEntity = z.infer<typeof ProductEntitySchema>;
export type EntityType = Entity['type'];
export const entityTypes = [
  'product',
  'service',
  'location',
  'opening_hours',
  'contact_point',
  'person',
  'certification',
  'offer',
] as const satisfies readonly EntityType[];

function norm(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The identity of an entity across pages: the same product on a price list and on its own page is
 * one entity. Products and services by SKU when they have one, else by name; contact points by value.
 */
export function entityKey(entity: Entity): string {
  switch (entity.type) {
    case 'product':
    case 'service':
      return `product:${entity.sku ? `sku:${norm(entity.sku)}` : norm(entity.name)}`;
    case 'contact_point':
      return `contact:${entity.kind}:${entity.kind === 'phone' ? entity.value.replace(/\D/g, '').replace(/^(?:44|1)?0?/, '') : entity.value.toLowerCase()}`;
    case 'opening_hours':
      return `hours:${entity.days.join(',')}`;
    case 'location':
      return `location:${norm(entity.postalCode ?? entity.address)}`;
    default:
      return `${entity.type}:${norm(entity.name)}`;
  }
}
