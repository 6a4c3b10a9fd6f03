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

/** A small PNG uploaded as `owner`. */
const mediaIdOf = async (t: TestApp, owner: TestTenant) => {
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWMwTpuJFTEMLQkAyvtMgR4PNM4AAAAASUVORK5CYII=',
    'base64',
  );
  return created(t, owner.keys.editor, 'POST', '/api/v1/media', { data: png.toString('base64') });
};

const skillIdOf = (t: TestApp, owner: TestTenant) =>
  created(t, owner.keys.editor, 'POST', '/api/v1/skills', {
    content: `---\nid: fixture-${unique()}\nname: Fixture\nversion: 1\ndescription: A fixture skill.\nintents: [how_to]\nplatforms: [linkedin]\nformats: [text]\nslots:\n  tip:\n    max: 200\n---\nTip: {{tip}}\n`,
  });

const contentIdOf = (t: TestApp, owner: TestTenant) =>
  created(t, owner.keys.editor, 'POST', '/api/v1/content', { texts: { x: `Fixture post ${unique()}` } });

/** A content and its one candidate. */
async function candidateOf(t: TestApp, owner: TestTenant): Promise<{ id: string; candidateId: string }> {
  const id = await contentIdOf(t, owner);
  const res = await t.request(`/api/v1/content/${id}`, { key: owner.keys.viewer });
  const content = (await res.json()) as { candidates: Array<{ id: string }> };
  return { id, candidateId: content.candidates[0]?.id as string };
}

/** A proposed voice rule, as learning stores one after repeated edits; the owner has a voice to pin it on. */
async function suggestionIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  await created(t, owner.keys.editor, 'POST', '/api/v1/voice/learn', {
    examples: [
      'Our beams are cut to length and delivered tomorrow.',
      'New stock of steel plate is in the yard this week.',
      'Need it fast? We deliver next day across the region.',
    ],
  });
  const id = `vsug_fixture_${unique()}`;
  const now = new Date().toISOString();
  await t.app.db.tenant(owner.id, (tx) =>
    tx
      .insertInto('generation_rule_suggestions')
      .values({
        id,
        tenant_id: owner.id,
        key: `banned_phrase:${id}`,
        rule: JSON.stringify({ kind: 'banned_phrase', phrase: 'fixture' }),
        reason: 'fixture',
        evidence: '{}',
        status: 'proposed',
        created_at: now,
        updated_at: now,
        decided_by: null,
      })
      .execute(),
  );
  return id;
}

const conversationIdOf = (t: TestApp, owner: TestTenant) =>
  created(t, owner.keys.editor, 'POST', '/api/v1/conversations', {});

/** Generated (not person-written) content: refining needs a request and facts to write from. */
async function generatedContentOf(t: TestApp, owner: TestTenant): Promise<string> {
  await productIdOf(t, owner);
  return created(t, owner.keys.editor, 'POST', '/api/v1/content/generate', {
    request: 'a post about our fixture beam',
    platforms: ['linkedin'],
  });
}

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
  'media.get': async (t, owner) => ({ id: await mediaIdOf(t, owner) }),
  'media.delete': async (t, owner) => ({ id: await mediaIdOf(t, owner) }),
  'media.list': async (t, owner) => ({ parentId: await mediaIdOf(t, owner) }),
  'media.render': async (t, owner) => ({
    headline: 'Fixture',
    photoId: await mediaIdOf(t, owner),
    logo: false,
  }),
  'media.variants': async (t, owner) => ({ mediaId: await mediaIdOf(t, owner), sizes: ['x'] }),
  'media.check': async (t, owner) => ({ mediaId: await mediaIdOf(t, owner), platform: 'x' }),
  'media.fix': async (t, owner) => ({ mediaId: await mediaIdOf(t, owner), platform: 'x' }),
  'skills.get': async (t, owner) => ({ id: await skillIdOf(t, owner) }),
  'skills.export': async (t, owner) => ({ id: await skillIdOf(t, owner) }),
  'skills.update': async (t, owner) => ({ id: await skillIdOf(t, owner), pinnedVersion: 1 }),
  'skills.delete': async (t, owner) => ({ id: await skillIdOf(t, owner) }),
  'skills.execute': async (t, owner) => ({ id: await skillIdOf(t, owner), platform: 'linkedin' }),
  'content.get': async (t, owner) => ({ id: await contentIdOf(t, owner) }),
  'content.refine': async (t, owner) => ({ id: await generatedContentOf(t, owner), feedback: 'shorter' }),
  'content.approve': async (t, owner) => ({ id: await contentIdOf(t, owner) }),
  'content.reject': async (t, owner) => ({ id: await contentIdOf(t, owner), reasons: ['other'] }),
  'content.edit': async (t, owner) => ({ ...(await candidateOf(t, owner)), text: 'Edited fixture post' }),
  'content.feedback': async (t, owner) => ({ id: await contentIdOf(t, owner) }),
  'content.outcome': async (t, owner) => {
    const { id, candidateId } = await candidateOf(t, owner);
    return { contentId: id, candidateId, score: 0.5 };
  },
  'learning.suggestions.accept': async (t, owner) => ({ id: await suggestionIdOf(t, owner) }),
  'learning.suggestions.dismiss': async (t, owner) => ({ id: await suggestionIdOf(t, owner) }),
  'conversations.send': async (t, owner) => ({ id: await conversationIdOf(t, owner), message: 'hello' }),
  'conversations.get': async (t, owner) => ({ id: await conversationIdOf(t, owner) }),
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
  'knowledge.crawls.get': async (t, owner) => ({ id: await crawlIdOf(t, owner) }),
  'knowledge.crawls.cancel': async (t, owner) => ({ id: await crawlIdOf(t, owner) }),
  'knowledge.pages.get': async (t, owner) => ({ id: await pageIdOf(t, owner) }),
  'knowledge.pages.delete': async (t, owner) => ({ id: await pageIdOf(t, owner) }),
  'keys.create': async (t, owner) => ({ name: 'k', role: 'viewer', userId: await memberIdOf(t, owner) }),
  'keys.rotate': async (t, owner) => ({ id: await keyIdOf(t, owner) }),
  'keys.revoke': async (t, owner) => ({ id: await keyIdOf(t, owner) }),
  'members.role.set': async (t, owner) => ({ userId: await memberIdOf(t, owner), role: 'viewer' }),
  'members.remove': async (t, owner) => ({ userId: await memberIdOf(t, owner) }),
};

/** Id-named inputs that only filter the caller's own data (a foreign id matches nothing), with why. */
export const idFiltersOnly: Record<string, string> = {
  'audit.list': "actorId filters the tenant's own audit log",
  'knowledge.pages.list': "crawlId filters the tenant's own pages",
  'events.list': "subjectId filters the tenant's own events",
  'knowledge.entries.list': "pageId filters the tenant's own entries",
  'skills.build': 'id is the id to give the skill being built; nothing is looked up',
  'posts.list': "accountId and contentId filter the tenant's own publications",
  'accounts.connect_token': 'externalId names an account on the platform, not an object stored here',
};
