/**
 * Publishing fan-out: one post with an image to four accounts (X, LinkedIn, a Facebook Page, Instagram)
 * against the platform simulator with a fixed latency on every platform call (default 50 ms). Measures,
 * per run, the time from `posts.publish` until all four publications are `published` (through the real
 * operation pipeline, job queue and adapters), and counts the platform calls each platform needed.
 *   npm run bench -- publishing-fanout [--runs 40] [--latency 50] [--postgres postgres://…]
 * The floor: platforms are published in parallel, so no run can beat the longest platform's chain of
 * calls × latency (the critical path); the sum of every call × latency is what a one-by-one fan-out costs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { closeAppServices, createAppServices, createOperationRuntime } from '../../src/app/create.js';
import { jobHandlers } from '../../src/app/modules.js';
import type { AppServices } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/load.js';
import { newRequestId } from '../../src/core/ids.js';
import type { Platform } from '../../src/core/platforms.js';
import { startWorker } from '../../src/jobs/queue.js';
import { listAttempts, listPublications } from '../../src/modules/publishing/repository.js';
import { createTenant } from '../../src/modules/tenancy/tenants.js';
import type { Principal } from '../../src/operations/define.js';
import { invokeOperation } from '../../src/operations/invoke.js';
import { startSimulator } from '../../src/sim/index.js';
import type { BenchArgs } from '../run.js';
import { createApiFixture } from '../support/api-fixture.js';

const log = (message: string) => process.stderr.write(`${message}\n`);
const platforms: Platform[] = ['x', 'linkedin', 'facebook', 'instagram'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export default async function publishingFanout(args: BenchArgs): Promise<Record<string, unknown>> {
  const runs = Number(args.runs ?? 40);
  const warmup = 3;
  const latencyMs = Number(args.latency ?? 50);
  const sim = await startSimulator({ port: 0, seed: 3, latencyMs });
  sim.control.configure({
    limits: {
      instagramPublishPerDay: 100_000,
      linkedinMemberPostsPerDay: 100_000,
      x: { 'POST /2/tweets': { limit: 100_000 } },
    },
  });
  const jpeg = await sharp({
    create: { width: 1080, height: 1080, channels: 3, background: { r: 40, g: 90, b: 160 } },
  })
    .jpeg()
    .toBuffer();
  const media = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg));
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  const mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/beam.jpg`;

  // The database and tenant of the API benches; the app is reopened with the publishing settings.
  const fixture = await createApiFixture(args, 'dify-agent-bench-publishing-');
  await fixture.closeApp();
  const config = loadConfig({
    env: {
      ...fixture.env,
      ...sim.control.env(),
      LOG_LEVEL: 'warn',
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      X_CLIENT_ID: 'sim-x-client',
      X_CLIENT_SECRET: 'sim-x-secret',
      LINKEDIN_CLIENT_ID: 'sim-linkedin-client',
      LINKEDIN_CLIENT_SECRET: 'sim-linkedin-secret',
      FACEBOOK_APP_ID: 'sim-meta-client',
      FACEBOOK_APP_SECRET: 'sim-meta-secret',
      PUBLISHING_REDIRECT_URL: 'http://127.0.0.1:9/connect/callback',
      // Instagram containers are checked once a poll interval; the simulator finishes images at once.
      PUBLISHING_MEDIA_POLL_MS: '100',
    },
    cwd: fixture.env.DATA_DIR,
  });
  const app: AppServices = await createAppServices(config);
  const { tenant } = await createTenant(app, {
    name: 'Fanout Co',
    timeZone: 'UTC',
    locale: 'en',
    plan: 'pro',
  });
  const principal: Principal = {
    kind: 'operator',
    actor: { type: 'operator', id: null },
    tenantId: tenant.id,
  };
  const rt = createOperationRuntime(app);
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const op = rt.registry.find(name);
    if (!op) throw new Error(`no operation ${name}`);
    return (await invokeOperation(rt, op, principal, input, { requestId: newRequestId() })).output as T;
  };

  const accountIds: string[] = [];
  for (const platform of platforms) {
    const start = await call<{ authorizationUrl: string }>('accounts.connect', { platform });
    const consent = await fetch(start.authorizationUrl, { redirect: 'manual' });
    const back = new URL((consent.headers.get('location') ?? '').replace(/#_=_$/, ''));
    const first = await call<{
      accounts: Array<{ id: string }>;
      choices: Array<{ externalId: string; name: string; kind: string }>;
    }>('accounts.callback', { state: back.searchParams.get('state'), code: back.searchParams.get('code') });
    const chosen =
      first.accounts.length > 0
        ? first.accounts
        : (
            await call<{ accounts: Array<{ id: string }> }>('accounts.callback', {
              state: back.searchParams.get('state'),
              select: first.choices
                .filter((c) => c.name === 'Sim Steel' || c.kind === 'person')
                .map((c) => c.externalId),
            })
          ).accounts;
    accountIds.push(chosen[0]?.id as string);
  }
  const worker = startWorker(app.queue, jobHandlers(app), { concurrency: 8 });

  const times: number[] = [];
  const cpuMs: number[] = [];
  // Where the time goes, per publication: waiting for a worker, work before the visible call (uploads,
  // containers), the visible call and recording its outcome.
  const phases = {
    queueWait: [] as number[],
    beforeVisibleCall: [] as number[],
    visibleCallAndRecord: [] as number[],
  };
  const callsPerPlatform: Record<string, number[]> = Object.fromEntries(platforms.map((p) => [p, []]));
  try {
    for (let run = 0; run < warmup + runs; run++) {
      const text = `Fan-out run ${run}: S355 beams, cut to length and delivered next day. #steel`;
      const content = await call<{ id: string }>('content.create', {
        texts: Object.fromEntries(platforms.map((p) => [p, text])),
        media: [{ kind: 'image', url: mediaUrl, altText: 'Stacked steel beams' }],
      });
      const before = sim.control.state({ calls: 0 }).callCount;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const { publications } = await call<{ publications: Array<{ id: string }> }>('posts.publish', {
        contentId: content.id,
        accountIds,
      });
      // One light query every few milliseconds (not the operation pipeline, which would compete with the
      // worker for the CPU it measures).
      const ids = publications.map((p) => p.id);
      for (;;) {
        const rows = await app.db.read(tenant.id, (db) => listPublications(db, tenant.id, { ids }, 10));
        if (rows.length === ids.length && rows.every((r) => r.status === 'published')) break;
        const bad = rows.find((r) => r.status === 'failed' || r.status === 'unconfirmed');
        if (bad) throw new Error(`run ${run}: a publication ended ${bad.status}: ${bad.error_message}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const calls = sim.control.state({ calls: 1000 }).calls.filter((c) => c.seq > before);
      if (run >= warmup) {
        times.push(ms);
        // This process runs the app, the worker and the simulator: its CPU per fan-out is an upper bound
        // of the app's, and steadier than wall time on a shared machine.
        cpuMs.push((cpu.user + cpu.system) / 1000);
        const rows = await app.db.read(tenant.id, (db) => listPublications(db, tenant.id, { ids }, 10));
        const attempts = await app.db.read(tenant.id, (db) => listAttempts(db, tenant.id, ids));
        for (const row of rows) {
          const a = attempts.find((x) => x.publication_id === row.id && x.kind === 'publish');
          if (!a?.sent_at || !a.finished_at) continue;
          phases.queueWait.push(Date.parse(a.started_at) - Date.parse(row.created_at));
          phases.beforeVisibleCall.push(Date.parse(a.sent_at) - Date.parse(a.started_at));
          phases.visibleCallAndRecord.push(Date.parse(a.finished_at) - Date.parse(a.sent_at));
        }
        for (const p of platforms) callsPerPlatform[p]?.push(calls.filter((c) => c.platform === p).length);
      }
      if ((run + 1) % 10 === 0) log(`${run + 1}/${warmup + runs} runs`);
    }
  } finally {
    await worker.stop();
    await closeAppServices(app);
    await fixture.cleanup();
    await sim.close();
    media.close();
  }

  const sorted = [...times].sort((a, b) => a - b);
  const calls = Object.fromEntries(
    platforms.map((p) => [p, Math.max(...(callsPerPlatform[p] ?? [0]))]),
  ) as Record<Platform, number>;
  const criticalPathMs = Math.max(...Object.values(calls)) * latencyMs;
  const sumOfCallsMs = Object.values(calls).reduce((a, b) => a + b, 0) * latencyMs;
  const r = (n: number) => Math.round(n);
  return {
    runs,
    latencyMsPerCall: latencyMs,
    dialect: fixture.dialect,
    endToEndMs: {
      p50: r(percentile(sorted, 50)),
      p95: r(percentile(sorted, 95)),
      max: r(sorted.at(-1) ?? 0),
      min: r(sorted[0] ?? 0),
    },
    cpuMsPerFanout: {
      p50: r(
        percentile(
          [...cpuMs].sort((a, b) => a - b),
          50,
        ),
      ),
      note: 'app + worker + simulator in one process',
    },
    callsPerPlatform: calls,
    floorMs: { criticalPath: criticalPathMs, sumOfCalls: sumOfCallsMs },
    medianPhaseMs: Object.fromEntries(
      Object.entries(phases).map(([k, v]) => [
        k,
        percentile(
          [...v].sort((a, b) => a - b),
          50,
        ),
      ]),
    ),
    p95OverCriticalPath: Number((percentile(sorted, 95) / criticalPathMs).toFixed(2)),
    targetMs: 1000,
  };
}
