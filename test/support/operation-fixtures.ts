import { updatePublication } from '../../src/modules/publishing/repository.js';
import type { TestApp, TestTenant } from './app.js';
import { addTestPage } from './knowledge.js';
import { insertTestAccount } from './publishing.js';

/**
 * For every operation that takes the id of a tenant-owned object: how to make such an object in another
 * tenant and the input naming it. The registry test uses this to prove that a key of tenant A gets 404
 * (not 403) for tenant B's objects; it fails for any operation with an id input and no entry here.
 */
export type CrossTenantFixture = (t: TestApp, owner: TestTenant) => Promise<Record<string, unknown>>;

/** Creates an object through the API as `owner` and returns the named id field of the answer. */
async function created(
  t: TestApp,
  key: string,
  method: 'POST' | 'PUT',
  path: string,
  body: Record<string, unknown>,
  field = 'id',
): Promise<string> {
  const res = await t.request(path, { method, key, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`fixture request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as Record<string, unknown>)[field] as string;
}

const unique = () => Math.random().toString(36).slice(2);

const keyIdOf = (t: TestApp, owner: TestTenant) =>
  created(t, owner.keys.admin, 'POST', '/api/v1/keys', { name: 'fixture', role: 'viewer' });

const memberIdOf = (t: TestApp, owner: TestTenant) =>
  created(
    t,
    owner.keys.admin,
    'POST',
    '/api/v1/members',
    { email: `fixture-${unique()}@example.com`, role: 'editor' },
    'userId',
  );

// No worker runs in these tests: the crawl stays queued, which is all the fixture needs.
const crawlIdOf = (t: TestApp, owner: TestTenant) =>
  created(t, owner.keys.editor, 'POST', '/api/v1/knowledge/crawls', { url: 'https://fixture.example/' });

const entryIdOf = (t: TestApp, owner: TestTenant) =>
  created(t, owner.keys.admin, 'POST', '/api/v1/knowledge/entries', {
    question: 'Do you open on Sundays?',
    answer: 'No, we are closed on Sundays.',
  });

const productIdOf = (t: TestApp, owner: TestTenant) =>
  created(t, owner.keys.admin, 'PUT', '/api/v1/products', {
    name: `Fixture beam ${unique()}`,
    price: 12.5,
    currency: 'GBP',
  });

const pageIdOf = (t: TestApp, owner: TestTenant) =>
  addTestPage(t.app, owner.id, {
    url: `https://fixture.example/${unique()}`,
    title: 'Fixture page',
    markdown: '# Fixture page\n\nSome text.',
    index: false,
  });

const contentIdOf = (t: TestApp, owner: TestTenant) =>
  created(t, owner.keys.editor, 'POST', '/api/v1/content', { texts: { x: `Fixture post ${unique()}` } });

const pageAccountOf = (t: TestApp, owner: TestTenant) => insertTestAccount(t.app, owner.id, 'facebook');

/** A publication scheduled far ahead (no worker runs in these tests, and none would be due). */
async function scheduledPublicationOf(t: TestApp, owner: TestTenant): Promise<string> {
  const contentId = await created(t, owner.keys.editor, 'POST', '/api/v1/content', {
    texts: { facebook: `Fixture post ${unique()}` },
  });
  const res = await t.request('/api/v1/posts', {
    method: 'POST',
    key: owner.keys.editor,
    body: JSON.stringify({ contentId, accountIds: [await pageAccountOf(t, owner)], at: '2099-01-05T09:00' }),
  });
  if (!res.ok) throw new Error(`fixture request failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { publications: Array<{ id: string }> }).publications[0]?.id as string;
}

export const crossTenantFixtures: Record<string, CrossTenantFixture> = {
  'content.get': async (t, owner) => ({ id: await contentIdOf(t, owner) }),
  'accounts.disconnect': async (t, owner) => ({ id: await pageAccountOf(t, owner) }),
  'accounts.set_schedule': async (t, owner) => ({
    id: await pageAccountOf(t, owner),
    schedule: { slots: [{ days: ['mon'], time: '09:00' }] },
  }),
  'posts.publish': async (t, owner) => ({
    contentId: await created(t, owner.keys.editor, 'POST', '/api/v1/content', {
      texts: { facebook: `Fx ${unique()}` },
    }),
    accountIds: [await pageAccountOf(t, owner)],
    at: '2099-01-05T09:00',
  }),
  'posts.schedule': async (t, owner) => ({
    contentId: await created(t, owner.keys.editor, 'POST', '/api/v1/content', {
      texts: { facebook: `Fx ${unique()}` },
    }),
    accountIds: [await pageAccountOf(t, owner)],
    at: '2099-01-06T09:00',
  }),
  'posts.reschedule': async (t, owner) => ({
    id: await scheduledPublicationOf(t, owner),
    at: '2099-02-01T10:00',
  }),
  'posts.cancel': async (t, owner) => ({ id: await scheduledPublicationOf(t, owner) }),
  'posts.get': async (t, owner) => ({ id: await scheduledPublicationOf(t, owner) }),
  'posts.retry': async (t, owner) => {
    const id = await scheduledPublicationOf(t, owner);
    await t.app.db.tenant(owner.id, (tx) =>
      updatePublication(tx, owner.id, id, {
        status: 'failed',
        error_code: 'publishing.transient',
        error_message: 'fixture',
      }),
    );
    return { id };
  },
  'knowledge.entries.get': async (t, owner) => ({ id: await entryIdOf(t, owner) }),
  'knowledge.entries.update': async (t, owner) => ({
    id: await entryIdOf(t, owner),
    answer: 'Closed on Sundays.',
  }),
  'knowledge.entries.delete': async (t, owner) => ({ id: await entryIdOf(t, owner) }),
  'knowledge.entries.extract': async (t, owner) => ({ pageId: await pageIdOf(t, owner) }),
  'products.get': async (t, owner) => ({ id: await productIdOf(t, owner) }),
  'products.upsert': async (t, owner) => ({ id: await productIdOf(t, owner), price: 13 }),
  'products.delete': async (t, owner) => ({ id: await productIdOf(t, owner) }),
  'knowledge.crawl_status': async (t, owner) => ({ id: await crawlIdOf(t, owner) }),
  'knowledge.crawl_cancel': async (t, owner) => ({ id: await crawlIdOf(t, owner) }),
  'knowledge.pages.get': async (t, owner) => ({ id: await pageIdOf(t, owner) }),
  'knowledge.pages.delete': async (t, owner) => ({ id: await pageIdOf(t, owner) }),
  'keys.create': async (t, owner) => ({ name: 'k', role: 'viewer', userId: await memberIdOf(t, owner) }),
  'keys.rotate': async (t, owner) => ({ id: await keyIdOf(t, owner) }),
  'keys.revoke': async (t, owner) => ({ id: await keyIdOf(t, owner) }),
  'members.set_role': async (t, owner) => ({ userId: await memberIdOf(t, owner), role: 'viewer' }),
  'members.remove': async (t, owner) => ({ userId: await memberIdOf(t, owner) }),
};

/** Id-named inputs that only filter the caller's own data (a foreign id matches nothing), with why. */
export const idFiltersOnly: Record<string, string> = {
  'audit.list': "actorId filters the tenant's own audit log",
  'knowledge.pages.list': "crawlId filters the tenant's own pages",
  'events.list': "subjectId filters the tenant's own events",
  'knowledge.entries.list': "pageId filters the tenant's own entries",
  'posts.list': "accountId and contentId filter the tenant's own publications",
  'accounts.connect_token': 'externalId names an account on the platform, not an object stored here',
};
