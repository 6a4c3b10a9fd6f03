import { z } from 'zod';
import { type AnyOperation, defineOperation, pageCursor } from '../../../operations/define.js';
import { entityTypes } from '../entries/entities.js';
import { BusinessProfileSchema, getBusinessProfile } from './business-profile-service.js';
import {
  deleteProduct,
  EntityViewSchema,
  getProduct,
  listEntityViews,
  listProducts,
  ProductSchema,
  ProductUpsertSchema,
  upsertProduct,
} from './products.js';

const Id = z.string().min(1).max(100);

export const productsList = defineOperation({
  name: 'products.list',
  summary: 'List the product catalog (products and services with prices)',
  description:
    'Built from the crawled site and corrected by people; each product shows its source and whether a person edited it.',
  http: { method: 'GET', path: '/products' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({
    limit: z.number().int().min(1).max(500).default(100),
    cursor: pageCursor().optional(),
    includeHidden: z.boolean().default(false).describe('Also products a person deleted'),
  }),
  output: z.object({ products: z.array(ProductSchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) => listProducts(ctx, input),
});

export const productsGet = defineOperation({
  name: 'products.get',
  summary: 'Show one product with every page that lists it',
  http: { method: 'GET', path: '/products/{id}' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({ id: Id }),
  output: ProductSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => getProduct(ctx, input.id),
});

export const productsUpsert = defineOperation({
  name: 'products.upsert',
  summary: 'Add a product or correct one',
  description:
    'With id: corrects that product (only the fields given change). Without id: adds a product, or corrects the one with the same SKU or name. The product is flagged as edited by a person and is never overwritten by a re-crawl.',
  http: { method: 'PUT', path: '/products' },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  input: ProductUpsertSchema,
  output: ProductSchema,
  examples: [{ input: { name: 'HEA 200 I-beam', price: 48.5, currency: 'GBP', unit: 'm' } }],
  handler: (ctx, input) => upsertProduct(ctx, input),
});

export const productsDelete = defineOperation({
  name: 'products.delete',
  summary: 'Delete a product',
  description: 'A product found on the site is hidden and stays hidden when the site is crawled again.',
  http: { method: 'DELETE', path: '/products/{id}' },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  annotations: { destructive: true },
  input: z.object({ id: Id }),
  output: z.object({ id: z.string(), deleted: z.literal(true) }),
  cli: { positional: ['id'] },
  handler: (ctx, input) => deleteProduct(ctx, input.id),
});

export const entitiesList = defineOperation({
  name: 'knowledge.entities.list',
  summary:
    'List entities found on the site: products, services, locations, opening hours, contact points, people, certifications, offers',
  http: { method: 'GET', path: '/knowledge/entities' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({
    type: z.enum(entityTypes).optional(),
    limit: z.number().int().min(1).max(500).default(100),
    cursor: pageCursor().optional(),
  }),
  output: z.object({ entities: z.array(EntityViewSchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) => listEntityViews(ctx, input),
});

export const businessGet = defineOperation({
  name: 'knowledge.business.get',
  summary:
    "The business's canonical record: name, country, address, phone, e-mail and weekly hours, with sources",
  description:
    'One record chosen from everything the site states (contact page, footer, tel:/mailto: links, JSON-LD, microdata), each value with the pages and exact text it rests on and the other values seen. CLI: dify-agent kb business get.',
  http: { method: 'GET', path: '/knowledge/business' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({}),
  output: BusinessProfileSchema,
  handler: (ctx) => getBusinessProfile(ctx),
});

export const catalogOperations: readonly AnyOperation[] = [
  productsList,
  productsGet,
  productsUpsert,
  productsDelete,
  entitiesList,
  businessGet,
];
