/**
 * The product catalog: products and services found on the site (with prices), merged across pages,
 * and the corrections a person makes to them. A corrected or person-added product is flagged and is
 * never overwritten by a re-crawl or re-extraction; a deleted machine-found product stays hidden.
 */
import { z } from 'zod';
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import { keysetPage } from '../../../db/paging.js';
import {
  type Entity,
  entityKey,
  type ProductEntity,
  ProductEntitySchema,
  ProductVariantSchema,
  SupportSpanSchema,
} from '../entries/entities.js';
import { noSupport, personEdit, sourceSupport, storedSupport } from '../entries/provenance.js';
import * as repo from '../entries/repository.js';
import type { EntryContext } from '../entries/service.js';

export const ProductSchema = z.object({
  id: z.string(),
  kind: z.enum(['product', 'service']),
  name: z.string(),
  ...ProductEntitySchema.pick({
    sku: true,
    price: true,
    priceText: true,
    currency: true,
    unit: true,
    priceFrom: true,
    availability: true,
    url: true,
    description: true,
  }).shape,
  priceMax: z.number().nullable(),
  referencePrice: z.number().nullable(),
  availabilityText: z.string().nullable(),
  availableFrom: z.string().nullable(),
  variants: z.array(ProductVariantSchema),
  section: z.string().nullable(),
  confidence: z.number(),
  provenance: z.object({
    origin: z.enum(['extracted', 'manual']),
    pageId: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    support: SupportSpanSchema.nullable(),
    sources: z.array(
      z.object({ pageId: z.string(), url: z.string(), support: SupportSpanSchema, confidence: z.number() }),
    ),
    editedByPerson: z.boolean(),
    editedBy: z.string().nullable(),
    editedAt: z.string().nullable(),
  }),
  hidden: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ProductView = z.infer<typeof ProductSchema>;

export const ProductUpsertSchema = z.object({
  id: z.string().min(1).max(100).optional().describe('The product to correct; omit to add one'),
  kind: z.enum(['product', 'service']).optional(),
  name: z.string().trim().min(1).max(300).optional(),
  sku: z.string().trim().max(100).nullable().optional(),
  price: z.number().min(0).nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable()
    .optional()
    .describe('ISO 4217 code, e.g. GBP'),
  unit: z.string().trim().max(30).nullable().optional().describe('m, hour, each, month …'),
  priceFrom: z.boolean().optional(),
  availability: z
    .string()
    .trim()
    .max(100)
    .nullable()
    .optional()
    .describe('in_stock, out_of_stock, preorder or coming_soon (or your own words)'),
  availabilityText: z.string().trim().max(300).nullable().optional().describe('Stock words to show'),
  availableFrom: z
    .string()
    .regex(/^(?:\d{4}|-)-\d{2}(?:-\d{2})?$/)
    .nullable()
    .optional()
    .describe('When it is back or ships: 2027-03-01, 2027-03 or --03 (a month, any year)'),
  referencePrice: z.number().min(0).nullable().optional().describe('The regular price of an item on sale'),
  priceMax: z.number().min(0).nullable().optional().describe('The top of a price range'),
  variants: z
    .array(ProductVariantSchema)
    .max(100)
    .optional()
    .describe('Sizes, packs or options with their own prices; replaces the known variants'),
  url: z.url().nullable().optional(),
  description: z.string().trim().max(2000).nullable().optional(),
});
export type ProductUpsert = z.infer<typeof ProductUpsertSchema>;

const PRODUCT_TYPES = ['product', 'service'] as const;
const notFound = (id: string) =>
  new AppError('knowledge.product_not_found', 404, `product ${id} was not found`);

/** Products and services are the entities the catalog shows; other entity types are not found here. */
function isProduct(row: repo.EntityRow): boolean {
  return (PRODUCT_TYPES as readonly string[]).includes(row.type);
}

function toView(row: repo.EntityRow, sources: repo.EntitySourceRow[]): ProductView {
  const e = readJson<ProductEntity>(row.data, {} as ProductEntity);
  return {
    id: row.id,
    kind: row.type === 'service' ? 'service' : 'product',
    name: row.name,
    sku: e.sku ?? null,
    price: e.price ?? null,
    priceText: e.priceText ?? null,
    currency: e.currency ?? null,
    unit: e.unit ?? null,
    priceFrom: e.priceFrom ?? false,
    availability: e.availability ?? null,
    url: e.url ?? null,
    description: e.description ?? null,
    priceMax: e.priceMax ?? null,
    referencePrice: e.referencePrice ?? null,
    availabilityText: e.availabilityText ?? null,
    availableFrom: e.availableFrom ?? null,
    variants: (e.variants ?? []).map((v) => ({
      name: v.name,
      price: v.price,
      priceText: v.priceText ?? null,
      referencePrice: v.referencePrice ?? null,
      availability: v.availability ?? null,
      availabilityText: v.availabilityText ?? null,
      availableFrom: v.availableFrom ?? null,
      sku: v.sku ?? null,
    })),
    section: e.section ?? null,
    confidence: row.confidence,
    provenance: {
      origin: row.origin === 'manual' ? 'manual' : 'extracted',
      pageId: row.page_id,
      sourceUrl: row.source_url,
      support: storedSupport(row),
      sources: sources.map((s) => ({
        pageId: s.page_id,
        url: s.url,
        support: sourceSupport(s),
        confidence: s.confidence,
      })),
      editedByPerson: row.edited === 1,
      editedBy: row.edited_by,
      editedAt: row.edited_at,
    },
    hidden: row.hidden === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listProducts(
  ctx: EntryContext,
  input: { limit: number; cursor?: string | undefined; includeHidden?: boolean | undefined },
): Promise<{ products: ProductView[]; nextCursor: string | null }> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const rows = await repo.listEntities(db, ctx.tenantId, {
      types: PRODUCT_TYPES,
      limit: input.limit + 1,
      after: input.cursor,
      includeHidden: input.includeHidden,
    });
    const { page, nextCursor } = keysetPage(rows, input.limit);
    const sources = await repo.listEntitySources(
      db,
      ctx.tenantId,
      page.map((r) => r.id),
    );
    return {
      products: page.map((r) =>
        toView(
          r,
          sources.filter((s) => s.entity_id === r.id),
        ),
      ),
      nextCursor,
    };
  });
}

export async function getProduct(ctx: EntryContext, id: string): Promise<ProductView> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const row = await repo.findEntity(db, ctx.tenantId, id);
    if (!row || !isProduct(row)) throw notFound(id);
    return toView(row, await repo.listEntitySources(db, ctx.tenantId, [id]));
  });
}

