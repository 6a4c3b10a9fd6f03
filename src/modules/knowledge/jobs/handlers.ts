import type { JobHandlers } from '../../../jobs/queue.js';
import { defineSchedule, type Schedule } from '../../../jobs/schedule.js';
import type { AppServices } from '../../../operations/services.js';
import { runCrawlJob } from '../crawl/pipeline.js';
import { checkEmbeddings, reindexTenant } from '../indexing/reindex.js';
import { entryJobHandlers } from './entry-extraction.js';

/** The knowledge module's job handlers. */
export function knowledgeJobHandlers(app: AppServices): JobHandlers {
  return {
    ...entryJobHandlers(app),
    'knowledge.crawl': {
      // A crawl that failed half-way is run again from the start; stored pages make the rerun cheap.
      retry: { maxAttempts: 3, backoffBaseMs: 5_000, backoffMaxMs: 120_000, jitter: 0.2 },
      run: (payload, ctx) => runCrawlJob(app, payload.crawlId, ctx),
    },
    'knowledge.reindex': {
      retry: { maxAttempts: 5, backoffBaseMs: 5_000, backoffMaxMs: 300_000, jitter: 0.2 },
      run: (payload, ctx) => reindexTenant(app, payload, ctx),
    },
    'knowledge.embedding_check': {
      retry: { maxAttempts: 2, backoffBaseMs: 30_000, backoffMaxMs: 60_000, jitter: 0.5 },
      run: () => checkEmbeddings(app),
    },
  };
}

/** Recurring knowledge jobs. */
export function knowledgeSchedules(): Schedule[] {
  return [
    defineSchedule({
      name: 'knowledge.embedding_check',
      job: 'knowledge.embedding_check',
      everyMs: 10 * 60_000,
      payload: () => ({}),
    }),
  ];
}
