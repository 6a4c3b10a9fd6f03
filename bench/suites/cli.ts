/**
 * How fast the command line answers, next to the cost of starting Node at all:
 *
 *   npm run bench -- cli [--runs 15]
 *
 * Each round runs, one after another: `node -e 0`; `dify-agent --version`; `dify-agent tenant get` with
 * a tenant key against a running server (the server found through DATA_DIR/server.json, as a person's
 * CLI finds it); and the same command with no server, in-process on the SQLite database. Rounds are
 * interleaved so a burst of load from elsewhere hits every kind alike (the server call from the TypeScript
 * sources, as a checkout ran before ADR 0013, is measured after them); medians and minimums are
 * reported (on a shared machine the minimum is the least disturbed run). Wall-clock time of the whole
 * process, as a script calling the CLI sees it. Also: the built server's time from spawn to its first
 * /health answer and its resident memory when idle.
 *
 * Targets (issue X1): `--version` under 0.3 s, a simple command round trip under 0.6 s.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from '../../scripts/build.mjs';
import type { BenchArgs } from '../run.js';
import { freePort, stop } from '../support/spawn.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'bin/dify-agent.js');
const run = promisify(execFile);

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const round = (x: number) => Math.round(x);
  return {
    medianMs: round(at(0.5)),
    minMs: round(sorted[0] as number),
    p90Ms: round(at(0.9)),
    runs: ms.length,
  };
}

async function timed(args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  await run(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env } });
  return performance.now() - started;
}

/** Resident memory of a process, from /proc (Linux). */
function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

export default async function cli(args: BenchArgs) {
  const runs = Number(args.runs ?? 15);
  const built = await build();
  if (built.built) process.stderr.write(`built dist/ first (${Math.round(built.ms)} ms)\n`);

  const dir = mkdtempSync(path.join(tmpdir(), 'dify-agent-bench-cli-'));
  const dataDir = path.join(dir, 'data');
  const env = { DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  try {
    // A tenant and its key, made in-process before any server runs (also creates the database).
    const created = await run(
      process.execPath,
      [bin, 'tenant', 'create', '--name', 'Bench Steel', '--json'],
      {
        env: { PATH: process.env.PATH ?? '', ...env },
      },
    );
    const key = (JSON.parse(created.stdout) as { adminKey: { key: string } }).adminKey.key;
    const withKey = { ...env, DIFY_AGENT_API_KEY: key };

    const local: number[] = [];
    for (let i = 0; i < Math.max(3, Math.round(runs / 3)); i++)
      local.push(await timed([bin, 'tenant', 'get'], withKey));

    // The built server: spawn to first /health, then idle memory.
    const port = await freePort();
    const spawned = performance.now();
    const server = spawn(process.execPath, [bin, 'start'], {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    let firstHealthMs = 0;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    firstHealthMs = performance.now() - spawned;
    await new Promise((r) => setTimeout(r, 3000));
    const idleRssMiB = server.pid ? rssMiB(server.pid) : undefined;

    const kinds = {
      'node -e 0': () => timed(['-e', '0'], {}),
      'dify-agent --version': () => timed([bin, '--version'], env),
      'dify-agent tenant get (running server)': () => timed([bin, 'tenant', 'get'], withKey),
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    try {
      for (let i = 0; i < runs; i++) {
        for (const [name, once] of Object.entries(kinds)) (times[name] as number[]).push(await once());
      }
    } finally {
      await stop(server);
    }
    // For comparison, the same call from the TypeScript sources through tsx (how a checkout ran before ADR 0013).
    const fromSource: number[] = [];
    const sourceServer = spawn(process.execPath, [bin, 'start'], {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    try {
      for (;;) {
        if (sourceServer.exitCode !== null)
          throw new Error(`the server exited with ${sourceServer.exitCode}`);
        try {
          if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      for (let i = 0; i < Math.max(3, Math.round(runs / 3)); i++) {
        fromSource.push(await timed([bin, 'tenant', 'get'], { ...withKey, DIFY_AGENT_FROM_SOURCE: '1' }));
      }
    } finally {
      await stop(sourceServer);
    }
    const result = Object.fromEntries(Object.entries(times).map(([k, ms]) => [k, stats(ms)]));
    return {
      ...result,
      'dify-agent tenant get (no server, in-process)': stats(local),
      'dify-agent tenant get (running server, CLI from source through tsx)': stats(fromSource),
      server: { spawnToFirstHealthMs: Math.round(firstHealthMs), idleRssMiB },
      targets: { versionMs: 300, roundTripMs: 600 },
      met: {
        version: (result['dify-agent --version']?.medianMs ?? Infinity) < 300,
        roundTrip: (result['dify-agent tenant get (running server)']?.medianMs ?? Infinity) < 600,
      },
      loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
