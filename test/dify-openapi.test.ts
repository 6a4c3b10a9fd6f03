import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';

/**
 * Dify imports a custom tool from our OpenAPI document with its own parser (api/core/tools/utils/parser.py,
 * see ../shared/specs/INTEGRATIONS.md §2.1). These tests apply the same rules to the document and then call
 * a tool the way Dify's executor does, so an import in Dify cannot fail on something we could have caught.
 */
let t: TestApp;
let a: TestTenant;
type Param = { name?: string; in?: string; $ref?: string; schema?: { type?: string } };
type Op = {
  operationId?: string;
  description?: string;
  summary?: string;
  parameters?: Param[];
  requestBody?: unknown;
};
let doc: { info?: unknown; servers?: { url: string }[]; paths: Record<string, Record<string, Op>> };

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Dify Bakery');
  doc = (await (await t.request('/api/v1/openapi.json')).json()) as typeof doc;
});
afterAll(async () => {
  await t.cleanup();
});

describe(`OpenAPI import into Dify (${testDialect})`, () => {
  it('has what the importer requires: info and an absolute servers[0].url', () => {
    expect(doc.info).toBeDefined();
    expect(new URL(doc.servers?.[0]?.url as string).protocol).toMatch(/^https?:$/);
  });

  it('gives every operation a unique Dify tool id, a description and inline parameters', () => {
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(['get', 'post', 'put', 'delete', 'patch']).toContain(method);
        expect(op.operationId, `${method} ${p}`).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
        expect(ids.has(op.operationId as string)).toBe(false);
        ids.add(op.operationId as string);
        expect((op.description ?? op.summary ?? '').length).toBeGreaterThan(10);
        for (const param of op.parameters ?? []) {
          expect(param.$ref, 'Dify does not resolve $ref inside parameters').toBeUndefined();
          expect(param.name).toBeTruthy();
          expect(['path', 'query', 'header', 'cookie']).toContain(param.in);
          expect(param.schema).toBeDefined();
        }
        if (p.includes('{')) {
          const placeholders = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
          const inPath = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name);
          expect(inPath.sort()).toEqual(placeholders.sort());
        }
      }
    }
  });

  it('accepts arrays sent as JSON text, as Dify sends array and object fields', async () => {
    // Dify's form turns an array field into a string; its executor sends that string as-is.
    const res = await t.request('/api/v1/keys', {
      method: 'POST',
      key: a.keys.admin,
      body: JSON.stringify({ name: 'from dify', role: 'viewer', scopes: '["tenant.*","keys.list"]' }),
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { scopes: string[] }).scopes).toEqual(['tenant.*', 'keys.list']);
  });

  it('accepts query parameters as Dify sends them (strings for numbers and booleans)', async () => {
    const res = await t.request('/api/v1/keys?includeRevoked=true', { key: a.keys.admin });
    expect(res.status).toBe(200);
    const audit = await t.request('/api/v1/audit?limit=5', { key: a.keys.admin });
    expect(audit.status).toBe(200);
  });
});
