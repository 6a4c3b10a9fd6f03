import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../support/app.js';
import { testDialect } from '../support/db.js';

/**
 * The requests an independent probe of b0c4646 (issue 17) found answered with a 500 or a wrong success,
 * each as it was sent. Every one must now be a 4xx that says what is wrong, on both dialects.
 */

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely in assertions
type Loose = any;

let t: TestApp;
let a: TestTenant;

beforeAll(async () => {
  t = await createTestApp({ env: { BODY_LIMIT_BYTES: '4096' } });
  a = await t.tenant('Probe Steel');
});
afterAll(async () => {
  await t.cleanup();
});

/** A JSON body written as text, so `\u0000` and `\ud800` reach the server as the probe sent them. */
async function send(method: string, path: string, jsonText?: string, key = a.keys.admin) {
  const res = await t.request(path, {
    method,
    key,
    ...(jsonText !== undefined ? { body: jsonText } : {}),
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text || '{}') as Loose };
}

const issuePaths = (body: Loose) =>
  ((body.error?.details?.issues ?? []) as Array<{ path: string; code: string }>).map((i) => i.path);

describe(`the probe's failing requests answer 4xx (${testDialect})`, () => {
  it.each([
    ['PUT', '/api/v1/products', String.raw`{"kind":"product","name":"a\u0000b"}`, 'name'],
    ['PUT', '/api/v1/products', String.raw`{"kind":"product","name":"a\ud800b"}`, 'name'],
    [
      'POST',
      '/api/v1/knowledge/entries',
      String.raw`{"question":"Do you\u0000 deliver?","answer":"Yes"}`,
      'question',
    ],
    ['PATCH', '/api/v1/tenant', String.raw`{"name":"Probe\u0000Steel"}`, 'name'],
    ['POST', '/api/v1/keys', String.raw`{"name":"ci\u0000key"}`, 'name'],
    [
      'POST',
      '/api/v1/members',
      String.raw`{"email":"a@example.com","name":"A\u0000","role":"viewer"}`,
      'name',
    ],
    ['POST', '/api/v1/knowledge/search', String.raw`{"query":"beams","urlPrefix":"a\u0000"}`, 'urlPrefix'],
    [
      'POST',
      '/api/v1/knowledge/search',
      String.raw`{"query":"beams","publishedFrom":"2026\u0000"}`,
      'publishedFrom',
    ],
    [
      'POST',
      '/api/v1/knowledge/crawls',
      String.raw`{"url":"https://example.com/","include":["/a\u0000"]}`,
      'include.0',
    ],
    [
      'POST',
      '/api/v1/knowledge/entries',
      String.raw`{"question":"Lone \udc00 half?","answer":"No"}`,
      'question',
    ],
  ])('%s %s with %s → 400 naming the field', async (method, path, body, field) => {
    const res = await send(method, path, body);
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('request.invalid');
    expect(issuePaths(res.body)).toContain(field);
  });

  it.each([
    ['/api/v1/knowledge/pages/page_%00', 'id'],
    ['/api/v1/knowledge/pages?urlPrefix=a%00', 'urlPrefix'],
    ['/api/v1/audit?actorId=%00', 'actorId'],
    ['/api/v1/events?subjectId=%00', 'subjectId'],
  ])('GET %s → 400 naming %s', async (path, field) => {
    const res = await send('GET', path);
    expect(res.status, res.text).toBe(400);
    expect(issuePaths(res.body)).toContain(field);
  });

  it('POST /dify/retrieval with a NUL in knowledge_id → 400 in Dify format', async () => {
    const res = await send(
      'POST',
      '/dify/retrieval',
      String.raw`{"knowledge_id":"probe-steel/\u0000","query":"beams","retrieval_setting":{"top_k":3}}`,
    );
    expect(res.status, res.text).toBe(400);
    expect(res.body).toMatchObject({ error_code: 1003 });
    expect(res.body.error_msg).toContain('knowledge_id');
  });

  it('decodes a path id once: /pages/%25 is the id "%", not a malformed escape', async () => {
    const res = await send('GET', '/api/v1/knowledge/pages/%25');
    expect(res.status, res.text).toBe(404);
    expect(res.body.error.code).toBe('knowledge.page_not_found');
  });

  it('decodes a path id once: /pages/%252e%252e%252f is the id "%2e%2e%2f", never "../"', async () => {
    const res = await send('GET', '/api/v1/knowledge/pages/%252e%252e%252f');
    expect(res.status, res.text).toBe(404);
    expect(res.body.error.message).toContain('%2e%2e%2f');
    expect(res.body.error.message).not.toContain('../');
  });

  it('refuses an unknown body field as the OpenAPI document says (additionalProperties: false)', async () => {
    const res = await send('POST', '/api/v1/knowledge/search', '{"query":"beams","topk":3}');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.details.issues).toMatchObject([{ path: 'topk', code: 'unrecognized_keys' }]);
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as Loose;
    const body = doc.paths['/knowledge/search'].post.requestBody.content['application/json'].schema;
    expect(body.additionalProperties).toBe(false);
  });

  it('refuses an unknown query parameter too', async () => {
    const res = await send('GET', '/api/v1/knowledge/pages?limt=5');
    expect(res.status, res.text).toBe(400);
    expect(issuePaths(res.body)).toEqual(['limt']);
  });

  it('ignores an unknown argument over MCP, as its tool schema allows (models add fields)', async () => {
    const res = await t.request('/mcp', {
      method: 'POST',
      key: a.keys.admin,
      headers: { Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2025-06-18' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'tenant_get', arguments: { reasoning: 'the user asked for the tenant' } },
      }),
    });
    const text = await res.text();
    const data = text.includes('data:') ? text.slice(text.indexOf('data:') + 5) : text;
    const message = JSON.parse(data) as { result: { isError?: boolean; structuredContent: { id: string } } };
    expect(message.result.isError).toBeFalsy();
    expect(message.result.structuredContent.id).toBe(a.id);
  });

  it('"publishedFrom":"not-a-date" → 400, not 200 with no hits', async () => {
    const res = await send(
      'POST',
      '/api/v1/knowledge/search',
      '{"query":"beams","publishedFrom":"not-a-date"}',
    );
    expect(res.status, res.text).toBe(400);
    expect(issuePaths(res.body)).toContain('publishedFrom');
  });

  it('accepts a date and a date-time with offset in publishedFrom', async () => {
    for (const value of ['2026-01-31', '2026-01-31T09:00:00Z', '2026-01-31T09:00:00+01:00']) {
      const res = await send(
        'POST',
        '/api/v1/knowledge/search',
        JSON.stringify({ query: 'beams', publishedFrom: value }),
      );
      expect(res.status, `${value}: ${res.text}`).toBe(200);
    }
  });

  it('?cursor=junk → 400, not paging from the start again', async () => {
    for (const path of [
      '/api/v1/knowledge/pages?cursor=junk',
      '/api/v1/knowledge/entries?cursor=junk',
      '/api/v1/audit?cursor=junk',
    ]) {
      const res = await send('GET', path);
      expect(res.status, `${path}: ${res.text}`).toBe(400);
      expect(issuePaths(res.body)).toContain('cursor');
    }
  });

  it('a cursor this API handed out still pages', async () => {
    await t.tenant('Probe Steel Two');
    const first = await send('GET', '/api/v1/tenants?limit=1', undefined, t.operatorKey);
    expect(first.status, first.text).toBe(200);
    const cursor = first.body.nextCursor as string;
    expect(cursor).toBeTruthy();
    const second = await send('GET', `/api/v1/tenants?limit=1&cursor=${cursor}`, undefined, t.operatorKey);
    expect(second.status, second.text).toBe(200);
    expect(second.body.tenants[0].id).not.toBe(first.body.tenants[0].id);
    const junk = await send('GET', '/api/v1/tenants?cursor=junk', undefined, t.operatorKey);
    expect(junk.status).toBe(400);
  });

  it('/events?after=junk → 400, not an empty list', async () => {
    const res = await send('GET', '/api/v1/events?after=junk');
    expect(res.status, res.text).toBe(400);
    expect(issuePaths(res.body)).toContain('after');
  });

  it('a body over the limit on /dify/retrieval → 413 in Dify format', async () => {
    const res = await send(
      'POST',
      '/dify/retrieval',
      JSON.stringify({ knowledge_id: a.slug, query: 'x'.repeat(10_000), retrieval_setting: { top_k: 3 } }),
    );
    expect(res.status, res.text).toBe(413);
    expect(res.body).toMatchObject({ error_code: 1003 });
    expect(res.body.error).toBeUndefined();
  });

  it('an unknown path under /dify answers in Dify format too', async () => {
    const res = await send('POST', '/dify/nothing-here', '{}');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error_code: 1003 });
  });

  it('a body over the limit elsewhere keeps the API error shape', async () => {
    const res = await send('POST', '/api/v1/knowledge/search', JSON.stringify({ query: 'x'.repeat(10_000) }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('request.too_large');
  });
});
