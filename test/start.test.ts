import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialect } from './support/db.js';

const bin = path.resolve('bin/dify-agent.js');
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts `dify-agent <args>` in `cwd` and resolves with the URL it logs once it listens. */
function start(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(log);
      if (m) resolve({ child, url: m[1] as string });
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before listening:\n${log}`)));
  });
}

/** The status and response header names of a GET exactly as the server sent them. */
function rawResponse(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; names: string[] }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, names: res.rawHeaders.filter((_, i) => i % 2 === 0) });
      })
      .on('error', reject);
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe(`dify-agent start (${testDialect})`, () => {
  it('serves /health and /ready with nothing configured, then shuts down cleanly on SIGTERM', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'dify-agent-start-'));
    const db = testDialect === 'postgres' ? await createTestDatabase() : undefined;
    try {
      const env: Record<string, string> = db ? { DATABASE_URL: db.url } : {};
      const operatorKey = 'op_start_test_key_0123456789';
      const { child, url } = await start(['start'], cwd, { ...env, OPERATOR_API_KEY: operatorKey });
      expect((await fetch(`${url}/health`)).status).toBe(200);
      // Through the real Node server: the headers of a JSON success, an error and a rate-limited read.
      const created = await fetch(`${url}/api/v1/tenants`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${operatorKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Start Co' }),
      });
      expect(created.status).toBe(201);
      const { adminKey } = (await created.json()) as { adminKey: { key: string } };
      const read = await fetch(`${url}/api/v1/tenant`, {
        headers: { Authorization: `Bearer ${adminKey.key}` },
      });
      const denied = await fetch(`${url}/api/v1/tenant`);
      // A browser's request takes the CORS router; this origin is not configured, so it is not allowed.
      const browser = await fetch(`${url}/api/v1/tenant`, {
        headers: { Authorization: `Bearer ${adminKey.key}`, Origin: 'https://elsewhere.example' },
      });
      expect([read.status, denied.status, browser.status]).toEqual([200, 401, 200]);
      expect(browser.headers.get('access-control-allow-origin')).toBeNull();
      expect(read.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
      expect(((await read.json()) as { name: string }).name).toBe('Start Co');
      for (const res of [created, read, denied, browser]) {
        expect(res.headers.get('x-request-id')).toMatch(/^req_/);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
      // On the wire the names are lower case (docs/api.md) and each is sent once, on answers and on
      // rejections alike; fetch's Headers would hide both.
      const tiny = await fetch(`${url}/api/v1/tenants`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${operatorKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Tiny Co' }),
      });
      const tinyTenant = (await tiny.json()) as { tenant: { id: string }; adminKey: { key: string } };
      const limited = await fetch(`${url}/api/v1/tenants/${tinyTenant.tenant.id}/limits`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${operatorKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ overrides: { rateLimits: { admin: 1 } } }),
      });
      expect(limited.status).toBe(200);
      const tinyAuth = { Authorization: `Bearer ${tinyTenant.adminKey.key}` };
      const onWire = {
        read: await rawResponse(`${url}/api/v1/tenant`, { Authorization: `Bearer ${adminKey.key}` }),
        unauthenticated: await rawResponse(`${url}/api/v1/tenant`, {}),
        unknownRoute: await rawResponse(`${url}/api/v1/no-such-thing`, {}),
        withinLimit: await rawResponse(`${url}/api/v1/tenant`, tinyAuth),
        rateLimited: await rawResponse(`${url}/api/v1/tenant`, tinyAuth),
      };
      expect(Object.values(onWire).map((r) => r.status)).toEqual([200, 401, 404, 200, 429]);
      const promised = ['x-request-id', 'x-frame-options', 'content-security-policy', 'content-type'];
      const nodes = ['Date', 'Connection', 'Keep-Alive', 'Content-Length']; // Node's own spelling
      for (const { names } of Object.values(onWire)) {
        expect(names).toEqual(expect.arrayContaining(promised));
        expect(names.filter((n) => n !== n.toLowerCase() && !nodes.includes(n))).toEqual([]);
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
      }
      expect(onWire.read.names).toEqual(expect.arrayContaining(['ratelimit-remaining']));
      expect(onWire.unauthenticated.names).toEqual(expect.arrayContaining(['www-authenticate']));
      expect(onWire.rateLimited.names).toEqual(
        expect.arrayContaining(['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset']),
      );
      // Until the web app lands, / is a page of links to what the server offers.
      const home = await fetch(`${url}/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toMatch(/^text\/html/);
      const page = await home.text();
      for (const link of ['/api/v1/openapi.json', '/health', '/mcp', '/dify/retrieval'])
        expect(page).toContain(link);
      // The CLI on this machine finds the server through its data directory.
      const announced = JSON.parse(readFileSync(path.join(cwd, 'data', 'server.json'), 'utf8')) as {
        url: string;
        pid: number;
      };
      expect(announced).toMatchObject({ url, pid: child.pid });
      expect(statSync(path.join(cwd, 'data', 'server.json')).mode & 0o077).toBe(0); // owner only
      const ready = await fetch(`${url}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ checks: { database: 'ok', queue: 'ok' } });
      expect(existsSync(path.join(cwd, 'data'))).toBe(true); // key file (and SQLite database) in ./data
      if (!db) expect(existsSync(path.join(cwd, 'data', 'dify-agent.db'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
      expect(existsSync(path.join(cwd, 'data', 'server.json'))).toBe(false);
    } finally {
      await db?.cleanup();
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([
    ['PORT=abc', { PORT: 'abc' }, 'PORT: expected a whole number'],
    ['DATABASE_URL=mysql://x', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: unsupported database'],
  ])(
    'refuses bad configuration (%s) with one clear line and no stack trace',
    async (_name, env, message) => {
      const cwd = mkdtempSync(path.join(tmpdir(), 'dify-agent-badcfg-'));
      const child = spawn(process.execPath, [bin, 'start'], {
        cwd,
        env: { PATH: process.env.PATH ?? '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let stderr = '';
      child.stderr?.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      const code = await exited(child);
      expect(code).not.toBe(0);
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(message);
      expect(stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
      rmSync(cwd, { recursive: true, force: true });
    },
    30_000,
  );
});