/**
 * Adds a product, or corrects one (by `id`, or by the same SKU/name as a product already known).
 * The result is flagged as edited by a person; re-extraction keeps adding page sources to it but
 * never changes what the person set.
 */
export async function upsertProduct(ctx: EntryContext, input: ProductUpsert): Promise<ProductView> {
  const now = ctx.app.clock.iso();
  const id = await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    let row = input.id ? await repo.findEntity(tx, ctx.tenantId, input.id) : undefined;
    if (input.id && (!row || !isProduct(row))) throw notFound(input.id);
    const base: ProductEntity = row
      ? readJson<ProductEntity>(row.data, {} as ProductEntity)
      : {
          type: input.kind ?? 'product',
          name: input.name ?? '',
          sku: null,
          price: null,
          priceText: null,
          currency: null,
          unit: null,
          priceFrom: false,
          availability: null,
          url: null,
          description: null,
          confidence: 1,
          support: { field: 'markdown', start: 0, end: 0, text: '' },
        };
    const merged: ProductEntity = {
      ...base,
      ...(input.kind !== undefined ? { type: input.kind } : {}),
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.sku !== undefined ? { sku: input.sku } : {}),
      ...(input.price !== undefined ? { price: input.price, priceText: null } : {}),
      ...(input.currency !== undefined ? { currency: input.currency } : {}),
      ...(input.unit !== undefined ? { unit: input.unit } : {}),
      ...(input.priceFrom !== undefined ? { priceFrom: input.priceFrom } : {}),
      ...(input.availability !== undefined ? { availability: input.availability } : {}),
      ...(input.availabilityText !== undefined ? { availabilityText: input.availabilityText } : {}),
      ...(input.availableFrom !== undefined ? { availableFrom: input.availableFrom } : {}),
      ...(input.referencePrice !== undefined ? { referencePrice: input.referencePrice } : {}),
      ...(input.priceMax !== undefined ? { priceMax: input.priceMax } : {}),
      ...(input.variants !== undefined ? { variants: input.variants } : {}),
      ...(input.url !== undefined ? { url: input.url } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      confidence: 1,
    };
    if (!merged.name) {
      throw new AppError('knowledge.product_invalid', 400, 'a new product needs a name', { field: 'name' });
    }
    if (!row) row = await repo.findEntityByKey(tx, ctx.tenantId, entityKey(merged as Entity));
    if (row) {
      await repo.updateEntity(tx, ctx.tenantId, row.id, {
        type: merged.type,
        name: merged.name,
        data: writeJson(merged),
        confidence: 1,
        ...personEdit(ctx.actor, now),
        hidden: 0,
        updated_at: now,
      });
      return row.id;
    }
    const newProductId = newId();
    await repo.insertEntity(tx, {
      id: newProductId,
      tenant_id: ctx.tenantId,
      type: merged.type,
      key: entityKey(merged as Entity),
      name: merged.name,
      data: writeJson(merged),
      confidence: 1,
      origin: 'manual',
      page_id: null,
      source_url: null,
      ...noSupport,
      ...personEdit(ctx.actor, now),
      hidden: 0,
      created_at: now,
      updated_at: now,
    });
    return newProductId;
  });
  return getProduct(ctx, id);
}

