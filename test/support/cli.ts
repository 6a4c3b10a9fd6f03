import { execFile } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ServerType, serve } from '@hono/node-server';
import {
  describeDatabase,
  newLocalOperatorKey,
  removeServerFile,
  writeServerFile,
} from '../../src/server/server-file.js';
import type { TestApp } from './app.js';
import type { TestDatabase } from './db.js';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `dify-agent` command against a test database, as a user would from a shell: with the
 * test's DATA_DIR, so it talks to the server running for it (see `serveForCli`) or, without one, works
 * in its own process on the test database. `input` is written to its standard input.
 */
export async function runCli(
  t: TestDatabase,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): Promise<CliResult> {
  const child = run(process.execPath, [path.resolve('bin/dify-agent.js'), ...args], {
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: t.dataDir,
      DATABASE_URL: t.url,
      LOG_LEVEL: 'error',
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  child.child.stdin?.end(input ?? '');
  try {
    const r = await child;
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export interface CliServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the test app's HTTP app on a port and announces it in DATA_DIR/server.json exactly as
 * `dify-agent start` does, so CLI commands run with the test's DATA_DIR go to it (and their jobs to the
 * test's workers, with the test app's settings). Cheaper than starting a server process per test file.
 */
export async function serveForCli(t: TestApp): Promise<CliServer> {
  const operatorKey = newLocalOperatorKey();
  t.app.config.security.localOperatorKey = operatorKey;
  const server: ServerType = serve({ fetch: t.http.fetch, hostname: '127.0.0.1', port: 0 });
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeServerFile(t.t.dataDir, {
    url,
    pid: process.pid,
    version: 'test',
    startedAt: new Date().toISOString(),
    roles: ['api'],
    database: describeDatabase(t.t.config.database.url, t.t.config.database.sqlitePath),
    queue: t.app.queue.driver,
    operatorKey,
  });
  return {
    url,
    async close() {
      removeServerFile(t.t.dataDir);
      delete t.app.config.security.localOperatorKey;
      if ('closeAllConnections' in server) server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
