import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../../../test/support/app.js';
import { ManualClock } from '../../../core/clock.js';
import { newPrefixedId } from '../../../core/ids.js';
import { writeJson } from '../../../db/dialect.js';
import { insertRun } from '../pipeline/repository.js';
import { insertCandidates, insertContent } from '../repository.js';
import { learnedWeights } from './weights.js';

/**
 * The cross-tenant figures end to end: tenants approve and reject drafts, the operator releases the
 * figures, and what is stored and served carries no tenant, no text and no tenant-made skill; a tenant with
 * no data of its own starts from them.
 */

let t: TestApp;
const clock = new ManualClock('2026-03-02T09:00:00.000Z');

async function api(path: string, key: string, body?: unknown) {
  const res = await t.request(`/api/v1${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    key,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A generated LinkedIn draft written by `skill`, decided by the tenant: approve or reject. */
async function decide(tenant: TestTenant, skill: string, approve: boolean): Promise<void> {
  const id = newPrefixedId('cnt');
  const now = clock.iso();
  await t.app.db.tenant(tenant.id, async (tx) => {
    await insertContent(tx, {
      id,
      tenant_id: tenant.id,
      status: 'draft',
      source: 'generated',
      request: `our private plans for ${tenant.slug}`,
      media: '[]',
      engine: 'local',
      created_by: null,
      created_at: now,
      updated_at: now,
      approved_at: null,
      rejected_reason: null,
    });
    await insertCandidates(tx, [
      {
        id: newPrefixedId('cand'),
        tenant_id: tenant.id,
        content_id: id,
        platform: 'linkedin',
        rank: 1,
        text: `Secret launch of ${tenant.slug} special`,
        scores: writeJson({ voice: 0.7, skillFit: 0.7, guards: 1, performance: 0, diversity: 1 }),
        guards: '[]',
        citations: '[]',
        defects: '[]',
        created_at: now,
      },
    ]);
    await insertRun(tx, {
      id: newPrefixedId('run'),
      tenant_id: tenant.id,
      content_id: id,
      kind: 'generate',
      feedback: null,
      engine: 'local',
      seed: 1,
      details: writeJson({ skills: { linkedin: [skill] } }),
      stages: '{}',
      created_by: null,
      created_at: now,
    });
  });
  const res = approve
    ? await api(`/content/${id}/approve`, tenant.keys.editor, {})
    : await api(`/content/${id}/reject`, tenant.keys.editor, { reasons: ['off_topic'] });
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(async () => {
  await t?.cleanup();
});

describe('shared figures', () => {
  it('are released only from cells at least 5 tenants fed, without text, and seed new tenants', async () => {
    const tenants: TestTenant[] = [];
    for (let i = 0; i < 6; i++) tenants.push(await t.tenant(`Bakery ${i}`));
    for (const [i, tenant] of tenants.entries()) {
      // product-launch: six tenants, mostly approved; the tenant's own skill: approved by all six too.
      for (let k = 0; k < 4; k++) await decide(tenant, 'product-launch', k < 3 || i % 2 === 0);
      for (let k = 0; k < 3; k++) await decide(tenant, 'our-secret-spring-menu', true);
    }
    // event-invitation: only four tenants, too few.
    for (const tenant of tenants.slice(0, 4))
      for (let k = 0; k < 3; k++) await decide(tenant, 'event-invitation', true);

    const denied = await api('/learning/shared/release', tenants[0]?.keys.admin as string, {});
    expect(denied.status).toBe(403);
    const released = await api('/learning/shared/release', t.operatorKey, {});
    expect(released.status).toBe(200);
    const figures = released.body.figures as Record<string, unknown>[];
    expect(figures.map((f) => f.key)).toEqual(['linkedin:product-launch']);
    expect(figures[0]).toMatchObject({ platform: 'linkedin', skillId: 'product-launch', tenantsBand: '5-9' });

    // What the table holds: nothing that names a tenant or carries their words.
    const rows = await t.app.db.systemRead((db) =>
      db.selectFrom('generation_shared_figures').selectAll().execute(),
    );
    const stored = JSON.stringify(rows);
    for (const tenant of tenants) {
      expect(stored).not.toContain(tenant.id);
      expect(stored).not.toContain(tenant.slug);
    }
    expect(stored).not.toMatch(/secret|private|spring/i);

    // Served to any tenant key; a new tenant's skill weights start from it.
    const newcomer = await t.tenant('Newcomer');
    const served = await api('/learning/shared', newcomer.keys.viewer);
    expect(served.body.figures).toEqual(figures);
    const weights = await learnedWeights({
      tenantId: newcomer.id,
      role: 'viewer',
      actor: { type: 'system', id: null },
      scopes: [],
      requestId: 'req_test',
      app: t.app,
    });
    expect(Object.keys(weights.skills ?? {})).toEqual(['product-launch']);

    // One release a day: each spends privacy budget.
    const soon = await api('/learning/shared/release', t.operatorKey, {});
    expect(soon.status).toBe(429);
    expect(soon.body).toMatchObject({ error: { code: 'generation.shared_release_too_soon' } });
    clock.advance(25 * 60 * 60 * 1000);
    expect((await api('/learning/shared/release', t.operatorKey, {})).status).toBe(200);
  });
});
