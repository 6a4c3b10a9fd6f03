import type { JobContext } from '../../../jobs/queue.js';
import type { OperationContext } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { listTenants } from '../../tenancy/index.js';
import * as repo from '../pages/repository.js';
import { preparePageIndex, writePageIndex } from './page-index.js';

export type ReindexMode = 'full' | 'embeddings';

declare module '../../../jobs/catalog.js' {
  interface JobCatalog {
    /** `full`: re-chunk and re-embed every page; `embeddings`: only add vectors of the current model. */
    'knowledge.reindex': { mode: ReindexMode };
    /** Looks for tenants whose index lacks vectors of the configured embedding model. */
    'knowledge.embedding_check': Record<string, never>;
  }
}

const PAGE_BATCH = 50;

/** Enqueues a reindex of the caller's tenant (idempotent while one of the same mode is queued). */
export async function requestReindex(
  ctx: OperationContext,
  mode: ReindexMode,
): Promise<{ jobId: string; mode: ReindexMode; deduplicated: boolean }> {
  const job = await ctx.app.db.tenant(ctx.tenantId, (tx) =>
    ctx.app.queue.enqueue(
      tx,
      'knowledge.reindex',
      { mode },
      { tenantId: ctx.tenantId, idempotencyKey: `reindex:${mode}` },
    ),
  );
  return { jobId: job.id, mode, deduplicated: job.deduplicated };
}

/**
 * Rebuilds a tenant's index. `full` re-chunks every stored page (after a chunking or extraction change)
 * and re-embeds it; `embeddings` keeps the chunks and computes vectors the current model lacks, in
 * batches, so a model change never blocks search: full text works throughout.
 */
export async function reindexTenant(
  app: AppServices,
  payload: { mode: ReindexMode },
  job: JobContext,
): Promise<void> {
  const tenantId = job.tenantId;
  if (!tenantId) return;
  if (payload.mode === 'embeddings') {
    await app.knowledgeIndex.reembed(app.db, tenantId, app.ai.embedderFor(tenantId), {
      signal: job.signal,
      onProgress: (p) => job.progress({ embedded: p.embedded, remaining: p.remaining }),
    });
    return;
  }
  let after: string | undefined;
  let done = 0;
  for (;;) {
    const ids = await app.db.read(tenantId, (db) => repo.listPageIds(db, tenantId, after, PAGE_BATCH));
    if (ids.length === 0) break;
    for (const id of ids) {
      job.signal.throwIfAborted();
      const page = await app.db.read(tenantId, (db) => repo.findPage(db, tenantId, id));
      if (!page) continue;
      const prepared = await preparePageIndex(app, tenantId, id, {
        url: page.url,
        title: page.title,
        markdown: page.markdown,
        publishedAt: page.published_at,
      });
      await app.db.tenant(tenantId, (tx) => writePageIndex(app, tx, tenantId, id, prepared));
      done++;
    }
    after = ids.at(-1);
    await job.progress({ pages: done });
  }
}

/**
 * Scheduled: enqueues an `embeddings` reindex for every tenant whose index has chunks without vectors
 * of the configured model (after EMBEDDING_MODEL changed, or pages indexed while the provider was down).
 */
export async function checkEmbeddings(app: AppServices): Promise<void> {
  let cursor: string | undefined;
  do {
    const page = await listTenants(app, 200, cursor);
    for (const tenant of page.tenants) {
      const state = await app.knowledgeIndex.needsReembedding(
        app.db,
        tenant.id,
        app.ai.embedderFor(tenant.id),
      );
      if (!state.needed) continue;
      await app.db.tenant(tenant.id, (tx) =>
        app.queue.enqueue(
          tx,
          'knowledge.reindex',
          { mode: 'embeddings' },
          {
            tenantId: tenant.id,
            idempotencyKey: 'reindex:embeddings',
          },
        ),
      );
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
