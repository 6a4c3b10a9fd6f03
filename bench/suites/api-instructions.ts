/**
 * User-space instructions per request of the built server, counted by valgrind's callgrind: a figure
 * that does not move with what else a shared machine is doing, for telling whether a change to the
 * request path made it cheaper. Runs land in one of two modes: most agree within ±0.3 %, some count
 * far more, most likely when a full garbage collection of the heap (mark-compact, counted too: V8 runs
 * single-threaded here) falls inside the counted requests (see docs/benchmarks.md), so compare the
 * lower figures of two or three runs. It does not count the kernel (system calls, the network) and says
 * nothing about requests per second: the `api` suite measures those.
 *
 *   npm run build && npm run bench -- api-instructions [--requests 10000] [--warmup 20000]
 *     [--kind servedRead|missingKey|unknownKey|rateLimited|unknownRoute | --path /health]
 *
 * V8 runs with --single-threaded so compilation and garbage collection happen on the counted thread.
 * The bare Hono hello-world is counted the same way, as the comparison point, and on SQLite the api
 * suite's floor (bench/support/read-floor.ts: Hono and one SQLite read, no request path of ours).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchArgs } from '../run.js';
import {
  authHeaders,
  bareHonoServer,
  type ComparisonServer,
  createApiFixture,
  floorServer,
  type RequestKind,
  requestKinds,
} from '../support/api-fixture.js';
import { freePort } from '../support/spawn.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const CLIENTS = 4;

function hasValgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Sends `count` GETs over a few keep-alive connections; any other status than `status` is an error. */
async function send(
  agent: http.Agent,
  port: number,
  urlPath: string,
  headers: Record<string, string>,
  count: number,
  status = 200,
): Promise<void> {
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent, headers }, (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === status
            ? resolve()
            : reject(new Error(`${urlPath} answered ${res.statusCode}, not ${status}`)),
        );
      });
      req.on('error', reject);
    });
  let sent = 0;
  const client = async () => {
    while (sent++ < count) await one();
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
}

async function waitForServer(
  agent: http.Agent,
  port: number,
  urlPath: string,
  child: ChildProcess,
): Promise<void> {
  // Under valgrind a Node process takes tens of seconds to start.
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server under valgrind exited with ${child.exitCode}`);
    try {
      await send(agent, port, urlPath, {}, 1);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error('the server under valgrind did not start within 5 minutes');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Instructions per request of one server: counters zeroed after the warm-up, dumped after `requests`. */
async function count(
  { args, env, probe }: ComparisonServer,
  kind: RequestKind,
  requests: number,
  warmup: number,
): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-callgrind-'));
  const port = await freePort();
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--smc-check=all', // V8 writes and rewrites machine code
      `--callgrind-out-file=${dir}/out.%p`,
      process.execPath,
      '--single-threaded',
      ...args,
    ],
    { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'ignore'] },
  );
  // One agent throughout: the counted requests reuse the warmed-up connections.
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    await waitForServer(agent, port, probe, child);
    const headers = authHeaders(kind);
    await send(agent, port, kind.path, headers, kind.spendFirst ?? 0);
    await send(agent, port, kind.path, headers, warmup, kind.status);
    execFileSync('callgrind_control', ['-z', String(child.pid)], { stdio: 'ignore' });
    await send(agent, port, kind.path, headers, requests, kind.status);
    execFileSync('callgrind_control', ['-d', String(child.pid)], { stdio: 'ignore' });
    const dump = readdirSync(dir).find((f) => f.endsWith('.1'));
    if (!dump) throw new Error('callgrind wrote no dump');
    const total = Number(/^(?:summary|totals): (\d+)/m.exec(readFileSync(path.join(dir, dump), 'utf8'))?.[1]);
    if (!Number.isFinite(total) || total <= 0) throw new Error('no instruction count in the callgrind dump');
    return Math.round(total / requests);
  } finally {
    agent.destroy();
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function apiInstructions(args: BenchArgs) {
  if (!hasValgrind()) {
    return { skipped: 'valgrind is not installed (apt-get install valgrind); nothing was measured' };
  }
  const entry = path.join(root, 'dist/main.js');
  if (!existsSync(entry))
    throw new Error('api-instructions measures the built server: run `npm run build` first');
  const requests = Number(args.requests ?? 10_000);
  const warmup = Number(args.warmup ?? 20_000);
  const fixture = await createApiFixture(args, 'bench-instructions-');
  await fixture.closeApp();
  try {
    const kinds: Record<string, RequestKind> = requestKinds(fixture);
    if (args.path !== undefined && args.kind !== undefined)
      throw new Error('give --path or --kind, not both');
    const label =
      typeof args.path === 'string' ? args.path : typeof args.kind === 'string' ? args.kind : 'servedRead';
    const kind: RequestKind | undefined =
      typeof args.path === 'string' ? { path: args.path, key: fixture.adminKey, status: 200 } : kinds[label];
    if (!kind) throw new Error(`--kind must be one of ${Object.keys(kinds).join(', ')}`);
    process.stderr.write('counting the bare hello-world…\n');
    const bare = await count(
      bareHonoServer,
      { path: bareHonoServer.path, key: undefined, status: 200 },
      requests,
      warmup,
    );
    // The floor answers only the tenant read: what the work itself costs without our request path.
    const floorSpec = kind === kinds.servedRead ? floorServer(fixture) : undefined;
    let floor: number | undefined;
    if (floorSpec) {
      process.stderr.write('counting the floor (Hono + one SQLite read)…\n');
      floor = await count(floorSpec, kind, requests, warmup);
    }
    process.stderr.write(`counting ${label} on the built server…\n`);
    const server = await count(
      { args: [entry, 'serve'], env: fixture.env, probe: '/health', path: kind.path },
      kind,
      requests,
      warmup,
    );
    return {
      dialect: fixture.dialect,
      requests,
      warmup,
      instructionsPerRequest: { bareHono: bare, ...(floor ? { floorRead: floor } : {}), [label]: server },
      bareShare: Math.round((bare / server) * 100) / 100,
    };
  } finally {
    await fixture.cleanup();
  }
}
