import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparePageIndex, writePageIndex } from '../src/modules/knowledge/indexing.js';
import { insertPage } from '../src/modules/knowledge/repository.js';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';

let t: TestApp;
let a: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Crumb and Co');
  const now = new Date().toISOString();
  const markdown =
    '# Our bakery\n\nWe bake everything by hand, every single morning, in our little kitchen on Mill Lane. Come and say hello — the kettle is always on!';
  const prepared = await preparePageIndex(t.app, a.id, 'page_about', {
    url: 'https://crumb.example/about',
    title: 'About',
    markdown,
    publishedAt: null,
  });
  await t.app.db.tenant(a.id, async (tx) => {
    await insertPage(tx, {
      id: 'page_about',
      tenant_id: a.id,
      url: 'https://crumb.example/about',
      fetched_url: 'https://crumb.example/about',
      title: 'About',
      description: null,
      language: 'en',
      published_at: null,
      site_name: null,
      markdown,
      token_count: 40,
      content_hash: 'x',
      etag: null,
      last_modified: null,
      links: '[]',
      extraction_method: 'article',
      method_reason: 'test',
      structured: '{}',
      images: '[]',
      crawl_id: null,
      first_seen_at: now,
      fetched_at: now,
      changed_at: now,
      created_at: now,
      updated_at: now,
    });
    await writePageIndex(t.app, tx, a.id, 'page_about', prepared);
  });
});
afterAll(async () => {
  await t.cleanup();
});

describe(`voice learned with the knowledge base (${testDialect})`, () => {
  it('adds the crawled website copy to the examples when asked', async () => {
    const examples = readFileSync('fixtures/voice/bakery.jsonl', 'utf8');
    const res = await t.request('/api/v1/voice/learn', {
      method: 'POST',
      key: a.keys.editor,
      body: JSON.stringify({ examples, format: 'jsonl', useKnowledgeBase: true }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const profile = (await res.json()) as { examples: { posts: number; website: number } };
    expect(profile.examples.website).toBe(1);
    expect(profile.examples.posts).toBeGreaterThan(5);

    const without = await t.request('/api/v1/voice/learn', {
      method: 'POST',
      key: a.keys.editor,
      body: JSON.stringify({ examples, format: 'jsonl' }),
    });
    expect(((await without.json()) as { examples: { website: number } }).examples.website).toBe(0);
  });
});
