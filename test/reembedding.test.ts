import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../src/app/modules.js';
import { silentLogger } from '../src/core/logger.js';
import { LeaseLostError } from '../src/jobs/errors.js';
import { type JobContext, startWorker } from '../src/jobs/queue.js';
import { checkEmbeddings, reindexTenant } from '../src/modules/knowledge/indexing/reindex.js';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';
import { addTestPage } from './support/knowledge.js';

/**
 * A change of embedding model must re-embed the index in the background while full-text search keeps
 * working. The "new model" here is a deterministic stand-in with another id and dimension, as a
 * provider model would be after EMBEDDING_MODEL changed.
 */
let t: TestApp;
let a: TestTenant;

beforeAll(async () => {
  t = await createTestApp({ env: { JOB_POLL_MS: '50' } });
  a = await t.tenant('Reembed Co');
  await addTestPage(t.app, a.id, {
    url: 'https://reembed.example/delivery',
    title: 'Delivery',
    markdown: '# Delivery\n\nWe deliver steel beams next day across the Midlands.',
  });
  await addTestPage(t.app, a.id, {
    url: 'https://reembed.example/about',
    title: 'About',
    markdown: '# About\n\nA family steel stockholder since 1987.',
  });
});
afterAll(async () => {
  await t.cleanup();
});

function newModel(tenantId: string, dimension = 16) {
  return {
    modelId: `test:hash-${dimension}`,
    dimension,
    embedMany: async (values: readonly string[]) =>
      values.map((v) =>
        Array.from({ length: dimension }, (_, i) => ((v.charCodeAt(i % v.length) % 7) + 1) / 7),
      ),
    tenantId,
  };
}

describe(`re-embedding after a model change (${testDialect})`, () => {
  it('finds the stale index, re-embeds it in a background job, and keeps search working', async () => {
    const original = t.app.ai.embedderFor.bind(t.app.ai);
    expect((await t.app.knowledgeIndex.needsReembedding(t.app.db, a.id, original(a.id))).needed).toBe(false);

    // EMBEDDING_MODEL changes: the AI service now hands out the new model.
    t.app.ai.embedderFor = (tenantId: string) => newModel(tenantId);
    try {
      const before = await t.app.knowledgeIndex.needsReembedding(t.app.db, a.id, newModel(a.id));
      expect(before).toMatchObject({ needed: true, stale: 2 });

      // Full text still answers while vectors are missing.
      const during = await t.app.knowledgeIndex.search(t.app.db, a.id, 'next day delivery', {
        noCache: true,
      });
      expect(during.hits[0]?.url).toBe('https://reembed.example/delivery');

      await checkEmbeddings(t.app); // the scheduled check enqueues a job per stale tenant
      const worker = startWorker(t.app.queue, jobHandlers(t.app), { concurrency: 1 });
      try {
        for (let i = 0; i < 200; i++) {
          if (!(await t.app.knowledgeIndex.needsReembedding(t.app.db, a.id, newModel(a.id))).needed) break;
          await new Promise((r) => setTimeout(r, 50));
        }
      } finally {
        await worker.stop();
      }
      expect((await t.app.knowledgeIndex.needsReembedding(t.app.db, a.id, newModel(a.id))).needed).toBe(
        false,
      );
      const state = await t.app.knowledgeIndex.state(t.app.db, a.id);
      expect(state.modelId).toBe('test:hash-16');
      const after = await t.app.knowledgeIndex.search(t.app.db, a.id, 'next day delivery', {
        noCache: true,
        embedder: newModel(a.id),
      });
      expect(after.vectorModel).toBe('test:hash-16');
      expect(after.hits[0]?.url).toBe('https://reembed.example/delivery');
    } finally {
      t.app.ai.embedderFor = original;
    }
  });

  it('stops with LeaseLostError when recording progress finds the lease gone', async () => {
    // The progress write must be awaited: left floating, it could finish after the job completed, find the
    // lease released and reject with no one to handle it (CI once failed on exactly that).
    const job: JobContext = {
      id: 'job_lease_lost',
      name: 'knowledge.reindex',
      attempt: 1,
      maxAttempts: 3,
      tenantId: a.id,
      signal: new AbortController().signal,
      logger: silentLogger,
      heartbeat: async () => undefined,
      progress: async () => {
        throw new LeaseLostError('job_lease_lost');
      },
    };
    const original = t.app.ai.embedderFor.bind(t.app.ai);
    t.app.ai.embedderFor = (tenantId: string) => newModel(tenantId, 8);
    try {
      await expect(reindexTenant(t.app, { mode: 'embeddings' }, job)).rejects.toBeInstanceOf(LeaseLostError);
    } finally {
      t.app.ai.embedderFor = original;
    }
  });
});
