import type { TestApp, TestTenant } from './app.js';
import { addTestPage } from './knowledge.js';

/**
 * For every operation that takes the id of a tenant-owned object: how to make such an object in another
 * tenant and the input naming it. The registry test uses this to prove that a key of tenant A gets 404
 * (not 403) for tenant B's objects; it fails for any operation with an id input and no entry here.
 */
export type CrossTenantFixture = (t: TestApp, owner: TestTenant) => Promise<Record<string, unknown>>;

async function json(res: Response): Promise<Record<string, unknown>> {
  if (!res.ok) throw new Error(`fixture request failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function keyIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  const created = await json(
    await t.request('/api/v1/keys', {
      method: 'POST',
      key: owner.keys.admin,
      body: JSON.stringify({ name: 'fixture', role: 'viewer' }),
    }),
  );
  return created.id as string;
}

async function memberIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  const member = await json(
    await t.request('/api/v1/members', {
      method: 'POST',
      key: owner.keys.admin,
      body: JSON.stringify({
        email: `fixture-${Math.random().toString(36).slice(2)}@example.com`,
        role: 'editor',
      }),
    }),
  );
  return member.userId as string;
}

async function crawlIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  // No worker runs in these tests: the crawl stays queued, which is all the fixture needs.
  const crawl = await json(
    await t.request('/api/v1/knowledge/crawls', {
      method: 'POST',
      key: owner.keys.editor,
      body: JSON.stringify({ url: 'https://fixture.example/' }),
    }),
  );
  return crawl.id as string;
}

async function pageIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  return addTestPage(t.app, owner.id, {
    url: `https://fixture.example/${Math.random().toString(36).slice(2)}`,
    title: 'Fixture page',
    markdown: '# Fixture page\n\nSome text.',
    index: false,
  });
}

async function entryIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  const created = await json(
    await t.request('/api/v1/knowledge/entries', {
      method: 'POST',
      key: owner.keys.admin,
      body: JSON.stringify({ question: 'Do you open on Sundays?', answer: 'No, we are closed on Sundays.' }),
    }),
  );
  return created.id as string;
}

async function productIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  const created = await json(
    await t.request('/api/v1/products', {
      method: 'PUT',
      key: owner.keys.admin,
      body: JSON.stringify({
        name: `Fixture beam ${Math.random().toString(36).slice(2)}`,
        price: 12.5,
        currency: 'GBP',
      }),
    }),
  );
  return created.id as string;
}

export const crossTenantFixtures: Record<string, CrossTenantFixture> = {
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
};
