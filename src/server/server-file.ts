import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `DATA_DIR/server.json`: where a running server listens, so that `dify-agent <command>` run with the
 * same data directory talks to that server instead of opening the database itself. Written when the API
 * starts listening, removed when it stops; a file left by a process that died is recognised by its pid.
 *
 * It also holds the local operator key of this run: whoever can read the data directory already holds
 * every tenant's data (the database, the master key file), so the CLI on this machine may act as the
 * operator through the server, as it may in-process (docs/adr/0004-operator-scope.md). The file is
 * readable by its owner only.
 */
export interface ServerFile {
  url: string;
  pid: number;
  version: string;
  startedAt: string;
  roles: string[];
  /** The database as `sqlite:<absolute file>` or a PostgreSQL URL without its password. */
  database: string;
  /** `database` (the queue in the database) or `bullmq` (Redis). */
  queue: string;
  /** Bearer credential of the local operator for this run (see `localOperatorCredential`). */
  operatorKey: string;
}

export const SERVER_FILE = 'server.json';

export function serverFilePath(dataDir: string): string {
  return path.resolve(dataDir, SERVER_FILE);
}

/** A fresh local operator key: `dalo_` and 40 random characters. */
export function newLocalOperatorKey(): string {
  return `dalo_${randomBytes(30).toString('base64url')}`;
}

/**
 * The credential of the local operator acting inside one tenant (`--tenant <slug>`): the key, a colon
 * and the tenant's slug or id.
 */
export function localOperatorCredential(key: string, tenant?: string): string {
  return tenant ? `${key}:${tenant}` : key;
}

/** A URL a client on this machine can reach: a server listening on every interface answers on loopback. */
export function clientUrl(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '') return `http://127.0.0.1:${port}`;
  if (host === '::') return `http://[::1]:${port}`;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** The database as people name it, without a password. */
export function describeDatabase(url: string, sqlitePath: string | undefined): string {
  if (sqlitePath) return `sqlite:${path.resolve(sqlitePath)}`;
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

export function writeServerFile(dataDir: string, info: ServerFile): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = serverFilePath(dataDir);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Removes the file if it is this process's (another server may have started on the same data directory). */
export function removeServerFile(dataDir: string, pid = process.pid): void {
  const current = readServerFileRaw(dataDir);
  if (current?.pid === pid) rmSync(serverFilePath(dataDir), { force: true });
}

function readServerFileRaw(dataDir: string): ServerFile | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(serverFilePath(dataDir), 'utf8'));
  } catch {
    return undefined;
  }
  const f = parsed as Partial<ServerFile> | null;
  if (!f || typeof f.url !== 'string' || typeof f.pid !== 'number' || typeof f.operatorKey !== 'string') {
    return undefined;
  }
  return f as ServerFile;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The server running for this data directory, or undefined. A file whose process is gone (killed
 * without the chance to clean up) is removed when possible and otherwise ignored.
 */
export function findRunningServer(dataDir: string): ServerFile | undefined {
  const file = readServerFileRaw(dataDir);
  if (!file) return undefined;
  if (processAlive(file.pid)) return file;
  try {
    rmSync(serverFilePath(dataDir), { force: true });
  } catch {
    // not ours to remove; it is ignored all the same
  }
  return undefined;
}
