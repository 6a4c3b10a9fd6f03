import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../../db/connect.js';
import { toNumber } from '../../../db/dialect.js';
import type { KnowledgeCrawlIssuesTable, KnowledgeCrawlsTable, KnowledgePagesTable } from '../tables.js';

/** SQL for crawls, pages and crawl issues. Every query filters on tenant_id. */

export type CrawlRow = Selectable<KnowledgeCrawlsTable>;
export type PageRow = Selectable<KnowledgePagesTable>;
export type IssueRow = Selectable<KnowledgeCrawlIssuesTable>;

export async function insertCrawl(db: Executor, row: Insertable<KnowledgeCrawlsTable>): Promise<void> {
  await db.insertInto('knowledge_crawls').values(row).execute();
}

export async function findCrawl(db: Executor, tenantId: string, id: string): Promise<CrawlRow | undefined> {
  return db
    .selectFrom('knowledge_crawls')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listCrawls(
  db: Executor,
  tenantId: string,
  limit: number,
  before?: string,
): Promise<CrawlRow[]> {
  let q = db
    .selectFrom('knowledge_crawls')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (before) q = q.where('id', '<', before);
  return q.execute();
}

export async function updateCrawl(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<KnowledgeCrawlsTable>,
): Promise<void> {
  await db
    .updateTable('knowledge_crawls')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Crawls started since `sinceIso` (for the crawls-per-day quota). */
export async function countCrawlsSince(db: Executor, tenantId: string, sinceIso: string): Promise<number> {
  const r = await db
    .selectFrom('knowledge_crawls')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('created_at', '>=', sinceIso)
    .executeTakeFirstOrThrow();
  return toNumber(r.n);
}

export async function insertIssue(db: Executor, row: Insertable<KnowledgeCrawlIssuesTable>): Promise<void> {
  await db.insertInto('knowledge_crawl_issues').values(row).execute();
}

export async function deleteIssues(db: Executor, tenantId: string, crawlId: string): Promise<void> {
  await db
    .deleteFrom('knowledge_crawl_issues')
    .where('tenant_id', '=', tenantId)
    .where('crawl_id', '=', crawlId)
    .execute();
}

export async function listIssues(
  db: Executor,
  tenantId: string,
  crawlId: string,
  limit: number,
): Promise<IssueRow[]> {
  return db
    .selectFrom('knowledge_crawl_issues')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('crawl_id', '=', crawlId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function findPageByUrl(
  db: Executor,
  tenantId: string,
  url: string,
): Promise<PageRow | undefined> {
  return db
    .selectFrom('knowledge_pages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('url', '=', url)
    .executeTakeFirst();
}

export async function findPage(db: Executor, tenantId: string, id: string): Promise<PageRow | undefined> {
  return db
    .selectFrom('knowledge_pages')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** What a conditional re-crawl needs of every known page. */
export async function listPageValidators(
  db: Executor,
  tenantId: string,
): Promise<Pick<PageRow, 'url' | 'etag' | 'last_modified' | 'content_hash' | 'links'>[]> {
  return db
    .selectFrom('knowledge_pages')
    .select(['url', 'etag', 'last_modified', 'content_hash', 'links'])
    .where('tenant_id', '=', tenantId)
    .execute();
}

export interface PageListQuery {
  limit: number;
  after?: string;
  urlPrefix?: string;
  crawlId?: string;
}

export type PageSummaryRow = Pick<
  PageRow,
  | 'id'
  | 'url'
  | 'title'
  | 'language'
  | 'token_count'
  | 'extraction_method'
  | 'crawl_id'
  | 'fetched_at'
  | 'changed_at'
>;

export async function listPages(db: Executor, tenantId: string, q: PageListQuery): Promise<PageSummaryRow[]> {
  let query = db
    .selectFrom('knowledge_pages')
    .select([
      'id',
      'url',
      'title',
      'language',
      'token_count',
      'extraction_method',
      'crawl_id',
      'fetched_at',
      'changed_at',
    ])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .limit(q.limit);
  if (q.after) query = query.where('id', '>', q.after);
  if (q.urlPrefix) query = query.where('url', 'like', `${q.urlPrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (q.crawlId) query = query.where('crawl_id', '=', q.crawlId);
  return query.execute();
}

export async function listPageIds(
  db: Executor,
  tenantId: string,
  after: string | undefined,
  limit: number,
): Promise<string[]> {
  let q = db
    .selectFrom('knowledge_pages')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .limit(limit);
  if (after) q = q.where('id', '>', after);
  return (await q.execute()).map((r) => r.id);
}

export async function insertPage(db: Executor, row: Insertable<KnowledgePagesTable>): Promise<void> {
  await db.insertInto('knowledge_pages').values(row).execute();
}

export async function updatePage(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<KnowledgePagesTable>,
): Promise<void> {
  await db
    .updateTable('knowledge_pages')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deletePage(db: Executor, tenantId: string, id: string): Promise<number> {
  const r = await db
    .deleteFrom('knowledge_pages')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** The Markdown of the tenant's longest pages (their richest copy). */
export async function listPageTexts(
  db: Executor,
  tenantId: string,
  limit: number,
): Promise<Pick<PageRow, 'url' | 'markdown'>[]> {
  return db
    .selectFrom('knowledge_pages')
    .select(['url', 'markdown'])
    .where('tenant_id', '=', tenantId)
    .orderBy('token_count', 'desc')
    .limit(limit)
    .execute();
}

/** What identifies each page of the tenant (for the business profile): URL, title, site name, language. */
export async function listPageIdentities(
  db: Executor,
  tenantId: string,
  limit: number,
): Promise<Pick<PageRow, 'id' | 'url' | 'title' | 'site_name' | 'language'>[]> {
  return db
    .selectFrom('knowledge_pages')
    .select(['id', 'url', 'title', 'site_name', 'language'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The structured data of the given pages. */
export async function listPageStructured(
  db: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<Pick<PageRow, 'id' | 'structured'>[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('knowledge_pages')
    .select(['id', 'structured'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
}
