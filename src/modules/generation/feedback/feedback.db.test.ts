import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../../../test/support/app.js';
import { newPrefixedId } from '../../../core/ids.js';
import { writeJson } from '../../../db/dialect.js';
import type { OperationContext } from '../../../operations/define.js';
import { learnedWeights } from '../learning/weights.js';
import { insertRun } from '../pipeline/repository.js';
import { insertCandidates, insertContent } from '../repository.js';
import { defaultRerankWeights } from '../rerank/weights.js';
import type { Content } from '../schemas.js';

/**
 * Approving, rejecting and editing content through the REST API as a client does, and what learning makes
 * of it: ranks publishing reads, feedback history, audit entries, typed errors with nothing half-written,
 * proposed voice rules applied only when a person accepts them, learned weights, and outcomes.
 */

let t: TestApp;
let bakery: TestTenant;
let other: TestTenant;

interface Json {
  [key: string]: unknown;
}

async function api<T = Json>(path: string, key: string, init: { method?: string; body?: unknown } = {}) {
  const res = await t.request(`/api/v1${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    key,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

interface Drafted {
  id: string;
  ids: Record<string, string[]>;
}

/**
 * A generated draft as the pipeline stores it: ranked candidates per platform with reranker scores, and
 * the run that records which skill wrote them.
 */
async function draft(
  tenant: TestTenant,
  platforms: Record<string, { text: string; voice: number; skillFit: number }[]>,
  skill = 'product-launch',
): Promise<Drafted> {
  const id = newPrefixedId('cnt');
  const now = new Date().toISOString();
  const ids: Record<string, string[]> = {};
  await t.app.db.tenant(tenant.id, async (tx) => {
    await insertContent(tx, {
      id,
      tenant_id: tenant.id,
      status: 'draft',
      source: 'generated',
      request: 'a post about our new croissants',
      media: '[]',
      engine: 'local',
      created_by: null,
      created_at: now,
      updated_at: now,
      approved_at: null,
      rejected_reason: null,
    });
    const rows = Object.entries(platforms).flatMap(([platform, list]) =>
      list.map((c, i) => {
        const cid = newPrefixedId('cand');
        ids[platform] = [...(ids[platform] ?? []), cid];
        return {
          id: cid,
          tenant_id: tenant.id,
          content_id: id,
          platform,
          rank: i + 1,
          text: c.text,
          scores: writeJson({
            voice: c.voice,
            skillFit: c.skillFit,
            guards: 1,
            performance: 0,
            diversity: i === 0 ? 1 : 0.5,
            voiceScore: Math.round(c.voice * 100),
          }),
          guards: '[]',
          citations: writeJson([{ sentence: c.text.split('.')[0] as string, entryId: 'ent_1' }]),
          defects: '[]',
          created_at: now,
        };
      }),
    );
    await insertCandidates(tx, rows);
    await insertRun(tx, {
      id: newPrefixedId('run'),
      tenant_id: tenant.id,
      content_id: id,
      kind: 'generate',
      feedback: null,
      engine: 'local',
      seed: 1,
      details: writeJson({ skills: Object.fromEntries(Object.keys(platforms).map((p) => [p, [skill]])) }),
      stages: '{}',
      created_by: null,
      created_at: now,
    });
  });
  return { id, ids };
}

const three = (stem: string) => [
  { text: `${stem} Our croissants are back on Saturday.`, voice: 0.5, skillFit: 0.9 },
  {
    text: `${stem} Butter croissants, baked at dawn, on the counter this Saturday.`,
    voice: 0.9,
    skillFit: 0.6,
  },
  { text: `${stem} Saturday means croissants.`, voice: 0.6, skillFit: 0.7 },
];

const ctxFor = (tenant: TestTenant): OperationContext => ({
  tenantId: tenant.id,
  role: 'editor',
  actor: { type: 'system', id: null },
  scopes: [],
  requestId: 'req_test',
  app: t.app,
});

beforeAll(async () => {
  t = await createTestApp();
  bakery = await t.tenant('Crumb and Co');
  other = await t.tenant('Other Co');
});
afterAll(async () => {
  await t?.cleanup();
});

describe('content.approve', () => {
  it('puts the chosen candidate first on its platform, approves, records and audits it', async () => {
    const d = await draft(bakery, { linkedin: three('A.'), x: three('B.') });
    const chosen = d.ids.linkedin?.[1] as string;
    const res = await api<Content>(`/content/${d.id}/approve`, bakery.keys.editor, {
      body: { candidateIds: [chosen] },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    expect(res.body.approvedAt).not.toBeNull();
    const linkedin = res.body.candidates.filter((c) => c.platform === 'linkedin');
    // Publishing sends each platform's rank-1 candidate: now the chosen one; the others keep their order.
    expect(linkedin.map((c) => c.id)).toEqual([chosen, d.ids.linkedin?.[0], d.ids.linkedin?.[2]]);
    expect(linkedin.map((c) => c.rank)).toEqual([1, 2, 3]);
    // X was left out: it keeps its top candidate.
    expect(res.body.candidates.find((c) => c.platform === 'x' && c.rank === 1)?.id).toBe(d.ids.x?.[0]);

    const fb = await api<{ events: Json[] }>(`/content/${d.id}/feedback`, bakery.keys.viewer);
    expect(fb.body.events.map((e) => [e.kind, e.platform, e.candidateId, e.skillId])).toEqual([
      ['approve', 'linkedin', chosen, 'product-launch'],
      ['approve', 'x', d.ids.x?.[0], 'product-launch'],
    ]);
    expect(fb.body.events[0]?.detail).toEqual({ rankBefore: 2, candidates: 3 });

    const audit = await api<{ entries: Json[] }>('/audit?operation=content.approve', bakery.keys.admin);
    expect(audit.body.entries[0]).toMatchObject({
      operation: 'content.approve',
      target: d.id,
      outcome: 'success',
    });

    // Approving again what is approved and on top teaches nothing more.
    const again = await api<Content>(`/content/${d.id}/approve`, bakery.keys.editor, {
      body: { candidateIds: [chosen] },
    });
    expect(again.status).toBe(200);
    const after = await api<{ events: Json[] }>(`/content/${d.id}/feedback`, bakery.keys.viewer);
    expect(after.body.events).toHaveLength(2);
  });

  it('refuses two candidates of one platform, unknown candidates and viewers, changing nothing', async () => {
    const d = await draft(bakery, { linkedin: three('C.') });
    const [a, b] = d.ids.linkedin as string[];
    const two = await api(`/content/${d.id}/approve`, bakery.keys.editor, { body: { candidateIds: [b, a] } });
    expect(two.status).toBe(400);
    expect(two.body).toMatchObject({ error: { code: 'generation.one_candidate_per_platform' } });
    const unknown = await api(`/content/${d.id}/approve`, bakery.keys.editor, {
      body: { candidateIds: ['cand_nope'] },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: { code: 'generation.candidate_not_found' } });
    const viewer = await api(`/content/${d.id}/approve`, bakery.keys.viewer, { body: {} });
    expect(viewer.status).toBe(403);
    const elsewhere = await api(`/content/${d.id}/approve`, other.keys.editor, { body: {} });
    expect(elsewhere.status).toBe(404);
    const now = await api<Content>(`/content/${d.id}`, bakery.keys.viewer);
    expect(now.body.status).toBe('draft');
    expect(now.body.candidates.map((c) => c.id)).toEqual(d.ids.linkedin);
    const fb = await api<{ events: Json[] }>(`/content/${d.id}/feedback`, bakery.keys.viewer);
    expect(fb.body.events).toEqual([]);
  });
});

describe('content.reject', () => {
  it('rejects with reason codes and a note, once; the reasons need to be given', async () => {
    const d = await draft(bakery, { instagram: three('D.') });
    const none = await api(`/content/${d.id}/reject`, bakery.keys.editor, { body: { reasons: [] } });
    expect(none.status).toBe(400);
    const bad = await api(`/content/${d.id}/reject`, bakery.keys.editor, { body: { reasons: ['ugly'] } });
    expect(bad.status).toBe(400);
    const res = await api<Content>(`/content/${d.id}/reject`, bakery.keys.editor, {
      body: { reasons: ['too_salesy', 'off_voice'], note: 'We never shout about prices.' },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('rejected');
    const fb = await api<{ events: Json[] }>(`/content/${d.id}/feedback`, bakery.keys.viewer);
    expect(fb.body.events).toHaveLength(3);
    expect(fb.body.events[0]).toMatchObject({
      kind: 'reject',
      reasons: ['too_salesy', 'off_voice'],
      note: 'We never shout about prices.',
    });
    const twice = await api(`/content/${d.id}/reject`, bakery.keys.editor, { body: { reasons: ['other'] } });
    expect(twice.status).toBe(409);
    // Rejected content cannot be published; approving it again is a person changing their mind.
    const back = await api<Content>(`/content/${d.id}/approve`, bakery.keys.editor, { body: {} });
    expect(back.body.status).toBe('approved');
  });
});

describe('content.edit', () => {
  it('stores the edit after the guards, keeps the text before and the diff, and drops citations it removed', async () => {
    const d = await draft(bakery, { x: three('E.') });
    const id = d.ids.x?.[0] as string;
    const long = `Croissants! ${'So flaky. '.repeat(40)}`;
    const res = await api<{ content: Content; diff: Json; before: string }>(
      `/content/${d.id}/edit`,
      bakery.keys.editor,
      {
        body: { candidateId: id, text: long },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.before).toBe('E. Our croissants are back on Saturday.');
    const edited = res.body.content.candidates.find((c) => c.id === id);
    // A person's words are reported on, never rewritten: stored as written, with the failure and
    // whether a fixer could repair it.
    expect(edited?.text).toBe(long.trim());
    expect(edited?.defects).toContain('too_long');
    expect(edited?.guards.find((g) => g.guard === 'length')).toMatchObject({
      status: 'fail',
      evidence: expect.objectContaining({ fixable: expect.stringMatching(/cut to/) }),
    });
    expect(edited?.citations).toEqual([]);
    expect(res.body.diff).toMatchObject({ removedWords: expect.arrayContaining(['our', 'saturday']) });
    const fb = await api<{ events: Json[] }>(`/content/${d.id}/feedback`, bakery.keys.viewer);
    expect(fb.body.events[0]).toMatchObject({ kind: 'edit', candidateId: id });
    expect((fb.body.events[0]?.detail as Json | undefined)?.before).toBe(
      'E. Our croissants are back on Saturday.',
    );

    const same = await api(`/content/${d.id}/edit`, bakery.keys.editor, {
      body: { candidateId: id, text: edited?.text },
    });
    expect(same.status).toBe(400);
    expect(same.body).toMatchObject({ error: { code: 'generation.edit_unchanged' } });
  });

  it('approves with the edited candidate when asked, and brings rejected content back to draft', async () => {
    const d = await draft(bakery, { linkedin: three('F.') });
    const second = d.ids.linkedin?.[1] as string;
    const res = await api<{ content: Content }>(`/content/${d.id}/edit`, bakery.keys.editor, {
      body: { candidateId: second, text: 'Butter croissants, baked at dawn, this Saturday.', approve: true },
    });
    expect(res.body.content.status).toBe('approved');
    expect(res.body.content.candidates.find((c) => c.rank === 1)?.id).toBe(second);

    const r = await draft(bakery, { linkedin: three('G.') });
    await api(`/content/${r.id}/reject`, bakery.keys.editor, { body: { reasons: ['too_long'] } });
    const edit = await api<{ content: Content }>(`/content/${r.id}/edit`, bakery.keys.editor, {
      body: { candidateId: r.ids.linkedin?.[0], text: 'Croissants on Saturday.' },
    });
    expect(edit.body.content.status).toBe('draft');
  });
});

describe('learning from feedback', () => {
  it('proposes banning a word removed in three edits, and pins it on the voice only when accepted', async () => {
    const tenant = await t.tenant('Edit Habits');
    const pairs: [string, string][] = [
      ['Our amazing croissants are back.', 'Our croissants are back.'],
      ['An amazing week for sourdough.', 'A good week for sourdough.'],
      ['Amazing cinnamon buns today.', 'Cinnamon buns today.'],
    ];
    for (const [before, after] of pairs) {
      const d = await draft(tenant, { linkedin: [{ text: before, voice: 0.5, skillFit: 0.5 }] });
      const res = await api(`/content/${d.id}/edit`, tenant.keys.editor, {
        body: { candidateId: d.ids.linkedin?.[0], text: after },
      });
      expect(res.status).toBe(200);
    }
    const list = await api<{ suggestions: Json[] }>(
      '/learning/suggestions?status=proposed',
      tenant.keys.viewer,
    );
    const amazing = list.body.suggestions.find((s) => (s.rule as Json).phrase === 'amazing');
    expect(amazing).toMatchObject({ rule: { kind: 'banned_phrase', phrase: 'amazing' }, status: 'proposed' });
    expect(list.body.suggestions.some((s) => (s.rule as Json).phrase === 'week')).toBe(false);

    // No voice learned yet: the voice module refuses, and the proposal stays as it was.
    const early = await api(`/learning/suggestions/${amazing?.id}/accept`, tenant.keys.editor, { body: {} });
    expect(early.status).toBe(404);
    expect(early.body).toMatchObject({ error: { code: 'voice.not_learned' } });
    const learn = await api('/voice/learn', tenant.keys.editor, {
      body: { examples: readFileSync('fixtures/voice/bakery.jsonl', 'utf8'), format: 'jsonl' },
    });
    expect(learn.status).toBe(201);
    const voiceBefore = await api<{ profile: { rules: Json[] } }>('/voice', tenant.keys.viewer);
    expect(voiceBefore.body.profile.rules ?? []).toEqual([]);

    const accepted = await api<Json>(`/learning/suggestions/${amazing?.id}/accept`, tenant.keys.editor, {
      body: {},
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    const rules = await api<{ rules: Json[] }>('/voice/rules', tenant.keys.editor, { body: {} });
    expect(rules.body.rules).toContainEqual(
      expect.objectContaining({ kind: 'banned_phrase', phrase: 'amazing' }),
    );
    const twice = await api(`/learning/suggestions/${amazing?.id}/accept`, tenant.keys.editor, { body: {} });
    expect(twice.status).toBe(409);

    // A fourth edit refreshes evidence but never re-proposes a decided rule.
    const d = await draft(tenant, { linkedin: [{ text: 'Amazing rye.', voice: 0.5, skillFit: 0.5 }] });
    await api(`/content/${d.id}/edit`, tenant.keys.editor, {
      body: { candidateId: d.ids.linkedin?.[0], text: 'Rye.' },
    });
    const after = await api<{ suggestions: Json[] }>('/learning/suggestions', tenant.keys.viewer);
    expect(after.body.suggestions.filter((s) => (s.rule as Json).phrase === 'amazing')).toHaveLength(1);
  });

  it('feeds approvals into the reranker weights and skill weights the pipeline reads', async () => {
    const tenant = await t.tenant('Voice Lovers');
    const before = await learnedWeights(ctxFor(tenant));
    expect(before.rerank).toEqual({ ...defaultRerankWeights });
    for (let i = 0; i < 6; i++) {
      const d = await draft(tenant, { linkedin: three(`H${i}.`) });
      // The most on-voice candidate (second) is chosen every time.
      await api(`/content/${d.id}/approve`, tenant.keys.editor, {
        body: { candidateIds: [d.ids.linkedin?.[1]] },
      });
    }
    const after = await learnedWeights(ctxFor(tenant));
    expect(after.rerank?.voice ?? 0).toBeGreaterThan(defaultRerankWeights.voice);
    expect(after.rerank?.skillFit ?? 1).toBeLessThan(defaultRerankWeights.skillFit);
    expect(after.skills?.['product-launch']).toBeGreaterThan(1);
    const summary = await api<Json>('/learning', tenant.keys.viewer);
    expect(summary.body).toMatchObject({ events: 6, outcomes: 0 });
  });

  it('records one outcome per candidate, validated', async () => {
    const d = await draft(bakery, { x: three('I.') });
    const cand = d.ids.x?.[0] as string;
    const first = await api<Json>(`/content/${d.id}/outcomes`, bakery.keys.editor, {
      body: { candidateId: cand, score: 0.8, source: 'analytics:engagement_rate', metrics: { likes: 40 } },
    });
    expect(first.body).toEqual({ recorded: true, duplicate: false });
    const again = await api<Json>(`/content/${d.id}/outcomes`, bakery.keys.editor, {
      body: { candidateId: cand, score: 0.1 },
    });
    expect(again.body).toEqual({ recorded: false, duplicate: true });
    const bad = await api(`/content/${d.id}/outcomes`, bakery.keys.editor, {
      body: { candidateId: cand, score: 2 },
    });
    expect(bad.status).toBe(400);
    const fb = await api<{ events: Json[] }>(`/content/${d.id}/feedback`, bakery.keys.viewer);
    expect(fb.body.events.filter((e) => e.kind === 'outcome')).toHaveLength(1);
  });
});
