import { AppError, notFound } from '../../../core/errors.js';
import { newPrefixedId } from '../../../core/ids.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import { keysetPage } from '../../../db/paging.js';
import type { OperationContext } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { assertWithinQuota, loadLimits } from '../../tenancy/index.js';
import * as repo from '../pages/repository.js';
import {
  type Crawl,
  type CrawlIssue,
  type CrawlRequest,
  type CrawlStatus,
  finishedCrawlStatuses,
} from '../schemas.js';
import { canonicalizeUrl } from './canonical-url.js';

declare module '../../../jobs/catalog.js' {
  interface JobCatalog {
    'knowledge.crawl': { crawlId: string };
  }
}

export function toCrawl(row: repo.CrawlRow): Crawl {
  return {
    id: row.id,
    url: row.start_url,
    status: row.status as CrawlStatus,
    options: readJson<Record<string, unknown>>(row.options, {}),
    progress: {
      found: row.found,
      done: row.done,
      changed: row.changed,
      failed: row.failed,
      skipped: row.skipped,
    },
    error: row.error_code ? { code: row.error_code, message: row.error ?? '' } : null,
    jobId: row.job_id,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toIssue(row: repo.IssueRow): CrawlIssue {
  return {
    url: row.url,
    kind: row.kind as CrawlIssue['kind'],
    reason: row.reason,
    message: row.message,
    httpStatus: row.http_status,
    source: row.source,
    depth: row.depth,
    foundOn: row.found_on,
    duplicateOf: row.duplicate_of,
    redirectedTo: row.redirected_to,
  };
}

const DAY_MS = 86_400_000;

/**
 * Starts a crawl: records it and enqueues its job in one transaction, so a crawl never exists without the
 * job that runs it (or the other way round). Returns at once; progress is read with `getCrawl`.
 */
export async function startCrawl(ctx: OperationContext, request: CrawlRequest): Promise<Crawl> {
  const app = ctx.app;
  const startUrl = canonicalizeUrl(request.url);
  if (!startUrl)
    throw new AppError('knowledge.invalid_url', 400, `cannot crawl ${request.url}: not a valid http(s) URL`);
  const maxPages = request.maxPages ?? app.config.knowledge.maxPages;
  const options = { ...request, url: startUrl, maxPages };
  const now = app.clock.iso();
  const id = newPrefixedId('crawl');
  return app.db.tenant(ctx.tenantId, async (tx) => {
    const limits = await loadLimits(tx, app, ctx.tenantId);
    const since = new Date(app.clock.nowMs() - DAY_MS).toISOString();
    assertWithinQuota(limits, 'crawlsPerDay', (await repo.countCrawlsSince(tx, ctx.tenantId, since)) + 1);
    await repo.insertCrawl(tx, {
      id,
      tenant_id: ctx.tenantId,
      start_url: startUrl,
      options: writeJson(options),
      status: 'queued',
      found: 0,
      done: 0,
      failed: 0,
      skipped: 0,
      changed: 0,
      requested_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    });
    const job = await app.queue.enqueue(tx, 'knowledge.crawl', { crawlId: id }, { tenantId: ctx.tenantId });
    await repo.updateCrawl(tx, ctx.tenantId, id, { job_id: job.id });
    return toCrawl((await repo.findCrawl(tx, ctx.tenantId, id)) as repo.CrawlRow);
  });
}

export const ISSUES_SHOWN = 500;

export async function getCrawl(ctx: OperationContext, id: string): Promise<Crawl & { issues: CrawlIssue[] }> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const row = await repo.findCrawl(db, ctx.tenantId, id);
    if (!row) throw notFound('knowledge.crawl_not_found', `crawl ${id}`);
    const issues = await repo.listIssues(db, ctx.tenantId, id, ISSUES_SHOWN);
    return { ...toCrawl(row), issues: issues.map(toIssue) };
  });
}

export async function listCrawls(
  ctx: OperationContext,
  limit: number,
  cursor?: string,
): Promise<{ crawls: Crawl[]; nextCursor: string | null }> {
  const rows = await ctx.app.db.read(ctx.tenantId, (db) =>
    repo.listCrawls(db, ctx.tenantId, limit + 1, cursor),
  );
  const { page, nextCursor } = keysetPage(rows, limit);
  return { crawls: page.map(toCrawl), nextCursor };
}

/**
 * Stops a crawl. A queued one is cancelled with its job; a running one is marked `cancelling` and its
 * worker stops at the next page (it checks the mark as it goes), keeping the pages stored so far.
 */
export async function cancelCrawl(ctx: OperationContext, id: string): Promise<Crawl> {
  const app: AppServices = ctx.app;
  const now = app.clock.iso();
  const row = await app.db.tenant(ctx.tenantId, async (tx) => {
    const crawl = await repo.findCrawl(tx, ctx.tenantId, id);
    if (!crawl) throw notFound('knowledge.crawl_not_found', `crawl ${id}`);
    if (finishedCrawlStatuses.includes(crawl.status as CrawlStatus)) {
      throw new AppError('knowledge.crawl_finished', 409, `crawl ${id} has already ${crawl.status}`);
    }
    const status: CrawlStatus = crawl.status === 'queued' ? 'cancelled' : 'cancelling';
    await repo.updateCrawl(tx, ctx.tenantId, id, {
      status,
      updated_at: now,
      ...(status === 'cancelled' ? { finished_at: now } : {}),
    });
    return { ...crawl, status };
  });
  if (row.status === 'cancelled' && row.job_id) {
    // The job may have been claimed meanwhile; then the worker sees `cancelled` and stops at once.
    await app.queue.cancel(row.job_id, { tenantId: ctx.tenantId }).catch(() => undefined);
  }
  return toCrawl(
    (await app.db.read(ctx.tenantId, (db) => repo.findCrawl(db, ctx.tenantId, id))) as repo.CrawlRow,
  );
}