/**
 * Deletes a product. One a person added goes; one found on the site is hidden (and stays hidden when
 * the site is crawled again).
 */
export async function deleteProduct(ctx: EntryContext, id: string): Promise<{ id: string; deleted: true }> {
  const now = ctx.app.clock.iso();
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const row = await repo.findEntity(tx, ctx.tenantId, id);
    if (!row || row.hidden === 1 || !isProduct(row)) throw notFound(id);
    if (row.origin === 'manual') await repo.deleteEntity(tx, ctx.tenantId, id);
    else
      await repo.updateEntity(tx, ctx.tenantId, id, {
        hidden: 1,
        ...personEdit(ctx.actor, now),
        updated_at: now,
      });
  });
  return { id, deleted: true };
}

export const EntityViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  name: z.string(),
  data: z.record(z.string(), z.unknown()),
  confidence: z.number(),
  origin: z.enum(['extracted', 'manual']),
  pageId: z.string().nullable(),
  sourceUrl: z.string().nullable(),
  editedByPerson: z.boolean(),
});

export async function listEntityViews(
  ctx: EntryContext,
  input: { type?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ entities: z.infer<typeof EntityViewSchema>[]; nextCursor: string | null }> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const rows = await repo.listEntities(db, ctx.tenantId, {
      types: input.type ? [input.type] : [],
      limit: input.limit + 1,
      after: input.cursor,
    });
    const { page, nextCursor } = keysetPage(rows, input.limit);
    return {
      entities: page.map((r) => ({
        id: r.id,
        type: r.type,
        name: r.name,
        data: readJson<Record<string, unknown>>(r.data, {}),
        confidence: r.confidence,
        origin: r.origin === 'manual' ? ('manual' as const) : ('extracted' as const),
        pageId: r.page_id,
        sourceUrl: r.source_url,
        editedByPerson: r.edited === 1,
      })),
      nextCursor,
    };
  });
}
