import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assembleAppServices, closeAppServices, createOperationRuntime } from '../src/app/create.js';
import { appModules } from '../src/app/modules.js';
import { systemClock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { createTenant } from '../src/modules/tenancy/index.js';
import { defineOperation } from '../src/operations/define.js';
import type { AppModule } from '../src/operations/module.js';
import { MemoryRateLimitStore } from '../src/operations/rate-limit.js';
import { createHttpApp } from '../src/server/http.js';
import { createMetrics } from '../src/server/metrics.js';
import { createTestDatabase, testDialect } from './support/db.js';

/**
 * A Redis outage is a clear state (issue 17): unreachable at start → one line and a non-zero exit;
 * lost at run time → /ready 503, calls that need Redis 503 `unavailable` with Retry-After, the others
 * working, and SIGTERM still ends the process. Uses a throwaway redis-server on a free port, started and
 * killed here.
 */

const bin = path.resolve('bin/dify-agent.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const haveRedisServer = await new Promise<boolean>((resolve) => {
  const probe = spawn('redis-server', ['--version'], { stdio: 'ignore' });
  probe.once('error', () => resolve(false));
  probe.once('exit', (code) => resolve(code === 0));
});
if (!haveRedisServer) console.warn('[redis-outage] skipped: no redis-server binary on PATH');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A redis-server of our own on a free port, with nothing saved to disk. */
async function startRedis(): Promise<{ url: string; kill(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'dify-agent-redis-'));
  dirs.push(dir);
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', dir],
    {
      stdio: 'ignore',
    },
  );
  children.push(child);
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** `dify-agent start` in a fresh data directory, with its output collected. */
function startServer(env: Record<string, string>) {
  const cwd = mkdtempSync(path.join(tmpdir(), 'dify-agent-outage-'));
  dirs.push(cwd);
  const child = spawn(process.execPath, [bin, 'start'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (c: Buffer) => {
    out.stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    out.stderr += c.toString();
  });
  const listening = new Promise<string>((resolve, reject) => {
    const onData = () => {
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out.stdout + out.stderr);
      if (m) resolve(m[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out.stdout}${out.stderr}`)));
  });
  return { child, out, listening };
}

/** Resolves `true` once the process has exited, `false` if it is still alive after `ms` (a hang). */
async function exitsWithin(child: ChildProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    exited(child).then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  clearTimeout(timer);
  return result;
}

const databaseEnv = async (): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> => {
  if (testDialect !== 'postgres') return { env: {}, cleanup: async () => {} };
  const db = await createTestDatabase();
  return { env: { DATABASE_URL: db.url }, cleanup: () => db.cleanup() };
};

describe.skipIf(!haveRedisServer)(`Redis outage (${testDialect})`, () => {
  it('an unreachable REDIS_URL at start is one line on stderr and exit code 7, nothing served', async () => {
    const port = await freePort(); // nothing listens there
    const db = await databaseEnv();
    try {
      const server = startServer({ ...db.env, REDIS_URL: `redis://127.0.0.1:${port}` });
      server.listening.catch(() => undefined);
      expect(await exitsWithin(server.child, 60_000)).toBe(true);
      expect(server.child.exitCode).toBe(7);
      const lines = server.out.stderr.trim().split('\n');
      expect(lines, server.out.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${port}`));
      expect(lines[0]).toContain('REDIS_START_WAIT_MS');
      expect(server.out.stdout).not.toContain('listening');
    } finally {
      await db.cleanup();
    }
  });

  it('Redis killed at run time: /ready 503, other calls work, SIGTERM ends the process within its grace', async () => {
    const redis = await startRedis();
    const db = await databaseEnv();
    try {
      const operatorKey = 'op_outage_test_key_0123456789';
      const server = startServer({
        ...db.env,
        REDIS_URL: redis.url,
        OPERATOR_API_KEY: operatorKey,
        SHUTDOWN_GRACE_MS: '2000',
      });
      const url = await server.listening;
      const created = await fetch(`${url}/api/v1/tenants`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${operatorKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Outage Co' }),
      });
      expect(created.status).toBe(201);
      const { adminKey } = (await created.json()) as { adminKey: { key: string } };
      const auth = { Authorization: `Bearer ${adminKey.key}` };
      // Ready once its connections are up (on a loaded machine that can take a moment).
      while ((await fetch(`${url}/ready`)).status !== 200) await new Promise((r) => setTimeout(r, 100));

      await redis.kill();
      // Polls until /ready says so; a hang here (the old behaviour took 17 s) ends at the test timeout.
      let ready: { status: number; body: { checks: Record<string, string> } };
      do {
        const res = await fetch(`${url}/ready`);
        ready = { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
      } while (ready.status !== 503);
      expect(ready.body.checks.redis).toMatch(/unreachable/);

      // Calls that do not need Redis keep working: rate limits fall back to this process's buckets.
      const read = await fetch(`${url}/api/v1/tenant`, { headers: auth });
      expect(read.status).toBe(200);
      expect(read.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
      // A crawl is queued in the outbox; it runs once Redis is back.
      const crawl = await fetch(`${url}/api/v1/knowledge/crawls`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ url: 'https://www.example.com/' }),
      });
      expect(crawl.status).toBe(202);

      server.child.kill('SIGTERM');
      // Grace 2 s: the process must be gone well before this bound (it used to live on for minutes).
      expect(await exitsWithin(server.child, 30_000), server.out.stdout.slice(-2000)).toBe(true);
    } finally {
      await db.cleanup();
    }
  });

  it('a call that needs Redis while it is down answers 503 unavailable with Retry-After', async () => {
    const redis = await startRedis();
    const t = await createTestDatabase({ REDIS_URL: redis.url });
    // An operation that reads a job from the queue (BullMQ here) and one that reads Redis directly.
    const probe: AppModule = {
      name: 'outage-probe',
      migrations: [],
      operations: [
        defineOperation({
          name: 'probe.job.get',
          summary: 'Read a job',
          http: { method: 'GET', path: '/probe/jobs/{id}' },
          role: 'viewer',
          rateCategory: 'admin',
          mutating: false,
          input: z.object({ id: z.string() }),
          output: z.object({ found: z.boolean() }),
          handler: async (ctx, input) => ({ found: (await ctx.app.queue.getJob(input.id)) !== undefined }),
        }),
        defineOperation({
          name: 'probe.redis.get',
          summary: 'Read a key',
          http: { method: 'GET', path: '/probe/redis' },
          role: 'viewer',
          rateCategory: 'admin',
          mutating: false,
          input: z.object({}),
          output: z.object({ value: z.string().nullable() }),
          handler: async (ctx) => ({ value: (await ctx.app.redis?.get('probe')) ?? null }),
        }),
      ],
    };
    const app = await assembleAppServices(t.config, t.db, { logger: silentLogger, clock: systemClock });
    try {
      const runtime = createOperationRuntime(app, {
        rateLimits: new MemoryRateLimitStore(systemClock),
        modules: [...appModules, probe],
      });
      const http = createHttpApp({ runtime, metrics: createMetrics(), readiness: [] });
      const { adminKey } = await createTenant(app, {
        name: 'Probe Co',
        timeZone: 'UTC',
        locale: 'en',
        plan: 'pro',
      });
      const get = (p: string) => http.request(p, { headers: { Authorization: `Bearer ${adminKey.key}` } });
      expect((await get('/api/v1/probe/redis')).status).toBe(200);
      expect((await get('/api/v1/probe/jobs/job_01JABCDEFGHJKMNPQRSTVWXYZ0')).status).toBe(200);

      await redis.kill();
      for (const p of ['/api/v1/probe/jobs/job_01JABCDEFGHJKMNPQRSTVWXYZ0', '/api/v1/probe/redis']) {
        const res = await get(p);
        expect(res.status, p).toBe(503);
        expect(res.headers.get('retry-after'), p).toBe('5');
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('unavailable');
        expect(body.error.message).toMatch(/Redis/);
      }
      // Reads that do not touch Redis still answer.
      expect((await get('/api/v1/tenant')).status).toBe(200);
    } finally {
      await closeAppServices(app).catch(() => undefined);
      await t.cleanup().catch(() => undefined);
    }
  });
});
