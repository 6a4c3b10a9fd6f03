import { isAppError } from '../../../core/errors.js';
import type { Executor } from '../../../db/connect.js';
import type { JobHandlers } from '../../../jobs/queue.js';
import type { AppServices } from '../../../operations/services.js';
import { extractEntriesForPage } from '../entries/extract-page.js';

declare module '../../../jobs/catalog.js' {
  interface JobCatalog {
    /** Turns one stored page into knowledge entries and entities (after a crawl stored or changed it). */
    'knowledge.extract_entries': { pageId: string };
  }
}

/**
 * Queues entry extraction for a page, in the transaction that stored it: the job exists exactly when the
 * new page content does. One job per content version (the key carries the content hash).
 */
export async function enqueueEntryExtraction(
  app: AppServices,
  tx: Executor,
  tenantId: string,
  pageId: string,
  contentHash: string,
): Promise<void> {
  await app.queue.enqueue(
    tx,
    'knowledge.extract_entries',
    { pageId },
    {
      tenantId,
      idempotencyKey: `extract:${pageId}:${contentHash}`,
    },
  );
}

export function entryJobHandlers(app: AppServices): JobHandlers {
  return {
    'knowledge.extract_entries': {
      // The offline engine cannot fail transiently; an LLM engine can (rate limits, outages).
      retry: { maxAttempts: 4, backoffBaseMs: 10_000, backoffMaxMs: 600_000, jitter: 0.3 },
      run: async (payload, ctx) => {
        if (!ctx.tenantId) return;
        try {
          await extractEntriesForPage(app, ctx.tenantId, payload.pageId, { signal: ctx.signal });
        } catch (error) {
          // The page was deleted (or its tenant erased) before the job ran: nothing left to extract.
          if (isAppError(error) && error.code === 'knowledge.page_not_found') return;
          throw error;
        }
      },
    },
  };
}
