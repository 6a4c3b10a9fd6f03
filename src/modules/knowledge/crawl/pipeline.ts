import { AppError, describeError, isAppError } from '../../../core/errors.js';
import { newId, newPrefixedId } from '../../../core/ids.js';
import { countTokens } from '../../../core/text/tokens.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import { PermanentJobError } from '../../../jobs/errors.js';
import type { JobContext } from '../../../jobs/queue.js';
import type { AppServices } from '../../../operations/services.js';
import { cachedLimits, recordEvent } from '../../tenancy/index.js';
import { createHostedReader, type ExtractedPage, extractPage, type HostedReader } from '../extract/index.js';
import { preparePageIndex, writePageIndex } from '../indexing/page-index.js';
import { enqueueEntryExtraction } from '../jobs/entry-extraction.js';
import * as repo from '../pages/repository.js';
import type { CrawlRequest, CrawlStatus } from '../schemas.js';
import { crawlDefaultsFromConfig, crawlSite } from './crawl-site.js';
import type { CrawledPage, CrawlIssue, CrawlOptions, CrawlProgress, PreviousPage } from './types.js';

/** How often a running crawl writes its counters and looks for a cancel request. */
const PROGRESS_EVERY_MS = 1000;
/** How often a progress event is written (the crawl row itself is updated every second). */
const PROGRESS_EVENT_EVERY_MS = 5000;

/** A URL not kept: the crawler's own issues, plus the pipeline's (quota reached, extraction failed). */
type IssueInput = Omit<CrawlIssue, 'reason'> & {
  reason: CrawlIssue['reason'] | 'quota_exceeded' | 'extraction_failed';
};

interface Counters {
  found: number;
  done: number;
  changed: number;
  failed: number;
  skipped: number;
}

/**
 * The `knowledge.crawl` job: crawls the site, extracts each new or changed page to Markdown, stores it
 * and replaces its chunks in the search index (one transaction per page), and records every URL it did
 * not keep with the reason. Safe to run again after a crash: pages are upserted by URL and the crawl's
 * issues are rewritten from scratch.
 */
