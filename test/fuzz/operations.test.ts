import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationRegistry } from '../../src/app/modules.js';
import type { AnyOperation } from '../../src/operations/define.js';
import { inputJsonSchema, pathParams } from '../../src/operations/json-schema.js';
import { toolName } from '../../src/operations/names.js';
import { createTestApp, type TestApp, type TestTenant } from '../support/app.js';
import { testDialect } from '../support/db.js';
import { deeplyNested, inputArbitrary } from '../support/schema-arbitrary.js';

/**
 * Every registered operation (taken from the registry, so an operation added later joins by itself),
 * called through REST and MCP with inputs derived from its input schema and hostile values: never a
 * 500, never a stack trace, and a refused call leaves every table as it was. Seeded and bounded so it
 * stays well under a minute per dialect; FUZZ_RUNS and FUZZ_SEED widen or vary a run by hand.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 4);
const SEED = Number(process.env.FUZZ_SEED ?? 20261206);

/**
 * Tables a refused call may legitimately add to: the audit logs (a denied or failed change is audited)
 * and the AI usage ledger (a model call made before the refusal was still spent, and budgets count it).
 */
const LEDGER_TABLES = new Set(['audit_log', 'operator_audit', 'ai_usage']);

/** The app's operations, as the registry the transports use lists them (checked against it below). */
const operations = operationRegistry().operations;

let t: TestApp;
let tenant: TestTenant;
let countSql: string;

beforeAll(async () => {
  t = await createTestApp({
    env: Object.fromEntries(
      ['CONTENT', 'PUBLISHING', 'ANALYTICS', 'KNOWLEDGE', 'ADMIN'].map((c) => [`RATE_LIMIT_${c}`, '1000000']),
    ),
  });
  tenant = await t.tenant('Fuzz Steel');
  // Fill the skills' vector cache now (it is filled on first use, by whichever call comes first), so a
  // refused call that happened to be first is not taken for one that wrote rows.
  const warm = await t.request('/api/v1/skills/match', {
    method: 'POST',
    key: tenant.keys.admin,
    body: JSON.stringify({ request: 'A LinkedIn post about our new I-beams' }),
  });
  expect(warm.status).toBe(200);
  const tables = (await t.app.db.kysely.introspection.getTables())
    .map((x) => x.name)
    .filter((name) => !name.startsWith('kysely_') && !LEDGER_TABLES.has(name))
    .sort();
  countSql = tables.map((name) => `SELECT '${name}' AS t, count(*) AS n FROM "${name}"`).join(' UNION ALL ');
});

/** REST answers by status class, printed with FUZZ_STATS=1: how many inputs got past validation to a handler. */
const statuses = new Map<string, number>();

afterAll(async () => {
  if (process.env.FUZZ_STATS === '1')
    console.log('fuzz REST statuses', Object.fromEntries([...statuses].sort()));
  await t?.cleanup();
});

/** Row count of every table (ledgers aside), as one string to compare. */
async function rowCounts(): Promise<string> {
  const result = await t.app.db.systemRead((db) =>
    sql.raw<{ t: string; n: number | string }>(countSql).execute(db),
  );
  return result.rows.map((r) => `${r.t}=${Number(r.n)}`).join(' ');
}

function keyFor(op: AnyOperation): string {
  return op.scope === 'operator' ? t.operatorKey : tenant.keys.admin;
}

/** A path segment as a client would send it; a lone surrogate cannot be percent-encoded, so it goes as bytes no UTF-8 decoder accepts. */
function pathSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

function queryValue(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

/** The REST request for `input`: path parameters in the path, the rest in the query (GET, DELETE) or body. */
async function callRest(op: AnyOperation, input: Record<string, unknown>) {
  let path = `/api/v1${op.http.path}`;
  const rest: Record<string, unknown> = { ...input };
  for (const name of pathParams(op)) {
    path = path.replace(`{${name}}`, pathSegment(input[name] ?? 'missing'));
    delete rest[name];
  }
  const init: RequestInit & { key: string } = { method: op.http.method, key: keyFor(op) };
  if (op.http.method === 'GET' || op.http.method === 'DELETE') {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(rest)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value) query.append(name, queryValue(item));
      else query.append(name, queryValue(value));
    }
    if ([...query].length) path += `?${query}`;
  } else {
    init.body = JSON.stringify(rest);
  }
  const res = await t.request(path, init);
  return { status: res.status, text: await res.text() };
}

/** A tools/call over the MCP endpoint, as a 2025-era client (Dify) sends it. */
async function callMcp(op: AnyOperation, input: Record<string, unknown>) {
  const res = await t.request('/mcp', {
    method: 'POST',
    key: keyFor(op),
    headers: { Accept: 'application/json, text/event-stream', 'MCP-Protocol-Version': '2025-06-18' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: toolName(op.name), arguments: input },
    }),
  });
  const text = await res.text();
  const data = res.headers.get('content-type')?.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5))
        .join('')
    : text;
  const message = JSON.parse(data || '{}') as {
    result?: { isError?: boolean; content?: Array<{ text?: string }> };
    error?: { code: number; message: string };
  };
  return { status: res.status, text: data, message };
}

