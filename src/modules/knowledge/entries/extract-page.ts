/**
 * Extraction of one stored page, for the crawl pipeline: after a page is stored or changed (after that
 * transaction commits) it calls `extractEntriesForPage(app, tenantId, pageId)`. The page is read, the
 * engine the extraction task's model names runs outside any transaction (a model call can take a
 * minute), then everything is written in one transaction; pages whose content hash was already
 * extracted are skipped unless `force` is set.
 */
import { AppError } from '../../../core/errors.js';
import { readJson } from '../../../db/dialect.js';
import type { AppServices } from '../../../operations/services.js';
import { findTenant } from '../../tenancy/index.js';
import type { StructuredData } from '../extract/types.js';
import { findPage, listPageIdentities } from '../pages/repository.js';
import type { KnowledgeCategory } from './categories.js';
import { extractWithLlm } from './llm-engine.js';
import { extractOffline } from './offline-engine.js';
import { writePageKnowledge } from './page-knowledge.js';
import * as repo from './repository.js';
import type { ExtractionSummary, PageExtraction, PageInput, StoredPage } from './types.js';

/** The stored structured data with every list present (older or partial rows may lack some). */
function structuredOf(text: string): StructuredData {
  const parsed = readJson<Partial<StructuredData> | null>(text, null) ?? {};
  const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  return {
    products: list(parsed.products),
    faq: list(parsed.faq),
    organizations: list(parsed.organizations),
    localBusinesses: list(parsed.localBusinesses),
    jsonLd: list(parsed.jsonLd),
    pageProducts: parsed.pageProducts === true,
    ...(parsed.siteContact ? { siteContact: parsed.siteContact } : {}),
  };
}

function pageInput(page: StoredPage, names: { site: string | null; tenant: string | null }): PageInput {
  return {
    url: page.url,
    title: page.title,
    markdown: page.markdown,
    structured: structuredOf(page.structured),
    structuredText: page.structured,
    siteName: page.site_name ?? names.site,
    tenantName: names.tenant,
    language: page.language,
  };
}

/** The model the extraction task is configured with (`local` for the offline engine). */
export function extractionModel(app: AppServices): string {
  return app.ai.models().tasks.find((t) => t.task === 'extraction')?.model ?? 'local';
}

/** Runs the configured engine on a page. No database access; may call a model. */
export async function runExtraction(
  app: AppServices,
  tenantId: string,
  input: PageInput,
  signal?: AbortSignal,
): Promise<PageExtraction> {
  if (extractionModel(app) === 'local') return extractOffline(input);
  return extractWithLlm(app.ai, tenantId, input, signal);
}

/**
 * The site's name as its page titles give it: the title part ("Shop – Ember & Wick") most pages
 * share. Null for a site of one page, or when no part repeats.
 */
export function siteNameFromTitles(titles: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const t of titles) {
    const parts = new Set(
      t
        .split(/\s+[|–—·:-]\s+/)
        .map((p) => p.trim())
        .filter((p) => p.length >= 2 && p.length <= 60),
    );
    if (parts.size < 2) continue;
    for (const p of parts) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!best || best[1] < 2 || best[1] < titles.length * 0.3) return null;
  return best[0];
}

async function siteName(app: AppServices, tenantId: string): Promise<string | null> {
  const rows = await app.db.read(tenantId, (db) => listPageIdentities(db, tenantId, 500));
  return siteNameFromTitles(rows.map((r) => r.title));
}

async function tenantName(app: AppServices, tenantId: string): Promise<string | null> {
  return (await findTenant(app, tenantId))?.name ?? null;
}

/**
 * Extracts one stored page and stores its entries and entities, replacing what earlier extractions
 * of that page produced (person-edited entries and entities are kept as the person left them).
 */
export async function extractEntriesForPage(
  app: AppServices,
  tenantId: string,
  pageId: string,
  options: { force?: boolean; signal?: AbortSignal } = {},
): Promise<ExtractionSummary> {
  const [page, previous] = await app.db.read(
    tenantId,
    async (db) =>
      [await findPage(db, tenantId, pageId), await repo.findPageExtraction(db, tenantId, pageId)] as const,
  );
  if (!page) throw new AppError('knowledge.page_not_found', 404, `page ${pageId} was not found`);
  if (!options.force && previous && previous.content_hash === page.content_hash) {
    return {
      pageId,
      engine: previous.engine as 'offline' | 'llm',
      model: previous.model,
      entries: previous.entry_count,
      entities: previous.entity_count,
      dropped: readJson<unknown[]>(previous.dropped, []).length,
      category: previous.category as KnowledgeCategory,
      skipped: 'unchanged',
    };
  }
  const extraction = await runExtraction(
    app,
    tenantId,
    pageInput(page, { site: await siteName(app, tenantId), tenant: await tenantName(app, tenantId) }),
    options.signal,
  );
  return app.db.tenant(tenantId, async (tx) => {
    const current = await findPage(tx, tenantId, pageId);
    if (!current || current.content_hash !== page.content_hash) {
      // The page changed or went while the engine ran: the next extraction call handles it.
      return {
        pageId,
        engine: extraction.engine,
        model: extraction.model,
        entries: 0,
        entities: 0,
        dropped: 0,
        category: extraction.pageCategory.category,
        skipped: 'page_changed' as const,
      };
    }
    return writePageKnowledge(app, tx, tenantId, current, extraction);
  });
}
