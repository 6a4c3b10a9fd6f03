import path from 'node:path';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';

let t: TestApp;
let a: TestTenant;

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Mcp Bakery');
});
afterAll(async () => {
  await t.cleanup();
});

function httpTransport(key: string) {
  return new StreamableHTTPClientTransport(new URL('http://test.local/mcp'), {
    fetch: async (url, init) => t.http.request(String(url), init),
    requestInit: { headers: { Authorization: `Bearer ${key}` } },
  });
}

/** A raw JSON-RPC POST, as a 2025-era client such as Dify sends it. */
async function rpc(body: unknown, headers: Record<string, string> = {}) {
  const res = await t.request('/mcp', {
    method: 'POST',
    key: a.keys.viewer,
    headers: { Accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  // A JSON body, or an SSE stream whose data lines carry the JSON-RPC messages.
  const messages = res.headers.get('content-type')?.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => JSON.parse(l.slice(5)))
    : text
      ? [JSON.parse(text)]
      : [];
  return { status: res.status, messages };
}

describe(`MCP (${testDialect})`, () => {
  it('serves the official SDK client over Streamable HTTP: list tools and call one', async () => {
    const client = new Client({ name: 'sdk-test', version: '1.0.0' });
    await client.connect(httpTransport(a.keys.viewer));
    const { tools } = await client.listTools();
    expect(tools.map((x) => x.name)).toContain('tenant_get');
    const result = await client.callTool({ name: 'tenant_get', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ id: a.id, slug: a.slug });
    await client.close();
  });

  it('serves the 2026-07-28 protocol to a modern client on the same endpoint', async () => {
    const client = new Client(
      { name: 'modern', version: '1.0.0' },
      { versionNegotiation: { mode: { pin: '2026-07-28' } } },
    );
    await client.connect(httpTransport(a.keys.viewer));
    const result = await client.callTool({ name: 'tenant_get', arguments: {} });
    expect(result.structuredContent).toMatchObject({ id: a.id });
    await client.close();
  });

  it.each(['2025-03-26', '2025-06-18'])(
    'speaks protocol %s through the initialize handshake (Dify)',
    async (version) => {
      const init = await rpc({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: version,
          capabilities: {},
          clientInfo: { name: 'dify', version: '1.6.0' },
        },
      });
      expect(init.status).toBe(200);
      expect(init.messages[0].result.protocolVersion).toBe(version);
      expect(init.messages[0].result.capabilities.tools).toBeDefined();
      const headers = { 'MCP-Protocol-Version': version };
      const initialized = await rpc({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
      expect(initialized.status).toBe(202);
      const list = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} }, headers);
      expect(list.messages[0].result.tools.length).toBeGreaterThan(5);
      const callResult = await rpc(
        { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'tenant_get', arguments: {} } },
        headers,
      );
      expect(callResult.messages[0].result.structuredContent.id).toBe(a.id);
    },
  );

  it('reports business errors as tool errors with the REST error body, so an agent can correct itself', async () => {
    const client = new Client({ name: 'sdk-test', version: '1.0.0' });
    await client.connect(httpTransport(a.keys.viewer));
    const denied = await client.callTool({ name: 'keys_create', arguments: { name: 'x' } });
    expect(denied.isError).toBe(true);
    const body = JSON.parse((denied.content as { text: string }[])[0]?.text ?? '{}');
    expect(body.error.code).toBe('auth.forbidden');
    await client.close();
  });

  it('refuses a connection without a valid key', async () => {
    const res = await t.request('/mcp', {
      method: 'POST',
      headers: { Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
  });

  it('refuses browser origins that are not allowed (DNS rebinding)', async () => {
    const res = await t.request('/mcp', {
      method: 'POST',
      key: a.keys.viewer,
      headers: { Accept: 'application/json, text/event-stream', Origin: 'http://evil.example' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(403);
  });

  it('serves the same tools over stdio (`dify-agent mcp`) for the key in DIFY_AGENT_API_KEY', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.resolve('bin/dify-agent.js'), 'mcp'],
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: t.t.dataDir,
        DATABASE_URL: t.t.url,
        DIFY_AGENT_API_KEY: a.keys.viewer,
        LOG_LEVEL: 'error',
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    // The viewer's key is offered what a viewer may call: reads, not key management or the operator's tools.
    expect(tools.map((x) => x.name)).toContain('knowledge_search');
    expect(tools.map((x) => x.name)).not.toContain('keys_list');
    expect(tools.map((x) => x.name)).not.toContain('tenants_create');
    const result = await client.callTool({ name: 'tenant_get', arguments: {} });
    expect(result.structuredContent).toMatchObject({ id: a.id });
    await client.close();
  }, 60_000);
});
