/**
 * The knowledge base: crawls of the business's website, clean pages, extracted entries and entities,
 * the hybrid search index and the gaps report. The only face of this module to the others and to the app.
 */
import type { OperationContext } from '../../operations/define.js';
import type { AppModule } from '../../operations/module.js';
import type { AppServices } from '../../operations/services.js';
import { catalogOperations } from './catalog/operations.js';
import { entryOperations } from './entries/operations.js';
import { gapOperations } from './gaps/operations.js';
import { knowledgeJobHandlers, knowledgeSchedules } from './jobs/handlers.js';
import { knowledgePagesMigration } from './migrations/0004_knowledge_pages.js';
import { knowledgeIndexMigration } from './migrations/0005_knowledge_index.js';
import { knowledgeEntriesMigration } from './migrations/0007_knowledge_entries.js';
import { knowledgeOperations } from './operations.js';
import { createSearchIndex, type SearchIndex } from './search/service.js';

export { listEntityViews, listProducts, type ProductView } from './catalog/products.js';
export { knowledgeCategories } from './entries/categories.js';
export type { EntryView } from './entries/schemas.js';
export { type EntryContext, listEntryViews } from './entries/service.js';
export type { EntryKind } from './entries/types.js';
export { getPage, listPages, websiteCopy } from './pages/pages.js';
export { type KnowledgeHit, type KnowledgeSearchInput, runSearch, searchKnowledge } from './query/search.js';
export type { SearchIndex } from './search/service.js';

declare module '../../operations/services.js' {
  interface ModuleServices {
    /** The knowledge base's hybrid search index (full text + vectors, fused by RRF) and its query cache. */
    knowledgeIndex: SearchIndex;
  }
}

/** The module's per-process services, built by the app at start. */
export function createKnowledgeServices(app: Pick<AppServices, 'config' | 'clock'>): {
  knowledgeIndex: SearchIndex;
} {
  return {
    knowledgeIndex: createSearchIndex({
      dialect: app.config.database.dialect,
      cacheTtlMs: app.config.knowledge.searchCacheTtlMs,
      now: () => app.clock.now(),
    }),
  };
}

export const knowledgeModule = {
  name: 'knowledge',
  migrations: [knowledgePagesMigration, knowledgeIndexMigration, knowledgeEntriesMigration],
  operations: [...knowledgeOperations, ...entryOperations, ...catalogOperations, ...gapOperations],
  jobHandlers: knowledgeJobHandlers,
  schedules: () => knowledgeSchedules(),
  /** How much the tenant's knowledge base holds; its rows are in the export's tables. */
  exportTenant: async (ctx: OperationContext) => ({
    index: await ctx.app.knowledgeIndex.state(ctx.app.db, ctx.tenantId),
  }),
  /** Per-tenant search structures live outside tenant-owned tables (SQLite virtual tables). */
  eraseTenant: (app: AppServices, tenantId: string) => app.knowledgeIndex.dropTenant(app.db, tenantId),
} satisfies AppModule;
