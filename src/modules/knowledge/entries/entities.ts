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

/** Stock of a product or variant: `in_stock`, `out_of_stock`, `preorder`, `coming_soon` (or a person's words). */
const availability = z.string().nullable();

export const ProductVariantSchema = z.object({
  name: z.string().min(1).max(200).describe('The variant: size, pack, audience or plan ("500 ml", "Adults")'),
  price: z.number().nullable(),
  priceText: z.string().nullable().optional(),
  referencePrice: z.number().nullable().optional(),
  availability: availability.optional(),
  availabilityText: z.string().nullable().optional(),
  availableFrom: z.string().nullable().optional(),
  sku: z.string().nullable().optional(),
});
export type ProductVariant = z.infer<typeof ProductVariantSchema>;

export const ProductEntitySchema = z.object({
  type: z.enum(['product', 'service']),
  ...base,
  sku: z.string().nullable(),
  /** The price, or the lowest price of a range or of the variants. */
  price: z.number().nullable(),
  /** The price as the page writes it (`from £220`, `£12.50/m`). */
  priceText: z.string().nullable(),
  currency: z.string().nullable(),
  unit: z.string().nullable(),
  /** The price is the lowest of a range ("from £220"). */
  priceFrom: z.boolean(),
  /** The highest price of a range ("$18.00 – $32.00"). */
  priceMax: z.number().nullable().optional(),
  /** The regular or crossed-out price of an item on sale. */
  referencePrice: z.number().nullable().optional(),
  availability,
  /** The page's own stock words ("Currently out of stock — next bottling in June"). */
  availabilityText: z.string().nullable().optional(),
  /** When it is expected back or ships (ISO 8601, possibly without a year: `--06`). */
  availableFrom: z.string().nullable().optional(),
  variants: z.array(ProductVariantSchema).optional(),
  /** The section of the page it is listed under ("Tacos", "Add-ons"). */
  section: z.string().nullable().optional(),
  url: z.string().nullable(),
  description: z.string().nullable(),
});

/** Where on the page a contact fact was read: its text, a link, structured data, the footer or header. */
const via = z.enum(['text', 'link', 'json-ld', 'footer', 'header']).optional();

export const LocationEntitySchema = z.object({
  type: z.literal('location'),
  ...base,
  address: z.string(),
  postalCode: z.string().nullable(),
  /** ISO 3166 alpha-2, when the address or its structured data says. */
  country: z.string().nullable().optional(),
  via,
});

export const HoursEntitySchema = z.object({
  type: z.literal('opening_hours'),
  ...base,
  days: z.array(DayOfWeekSchema),
  opens: z.string().nullable(),
  closes: z.string().nullable(),
  closed: z.boolean(),
  /** The rule holds for part of the year only (a season, a month, holidays). */
  seasonal: z.boolean().optional(),
  /** What the hours are of, as the page heads them ("Kitchen", "Studio pickup hours"). */
  label: z.string().nullable().optional(),
  /** Rules stated together (one table, one paragraph, one JSON-LD block) share a group on their page. */
  group: z.string().nullable().optional(),
  via,
});

export const ContactEntitySchema = z.object({
  type: z.literal('contact_point'),
  ...base,
  kind: z.enum(['phone', 'email']),
  value: z.string(),
  via,
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
      // A number is the same number in any format: `030 231 4477`, `+31 30 231 4477`, `tel:+31302314477`.
      return `contact:${entity.kind}:${entity.kind === 'phone' ? entity.value.replace(/\D/g, '').slice(-9) : entity.value.toLowerCase()}`;
    case 'opening_hours':
      return `hours:${entity.days.join(',')}:${entity.closed ? 'closed' : `${entity.opens}-${entity.closes}`}${entity.seasonal ? ':seasonal' : ''}`;
    case 'location':
      return `location:${norm(entity.postalCode ?? entity.address)}`;
    default:
      return `${entity.type}:${norm(entity.name)}`;
  }
}
