import { readJson } from '../../../db/dialect.js';
import { getBusinessProfile } from '../catalog/business-profile-service.js';
import type { KnowledgeCategory } from '../entries/categories.js';
import type { EntityType } from '../entries/entities.js';
import * as repo from '../entries/repository.js';
import type { EntryContext } from '../entries/service.js';
import type { GapEntity } from './facets.js';
import { type CategoryGap, computeGaps, type GapReport } from './gaps.js';

const MAX_ENTITIES = 5000;

/**
 * The tenant's gap report from its visible entries (and when their pages last changed), its stored
 * entities, and the country of its business profile.
 */
export async function knowledgeGaps(ctx: EntryContext, category?: KnowledgeCategory): Promise<GapReport> {
  const { entries, pages, entityRows } = await ctx.app.db.read(ctx.tenantId, async (db) => ({
    entries: await repo.listEntriesForScoring(db, ctx.tenantId),
    pages: await repo.listPageExtractions(db, ctx.tenantId),
    entityRows: await repo.listEntities(db, ctx.tenantId, { types: [], limit: MAX_ENTITIES }),
  }));
  const profile = await getBusinessProfile(ctx);
  const changed = new Map(pages.map((p) => [p.page_id, p.page_changed_at]));
  const entities: GapEntity[] = entityRows.map((r) => {
    const data = readJson<{ price?: number | null; kind?: string }>(r.data, {});
    return { id: r.id, type: r.type as EntityType, price: data.price ?? null, kind: data.kind };
  });
  const report = computeGaps(
    entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      category: e.category,
      question: e.question,
      answer: e.answer,
      confidence: e.confidence,
      changedAt: (e.origin === 'extracted' && e.page_id ? changed.get(e.page_id) : undefined) ?? e.updated_at,
      pageId: e.page_id,
    })),
    new Date(ctx.app.clock.iso()),
    { entities, country: profile.country },
  );
  if (!category) return report;
  return { ...report, categories: report.categories.filter((c: CategoryGap) => c.category === category) };
}
