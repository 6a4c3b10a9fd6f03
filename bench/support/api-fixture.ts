/** What both API benchmarks stand on: a database of the chosen dialect with one tenant and its key. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closeAppServices, createAppServices } from '../../src/app/create.js';
import { loadConfig } from '../../src/config/load.js';
import { createTenant, setTenantLimits } from '../../src/modules/tenancy/tenants.js';
import type { AppServices } from '../../src/operations/services.js';
import type { BenchArgs } from '../run.js';

export interface ApiFixture {
  /** Environment for a server process on the same database. */
  env: { DATA_DIR: string; DATABASE_URL: string; LOG_LEVEL: string };
  dialect: 'sqlite' | 'postgres';
  /** Open app services for in-process benchmarks; `closeApp` when only server processes need the database. */
  app: AppServices;
  closeApp(): Promise<void>;
  /** An admin key of the bench tenant, whose rate limit is high enough never to answer 429. */
  adminKey: string;
  /**
   * Admin keys of `readTenants` tenants with the same budget, the first being `adminKey`'s: a long load
   * can take each round's requests from a fresh budget (a tenant may have at most 1,000,000 an hour,
   * which one fast server spends in about 20 s).
   */
  readKeys: Array<{ key: string; tenantId: string }>;
  /** An admin key of a second tenant with a budget of one admin request an hour. */
  tinyKey: string;
  cleanup(): Promise<void>;
}

/** SQLite in a temporary directory, or a fresh database on `--postgres <url>` dropped at cleanup. */
export async function createApiFixture(
  args: BenchArgs,
  prefix: string,
  options: { readTenants?: number } = {},
): Promise<ApiFixture> {
  const dataDir = mkdtempSync(path.join(tmpdir(), prefix));
  let databaseUrl = `sqlite:${path.join(dataDir, 'bench.db')}`;
  let dropDb = async () => {};
  if (typeof args.postgres === 'string') {
    const server = args.postgres;
    const name = `da_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(server);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  }
  const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const app = await createAppServices(loadConfig({ env, cwd: dataDir }));
  const readKeys: ApiFixture['readKeys'] = [];
  for (let i = 0; i < Math.max(1, options.readTenants ?? 1); i++) {
    const { tenant, adminKey } = await createTenant(app, {
      name: i === 0 ? 'Bench Co' : `Bench Co ${i + 1}`,
      timeZone: 'UTC',
      locale: 'en',
      plan: 'pro',
    });
    await setTenantLimits(app, tenant.id, { overrides: { rateLimits: { admin: 1_000_000 } } });
    readKeys.push({ key: adminKey.key, tenantId: tenant.id });
  }
  const tiny = await createTenant(app, { name: 'Tiny Co', timeZone: 'UTC', locale: 'en', plan: 'free' });
  await setTenantLimits(app, tiny.tenant.id, { overrides: { rateLimits: { admin: 1 } } });
  let closed = false;
  const closeApp = async () => {
    if (!closed) await closeAppServices(app);
    closed = true;
  };
  return {
    env,
    dialect: databaseUrl.startsWith('sqlite') ? 'sqlite' : 'postgres',
    app,
    closeApp,
    adminKey: (readKeys[0] as { key: string }).key,
    readKeys,
    tinyKey: tiny.adminKey.key,
    async cleanup() {
      await closeApp();
      await dropDb();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A kind of request the API benchmarks send: where, with which key, and the status it must get. */
export interface RequestKind {
  path: string;
  key: string | undefined;
  status: number;
  /** Requests that must be answered 200 first (a budget to spend), each time a server is started. */
  spendFirst?: number;
}

/**
 * A served read, and the ways a request is turned away before any work: no key, a key that does not
 * exist, a tenant over its rate limit (the tiny tenant, whose one request an hour the benchmark spends
 * first), a route that does not exist.
 */
export function requestKinds(fixture: ApiFixture) {
  return {
    servedRead: { path: '/api/v1/tenant', key: fixture.adminKey, status: 200 },
    missingKey: { path: '/api/v1/tenant', key: undefined, status: 401 },
    unknownKey: { path: '/api/v1/tenant', key: `da_${'A'.repeat(40)}`, status: 401 },
    rateLimited: { path: '/api/v1/tenant', key: fixture.tinyKey, status: 429, spendFirst: 1 },
    unknownRoute: { path: '/api/v1/no-such-route', key: fixture.adminKey, status: 404 },
  } satisfies Record<string, RequestKind>;
}

/** Request headers that carry a kind's key. */
export function authHeaders(kind: RequestKind): Record<string, string> {
  return kind.key ? { Authorization: `Bearer ${kind.key}` } : {};
}

/** A server the API benchmarks start: node arguments, environment, a path that answers 200 once it is up. */
export interface ComparisonServer {
  args: string[];
  env: Record<string, string>;
  probe: string;
  /** What the benchmarks request from it. */
  path: string;
}

const supportDir = path.dirname(new URL(import.meta.url).pathname);

/** The bare Hono hello-world every API benchmark compares with. */
export const bareHonoServer: ComparisonServer = {
  args: ['--import', 'tsx', path.join(supportDir, 'bare-hono.ts')],
  env: {},
  probe: '/hello',
  path: '/hello',
};

/** The floor (read-floor.ts) on the fixture's database: only on SQLite, which it opens directly. */
export function floorServer(fixture: ApiFixture): ComparisonServer | undefined {
  if (fixture.dialect !== 'sqlite') return undefined;
  return {
    args: ['--import', 'tsx', path.join(supportDir, 'read-floor.ts')],
    env: { ...fixture.env, BENCH_API_KEYS: JSON.stringify(fixture.readKeys) },
    probe: '/ready',
    path: '/api/v1/tenant',
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
