/**
 * Skill matcher accuracy on the labelled requests (fixtures/skills/match-requests.jsonl, 116 requests,
 * 30 held out). Each fixture business is crawled into a tenant (pages stored and extracted) so the
 * matcher sees its real catalog and entities; requests for an unknown business go to an empty tenant.
 * Runs the real `skills.match` path: hybrid similarity with the configured (local) embedding, the cue
 * lexicon, ranking and the clarifying question.
 *
 *   npm run bench -- skills-match                 both parts
 *   npm run bench -- skills-match --split tuned   only the part used while tuning (with the misses)
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assembleAppServices } from '../../src/app/create.js';
import { systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import {
  type LabelledRequest,
  readLabelledRequests,
  scoreMatches,
} from '../../src/modules/skills/match/evaluation.js';
import type { MatchResult } from '../../src/modules/skills/match/matcher.js';
import { matchSkills } from '../../src/modules/skills/service.js';
import { createTestDatabase } from '../../test/support/db.js';
import { addFixtureBusiness, businessSites, operationContext } from '../../test/support/skills.js';
import { insertTestTenant } from '../../test/support/tenants.js';
import type { BenchArgs } from '../run.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const LABELS = path.resolve(here, '../../fixtures/skills/match-requests.jsonl');
const UNKNOWN = 'unknown-business';

export default async function skillsMatch(args: BenchArgs): Promise<Record<string, unknown>> {
  const split = typeof args.split === 'string' ? args.split : 'both';
  const labels = readLabelledRequests(LABELS);
  const t = await createTestDatabase({}, 'sqlite');
  try {
    const app = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
    const started = Date.now();
    for (const site of businessSites) await addFixtureBusiness(app, site, { voice: false });
    await insertTestTenant(app.db, UNKNOWN);
    console.error(`tenants ready in ${Date.now() - started} ms`);
    const results: Array<{ label: LabelledRequest; result: MatchResult }> = [];
    const timings: number[] = [];
    for (const label of labels) {
      if (split !== 'both' && label.split !== split) continue;
      const ctx = operationContext(app, label.business ?? UNKNOWN, 'viewer');
      const t0 = performance.now();
      const result = await matchSkills(ctx, { request: label.request });
      timings.push(performance.now() - t0);
      results.push({ label, result });
    }
    const part = (name: 'tuned' | 'heldout') => scoreMatches(results.filter((r) => r.label.split === name));
    const sorted = [...timings].sort((a, b) => a - b);
    const ms = (q: number) => Math.round((sorted[Math.floor(q * (sorted.length - 1))] ?? 0) * 10) / 10;
    const out: Record<string, unknown> = {
      requests: results.length,
      latencyMs: { p50: ms(0.5), p95: ms(0.95) },
    };
    if (split !== 'heldout') out.tuned = part('tuned');
    if (split !== 'tuned') {
      const heldout = part('heldout');
      // The held-out misses are not printed: reading them would be tuning on them.
      out.heldout = {
        ...heldout,
        misses: heldout.misses.length,
        entityMisses: heldout.entityMisses.length,
        clarifiedIds: heldout.clarifiedIds.length,
        vagueConfidence: heldout.vagueConfidence.length,
      };
    }
    return out;
  } finally {
    await t.cleanup();
  }
}
