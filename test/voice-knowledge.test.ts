import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';
import { addTestPage } from './support/knowledge.js';

let t: TestApp;
let a: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Crumb and Co');
  await addTestPage(t.app, a.id, {
    url: 'https://crumb.example/about',
    title: 'About',
    markdown:
      '# Our bakery\n\nWe bake everything by hand, every single morning, in our little kitchen on Mill Lane. Come and say hello — the kettle is always on!',
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
