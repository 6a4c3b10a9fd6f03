import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { operationContext } from '../../../test/support/skills.js';
import { insertTestTenant } from '../../../test/support/tenants.js';
import { assembleAppServices } from '../../app/create.js';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import type { AppServices } from '../../operations/services.js';
import { listSkills, matchSkills, recordSkillOutcome, recordSkillUse } from './service.js';

/** Usage and results per skill, as generation and analytics record them, and what the matcher makes of them. */

let t: TestDatabase;
let app: AppServices;

beforeAll(async () => {
  t = await createTestDatabase();
  app = await assembleAppServices(t.config, t.db, { clock: systemClock, logger: silentLogger });
  await insertTestTenant(app.db, 'a');
  await insertTestTenant(app.db, 'b');
});

afterAll(async () => {
  await t?.cleanup();
});

describe('skill usage and results', () => {
  it('counts uses and outcomes per tenant and shows them in the library', async () => {
    const a = operationContext(app, 'a');
    await recordSkillUse(a, 'quick-tip');
    await recordSkillUse(a, 'quick-tip');
    await recordSkillOutcome(a, 'quick-tip', 0.9);
    await recordSkillOutcome(a, 'quick-tip', 0.5);
    const mine = (await listSkills(a, { limit: 100 })).skills.find((s) => s.id === 'quick-tip');
    expect(mine?.stats).toMatchObject({ uses: 2, outcomes: 2, meanScore: 0.7 });
    expect(mine?.stats.lastUsedAt).not.toBeNull();
    const theirs = (await listSkills(operationContext(app, 'b'), { limit: 100 })).skills.find(
      (s) => s.id === 'quick-tip',
    );
    expect(theirs?.stats).toEqual({ uses: 0, lastUsedAt: null, outcomes: 0, meanScore: null });
    await expect(recordSkillOutcome(a, 'quick-tip', 1.5)).rejects.toMatchObject({
      code: 'skills.invalid_score',
    });
  });

  it('ranks a skill whose posts did well a little higher, once there are results to trust', async () => {
    const b = operationContext(app, 'b');
    const before = await matchSkills(b, { request: 'a quick tip about frozen pipes' });
    const perf = (r: typeof before, id: string) => r.skills.find((s) => s.id === id)?.reasons.performance;
    expect(perf(before, 'quick-tip')).toBe(0.5);
    for (let i = 0; i < 10; i++) await recordSkillOutcome(b, 'quick-tip', 1);
    const after = await matchSkills(b, { request: 'a quick tip about frozen pipes' });
    expect(perf(after, 'quick-tip')).toBeGreaterThan(0.8);
    const score = (r: typeof before) => r.skills.find((s) => s.id === 'quick-tip')?.score ?? 0;
    expect(score(after)).toBeGreaterThan(score(before));
  });
});
