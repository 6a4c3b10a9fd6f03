/**
 * Throughput and latency of an authenticated read operation (GET /api/v1/tenant: key lookup, rate limit,
 * role check, tenant-scoped read, output validation) against a bare Hono hello-world, in the same run.
 * Target: at least 50% of the bare server's requests per second.
 *   npm run bench -- api [--seconds 8] [--connections 32] [--postgres postgres://…]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { closeAppServices, createAppServices } from '../../src/app/create.js';
import { loadConfig } from '../../src/config/load.js';
import { createTenant, setTenantLimits } from '../../src/modules/tenancy/tenants.js';
import type { BenchArgs } from '../run.js';
import { runLoad } from '../support/load.js';
import { freePort, startServer, stop } from '../support/spawn.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export default async function api(args: BenchArgs) {
  const seconds = Number(args.seconds ?? 8);
  const connections = Number(args.connections ?? 32);
  const load = { connections, seconds, warmupSeconds: 2 };
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-api-'));
  let databaseUrl = `sqlite:${path.join(dataDir, 'bench.db')}`;
  let dropDb = async () => {};
  if (typeof args.postgres === 'string') {
    const name = `da_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: args.postgres });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(args.postgres);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    dropDb = async () => {
      const c = new pg.Client({ connectionString: args.postgres as string });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  }
  const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  const app = await createAppServices(loadConfig({ env, cwd: dataDir }));
  const { tenant, adminKey } = await createTenant(app, {
    name: 'Bench Co',
    timeZone: 'UTC',
    locale: 'en',
    plan: 'pro',
  });
  await setTenantLimits(app, tenant.id, { overrides: { rateLimits: { admin: 1_000_000 } } });
  await closeAppServices(app);

  const barePort = await freePort();
  const apiPort = await freePort();
  const bare = await startServer(
    ['--import', 'tsx', path.join(root, 'bench/support/bare-hono.ts')],
    { PORT: String(barePort) },
    `http://127.0.0.1:${barePort}/hello`,
  );
  let bareResult: Awaited<ReturnType<typeof runLoad>>;
  try {
    bareResult = await runLoad(`http://127.0.0.1:${barePort}`, '/hello', load);
  } finally {
    await stop(bare);
  }
  const server = await startServer(
    [path.join(root, 'bin/dify-agent.js'), 'serve'],
    { ...env, PORT: String(apiPort) },
    `http://127.0.0.1:${apiPort}/health`,
  );
  let apiResult: Awaited<ReturnType<typeof runLoad>>;
  try {
    apiResult = await runLoad(`http://127.0.0.1:${apiPort}`, '/api/v1/tenant', {
      ...load,
      headers: { Authorization: `Bearer ${adminKey.key}` },
    });
  } finally {
    await stop(server);
    await dropDb();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    dialect: databaseUrl.startsWith('sqlite') ? 'sqlite' : 'postgres',
    connections,
    bareHono: bareResult,
    authenticatedRead: apiResult,
    ratioOfBare: Math.round((apiResult.requestsPerSecond / bareResult.requestsPerSecond) * 100) / 100,
    target: 0.5,
  };
}
