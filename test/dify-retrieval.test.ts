import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';
import { addTestPage } from './support/knowledge.js';

/**
 * Dify's External Knowledge API contract (../shared/specs/INTEGRATIONS.md §1): the request exactly as
 * Dify's external_knowledge_service.py builds it, and the response shape Dify reads.
 */
let t: TestApp;
let a: TestTenant;
let b: TestTenant;

const pages = [
  {
    path: '/delivery',
    title: 'Delivery',
    markdown:
      '# Delivery\n\nWe deliver steel beams next day across the Midlands. Delivery costs £45 per order within 50 miles; orders over £1,000 ship free.',
  },
  {
    path: '/products/i-beams',
    title: 'I-beams',
    markdown:
      '# Universal beams\n\nS355 universal beams from 127 x 76 mm, cut to length with a tolerance of 2 mm.',
  },
  {
    path: '/about',
    title: 'About us',
    markdown: '# About\n\nA family steel stockholder since 1987, based in Coventry.',
  },
];

async function addPage(tenantId: string, p: (typeof pages)[number]) {
  await addTestPage(t.app, tenantId, {
    url: `https://nds.example${p.path}`,
    title: p.title,
    markdown: p.markdown,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Next Day Steel');
  b = await t.tenant('Someone Else');
  for (const p of pages) await addPage(a.id, p);
});
afterAll(async () => {
  await t.cleanup();
});

/** What Dify sends: `requests.post(url, data=json.dumps(params), headers=…)`. */
function difyRequest(body: unknown, key: string | null = a.keys.viewer) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  return t.request('/dify/retrieval', { method: 'POST', headers, body: JSON.stringify(body) });
}

const query = (over: Record<string, unknown> = {}) => ({
  knowledge_id: a.slug,
  query: 'How much does delivery cost?',
  retrieval_setting: { top_k: 5, score_threshold: 0.0 },
  metadata_condition: null,
  ...over,
});

describe(`Dify external knowledge API (${testDialect})`, () => {
  it('passes the registration probe: no body with a valid key is 400, never 403/404/502', async () => {
    const res = await t.request('/dify/retrieval', { method: 'POST', key: a.keys.viewer });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error_code: number; error_msg: string };
    expect(typeof body.error_code).toBe('number');
    expect(body.error_msg).toMatch(/empty/);
  });

  it('fails registration with a bad key (403 with 1002) and a bad header (403 with 1001)', async () => {
    const bad = await t.request('/dify/retrieval', {
      method: 'POST',
      key: 'da_thisisnotavalidkeythisisnotavalidkeyxxxx',
    });
    expect(bad.status).toBe(403);
    expect(await bad.json()).toEqual({ error_code: 1002, error_msg: expect.any(String) });
    const malformed = await t.request('/dify/retrieval', {
      method: 'POST',
      headers: { Authorization: 'Token abc' },
    });
    expect(malformed.status).toBe(403);
    expect(((await malformed.json()) as { error_code: number }).error_code).toBe(1001);
    expect((await difyRequest(query(), null)).status).toBe(403);
  });

  it('answers the request Dify sends with records of content, score, title and metadata', async () => {
    const res = await difyRequest(query());
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      records: { content: string; score: number; title: string; metadata: Record<string, unknown> }[];
    };
    expect(Object.keys(body)).toEqual(['records']);
    expect(body.records.length).toBeGreaterThan(0);
    for (const r of body.records) {
      expect(typeof r.content).toBe('string');
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(typeof r.title).toBe('string');
      expect(r.metadata).not.toBeNull();
      expect(typeof r.metadata.document_id).toBe('string'); // Dify 1.13 fails without it
      expect(typeof r.metadata.url).toBe('string');
    }
    expect(body.records[0]?.content).toContain('£45');
    expect(body.records[0]?.metadata.url).toBe('https://nds.example/delivery');
  });

  it('honours top_k and score_threshold', async () => {
    const one = (await (
      await difyRequest(query({ retrieval_setting: { top_k: 1, score_threshold: 0 } }))
    ).json()) as {
      records: unknown[];
    };
    expect(one.records).toHaveLength(1);
    const strict = (await (
      await difyRequest(query({ query: 'steel', retrieval_setting: { top_k: 5, score_threshold: 0.99 } }))
    ).json()) as { records: { score: number }[] };
    expect(strict.records.every((r) => r.score >= 0.99)).toBe(true);
  });

  it('filters on metadata_condition as Dify sends it', async () => {
    const res = await difyRequest(
      query({
        query: 'steel',
        metadata_condition: {
          logical_operator: 'and',
          conditions: [{ name: 'url', comparison_operator: 'contains', value: '/products' }],
        },
      }),
    );
    const body = (await res.json()) as { records: { metadata: { url: string } }[] };
    expect(body.records.length).toBeGreaterThan(0);
    expect(body.records.every((r) => r.metadata.url.includes('/products'))).toBe(true);
  });

  it("answers 2001 for a knowledge base that is not this key's, so tenants stay invisible", async () => {
    const unknown = await difyRequest(query({ knowledge_id: 'no-such-kb' }));
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error_code: number }).error_code).toBe(2001);
    const foreign = await difyRequest(query(), b.keys.viewer);
    expect(foreign.status).toBe(404);
    const bOwn = (await (await difyRequest(query({ knowledge_id: b.slug }), b.keys.viewer)).json()) as {
      records: unknown[];
    };
    expect(bOwn.records).toEqual([]);
  });

  it('reports bad input as 400 with a message', async () => {
    const res = await difyRequest({ knowledge_id: a.slug, retrieval_setting: { top_k: 'many' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_msg: string }).error_msg).toMatch(/query|top_k/);
  });
});
