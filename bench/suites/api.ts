/**
 * Throughput and latency of an authenticated read operation (GET /api/v1/tenant: key check, rate limit,
 * role check, tenant-scoped read, output validation, audit-free) against a bare Hono hello-world, in the
 * same run. Target: at least 50% of the bare server's requests per second. On SQLite a third server, the
 * "floor" (bench/support/read-floor.ts), answers the same read with nothing but Hono and one SQLite
 * lookup, to separate the cost of the work from the cost of dify-agent's request path
 * (`readShareOfFloor`: the read's median ratio over the floor's).
 *
 *   npm run bench -- api [--seconds 3] [--rounds 7] [--connections 16] [--postgres postgres://…] [--dist]
 *
 * Every target is measured in pairs: the bare server, then at once the target, round after round. A
 * shared machine's slow spells last seconds; a pair ratio sees one spell on both sides or on neither more
 * often than a ratio of measurements taken half a minute apart, and the median of the pair ratios drops
 * the pairs it split. `best` divides the target's best round by the bare server's best: a neighbour only
 * ever slows a run down, so the best rounds are the two servers' least disturbed capacities.
 *
 * Load comes from wrk when it is installed (a C client that leaves the CPU to the server), else from a
 * Node client. On Linux the server's CPU time per request is reported too. `--dist` also measures the
 * built server (`npm run build` first), which is what a published package runs.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BenchArgs } from '../run.js';
import {
  bareHonoServer,
  type ComparisonServer,
  createApiFixture,
  floorServer,
  median,
} from '../support/api-fixture.js';
import { hasWrk, type Measured, measure, summarize, type Target } from '../support/http-load.js';
import { freePort, startServer, stop } from '../support/spawn.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export default async function api(args: BenchArgs) {
  const seconds = Number(args.seconds ?? 3);
  const connections = Number(args.connections ?? 16);
  const roundCount = Number(args.rounds ?? 7);
  const wrk = hasWrk();
  // One tenant for the warm-up and one per round: each server then spends at most one round's requests
  // of any tenant's budget, however fast the host (a tenant may have at most 1,000,000 an hour).
  const fixture = await createApiFixture(args, 'bench-api-', { readTenants: roundCount + 1 });
  const { env } = fixture;
  await fixture.closeApp(); // the servers under test open the database themselves
  const loadWith = (i: number) => ({
    seconds,
    connections,
    wrk,
    headers: { Authorization: `Bearer ${fixture.readKeys[i]?.key}` },
  });

  // Every server runs for the whole benchmark (an idle one costs next to nothing). In each round every
  // target is measured right after its own measurement of the bare server.
  const servers: ChildProcess[] = [];
  const targets: Target[] = [];
  const pairs: Record<string, Array<{ bare: Measured; target: Measured }>> = {};
  try {
    const startComparison = async (name: string, spec: ComparisonServer): Promise<Target> => {
      const port = await freePort();
      const child = await startServer(
        spec.args,
        { ...spec.env, PORT: String(port) },
        `http://127.0.0.1:${port}${spec.probe}`,
      );
      servers.push(child);
      return { name, url: `http://127.0.0.1:${port}${spec.path}`, pid: child.pid };
    };
    const bareTarget = await startComparison('bareHono', bareHonoServer);
    const floor = floorServer(fixture);
    if (floor) targets.push(await startComparison('floorRead', floor));
    const entries: Record<string, string> = { fromSource: path.join(root, 'bin/dify-agent.js') };
    if (args.dist) {
      if (!existsSync(path.join(root, 'dist/main.js'))) throw new Error('--dist needs `npm run build` first');
      entries.fromBuild = path.join(root, 'dist/main.js');
    }
    for (const [name, entry] of Object.entries(entries)) {
      const port = await freePort();
      const child = await startServer(
        [entry, 'serve'],
        { ...env, PORT: String(port) },
        `http://127.0.0.1:${port}/health`,
      );
      servers.push(child);
      targets.push({ name: `${name}Health`, url: `http://127.0.0.1:${port}/health`, pid: child.pid });
      targets.push({
        name: `${name}AuthenticatedRead`,
        url: `http://127.0.0.1:${port}/api/v1/tenant`,
        pid: child.pid,
      });
    }
    for (const t of [bareTarget, ...targets]) await measure(t, { ...loadWith(0), seconds: 2 }); // warm-up
    for (let r = 0; r < roundCount; r++) {
      const load = loadWith(r + 1);
      for (const t of targets) {
        const pair = { bare: await measure(bareTarget, load), target: await measure(t, load) };
        // A ratio of error answers would mean nothing. A round longer than about 20 s can spend a
        // tenant's whole budget (1,000,000 requests an hour) on a fast host.
        if (pair.target.errors > 0) {
          throw new Error(
            `${t.name} answered ${pair.target.errors} requests with an error status in round ${r + 1}; with long rounds a tenant's rate limit runs out: use fewer --seconds`,
          );
        }
        pairs[t.name] = [...(pairs[t.name] ?? []), pair];
        process.stderr.write(
          `round ${r + 1}/${roundCount} ${t.name}: ${pair.target.requestsPerSecond} req/s (bare ${pair.bare.requestsPerSecond})\n`,
        );
      }
    }
  } finally {
    for (const child of servers) await stop(child);
    await fixture.cleanup();
  }
  const rps = (ms: Measured[]) => ms.map((m) => m.requestsPerSecond);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  const ratios = Object.fromEntries(
    Object.entries(pairs).map(([k, ps]) => {
      const perRound = ps.map((p) => p.target.requestsPerSecond / p.bare.requestsPerSecond);
      const best = Math.max(...rps(ps.map((p) => p.target))) / Math.max(...rps(ps.map((p) => p.bare)));
      return [k, { median: round2(median(perRound)), best: round2(best), rounds: perRound.map(round2) }];
    }),
  );
  // How much of the floor's throughput the real read keeps: the cost of our request path alone, apart
  // from the work any handler of this read must do (on some hosts the floor itself is below the target).
  const floorMedian = ratios.floorRead?.median;
  const readShareOfFloor = floorMedian
    ? Object.fromEntries(
        Object.entries(ratios)
          .filter(([k]) => k.endsWith('AuthenticatedRead'))
          .map(([k, r]) => [k, round2(r.median / floorMedian)]),
      )
    : undefined;
  return {
    dialect: fixture.dialect,
    client: wrk ? 'wrk' : 'node',
    connections,
    secondsPerRound: seconds,
    rounds: roundCount,
    results: {
      bareHono: summarize(Object.values(pairs).flatMap((ps) => ps.map((p) => p.bare))),
      ...Object.fromEntries(Object.entries(pairs).map(([k, ps]) => [k, summarize(ps.map((p) => p.target))])),
    },
    ratioOfBare: ratios,
    ...(readShareOfFloor ? { readShareOfFloor } : {}),
    // ADR 0008: the authenticated read at 0.3 or more of the bare server's requests per second.
    target: 0.3,
  };
}
