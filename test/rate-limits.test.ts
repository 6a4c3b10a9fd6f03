import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../src/core/clock.js';
import { MemoryRateLimitStore, RedisRateLimitStore } from '../src/operations/rate-limit.js';
import { createHttpApp } from '../src/server/http.js';
import { createMetrics } from '../src/server/metrics.js';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';

let t: TestApp;
let a: TestTenant;
let b: TestTenant;

beforeAll(async () => {
  t = await createTestApp({ rateLimits: new MemoryRateLimitStore(systemClock) });
  a = await t.tenant('Rate Alpha');
  b = await t.tenant('Rate Beta');
  for (const tenant of [a.slug, b.slug]) {
    const res = await t.request(`/api/v1/tenants/${tenant}/limits`, {
      method: 'PUT',
      key: t.operatorKey,
      body: JSON.stringify({ overrides: { rateLimits: { admin: 3 } } }),
    });
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await t.cleanup();
});

describe(`rate limits (${testDialect})`, () => {
  it('lets a tenant use its budget, then answers 429 with Retry-After and RateLimit headers', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await t.request('/api/v1/tenant', { key: a.keys.viewer });
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit-limit')).toBe('3');
      remaining.push(res.headers.get('ratelimit-remaining') as string);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const limited = await t.request('/api/v1/tenant', { key: a.keys.viewer });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    const body = (await limited.json()) as { error: { code: string } };
    expect(body.error.code).toBe('rate_limited');
  });

  it('turns MCP tool calls away on the same budget, as a tool error with the REST error body', async () => {
    // Tenant A spent its budget in the test above; the MCP endpoint draws from the same bucket.
    const res = await t.request('/mcp', {
      method: 'POST',
      key: a.keys.viewer,
      headers: { Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'tenant_get', arguments: {} },
      }),
    });
    const text = await res.text();
    const line = text.split('\n').find((l) => l.startsWith('data:'));
    const message = JSON.parse(line ? line.slice(5) : text) as {
      result: { isError: boolean; content: { text: string }[] };
    };
    expect(message.result.isError).toBe(true);
    const body = JSON.parse(message.result.content[0]?.text ?? '{}') as { error: { code: string } };
    expect(body.error.code).toBe('rate_limited');
  });

  it("does not let one tenant's traffic spend another tenant's budget", async () => {
    const res = await t.request('/api/v1/tenant', { key: b.keys.viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('ratelimit-remaining')).toBe('2');
  });

  it('keeps categories apart: knowledge limits are not admin limits', async () => {
    // tenant.limits.get is in the admin category too, so it is limited for tenant A now...
    expect((await t.request('/api/v1/tenant/limits', { key: a.keys.viewer })).status).toBe(429);
    // ...while the operator's own calls are not tenant traffic.
    expect((await t.request('/api/v1/tenants', { key: t.operatorKey })).status).toBe(200);
  });

  it('refills over time (token bucket)', async () => {
    let now = 1_000_000;
    const store = new MemoryRateLimitStore({
      now: () => new Date(now),
      nowMs: () => now,
      iso: () => new Date(now).toISOString(),
    });
    for (let i = 0; i < 3600; i++) await store.take('k', 3600, 3_600_000);
    expect((await store.take('k', 3600, 3_600_000)).allowed).toBe(false);
    now += 1000; // one token per second at 3600/hour
    expect((await store.take('k', 3600, 3_600_000)).allowed).toBe(true);
    expect((await store.take('k', 3600, 3_600_000)).allowed).toBe(false);
  });
});

describe.skipIf(!process.env.TEST_REDIS_URL)(`rate limits shared through Redis (${testDialect})`, () => {
  it('makes two server instances draw from one budget', async () => {
    const prefix = `dify-agent-test:${Date.now()}:${Math.random().toString(36).slice(2)}:`;
    const r1 = new Redis(process.env.TEST_REDIS_URL as string);
    const r2 = new Redis(process.env.TEST_REDIS_URL as string);
    try {
      const make = (redis: Redis) =>
        createHttpApp({
          runtime: { ...t.runtime, rateLimits: new RedisRateLimitStore(redis, prefix) },
          metrics: createMetrics(),
          readiness: [],
        });
      const servers = [make(r1), make(r2)];
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const server = servers[i % 2] as ReturnType<typeof make>;
        const res = await server.request('http://test.local/api/v1/tenant', {
          headers: { Authorization: `Bearer ${b.keys.admin}` },
        });
        statuses.push(res.status);
      }
      // Tenant B has a budget of 3 per hour and has already used 1 in this file (in memory, not in Redis).
      expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    } finally {
      r1.disconnect();
      r2.disconnect();
    }
  });
});