export async function runCrawlJob(app: AppServices, crawlId: string, job: JobContext): Promise<void> {
  const tenantId = job.tenantId;
  if (!tenantId) throw new PermanentJobError('knowledge.crawl needs a tenant');
  const crawl = await app.db.read(tenantId, (db) => repo.findCrawl(db, tenantId, crawlId));
  if (!crawl) return; // deleted with its tenant meanwhile
  if (crawl.status === 'succeeded' || crawl.status === 'failed' || crawl.status === 'cancelled') return;
  const now = () => app.clock.iso();
  if (crawl.status === 'cancelling') {
    await finish(app, tenantId, crawlId, 'cancelled', null);
    return;
  }

  await app.db.tenant(tenantId, async (tx) => {
    await repo.deleteIssues(tx, tenantId, crawlId);
    await recordEvent(tx, {
      tenantId,
      type: 'knowledge.crawl_started',
      subjectId: crawlId,
      data: { crawlId, url: crawl.start_url, attempt: job.attempt },
      at: now(),
    });
    await repo.updateCrawl(tx, tenantId, crawlId, {
      status: 'running',
      started_at: crawl.started_at ?? now(),
      found: 0,
      done: 0,
      changed: 0,
      failed: 0,
      skipped: 0,
      error_code: null,
      error: null,
      updated_at: now(),
    });
  });

  const request = readJson<CrawlRequest & { maxPages: number }>(
    crawl.options,
    {} as CrawlRequest & { maxPages: number },
  );
  const options: CrawlOptions = {
    ...crawlDefaultsFromConfig(app.config),
    startUrl: crawl.start_url,
    maxPages: request.maxPages,
    ...(request.maxDepth !== undefined ? { maxDepth: request.maxDepth } : {}),
    include: request.include ?? [],
    exclude: request.exclude ?? [],
    allowSubdomains: request.allowSubdomains ?? false,
    sitemapUrls: request.sitemapUrls ?? [],
  };

  const known = new Map(
    (await app.db.read(tenantId, (db) => repo.listPageValidators(db, tenantId))).map((p) => [p.url, p]),
  );
  const quota = (await cachedLimits(app, tenantId)).quotas.knowledgePages;
  let pageCount = known.size;
  const reader = createHostedReader(app.config.knowledge, app.fetch, {
    timeoutMs: app.config.fetch.timeoutMs,
  });

  const counters: Counters = { found: 0, done: 0, changed: 0, failed: 0, skipped: 0 };
  const abort = new AbortController();
  const onJobAbort = () => abort.abort(job.signal.reason);
  job.signal.addEventListener('abort', onJobAbort, { once: true });
  let cancelled = false;
  let lastSaved = 0;
  let lastEvent = 0;

  const saveProgress = async (force = false) => {
    const t = app.clock.nowMs();
    if (!force && t - lastSaved < PROGRESS_EVERY_MS) return;
    lastSaved = t;
    const status = await app.db.tenant(tenantId, async (tx) => {
      const row = await repo.findCrawl(tx, tenantId, crawlId);
      await repo.updateCrawl(tx, tenantId, crawlId, { ...counters, updated_at: now() });
      if (t - lastEvent >= PROGRESS_EVENT_EVERY_MS) {
        lastEvent = t;
        await recordEvent(tx, {
          tenantId,
          type: 'knowledge.crawl_progress',
          subjectId: crawlId,
          data: { crawlId, ...counters },
          at: now(),
        });
      }
      return row?.status;
    });
    if (status === 'cancelling' || status === 'cancelled' || status === undefined) {
      cancelled = true;
      abort.abort(new AppError('knowledge.crawl_cancelled', 409, 'the crawl was cancelled'));
    }
  };

  const recordIssue = async (issue: IssueInput) => {
    await app.db.tenant(tenantId, (tx) =>
      repo.insertIssue(tx, {
        id: newId(),
        tenant_id: tenantId,
        crawl_id: crawlId,
        url: issue.url,
        kind: issue.kind,
        reason: issue.reason,
        message: issue.message,
        http_status: issue.status ?? null,
        source: issue.source,
        depth: issue.depth,
        found_on: issue.foundOn ?? null,
        duplicate_of: issue.duplicateOf ?? null,
        redirected_to: issue.redirectedTo ?? null,
        created_at: now(),
      }),
    );
  };

  const storePage = async (page: CrawledPage) => {
    const existing = known.get(page.url);
    if (!existing && pageCount >= quota) {
      counters.skipped++;
      await recordIssue({
        url: page.url,
        kind: 'skipped',
        reason: 'quota_exceeded',
        message: `the tenant's knowledge page quota (${quota}) is reached; the page was not stored`,
        source: 'page',
        depth: page.depth,
      });
      return;
    }
    if (existing && (page.notModified || page.change === 'unchanged')) {
      await app.db.tenant(tenantId, async (tx) => {
        const row = await repo.findPageByUrl(tx, tenantId, page.url);
        if (row) {
          await repo.updatePage(tx, tenantId, row.id, {
            crawl_id: crawlId,
            fetched_at: page.fetchedAt,
            etag: page.etag ?? row.etag,
            last_modified: page.lastModified ?? row.last_modified,
            ...(page.notModified ? {} : { links: writeJson(page.links) }),
            updated_at: now(),
          });
        }
      });
      counters.done++;
      return;
    }
    if (page.html === null) return;
    let extracted: ExtractedPage;
    try {
      extracted = await extract(reader, page, app, abort.signal);
    } catch (error) {
      counters.failed++;
      await recordIssue({
        url: page.url,
        kind: 'failed',
        reason: 'extraction_failed',
        message: `the page could not be turned into text: ${describeError(error)}`,
        source: 'page',
        depth: page.depth,
        status: page.status,
      });
      return;
    }
    const row = await app.db.read(tenantId, (db) => repo.findPageByUrl(db, tenantId, page.url));
    const pageId = row?.id ?? newPrefixedId('page');
    const title = extracted.title || page.title || page.url;
    const prepared = await preparePageIndex(app, tenantId, pageId, {
      url: page.url,
      title,
      markdown: extracted.markdown,
      publishedAt: extracted.publishedAt,
    });
    const at = now();
    const fields = {
      fetched_url: page.fetchedUrl,
      title,
      description: extracted.description,
      language: extracted.language,
      published_at: extracted.publishedAt,
      site_name: extracted.siteName,
      markdown: extracted.markdown,
      token_count: countTokens(extracted.markdown),
      content_hash: page.contentHash,
      etag: page.etag ?? null,
      last_modified: page.lastModified ?? null,
      links: writeJson(page.links),
      extraction_method: extracted.method,
      method_reason: extracted.methodReason,
      structured: writeJson(extracted.structured),
      images: writeJson(extracted.images),
      crawl_id: crawlId,
      fetched_at: page.fetchedAt,
      changed_at: at,
      updated_at: at,
    };
    await app.db.tenant(tenantId, async (tx) => {
      if (row) await repo.updatePage(tx, tenantId, pageId, fields);
      else
        await repo.insertPage(tx, {
          id: pageId,
          tenant_id: tenantId,
          url: page.url,
          ...fields,
          first_seen_at: at,
          created_at: at,
        });
      await writePageIndex(app, tx, tenantId, pageId, prepared);
      await enqueueEntryExtraction(app, tx, tenantId, pageId, page.contentHash);
    });
    if (!row) pageCount++;
    known.set(page.url, {
      url: page.url,
      etag: fields.etag,
      last_modified: fields.last_modified,
      content_hash: page.contentHash,
      links: fields.links,
    });
    counters.done++;
    counters.changed++;
  };

  let summary: Awaited<ReturnType<typeof crawlSite>> | undefined;
  let failure: unknown;
  try {
    summary = await crawlSite(options, {
      fetch: app.fetch,
      clock: app.clock,
      logger: job.logger,
      signal: abort.signal,
      previous: (url): PreviousPage | undefined => {
        const p = known.get(url);
        return p
          ? {
              etag: p.etag,
              lastModified: p.last_modified,
              contentHash: p.content_hash,
              links: readJson<string[]>(p.links, []),
            }
          : undefined;
      },
      onPage: async (page) => {
        await storePage(page);
        await saveProgress();
      },
      onSkip: async (issue) => {
        if (issue.kind === 'failed') counters.failed++;
        else counters.skipped++;
        await recordIssue(issue);
      },
      onProgress: (p: CrawlProgress) => {
        counters.found = p.found;
      },
    });
  } catch (error) {
    failure = error;
  } finally {
    job.signal.removeEventListener('abort', onJobAbort);
  }

  if (cancelled) {
    await saveProgress(true).catch(() => undefined);
    await finish(app, tenantId, crawlId, 'cancelled', null, counters);
    return;
  }
  if (failure) {
    if (job.signal.aborted) throw failure; // the worker is stopping or lost the lease: the job runs again
    const code = isAppError(failure) ? failure.code : 'knowledge.crawl_failed';
    await finish(app, tenantId, crawlId, 'failed', { code, message: describeError(failure) }, counters);
    if (isAppError(failure) && failure.status < 500) return; // nothing a retry would change
    throw failure;
  }
  if (summary) counters.found = Math.max(counters.found, summary.found);
  const nothingKept = counters.done === 0;
  const startIssue = nothingKept
    ? await app.db.read(tenantId, async (db) => (await repo.listIssues(db, tenantId, crawlId, 1))[0])
    : undefined;
  await finish(
    app,
    tenantId,
    crawlId,
    nothingKept ? 'failed' : 'succeeded',
    nothingKept
      ? {
          code: 'knowledge.nothing_crawled',
          message: startIssue
            ? `no page could be kept; first problem: ${startIssue.url}: ${startIssue.message}`
            : 'no page could be kept from this site',
        }
      : null,
    counters,
  );
}

async function extract(
  reader: HostedReader | null,
  page: CrawledPage,
  app: AppServices,
  signal: AbortSignal,
): Promise<ExtractedPage> {
  if (reader) {
    try {
      return await reader.read(page.fetchedUrl, { signal });
    } catch (error) {
      app.logger.warn(
        { err: error, url: page.url, reader: reader.name },
        'hosted reader failed; extracting locally',
      );
    }
  }
  return extractPage(page.html ?? '', page.fetchedUrl);
}

async function finish(
  app: AppServices,
  tenantId: string,
  crawlId: string,
  status: CrawlStatus,
  error: { code: string; message: string } | null,
  counters?: Counters,
): Promise<void> {
  const at = app.clock.iso();
  await app.db.tenant(tenantId, async (tx) => {
    await repo.updateCrawl(tx, tenantId, crawlId, {
      status,
      ...(counters ?? {}),
      error_code: error?.code ?? null,
      error: error?.message ?? null,
      finished_at: at,
      updated_at: at,
    });
    await recordEvent(tx, {
      tenantId,
      type: `knowledge.crawl_${status}`,
      subjectId: crawlId,
      data: { crawlId, status, ...(counters ?? {}), ...(error ? { error } : {}) },
      at,
    });
  });
}
