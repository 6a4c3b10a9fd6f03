/**
 * Offline content.generate: 3 candidates × 4 platforms per request, on the three fixture businesses
 * (site crawled into the knowledge base, voice learned from its example posts). Reports the latency
 * (p50/p95 of the whole operation and per stage), the time of the guards per candidate, and the voice
 * score of the chosen (rank 1) candidates next to the median voice score of the business's own posts.
 *
 *   npm run bench -- generation [--rounds 3]
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assembleAppServices } from '../../src/app/create.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import { runTextGuards } from '../../src/modules/generation/guards/index.js';
import { generateContent } from '../../src/modules/generation/index.js';
import { FIXTURE_ROOT } from '../../src/modules/knowledge/entries/test-support/fixture-sites.js';
import { parseVoiceExamples, scoreVoice } from '../../src/modules/voice/index.js';
import { createTestDatabase } from '../../test/support/db.js';
import {
  addFixtureBusiness,
  businessSites,
  operationContext,
  voiceExamples,
} from '../../test/support/skills.js';
import type { BenchArgs } from '../run.js';

const REQUESTS = [
  'Promote our best seller',
  'A post about delivery',
  'Answer a common question',
  'Share a customer review',
  'Behind the scenes',
  'How to order',
];

const quantile = (values: number[], q: number) => {
  const s = [...values].sort((a, b) => a - b);
  return Math.round((s[Math.floor(q * (s.length - 1))] ?? 0) * 10) / 10;
};
const median = (values: number[]) => quantile(values, 0.5);

export default async function generation(args: BenchArgs): Promise<Record<string, unknown>> {
  const rounds = Number(args.rounds ?? 3);
  const t = await createTestDatabase({}, 'sqlite');
  try {
    const app = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
    for (const site of businessSites) await addFixtureBusiness(app, site);
    const total: number[] = [];
    const cpu: number[] = [];
    const stages: Record<string, number[]> = {};
    const guardMs: number[] = [];
    const voice: Record<string, { chosen: number[]; ownPosts: number }> = {};
    for (const site of businessSites) {
      const ctx = operationContext(app, site);
      const v = voiceExamples[site];
      const own = parseVoiceExamples(readFileSync(path.join(FIXTURE_ROOT, 'voice', v.file), 'utf8'), {
        format: v.format,
      });
      const ownScores: number[] = [];
      for (const e of own)
        ownScores.push(
          (
            await scoreVoice(ctx, {
              text: e.text,
              ...(e.platform && e.platform !== 'other' ? { platform: e.platform } : {}),
            })
          ).score,
        );
      voice[site] = { chosen: [], ownPosts: median(ownScores) };
      // One warm-up request: the first search builds the tenant's caches.
      await generateContent(ctx, { request: 'Warm up', platforms: ['x'], engine: 'offline' });
      for (let round = 0; round < rounds; round++)
        for (const request of REQUESTS) {
          const t0 = performance.now();
          const c0 = process.cpuUsage();
          const r = await generateContent(ctx, {
            request,
            platforms: ['linkedin', 'x', 'facebook', 'instagram'],
            candidates: 3,
            engine: 'offline',
            seed: round,
          });
          total.push(performance.now() - t0);
          const c1 = process.cpuUsage(c0);
          // CPU time of this process: on a machine shared with other work, wall time includes waiting.
          cpu.push((c1.user + c1.system) / 1000);
          for (const [k, ms] of Object.entries(r.stages)) stages[k] = [...(stages[k] ?? []), ms];
          for (const [platform, list] of Object.entries(r.candidates))
            for (const c of list ?? []) {
              if (c.rank === 1) voice[site]?.chosen.push(Number(c.scores.voiceScore ?? 0));
              const g0 = performance.now();
              runTextGuards(platform as 'x', c.text);
              guardMs.push(performance.now() - g0);
            }
        }
    }
    return {
      requests: total.length,
      candidatesPerRequest: '3 × 4 platforms',
      latencyMs: { p50: quantile(total, 0.5), p95: quantile(total, 0.95), max: quantile(total, 1) },
      cpuMs: { p50: quantile(cpu, 0.5), p95: quantile(cpu, 0.95), max: quantile(cpu, 1) },
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      stagesMs: Object.fromEntries(
        Object.entries(stages).map(([k, v]) => [k, { p50: quantile(v, 0.5), p95: quantile(v, 0.95) }]),
      ),
      guardsPerCandidateMs: { p50: quantile(guardMs, 0.5), p95: quantile(guardMs, 0.95) },
      voice: Object.fromEntries(
        Object.entries(voice).map(([site, v]) => [
          site,
          { chosenMedian: median(v.chosen), ownPostsMedian: v.ownPosts },
        ]),
      ),
    };
  } finally {
    await t.cleanup();
  }
}