/**
 * No 500 and no `internal` error. A typed 5xx that names a state of the installation (503
 * `publishing.not_configured`: no X app configured) is an answer, not a crash.
 */
function expectNoServerError(status: number, text: string, label: string): void {
  expect(status, `${label} → ${status} ${text.slice(0, 300)}`).not.toBe(500);
  expect(text, `${label} → ${text.slice(0, 300)}`).not.toMatch(/"code":"internal/);
}

const STACK = /\n\s+at \S|\bat [\w.<>]+ \(.*:\d+:\d+\)|node:internal|\/src\/\w+.*\.ts:\d+/;

/** One input through both transports: no 500, no stack trace, nothing written when refused. */
async function check(op: AnyOperation, input: Record<string, unknown>): Promise<void> {
  const label = `${op.name} ${JSON.stringify(input).slice(0, 300)}`;
  let before = await rowCounts();
  const rest = await callRest(op, input);
  statuses.set(String(rest.status), (statuses.get(String(rest.status)) ?? 0) + 1);
  expectNoServerError(rest.status, rest.text, `${label} (REST)`);
  expect(rest.text, `${label} (REST) leaked a stack trace`).not.toMatch(STACK);
  if (rest.status >= 400) {
    expect(await rowCounts(), `${label} (REST) refused with ${rest.status} but wrote rows`).toBe(before);
  } else {
    before = await rowCounts();
  }

  const mcp = await callMcp(op, input);
  expectNoServerError(mcp.status, mcp.text, `${label} (MCP)`);
  expect(mcp.text, `${label} (MCP) leaked a stack trace`).not.toMatch(STACK);
  expect(mcp.message.error?.code, `${label} (MCP) internal JSON-RPC error`).not.toBe(-32603);
  const toolError = mcp.message.result?.isError ? (mcp.message.result.content?.[0]?.text ?? '') : undefined;
  if (toolError !== undefined) {
    expect(toolError, `${label} (MCP) → ${toolError.slice(0, 300)}`).not.toContain('"code":"internal');
  }
  if (toolError !== undefined || mcp.message.error) {
    expect(await rowCounts(), `${label} (MCP) refused but wrote rows`).toBe(before);
  }
}

/** Text no dialect may store, each in a field of the operation's own example (or of an empty input). */
const MUST_REFUSE: ReadonlyArray<[string, unknown]> = [
  ['NUL', 'a\u0000b'],
  ['lone surrogate', 'x\ud800'],
  ['deep nesting', deeplyNested(40)],
];

describe(`fuzz: every operation through REST and MCP (${testDialect})`, () => {
  it('covers every operation of the registry', () => {
    expect(operations.map((op) => op.name)).toEqual(t.runtime.registry.operations.map((op) => op.name));
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each(operations.map((op, index) => [op.name, op, index] as const))(
    '%s: schema-derived and hostile inputs get no 500, no stack trace, no half-written refusal',
    async (_name, op, index) => {
      await fc.assert(
        fc.asyncProperty(inputArbitrary(inputJsonSchema(op)), (input) => check(op, input)),
        { numRuns: RUNS, seed: SEED + index, endOnFailure: true },
      );
    },
  );

  it.each(operations.map((op) => [op.name, op] as const))(
    '%s: NUL, lone surrogates and deep nesting in any field → 400 naming it',
    async (_name, op) => {
      const example = (op.examples?.[0]?.input ?? {}) as Record<string, unknown>;
      const fields = Object.keys(inputJsonSchema(op).properties ?? {});
      for (const field of fields) {
        for (const [what, value] of MUST_REFUSE) {
          const input = { ...example, [field]: value };
          const label = `${op.name}.${field} with ${what}`;
          let before = await rowCounts();
          // A URL (path, query) carries NUL as %00 but a lone surrogate only as bytes that are not UTF-8,
          // and nesting only inside JSON text; a JSON body carries all three as they are.
          const inUrl =
            pathParams(op).includes(field) || op.http.method === 'GET' || op.http.method === 'DELETE';
          const rest = await callRest(op, input);
          if (!inUrl || what === 'NUL') {
            expect(rest.status, `${label} (REST): ${rest.text.slice(0, 200)}`).toBe(400);
            expect(rest.text, label).toContain(`"path":"${field}`);
          } else {
            expectNoServerError(rest.status, rest.text, `${label} (REST)`);
          }
          if (rest.status < 400) before = await rowCounts();
          const mcp = await callMcp(op, input);
          const text = mcp.message.result?.content?.[0]?.text ?? '';
          expect(mcp.message.result?.isError, `${label} (MCP): ${text.slice(0, 200)}`).toBe(true);
          expect(text, label).toContain('"code":"request.invalid"');
          expect(text, label).toContain(`"path":"${field}`);
          expect(await rowCounts(), `${label} wrote rows`).toBe(before);
        }
      }
    },
  );
});
