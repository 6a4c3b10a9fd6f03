import type { KnowledgeCategory } from '../entries/categories.js';
import * as repo from '../entries/repository.js';
import type { EntryContext } from '../entries/service.js';
import { type CategoryGap, computeGaps, type GapReport } from './gaps.js';

/** The tenant's gap report from its visible entries and when their pages last changed. */
export async function knowledgeGaps(ctx: EntryContext, category?: KnowledgeCategory): Promise<GapReport> {
  const { entries, pages } = await ctx.app.db.read(ctx.tenantId, async (db) => ({
    entries: await repo.listEntriesForScoring(db, ctx.tenantId),
    pages: await repo.listPageExtractions(db, ctx.tenantId),
  }));
  const changed = new Map(pages.map((p) => [p.page_id, p.page_changed_at]));
  const report = computeGaps(
    entries.map((e) => ({
      category: e.category,
      question: e.question,
      answer: e.answer,
      confidence: e.confidence,
      changedAt: (e.origin === 'extracted' && e.page_id ? changed.get(e.page_id) : undefined) ?? e.updated_at,
      pageId: e.page_id,
    })),
    new Date(ctx.app.clock.iso()),
  );
  if (!category) return report;
  return { ...report, categories: report.categories.filter((c: CategoryGap) => c.category === category) };
}
