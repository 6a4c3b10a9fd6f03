import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';

let t: TestApp;
let a: TestTenant;

beforeAll(async () => {
  t = await createTestApp({ env: { CORS_ORIGINS: 'https://app.example.com', BODY_LIMIT_BYTES: '2048' } });
  a = await t.tenant('Http Bakery');
});
afterAll(async () => {
  await t.cleanup();
});

describe(`HTTP server (${testDialect})`, () => {
  it('answers liveness, readiness and Prometheus metrics', async () => {
    expect((await t.request('/health')).status).toBe(200);
    const ready = await t.request('/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok' } });
    await t.request('/api/v1/tenant', { key: a.keys.viewer });
    const metrics = await (await t.request('/metrics')).text();
    expect(metrics).toContain('dify_agent_http_request_duration_seconds_bucket');
    expect(metrics).toContain('route="/api/v1/tenant"');
    // Node's own figures too, event-loop delay included (sampled every 100 ms, not prom-client's 10).
    expect(metrics).toContain('dify_agent_nodejs_eventloop_lag_p99_seconds');
  });

  it('reports not ready when the database is unreachable', async () => {
    const { createHttpApp } = await import('../src/server/http.js');
    const { createMetrics } = await import('../src/server/metrics.js');
    const http = createHttpApp({
      runtime: t.runtime,
      metrics: createMetrics(),
      readiness: [
        {
          name: 'database',
          check: async () => {
            throw new Error('connection refused');
          },
        },
      ],
    });
    const res = await http.request('http://test.local/ready');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      status: 'unavailable',
      checks: { database: 'connection refused' },
    });
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.request('/health', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await t.request('/health');
    expect(made.headers.get('x-request-id')).toMatch(/^req_/);
    const unsafe = await t.request('/health', { headers: { 'X-Request-Id': 'x'.repeat(500) } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('sets the API security headers on successes and errors, and HSTS only for an HTTPS public URL', async () => {
    for (const res of [
      await t.request('/health'),
      await t.request('/api/v1/tenant', { key: a.keys.viewer }),
      await t.request('/api/v1/tenant'),
      await t.request('/no/such/route'),
      await t.request('/api/v1/tenant', {
        key: a.keys.viewer,
        headers: { Origin: 'https://app.example.com' },
      }),
    ]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const cors = await t.request('/api/v1/tenant', {
      key: a.keys.viewer,
      headers: { Origin: 'https://app.example.com' },
    });
    expect(cors.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(cors.headers.get('ratelimit-limit')).not.toBeNull();
    const plain = await t.request('/api/v1/tenant', { key: a.keys.viewer });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('ratelimit-limit')).not.toBeNull();
    expect(plain.headers.get('content-type')).toBe('application/json');
    const { apiSecurityHeaders } = await import('../src/server/http.js');
    expect(apiSecurityHeaders('https://agent.example.com')['strict-transport-security']).toBe(
      'max-age=31536000; includeSubDomains',
    );
    expect('strict-transport-security' in apiSecurityHeaders('http://127.0.0.1:3000')).toBe(false);
  });

  it('allows only configured CORS origins', async () => {
    const allowed = await t.request('/api/v1/tenant', {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'GET' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const denied = await t.request('/api/v1/tenant', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('accepts only JSON bodies, within the size limit', async () => {
    const form = await t.request('/api/v1/keys', {
      method: 'POST',
      key: a.keys.admin,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'name=x',
    });
    expect(form.status).toBe(415);
    const broken = await t.request('/api/v1/keys', { method: 'POST', key: a.keys.admin, body: '{"name":' });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('request.invalid_json');
    const big = await t.request('/api/v1/keys', {
      method: 'POST',
      key: a.keys.admin,
      body: JSON.stringify({ name: 'x'.repeat(5000) }),
    });
    expect(big.status).toBe(413);
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await t.request('/api/v1/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('route.not_found');
  });

  it('answers an authenticated read with its rate-limit headers, and a bad key with the error shape', async () => {
    const read = () =>
      t.http.fetch(
        new Request('http://test.local/api/v1/tenant', {
          headers: { Authorization: `Bearer ${a.keys.viewer}` },
        }),
      );
    await read(); // the key and the tenant's limits are now cached
    const answered = await read();
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ id: a.id });
    expect(answered.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    // Failures on that path come back as the error shape.
    const missing = await t.http.fetch(
      new Request('http://test.local/api/v1/tenant', { headers: { Authorization: 'Bearer da_nope' } }),
    );
    expect(missing.status).toBe(401);
  });
});
