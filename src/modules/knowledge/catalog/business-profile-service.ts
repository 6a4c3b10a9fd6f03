/**
 * The business profile of a tenant, read from its stored entities and pages (see business-profile.ts
 * for how each value is chosen).
 */
import { z } from 'zod';
import { readJson } from '../../../db/dialect.js';
import type { Entity } from '../entries/entities.js';
import { sourceSupport } from '../entries/provenance.js';
import * as repo from '../entries/repository.js';
import type { EntryContext } from '../entries/service.js';
import { listPageIdentities, listPageStructured } from '../pages/repository.js';
import { type BusinessProfile, buildBusinessProfile, type ProfileEntity } from './business-profile.js';

const Source = z.object({
  pageId: z.string(),
  url: z.string(),
  support: z.object({ field: z.string(), start: z.number(), end: z.number(), text: z.string() }),
});
const Value = z
  .object({
    value: z.string(),
    confidence: z.number().min(0).max(1),
    sources: z.array(Source).describe('Every page that states it, with the exact text'),
    alternatives: z.array(z.string()).describe('Other values the site states, best first'),
  })
  .nullable();

export const BusinessProfileSchema = z.object({
  name: z.string().nullable(),
  country: z
    .string()
    .nullable()
    .describe('ISO 3166 alpha-2, from the address, phone codes, prices and language'),
  address: Value,
  phone: Value,
  email: Value,
  hours: z
    .array(
      z.object({
        day: z.enum(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']),
        opens: z.string().nullable().describe('HH:MM'),
        closes: z.string().nullable().describe('HH:MM; may be past midnight (00:30)'),
        closed: z.boolean(),
        periods: z
          .array(z.object({ opens: z.string(), closes: z.string() }))
          .describe('When it is open that day, in order: more than one when the day has a break'),
      }),
    )
    .describe('The regular week, Monday first; empty when the site states no hours'),
  hoursLabel: z.string().nullable(),
  hoursSources: z.array(Source),
  otherHours: z.array(z.string()).describe('Other schedules: kitchen, seasonal, another location'),
}) satisfies z.ZodType<BusinessProfile>;

const CONTACT_TYPES = ['location', 'contact_point', 'opening_hours'] as const;
const MAX_ENTITIES = 5000;

/** The tenant's business profile (one canonical record, with its sources). */
export async function getBusinessProfile(ctx: EntryContext): Promise<BusinessProfile> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const rows = await repo.listEntities(db, ctx.tenantId, { types: CONTACT_TYPES, limit: MAX_ENTITIES });
    const sources = await repo.listEntitySources(
      db,
      ctx.tenantId,
      rows.map((r) => r.id),
    );
    const products = await repo.listEntities(db, ctx.tenantId, { types: ['product', 'service'], limit: 500 });
    const pages = await listPageIdentities(db, ctx.tenantId, MAX_ENTITIES);
    // Declared names: the structured data of the site's shallowest pages (home, contact, about).
    const shallow = [...pages].sort((a, b) => a.url.length - b.url.length).slice(0, 20);
    const structured = new Map(
      (
        await listPageStructured(
          db,
          ctx.tenantId,
          shallow.map((p) => p.id),
        )
      ).map((s) => [s.id, s.structured]),
    );
    const entities: ProfileEntity[] = rows.map((row) => ({
      entity: readJson<Entity>(row.data, {} as Entity),
      manual: row.origin === 'manual' || row.edited === 1,
      sources: sources
        .filter((s) => s.entity_id === row.id)
        .map((s) => ({
          pageId: s.page_id,
          url: s.url,
          entity: readJson<Entity>(s.data, {} as Entity),
          support: sourceSupport(s),
        })),
    }));
    // A person's entry has no page: it stands for itself.
    for (const e of entities) {
      if (e.sources.length === 0 && e.manual)
        e.sources.push({
          pageId: 'manual',
          url: 'manual:',
          entity: e.entity,
          support: { field: 'manual', start: 0, end: 0, text: '' },
        });
    }
    const declared = (id: string): string[] => {
      const s = readJson<{ organizations?: { name?: string }[]; localBusinesses?: { name?: string }[] }>(
        structured.get(id) ?? '{}',
        {},
      );
      return [...(s.localBusinesses ?? []), ...(s.organizations ?? [])]
        .map((o) => o.name)
        .filter((n): n is string => typeof n === 'string' && n.trim() !== '');
    };
    return buildBusinessProfile({
      entities: entities.filter((e) => e.sources.length > 0),
      pages: pages.map((p) => ({
        id: p.id,
        url: p.url,
        title: p.title,
        siteName: p.site_name,
        language: p.language,
        declaredNames: declared(p.id),
      })),
      currencies: products
        .map((r) => readJson<{ currency?: string | null }>(r.data, {}).currency)
        .filter((c): c is string => typeof c === 'string'),
    });
  });
}
