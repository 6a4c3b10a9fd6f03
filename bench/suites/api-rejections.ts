/**
 * What a rejected request costs the server next to a served one. A client with a missing, unknown or
 * revoked key, one over its rate limit, or one calling a route that does not exist must cost the server
 * no more than a served read: otherwise a flood of them (a runaway script, a misconfigured Dify tool
 * retrying with an old key) takes more of the server than the traffic it is there for.
 *
 *   npm run bench -- api-rejections [--seconds 3] [--rounds 5] [--connections 16] [--dist] [--postgres postgres://…]
 *
 * Each kind of request has its own server (from source, or the build with `--dist`) that sees nothing
 * else; each round loads them in turn. Reported per kind: requests per second, p99 latency, the server's
 * CPU time per request (Linux) and, as the figure to watch, that CPU time over the served read's in the
 * same round (median of the rounds; target at most 1.0). Where the CPU time cannot be read, the read's
 * requests per second over the kind's stands in for it. CPU time moves with what else a shared machine
 * does; `api-instructions --kind …` counts instructions for a steadier comparison.
 */
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { BenchArgs } from '../run.js';
import {
  authHeaders,
  createApiFixture,
  median,
  type RequestKind,
  requestKinds,
} from '../support/api-fixture.js';
import { hasWrk, type Measured, measure, summarize, type Target } from '../support/http-load.js';
import { freePort, startServer, stop } from '../support/spawn.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export default async function apiRejections(args: BenchArgs) {
  const seconds = Number(args.seconds ?? 3);
  const connections = Number(args.connections ?? 16);
  const roundCount = Number(args.rounds ?? 5);
  const wrk = hasWrk();
  const fixture = await createApiFixture(args, 'bench-rejections-', { readTenants: roundCount + 1 });
  await fixture.closeApp();
  const kinds: Record<string, RequestKind> = requestKinds(fixture);
  // The served read takes the warm-up's and each round's requests from a fresh tenant's budget, so a fast
  // host cannot spend one (at most 1,000,000 requests an hour) and measure 429s instead.
  const inRound = (kind: RequestKind, i: number): RequestKind =>
    kind.status === 200 ? { ...kind, key: fixture.readKeys[i]?.key } : kind;
  const entry = args.dist ? path.join(root, 'dist/main.js') : path.join(root, 'bin/dify-agent.js');
  const rounds: Record<string, Measured[]> = {};
  // One server per kind, each seeing nothing but its kind: a flood of rejections meets a server whose
  // code was never warmed up by successful requests (V8 optimises a function when it returns, and on a
  // rejection the functions between the check and the error handler only ever throw).
  const servers: ChildProcess[] = [];
  try {
    const targets: Record<string, Target> = {};
    for (const [name, kind] of Object.entries(kinds)) {
      const port = await freePort();
      const origin = `http://127.0.0.1:${port}`;
      const server = await startServer(
        [entry, 'serve'],
        { ...fixture.env, PORT: String(port) },
        `${origin}/health`,
      );
      servers.push(server);
      targets[name] = { name, url: origin + kind.path, pid: server.pid };
      for (let i = 0; i < (kind.spendFirst ?? 0); i++) {
        const spent = await fetch(origin + kind.path, { headers: authHeaders(kind) });
        if (spent.status !== 200) throw new Error(`${name}: spending the budget got ${spent.status}`);
      }
      const answer = await fetch(origin + kind.path, { headers: authHeaders(kind) });
      if (answer.status !== kind.status) {
        throw new Error(`${name}: expected ${kind.status} from ${kind.path}, got ${answer.status}`);
      }
    }
    const load = (kind: RequestKind, s: number) => ({
      seconds: s,
      connections,
      wrk,
      headers: authHeaders(kind),
    });
    for (const [name, kind] of Object.entries(kinds))
      await measure(targets[name] as Target, load(inRound(kind, 0), 2)); // warm-up
    for (let r = 0; r < roundCount; r++) {
      for (const [name, kind] of Object.entries(kinds)) {
        const m = await measure(targets[name] as Target, load(inRound(kind, r + 1), seconds));
        // Every answer must be the expected one: a read that ran out of budget would measure a 429.
        if ((kind.status === 200) !== (m.errors === 0)) {
          throw new Error(`${name}: ${m.errors} answers were not ${kind.status}; the figures would mislead`);
        }
        rounds[name] = [...(rounds[name] ?? []), m];
        process.stderr.write(
          `round ${r + 1}/${roundCount} ${name}: ${m.requestsPerSecond} req/s, ${m.serverCpuMicrosPerRequest ?? '?'} µs CPU/request\n`,
        );
      }
    }
  } finally {
    for (const server of servers) await stop(server);
    await fixture.cleanup();
  }
  const served = rounds.servedRead ?? [];
  const round2 = (x: number) => Math.round(x * 100) / 100;
  /** This kind's cost over the served read's in each round: CPU per request, else inverse throughput. */
  const relative = (ms: Measured[]) =>
    round2(
      median(
        ms.map((m, i) => {
          const read = served[i] as Measured;
          return m.serverCpuMicrosPerRequest && read.serverCpuMicrosPerRequest
            ? m.serverCpuMicrosPerRequest / read.serverCpuMicrosPerRequest
            : read.requestsPerSecond / m.requestsPerSecond;
        }),
      ),
    );
  return {
    dialect: fixture.dialect,
    server: args.dist ? 'build' : 'source',
    client: wrk ? 'wrk' : 'node',
    connections,
    secondsPerRound: seconds,
    rounds: roundCount,
    results: Object.fromEntries(Object.entries(rounds).map(([name, ms]) => [name, summarize(ms)])),
    costOfServedRead: Object.fromEntries(
      Object.entries(rounds)
        .filter(([name]) => name !== 'servedRead')
        .map(([name, ms]) => [name, relative(ms)]),
    ),
    target: 1,
  };
}
