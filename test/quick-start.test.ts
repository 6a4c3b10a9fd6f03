import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialect } from './support/db.js';
import { type SiteServer, startSiteServer } from './support/site-server.js';

/**
 * The README's quick start as a person follows it, in two terminals, with PORT and DATA_DIR set:
 * terminal 1 runs `dify-agent start`, terminal 2 runs CLI commands with the same DATA_DIR and nothing
 * else. The CLI must find the server, its tenant key must work against the server, and a crawl must
 * run with the server's settings (FETCH_ALLOW_HOSTS is set only in terminal 1).
 */
const bin = path.resolve('bin/dify-agent.js');
const run = promisify(execFile);
const cleanups: Array<() => unknown> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Terminal 1: `dify-agent start`, resolved once it listens. */
function startServer(cwd: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [bin, 'start'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
  return new Promise((resolve, reject) => {
    let log = '';
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.includes('dify-agent listening')) resolve(child);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}:\n${log}`)));
  });
}

/** Terminal 2: a command with the DATA_DIR of terminal 1 and the person's own variables. */
async function terminal2(cwd: string, env: Record<string, string>, args: string[]) {
  try {
    const r = await run(process.execPath, [bin, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe(`the quick start in two terminals (${testDialect})`, () => {
  it('with PORT and DATA_DIR set: the CLI finds the server, its key works there, a crawl uses the server’s settings', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'dify-agent-quick-start-'));
    cleanups.push(() => rmSync(cwd, { recursive: true, force: true }));
    const dataDir = path.join(cwd, 'agent-data');
    const db: TestDatabase | undefined = testDialect === 'postgres' ? await createTestDatabase() : undefined;
    if (db) cleanups.push(() => db.cleanup());
    const site: SiteServer = await startSiteServer({ root: path.resolve('fixtures/sites/crawl-test') });
    cleanups.push(() => site.close());
    const port = await freePort();

    const server = await startServer(cwd, {
      PORT: String(port),
      DATA_DIR: dataDir,
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      CRAWL_HOST_DELAY_MS: '0',
      JOB_POLL_MS: '100',
      ...(db ? { DATABASE_URL: db.url } : {}),
    });
    const serverFile = path.join(dataDir, 'server.json');
    expect(existsSync(serverFile)).toBe(true);

    // Terminal 2 knows only DATA_DIR: no PORT, no URL, no database, no fetch settings.
    const t2 = (args: string[], env: Record<string, string> = {}) =>
      terminal2(cwd, { DATA_DIR: dataDir, ...env }, args);

    const status = await t2(['status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      target: 'server',
      url: `http://127.0.0.1:${port}`,
      answering: true,
    });

    const created = await t2([
      'tenant',
      'create',
      '--name',
      'Next Day Steel',
      '--time-zone',
      'Europe/London',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const key = (JSON.parse(created.stdout) as { adminKey: { key: string } }).adminKey.key;

    // The key works against the running server, as the README's curl shows, and from the CLI.
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/tenant`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('Next Day Steel');
    const got = await t2(['tenant', 'get'], { DIFY_AGENT_API_KEY: key });
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/^name\s+Next Day Steel$/m);

    // The crawl runs on the server, which may reach 127.0.0.1; the CLI alone may not.
    const crawled = await t2(['kb', 'crawl', `${site.origin}/`, '--exclude', '/slow.html'], {
      DIFY_AGENT_API_KEY: key,
    });
    expect(crawled.code, crawled.stderr).toBe(0);
    expect(crawled.stdout).toMatch(/succeeded: \d+ pages stored .*1 by robots\.txt/);
    const found = await t2(['kb', 'search', 'S355 universal beams cut to length', '--json'], {
      DIFY_AGENT_API_KEY: key,
    });
    expect((JSON.parse(found.stdout) as { hits: { url: string }[] }).hits[0]?.url).toBe(
      `${site.origin}/products/i-beams.html`,
    );

    // Writing posts from what was crawled: ranked candidates per platform, printed readably.
    const generated = await t2(
      [
        'content',
        'generate',
        '--request',
        'a post about next-day delivery',
        '--platforms',
        'linkedin',
        '--platforms',
        'x',
      ],
      { DIFY_AGENT_API_KEY: key },
    );
    expect(generated.code, generated.stderr).toBe(0);
    expect(generated.stdout).toMatch(/linkedin/i);
    expect(generated.stdout).toMatch(/\bx\b/i);

    // Nothing was created beside the server's data directory (no second database in ./data).
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);

    // Stopping the server takes its announcement away; commands then say they run in-process.
    server.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => server.once('exit', resolve));
    expect(code).toBe(0);
    expect(existsSync(serverFile)).toBe(false);
    const after = await t2(['status', '--json']);
    expect(JSON.parse(after.stdout)).toMatchObject({ target: 'local', dataDir });
  }, 180_000);
});
