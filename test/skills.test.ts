import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';

/**
 * The skill library through the REST API, as a client sees it: the shared library, a tenant's own
 * skills with immutable versions and pins, search, validation with positions, import and export,
 * matching, building and executing, and tenants kept apart.
 */

let t: TestApp;
let a: TestTenant;
let b: TestTenant;

interface Json {
  [key: string]: unknown;
}

async function api<T = Json>(path: string, key: string, init: { method?: string; body?: unknown } = {}) {
  const res = await t.request(path, {
    method: init.method ?? 'GET',
    key,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

function skillFile(id: string, version: number, tip = 'Tip: {{tip}}', extra = ''): string {
  return `---
id: ${id}
name: Our weekly tip
version: ${version}
description: The tip we post every Tuesday, from our own know-how.
intents: [how_to]
platforms: [linkedin, x]
formats: [text]
visibility: tenant
slots:
  tip:
    kind: text
    max: 200
${extra}---
${tip}
`;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await t.tenant('Crumb and Co');
  b = await t.tenant('Other Co');
  await api('/api/v1/products', a.keys.editor, {
    method: 'PUT',
    body: {
      name: 'Cardamom knot',
      price: 3.4,
      currency: 'GBP',
      unit: 'each',
      url: 'https://crumb.example/knots',
      description: 'A twisted bun rolled in cardamom sugar, baked every morning.',
    },
  });
  const entry = await api('/api/v1/knowledge/entries', a.keys.editor, {
    method: 'POST',
    body: {
      question: 'When are cardamom knots baked?',
      answer: 'Our cardamom knots come out of the oven at 7am every day.',
      category: 'products',
    },
  });
  if (entry.status !== 201) throw new Error(JSON.stringify(entry.body));
});

afterAll(async () => {
  await t.cleanup();
});

describe(`skills library (${testDialect})`, () => {
  it('lists the shared library for every tenant', async () => {
    const res = await api<{ skills: Json[]; nextCursor: string | null }>(
      '/api/v1/skills?limit=100',
      a.keys.viewer,
    );
    expect(res.status).toBe(200);
    expect(res.body.skills.length).toBeGreaterThanOrEqual(24);
    expect(res.body.skills.every((s) => s.origin === 'builtin' && s.visibility === 'shared')).toBe(true);
    const page = await api<{ skills: Json[]; nextCursor: string | null }>(
      '/api/v1/skills?limit=5',
      a.keys.viewer,
    );
    expect(page.body.skills).toHaveLength(5);
    const next = await api<{ skills: Json[] }>(
      `/api/v1/skills?limit=5&cursor=${page.body.nextCursor}`,
      a.keys.viewer,
    );
    expect(next.body.skills[0]?.id).not.toBe(page.body.skills[0]?.id);
  });

  it('searches the library by meaning and words (hybrid search)', async () => {
    const res = await api<{ skills: Array<{ id: string; score: number }> }>(
      `/api/v1/skills?query=${encodeURIComponent('job opening for a delivery driver')}`,
      a.keys.viewer,
    );
    expect(res.body.skills[0]?.id).toBe('hiring');
    const carousel = await api<{ skills: Array<{ id: string }> }>(
      '/api/v1/skills?query=swipeable%20slides&format=carousel',
      a.keys.viewer,
    );
    expect(carousel.body.skills[0]?.id).toBe('tips-carousel');
  });

  it('validates a file, pointing at each problem with its line and column', async () => {
    const broken = skillFile('broken', 1, 'Tip: {{tip}} {{signoff}}').replace(
      'intents: [how_to]',
      'intents: [how_to, gossip]',
    );
    const res = await api<{ valid: boolean; issues: Json[] }>('/api/v1/skills/validate', a.keys.viewer, {
      method: 'POST',
      body: { content: broken },
    });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.issues).toContainEqual(
      expect.objectContaining({ code: 'skills.unknown_intent', line: 6, column: 19 }),
    );
  });

  it('creates a tenant skill; another tenant cannot see it (404, not 403)', async () => {
    const res = await api<Json>('/api/v1/skills', a.keys.editor, {
      method: 'POST',
      body: { content: skillFile('weekly-tip', 1) },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: 'weekly-tip',
      version: 1,
      origin: 'tenant',
      latestVersion: 1,
      pinnedVersion: null,
    });
    expect((await api('/api/v1/skills/weekly-tip', b.keys.admin)).status).toBe(404);
    const list = await api<{ skills: Array<{ id: string }> }>(
      '/api/v1/skills?visibility=tenant',
      b.keys.viewer,
    );
    expect(list.body.skills).toEqual([]);
  });

  it('refuses an invalid file with the first problem as the error, and stores nothing', async () => {
    const res = await api<{
      error: { code: string; message: string; details: { line: number; column: number; issues: Json[] } };
    }>('/api/v1/skills', a.keys.editor, {
      method: 'POST',
      body: { content: skillFile('bad-one', 1, 'Tip: {{tip}} {{nope}}') },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('skills.undeclared_placeholder');
    expect(res.body.error.details).toMatchObject({ line: 15, column: 14 });
    expect((await api('/api/v1/skills/bad-one', a.keys.viewer)).status).toBe(404);
  });

  it('refuses shared visibility, a built-in id and an id already taken', async () => {
    const shared = await api<{ error: { code: string } }>('/api/v1/skills', a.keys.editor, {
      method: 'POST',
      body: { content: skillFile('mine', 1).replace('visibility: tenant', 'visibility: shared') },
    });
    expect(shared.body.error.code).toBe('skills.visibility_not_allowed');
    const reserved = await api<{ error: { code: string } }>('/api/v1/skills', a.keys.editor, {
      method: 'POST',
      body: { content: skillFile('product-launch', 1) },
    });
    expect([reserved.status, reserved.body.error.code]).toEqual([409, 'skills.id_reserved']);
    const taken = await api<{ error: { code: string } }>('/api/v1/skills', a.keys.editor, {
      method: 'POST',
      body: { content: skillFile('weekly-tip', 1) },
    });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'skills.id_taken']);
  });

  it('adds versions that never change, pins one and follows the latest again', async () => {
    const same = await api<{ error: { code: string } }>('/api/v1/skills/weekly-tip', a.keys.editor, {
      method: 'PUT',
      body: { content: skillFile('weekly-tip', 1, 'Changed: {{tip}}') },
    });
    expect([same.status, same.body.error.code]).toEqual([409, 'skills.version_exists']);
    const v2 = await api<Json>('/api/v1/skills/weekly-tip', a.keys.editor, {
      method: 'PUT',
      body: { content: skillFile('weekly-tip', 2, 'Tuesday tip: {{tip}}') },
    });
    expect(v2.body).toMatchObject({ version: 2, latestVersion: 2 });
    const pinned = await api<Json>('/api/v1/skills/weekly-tip', a.keys.editor, {
      method: 'PUT',
      body: { pinnedVersion: 1 },
    });
    expect(pinned.body).toMatchObject({ version: 1, pinnedVersion: 1, latestVersion: 2 });
    expect(pinned.body.content).toContain('Tip: {{tip}}');
    const old = await api<Json>('/api/v1/skills/weekly-tip?version=2', a.keys.viewer);
    expect(old.body.content).toContain('Tuesday tip:');
    const follow = await api<Json>('/api/v1/skills/weekly-tip', a.keys.editor, {
      method: 'PUT',
      body: { pinnedVersion: null },
    });
    expect(follow.body).toMatchObject({ version: 2, pinnedVersion: null });
    expect((follow.body.versions as Json[]).map((v) => v.version)).toEqual([1, 2]);
    const wrongId = await api<{ error: { code: string } }>('/api/v1/skills/weekly-tip', a.keys.editor, {
      method: 'PUT',
      body: { content: skillFile('other-id', 3) },
    });
    expect(wrongId.body.error.code).toBe('skills.id_mismatch');
  });

  it('pins a built-in skill, which the tenant keeps even if a release changes it; built-ins are read-only', async () => {
    const pin = await api<Json>('/api/v1/skills/quick-tip', a.keys.editor, {
      method: 'PUT',
      body: { pinnedVersion: 1 },
    });
    expect(pin.status).toBe(200);
    expect(pin.body).toMatchObject({ origin: 'builtin', pinnedVersion: 1 });
    const other = await api<Json>('/api/v1/skills/quick-tip', b.keys.viewer);
    expect(other.body.pinnedVersion).toBeNull();
    const change = await api<{ error: { code: string } }>('/api/v1/skills/quick-tip', a.keys.editor, {
      method: 'PUT',
      body: { content: skillFile('quick-tip', 2) },
    });
    expect([change.status, change.body.error.code]).toEqual([403, 'skills.builtin_read_only']);
    const del = await api<{ error: { code: string } }>('/api/v1/skills/quick-tip', a.keys.editor, {
      method: 'DELETE',
    });
    expect(del.body.error.code).toBe('skills.builtin_read_only');
    const missing = await api<{ error: { code: string } }>('/api/v1/skills/quick-tip', a.keys.editor, {
      method: 'PUT',
      body: { pinnedVersion: 7 },
    });
    expect(missing.body.error.code).toBe('skills.version_not_found');
  });

  it('exports files and imports them all or nothing', async () => {
    const out = await api<{ files: Array<{ fileName: string; content: string }> }>(
      '/api/v1/skills/export',
      a.keys.viewer,
    );
    expect(out.body.files.map((f) => f.fileName)).toEqual(['weekly-tip.skill.md']);
    const withBuiltin = await api<{ files: Json[] }>(
      '/api/v1/skills/export?includeBuiltin=true',
      a.keys.viewer,
    );
    expect(withBuiltin.body.files.length).toBeGreaterThan(24);
    const files = [
      { content: out.body.files[0]?.content as string },
      { content: skillFile('second-tip', 1) },
    ];
    const ok = await api<Json>('/api/v1/skills/import', b.keys.editor, { method: 'POST', body: { files } });
    expect(ok.body).toEqual({ created: ['weekly-tip', 'second-tip'], updated: [], unchanged: [] });
    const again = await api<Json>('/api/v1/skills/import', b.keys.editor, {
      method: 'POST',
      body: { files },
    });
    expect(again.body).toEqual({ created: [], updated: [], unchanged: ['weekly-tip', 'second-tip'] });
    const bad = await api<{ error: { code: string; details: { files: Json[] } } }>(
      '/api/v1/skills/import',
      b.keys.editor,
      {
        method: 'POST',
        body: {
          files: [{ content: skillFile('third-tip', 1) }, { content: 'not a skill', fileName: 'x.skill.md' }],
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('skills.import_failed');
    expect(bad.body.error.details.files).toEqual([
      expect.objectContaining({ index: 1, code: 'skills.front_matter_missing' }),
    ]);
    expect((await api('/api/v1/skills/third-tip', b.keys.viewer)).status).toBe(404);
  });

  it('deletes a tenant skill with its versions', async () => {
    expect((await api('/api/v1/skills/second-tip', b.keys.editor, { method: 'DELETE' })).status).toBe(200);
    expect((await api('/api/v1/skills/second-tip', b.keys.viewer)).status).toBe(404);
    expect((await api('/api/v1/skills/weekly-tip', a.keys.viewer)).status).toBe(200);
  });
});

describe(`matching, building and executing (${testDialect})`, () => {
  it('matches a request with typos to its intent, platform, the product it names, and the skill', async () => {
    const res = await api<Json>('/api/v1/skills/match', a.keys.viewer, {
      method: 'POST',
      body: { request: 'anounce the lauch of our cardamom knot on instagarm' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      intent: { id: 'product_launch' },
      platforms: ['instagram'],
      clarify: null,
    });
    expect((res.body.entities as Json[])[0]).toMatchObject({ name: 'Cardamom knot', type: 'product' });
    expect((res.body.skills as Json[])[0]?.id).toBe('product-launch');
  });

  it('asks a question instead of guessing when the request is vague', async () => {
    const res = await api<{ clarify: { question: string; options: Json[] } | null }>(
      '/api/v1/skills/match',
      a.keys.viewer,
      {
        method: 'POST',
        body: { request: 'post something for tomorrow' },
      },
    );
    expect(res.body.clarify?.question).toMatch(/What kind of post should this be/);
    expect(res.body.clarify?.options.length).toBeGreaterThanOrEqual(2);
  });

  it('executes a skill offline with the tenant knowledge, and says which variable is missing', async () => {
    const res = await api<{ valid: boolean; text: string; variables: Record<string, Json>; model: string }>(
      '/api/v1/skills/execute',
      a.keys.editor,
      {
        method: 'POST',
        body: {
          id: 'product-launch',
          platform: 'linkedin',
          request: 'our cardamom knots',
          engine: 'offline',
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.valid, JSON.stringify(res.body)).toBe(true);
    expect(res.body.model).toBe('local');
    expect(res.body.text).toContain('New: Cardamom knot — ');
    expect(res.body.text).toContain('£3.40 each');
    expect(res.body.variables.product).toMatchObject({ source: 'product', reason: 'named in the request' });
    const missing = await api<{ error: { code: string; message: string } }>(
      '/api/v1/skills/execute',
      a.keys.editor,
      {
        method: 'POST',
        body: { id: 'event-invitation', platform: 'x' },
      },
    );
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('skills.missing_variable');
    expect(missing.body.error.message).toMatch(/^event: /);
    const viewer = await api('/api/v1/skills/execute', a.keys.viewer, {
      method: 'POST',
      body: { id: 'product-launch', platform: 'x' },
    });
    expect(viewer.status).toBe(403);
  });

  it('builds a skill from example posts and creates it', async () => {
    const examples = Array.from({ length: 8 }, (_, i) =>
      JSON.stringify({
        text: `Did you know? Our ovens run from 4am.\n\n• Fact ${i} one.\n• Fact ${i} two.\n\nVisit us on Gillygate.\n\n#CrumbAndCo`,
        likes: 10 + i,
      }),
    ).join('\n');
    const built = await api<{ content: string; analysis: { chosen: string }; model: string }>(
      '/api/v1/skills/build',
      a.keys.editor,
      {
        method: 'POST',
        body: { examples, id: 'did-you-know', engine: 'offline' },
      },
    );
    expect(built.status).toBe(200);
    expect(built.body.analysis.chosen).toBe('list|question|end|end_block|bullet');
    const created = await api<Json>('/api/v1/skills', a.keys.editor, {
      method: 'POST',
      body: { content: built.body.content },
    });
    expect(created.status).toBe(201);
    const tooFew = await api<{ error: { code: string } }>('/api/v1/skills/build', a.keys.editor, {
      method: 'POST',
      body: { examples: ['one post', 'two posts'] },
    });
    expect(tooFew.body.error.code).toBe('skills.too_few_examples');
  });
});
