/**
 * Publishing with REDIS_URL set: jobs on BullMQ, spent budgets and the per-platform places in Redis.
 * The same adapters and state machine; a lost answer is still reconciled, never re-posted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '../src/core/platforms.js';
import { testDialect } from './support/db.js';
import {
  type Account,
  type Publication,
  type PublishingWorld,
  publishingWorld,
} from './support/publishing.js';

const redisUrl = process.env.TEST_REDIS_URL;
let w: PublishingWorld;
const accounts = {} as Record<Platform, Account>;
const prefix = `dify-agent-test-${Math.random().toString(36).slice(2, 8)}`;

describe.skipIf(!redisUrl)(`publishing on BullMQ and Redis (${testDialect})`, () => {
  beforeAll(async () => {
    w = await publishingWorld({ env: { REDIS_URL: redisUrl as string }, queue: { prefix } });
    for (const platform of ['x', 'linkedin', 'facebook', 'instagram'] as const) {
      const [account] = await w.connect(platform);
      accounts[platform] = account as Account;
    }
  });
  afterAll(async () => {
    await w?.close();
  });

  it('fans one image post out to four platforms, the places and the answer-lost case through Redis', async () => {
    expect(w.t.app.queue.driver).toBe('bullmq');
    w.sim.control.addFault({
      kind: 'lost_response',
      platform: 'x',
      method: 'POST',
      path: '/2/tweets',
      count: 1,
    });
    const contentId = await w.content(
      Object.fromEntries(
        (['x', 'linkedin', 'facebook', 'instagram'] as const).map((p) => [p, `Redis run: beams for ${p}`]),
      ),
      [{ kind: 'image', url: `${w.media.url}/img4.jpg` }],
    );
    const { publications } = await w.api<{ publications: Publication[] }>('POST', '/posts', {
      contentId,
      accountIds: Object.values(accounts).map((a) => a.id),
    });
    const done = await w.settle(publications.map((p) => p.id));
    expect(done.map((p) => [p.platform, p.status])).toEqual(
      publications.map((p) => [p.platform, 'published']),
    );
    expect(done.find((p) => p.platform === 'x')?.attempts).toBe(1);
    expect(w.sim.control.state().duplicates).toBe(0);
    // The places were taken in Redis (released since: empty sets vanish), never in the database.
    const slots = await w.t.app.db.systemRead((db) =>
      db.selectFrom('publishing_slots').selectAll().execute(),
    );
    expect(slots).toEqual([]);
    expect(await w.t.app.redis?.ping()).toBe('PONG');
  });
});
