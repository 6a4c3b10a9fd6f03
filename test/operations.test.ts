import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationRegistry } from '../src/app/modules.js';
import { describeOperations } from '../src/cli/describe-operations.js';
import { buildProgram } from '../src/cli/program.js';
import type { AnyOperation } from '../src/operations/define.js';
import { inputJsonSchema, type JsonSchema, pathParams, propertyType } from '../src/operations/json-schema.js';
import { cliWords, toolName } from '../src/operations/names.js';

const { operations } = operationRegistry();

import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';
import { crossTenantFixtures, idFiltersOnly } from './support/operation-fixtures.js';

let t: TestApp;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Alpha Bakery');
  b = await t.tenant('Beta Steel');
});
afterAll(async () => {
  await t.cleanup();
});

/** Calls an operation over REST with its input placed the way the route expects it. */
async function call(op: AnyOperation, input: Record<string, unknown>, key?: string): Promise<Response> {
  let path = op.http.path;
  const rest = { ...input };
  for (const p of pathParams(op)) {
    path = path.replace(`{${p}}`, encodeURIComponent(String(rest[p] ?? 'x')));
    delete rest[p];
  }
  const init: RequestInit & { key?: string } = { method: op.http.method, ...(key ? { key } : {}) };
  if (op.http.method === 'GET' || op.http.method === 'DELETE') {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(rest))
      qs.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
    if ([...qs].length) path += `?${qs}`;
  } else {
    init.body = JSON.stringify(rest);
  }
  return t.request(`/api/v1${path}`, init);
}

const tenantOps = operations.filter((op) => op.scope !== 'operator');
const operatorOps = operations.filter((op) => op.scope === 'operator');

/** Ids in an operation's input that name a tenant-owned object. */
function idFields(op: AnyOperation): string[] {
  const props = Object.keys(inputJsonSchema(op).properties ?? {});
  return [...new Set([...pathParams(op), ...props.filter((p) => p === 'id' || /Id$/.test(p))])];
}

/** A field and a value of the wrong type for it, as the transport would deliver it; undefined if impossible. */
function badInput(op: AnyOperation): { field: string; input: Record<string, unknown> } | undefined {
  const schema = inputJsonSchema(op);
  const props = Object.entries(schema.properties ?? {}) as [string, JsonSchema][];
  const viaQuery = op.http.method === 'GET' || op.http.method === 'DELETE';
  const inPath = new Set(pathParams(op));
  for (const [field, prop] of props) {
    if (inPath.has(field)) continue;
    const type = propertyType(prop);
    const wrong =
      Array.isArray(prop.enum) || (type === 'string' && viaQuery && prop.format)
        ? 'surely-not-valid'
        : type === 'integer' || type === 'number'
          ? 'not-a-number'
          : type === 'boolean'
            ? 'maybe'
            : !viaQuery && type === 'string'
              ? 12345
              : !viaQuery && (type === 'array' || type === 'object')
                ? 42
                : undefined;
    if (wrong !== undefined) return { field, input: { [field]: wrong } };
  }
  const required = (schema.required ?? []).find((r) => !inPath.has(r));
  if (required) return { field: required, input: {} };
  return undefined;
}

