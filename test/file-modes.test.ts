import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testDialect } from './support/db.js';

/**
 * DATA_DIR holds every tenant's data, so it is private whatever the umask (issue 17): the directory
 * 0700, the database, its WAL and shared-memory files, the key file and server.json 0600. Started under
 * umask 022, as most shells are, where the defaults would be 0755 and 0644.
 */

const bin = path.resolve('bin/dify-agent.js');
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8).padStart(4, '0');

/** `dify-agent start` under umask 022 in `cwd`; resolves with its URL once it listens. */
function start(cwd: string, env: Record<string, string>) {
  const child = spawn('/bin/sh', ['-c', `umask 022 && exec "${process.execPath}" "${bin}" start`], {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const out = { text: '' };
  const listening = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out.text += chunk.toString();
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out.text);
      if (m) resolve(m[1] as string);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) =>
      setTimeout(() => reject(new Error(`exited with ${code}:\n${out.text}`)), 50),
    );
  });
  listening.catch(() => undefined);
  return { child, out, listening };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function databaseEnv() {
  if (testDialect !== 'postgres') return { env: {} as Record<string, string>, cleanup: async () => {} };
  const db = await createTestDatabase();
  return { env: { DATABASE_URL: db.url }, cleanup: () => db.cleanup() };
}

describe(`private data files under umask 022 (${testDialect})`, () => {
  it('creates DATA_DIR 0700 and the database, WAL, key and server files 0600', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'dify-agent-modes-'));
    dirs.push(cwd);
    const db = await databaseEnv();
    try {
      const operatorKey = 'op_modes_test_key_0123456789';
      const server = start(cwd, { ...db.env, OPERATOR_API_KEY: operatorKey });
      const url = await server.listening;
      // A write, so the WAL holds something.
      const created = await fetch(`${url}/api/v1/tenants`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${operatorKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Modes Co' }),
      });
      expect(created.status).toBe(201);
      const data = path.join(cwd, 'data');
      expect(mode(data)).toBe('0700');
      const files = ['master.key', 'server.json'];
      if (testDialect === 'sqlite') files.push('dify-agent.db', 'dify-agent.db-wal', 'dify-agent.db-shm');
      for (const name of files) {
        const file = path.join(data, name);
        expect(existsSync(file), name).toBe(true);
        expect(`${name} ${mode(file)}`).toBe(`${name} 0600`);
      }
      server.child.kill('SIGTERM');
      await exited(server.child);
    } finally {
      await db.cleanup();
    }
  });

  it('warns about an existing DATA_DIR others may enter, and refuses it when configured to', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'dify-agent-modes-'));
    dirs.push(cwd);
    const data = path.join(cwd, 'data');
    mkdirSync(data);
    chmodSync(data, 0o755);
    const db = await databaseEnv();
    try {
      const refused = start(cwd, { ...db.env, DATA_DIR_PERMISSIONS: 'refuse' });
      const code = await exited(refused.child);
      expect(code).not.toBe(0);
      const lines = refused.out.text.trim().split('\n');
      expect(lines, refused.out.text).toHaveLength(1);
      expect(lines[0]).toContain('chmod 700');
      expect(lines[0]).toContain('DATA_DIR_PERMISSIONS');

      const warned = start(cwd, db.env);
      await warned.listening;
      expect(warned.out.text).toMatch(/can be entered by other users \(mode 0755\).*chmod 700/);
      // Left as the operator set it; the files inside are private all the same.
      expect(mode(data)).toBe('0755');
      if (testDialect === 'sqlite') expect(mode(path.join(data, 'dify-agent.db'))).toBe('0600');
      warned.child.kill('SIGTERM');
      await exited(warned.child);
    } finally {
      await db.cleanup();
    }
  });
});
