import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from './support/db.js';
import { type Account, type Publication, type PublishingWorld, publishingWorld } from './support/publishing.js';

let w: PublishingWorld;
const accounts: Partial<Record<string, Account>> = {};

beforeAll(async () => {
  w = await publishingWorld();
});
afterAll(async () => {
  await w?.close();
});

describe(`publishing against the simulator (${testDialect})`, () => {
  it('connects X through OAuth with PKCE and reads the account from the platform', async () => {
    const [x] = await w.connect('x');
    expect(x).toMatchObject({ platform: 'x', status: 'active', canRefresh: true });
    expect(x?.externalId).toBe(w.sim.control.account('x').id);
    accounts.x = x;
  });

  it('publishes a text post to X', async () => {
    const contentId = await w.content({ x: 'Steel beams, cut to length, next-day delivery.' });
    const { publications } = await w.api<{ publications: Publication[] }>('POST', '/posts', {
      contentId,
      accountIds: [accounts.x?.id],
    });
    const [done] = await w.settle(publications.map((p) => p.id));
    expect(done).toMatchObject({ status: 'published', attempts: 1 });
    const posts = w.sim.control.posts('x', accounts.x?.externalId as string);
    expect(posts.map((p) => p.id)).toContain(done?.platformPostId);
    expect(w.sim.control.state().duplicates).toBe(0);
  });
});