describe(`operation registry (${testDialect})`, () => {
  it('has unique names and a valid binding for every operation', () => {
    const routes = new Set<string>();
    for (const op of operations) {
      expect(op.name).toMatch(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/);
      const route = `${op.http.method} ${op.http.path.replace(/\{\w+\}/g, '{}')}`;
      expect(routes.has(route), `${route} is bound twice`).toBe(false);
      routes.add(route);
      if (op.http.method === 'GET')
        expect(op.mutating, `${op.name}: a GET must not change state`).toBe(false);
      if (op.mutating)
        expect(op.role, `${op.name} mutates, so a viewer must not be allowed`).not.toBe('viewer');
      const out = op.output.toJSONSchema?.() as { type?: string } | undefined;
      expect(out?.type ?? 'object', `${op.name}: MCP needs an object output`).toBe('object');
    }
  });

  it("lists every operation a tenant's key can call in a valid OpenAPI 3.1 document that Dify can import", async () => {
    const res = await t.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, { operationId: string; parameters?: unknown[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers[0]?.url).toBe('http://test.local/api/v1');
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    const ids = Object.values(doc.paths).flatMap((p) => Object.values(p));
    // Without a key the document is what tenants' keys can call: the operator's operations are not in it.
    expect(ids.map((o) => o.operationId)).not.toContain('tenants_create');
    for (const op of operations.filter((o) => o.scope !== 'operator')) {
      const entry = ids.find((o) => o.operationId === toolName(op.name));
      expect(entry, op.name).toBeDefined();
      expect(entry?.operationId).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(JSON.stringify(entry?.parameters ?? [])).not.toContain('$ref');
    }
  });

  it('shows each key only the operations it may call, in OpenAPI and in MCP', async () => {
    const openapiFor = async (key: string) => {
      const res = await t.request('/api/v1/openapi.json', { key });
      expect(res.status).toBe(200);
      const doc = (await res.json()) as { paths: Record<string, Record<string, { operationId: string }>> };
      return Object.values(doc.paths).flatMap((p) => Object.values(p).map((o) => o.operationId));
    };
    const toolsFor = async (key: string) => {
      const client = new Client({ name: 'test', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL('http://test.local/mcp'), {
          fetch: async (url, init) => t.http.request(String(url), init),
          requestInit: { headers: { Authorization: `Bearer ${key}` } },
        }),
      );
      const { tools } = await client.listTools();
      await client.close();
      return tools.map((x) => x.name);
    };
    const expected = (role: 'viewer' | 'admin' | 'operator') =>
      operations
        .filter((op) =>
          role === 'operator'
            ? op.scope === 'operator' || op.scope === 'installation'
            : op.scope !== 'operator' && (role === 'admin' || op.role === 'viewer'),
        )
        .map((op) => toolName(op.name))
        .sort();
    for (const [who, key] of [
      ['viewer', a.keys.viewer],
      ['admin', a.keys.admin],
      ['operator', t.operatorKey],
    ] as const) {
      expect((await openapiFor(key)).sort(), `OpenAPI for the ${who}`).toEqual(expected(who));
      expect((await toolsFor(key)).sort(), `MCP tools for the ${who}`).toEqual(expected(who));
    }
    expect(expected('viewer')).not.toContain('keys_create');
    expect(expected('admin')).not.toContain('tenants_create');
    expect(expected('operator')).toContain('tenants_create');
    // A key limited to some operations sees those.
    const scoped = await t.request('/api/v1/keys', {
      method: 'POST',
      key: a.keys.admin,
      body: JSON.stringify({ name: 'search only', role: 'viewer', scopes: ['knowledge.search'] }),
    });
    const scopedKey = ((await scoped.json()) as { key: string }).key;
    expect(await toolsFor(scopedKey)).toEqual(['knowledge_search']);
    // A bad key gets the same 401 as anywhere else, not a document.
    expect(
      (await t.request('/api/v1/openapi.json', { key: 'da_notarealkeyatallnotarealkeyatallnotareal' }))
        .status,
    ).toBe(401);
  });

  it('lists every operation as an MCP tool with input and output schemas', async () => {
    const client = new Client({ name: 'test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL('http://test.local/mcp'), {
        fetch: async (url, init) => t.http.request(String(url), init),
        requestInit: { headers: { Authorization: `Bearer ${a.keys.admin}` } },
      }),
    );
    const { tools } = await client.listTools();
    await client.close();
    for (const op of operations.filter((o) => o.scope !== 'operator')) {
      const tool = tools.find((x) => x.name === toolName(op.name));
      expect(tool, op.name).toBeDefined();
      expect(tool?.name).toMatch(/^[a-zA-Z0-9_-]+$/);
      expect(tool?.inputSchema.type).toBe('object');
      expect(tool?.outputSchema?.type).toBe('object');
      expect(tool?.annotations?.readOnlyHint).toBe(!op.mutating);
    }
  });

  it('offers every operation as a CLI command', () => {
    const program = buildProgram(
      { out: () => {}, env: {}, untilShutdown: () => new Promise(() => {}) },
      describeOperations(operations),
    );
    const find = (words: string[]): Command | undefined => {
      let cmd: Command | undefined = program;
      for (const w of words) cmd = cmd?.commands.find((c) => c.name() === w || c.aliases().includes(w));
      return cmd;
    };
    for (const op of operations) {
      const words = op.cli?.command ?? cliWords(op.name);
      expect(find(words), `dify-agent ${words.join(' ')}`).toBeDefined();
    }
  });

  it.each(operations.map((op) => [op.name, op] as const))(
    '%s: refuses a call without a key (401)',
    async (_n, op) => {
      const res = await call(op, {});
      expect(res.status).toBe(401);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('auth.unauthorized');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    },
  );

  it.each(operations.map((op) => [op.name, op] as const))(
    '%s: refuses a revoked or malformed key (401)',
    async (_n, op) => {
      expect((await call(op, {}, 'da_notarealkeyatallnotarealkeyatallnotareal')).status).toBe(401);
      expect((await call(op, {}, 'garbage')).status).toBe(401);
    },
  );

  it.each(tenantOps.filter((op) => op.mutating).map((op) => [op.name, op] as const))(
    '%s: refuses a viewer (403)',
    async (_n, op) => {
      const res = await call(op, {}, a.keys.viewer);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('auth.forbidden');
    },
  );

  it.each(operatorOps.map((op) => [op.name, op] as const))(
    '%s: is for the operator only (403 for tenant admins)',
    async (_n, op) => {
      expect((await call(op, {}, a.keys.admin)).status).toBe(403);
    },
  );

  it.each(
    tenantOps
      .filter((op) => idFields(op).length > 0 && !idFiltersOnly[op.name])
      .map((op) => [op.name, op] as const),
  )("%s: answers 404 for another tenant's object", async (_n, op) => {
    const fixture = crossTenantFixtures[op.name];
    expect(
      fixture,
      `add a cross-tenant fixture for ${op.name} in test/support/operation-fixtures.ts`,
    ).toBeDefined();
    const input = await (fixture as NonNullable<typeof fixture>)(t, b);
    const res = await call(op, input, a.keys.admin);
    expect(res.status, await res.clone().text()).toBe(404);
    // The owner itself can reach the object, so the 404 is about tenancy, not a bad id.
    const own = await call(op, input, b.keys.admin);
    expect(own.status).toBeLessThan(300);
  });

  it.each(operations.map((op) => [op.name, op] as const))(
    '%s: rejects bad input with field paths (400)',
    async (_n, op) => {
      const bad = badInput(op);
      const schema = inputJsonSchema(op);
      if (!bad) {
        // Nothing a client can get wrong: every field is free text or there are none.
        expect(Object.values(schema.properties ?? {}).every((p) => propertyType(p) === 'string')).toBe(true);
        return;
      }
      const key = op.scope === 'operator' ? t.operatorKey : a.keys.admin;
      const pathInput = Object.fromEntries(pathParams(op).map((p) => [p, 'x']));
      const res = await call(op, { ...pathInput, ...bad.input }, key);
      expect(res.status, await res.clone().text()).toBe(400);
      const body = (await res.json()) as { error: { code: string; details: { issues: { path: string }[] } } };
      expect(body.error.code).toBe('request.invalid');
      expect(body.error.details.issues.map((i) => i.path)).toContain(bad.field);
    },
  );
});
