/**
 * The floor of the api suite: a bare Hono route that does what `GET /api/v1/tenant` must do at the least —
 * look up the key, read the tenant row from SQLite, answer JSON
 * with the same response headers — and nothing else (no rate limit, validation, metrics, layering). The
 * distance between this and the real operation is the cost of dify-agent's own request path; the distance
 * between this and the hello-world is the cost of the work itself.
 */
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';
import type { TenantRow } from '../../src/modules/tenancy/repository.js';
import { toTenant } from '../../src/modules/tenancy/tenants.js';

const file = (process.env.DATABASE_URL ?? '').replace(/^sqlite:/, '');
const keys = JSON.parse(process.env.BENCH_API_KEYS ?? '[]') as Array<{ key: string; tenantId: string }>;
const db = new Database(file, { readonly: true });
const principals = new Map(keys.map(({ key, tenantId }) => [key, { tenantId }]));
const byId = db.prepare('SELECT * FROM tenants WHERE id = ?');
let requests = 0;

const app = new Hono();
app.get('/ready', (c) => c.text('ok'));
app.get('/api/v1/tenant', (c) => {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
  const principal = token ? principals.get(token) : undefined;
  if (!principal) return c.json({ error: 'unauthorized' }, 401);
  const body = toTenant(byId.get(principal.tenantId) as TenantRow);
  requests++;
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: {
      'x-request-id': `req_floor${requests.toString(36)}`,
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'content-type': 'application/json',
      'ratelimit-limit': '1000000',
      'ratelimit-remaining': String(1_000_000 - requests),
      'ratelimit-reset': '1',
    },
  });
});
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });
