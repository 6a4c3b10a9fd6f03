import { notFound } from '../../../core/errors.js';
import { readJson } from '../../../db/dialect.js';
import { keysetPage } from '../../../db/paging.js';
import type { OperationContext } from '../../../operations/define.js';
import { removePageKnowledge } from '../entries/page-knowledge.js';
import { markdownToText } from '../extract/index.js';
import { removePageFromIndex } from '../indexing/page-index.js';
import type { Page, PageSummary } from '../schemas.js';
import * as repo from './repository.js';

export function toPageSummary(row: repo.PageSummaryRow): PageSummary {
  return {
    id: row.id,
    url: row.url,
    title: row.title,
    language: row.language,
    tokenCount: row.token_count,
    extractionMethod: row.extraction_method,
    crawlId: row.crawl_id,
    fetchedAt: row.fetched_at,
    changedAt: row.changed_at,
  };
}

export function toPage(row: repo.PageRow): Page {
  return {
    ...toPageSummary(row),
    fetchedUrl: row.fetched_url,
    description: row.description,
    publishedAt: row.published_at,
    siteName: row.site_name,
    markdown: row.markdown,
    methodReason: row.method_reason,
    contentHash: row.content_hash,
    structured: readJson<Record<string, unknown>>(row.structured, {}),
    images: readJson<Page['images']>(row.images, []),
    firstSeenAt: row.first_seen_at,
  };
}

export async function listPages(
  ctx: OperationContext,
  q: { limit: number; cursor?: string; urlPrefix?: string; crawlId?: string },
): Promise<{ pages: PageSummary[]; nextCursor: string | null }> {
  const rows = await ctx.app.db.read(ctx.tenantId, (db) =>
    repo.listPages(db, ctx.tenantId, {
      limit: q.limit + 1,
      ...(q.cursor ? { after: q.cursor } : {}),
      ...(q.urlPrefix ? { urlPrefix: q.urlPrefix } : {}),
      ...(q.crawlId ? { crawlId: q.crawlId } : {}),
    }),
  );
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return { pages: page.map(toPageSummary), nextCursor };
}

export async function getPage(ctx: OperationContext, id: string): Promise<Page> {
  const row = await ctx.app.db.read(ctx.tenantId, (db) => repo.findPage(db, ctx.tenantId, id));
  if (!row) throw notFound('knowledge.page_not_found', `page ${id}`);
  return toPage(row);
}

/** Deletes a page and everything derived from it (its chunks, entries and facts) in one transaction. */
export async function deletePage(
  ctx: OperationContext,
  id: string,
): Promise<{ deleted: true; id: string; url: string }> {
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const row = await repo.findPage(tx, ctx.tenantId, id);
    if (!row) throw notFound('knowledge.page_not_found', `page ${id}`);
    await removePageKnowledge(ctx.app, tx, ctx.tenantId, id);
    await removePageFromIndex(ctx.app, tx, ctx.tenantId, id);
    await repo.deletePage(tx, ctx.tenantId, id);
    return { deleted: true, id, url: row.url };
  });
}

/**
 * The website's own copy, as plain text per page (for learning the brand voice): the longest pages
 * first, each cut to `maxChars`.
 */
export async function websiteCopy(
  app: OperationContext['app'],
  tenantId: string,
  options: { limit: number; maxChars: number },
): Promise<string[]> {
  const rows = await app.db.read(tenantId, (db) => repo.listPageTexts(db, tenantId, options.limit));
  return rows
    .map((r) => markdownToText(r.markdown).slice(0, options.maxChars).trim())
    .filter((text) => text.length > 0);
}
