import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJson } from '../src/db/dialect.js';
import { countTenantRows, tenantTables } from '../src/modules/tenancy/data.js';
import { createTestApp, type TestApp } from './support/app.js';
import { type CliServer, runCli, serveForCli } from './support/cli.js';
import { testDialect } from './support/db.js';
import { addTestPage } from './support/knowledge.js';

let t: TestApp;
let server: CliServer;

// The CLI commands of this file go to a server running for the test's data directory, as they do for a
// person with `dify-agent start` running: the local operator through the server, tenant keys over REST.
beforeAll(async () => {
  t = await createTestApp();
  server = await serveForCli(t);
});
afterAll(async () => {
  await server.close();
  await t.cleanup();
});

async function api<T = Record<string, unknown>>(
  p: string,
  key: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const res = await t.request(p, {
    method: init.method ?? 'GET',
    key,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const cli = (args: string[], env: Record<string, string> = {}) => runCli(t.t, args, env);

async function allTableNames(): Promise<string[]> {
  return (await t.app.db.kysely.introspection.getTables()).map((x) => x.name).sort();
}

describe(`tenancy (${testDialect})`, () => {
  it('creates a tenant from the CLI and prints its first admin key once', async () => {
    const created = await cli([
      'tenant',
      'create',
      '--name',
      'Next Day Steel',
      '--time-zone',
      'Europe/London',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const out = JSON.parse(created.stdout) as {
      tenant: { slug: string; timeZone: string };
      adminKey: { key: string };
    };
    expect(out.tenant).toMatchObject({ slug: 'next-day-steel', timeZone: 'Europe/London' });
    expect(out.adminKey.key).toMatch(/^da_[0-9A-Za-z]{40}$/);
    const env = { DIFY_AGENT_API_KEY: out.adminKey.key };

    const made = await cli(['keys', 'create', '--name', 'CI', '--role', 'viewer', '--json'], env);
    expect(made.code, made.stderr).toBe(0);
    const key = JSON.parse(made.stdout) as { id: string; key: string; role: string };
    expect(key.role).toBe('viewer');

    const listed = await cli(['keys', 'list', '--json'], env);
    const keys = (JSON.parse(listed.stdout) as { keys: Record<string, unknown>[] }).keys;
    expect(keys.map((k) => k.id)).toContain(key.id);
    expect(JSON.stringify(keys)).not.toContain(key.key); // secrets are never listed

    expect((await cli(['keys', 'revoke', key.id, '--json'], env)).code).toBe(0);
    const useRevoked = await cli(['tenant', 'get'], { DIFY_AGENT_API_KEY: key.key });
    expect(useRevoked.code).toBe(3);
    expect(useRevoked.stderr).toContain('auth.unauthorized');

    const again = await cli(['tenant', 'create', '--name', 'Next Day Steel', '--json']);
    expect(JSON.parse(again.stdout).tenant.slug).toBe('next-day-steel-2');
    const bad = await cli(['tenant', 'create', '--name', 'X', '--time-zone', 'Mars/Base']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('timeZone: must be an IANA time zone');
  }, 60_000);

  it('rotates a key with a grace period and without one', async () => {
    const a = await t.tenant('Rotate Co');
    const k = await api<{ id: string; key: string }>('/api/v1/keys', a.keys.admin, {
      method: 'POST',
      body: { name: 'deploy', role: 'editor' },
    });
    const graceful = await api<{ key: string }>(`/api/v1/keys/${k.body.id}/rotate`, a.keys.admin, {
      method: 'POST',
      body: { graceSeconds: 3600 },
    });
    expect(graceful.status).toBe(201);
    expect((await api('/api/v1/tenant', k.body.key)).status).toBe(200); // still valid during grace
    expect((await api('/api/v1/tenant', graceful.body.key)).status).toBe(200);

    const list = await api<{ keys: { id: string; replacedBy: string | null }[] }>(
      '/api/v1/keys',
      a.keys.admin,
    );
    const newId = list.body.keys.find((x) => x.id === k.body.id)?.replacedBy as string;
    const hard = await api<{ key: string }>(`/api/v1/keys/${newId}/rotate`, a.keys.admin, {
      method: 'POST',
      body: {},
    });
    expect((await api('/api/v1/tenant', graceful.body.key)).status).toBe(401);
    expect((await api('/api/v1/tenant', hard.body.key)).status).toBe(200);
  });

  it('refuses expired keys, keys beyond the creator role, and calls outside a key scope', async () => {
    const a = await t.tenant('Scope Co');
    const past = await api('/api/v1/keys', a.keys.admin, {
      method: 'POST',
      body: { name: 'old', expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
    const soon = new Date(Date.now() + 1500).toISOString();
    const expiring = await api<{ key: string }>('/api/v1/keys', a.keys.admin, {
      method: 'POST',
      body: { name: 'soon', expiresAt: soon },
    });
    expect((await api('/api/v1/tenant', expiring.body.key)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await api('/api/v1/tenant', expiring.body.key)).status).toBe(401);

    const editor = await api<{ key: string }>('/api/v1/keys', a.keys.admin, {
      method: 'POST',
      body: { name: 'ed', role: 'editor' },
    });
    const scoped = await api<{ key: string }>('/api/v1/keys', a.keys.admin, {
      method: 'POST',
      body: { name: 'reader', role: 'admin', scopes: ['keys.*'] },
    });
    expect((await api('/api/v1/keys', scoped.body.key)).status).toBe(200);
    const outside = await api<{ error: { code: string } }>('/api/v1/members', scoped.body.key);
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('auth.scope');
    // An editor cannot mint keys at all (admin only), so it cannot escalate.
    expect(
      (await api('/api/v1/keys', editor.body.key, { method: 'POST', body: { name: 'x', role: 'admin' } }))
        .status,
    ).toBe(403);
  });

  it('keeps one admin, revokes keys of removed members, and enforces the key quota', async () => {
    const a = await t.tenant('Members Co');
    const m = await api<{ userId: string }>('/api/v1/members', a.keys.admin, {
      method: 'POST',
      body: { email: 'Sam@Example.com', name: 'Sam', role: 'admin' },
    });
    expect(m.status).toBe(201);
    const dup = await api('/api/v1/members', a.keys.admin, {
      method: 'POST',
      body: { email: 'sam@example.com', role: 'viewer' },
    });
    expect(dup.status).toBe(409);
    const lastAdmin = await api<{ error: { code: string } }>(
      `/api/v1/members/${m.body.userId}/role`,
      a.keys.admin,
      {
        method: 'PUT',
        body: { role: 'viewer' },
      },
    );
    expect(lastAdmin.body.error.code).toBe('members.last_admin');

    const other = await api<{ userId: string }>('/api/v1/members', a.keys.admin, {
      method: 'POST',
      body: { email: 'kim@example.com', role: 'editor' },
    });
    const kimKey = await api<{ key: string }>('/api/v1/keys', a.keys.admin, {
      method: 'POST',
      body: { name: 'kim', role: 'editor', userId: other.body.userId },
    });
    const tooHigh = await api('/api/v1/keys', a.keys.admin, {
      method: 'POST',
      body: { name: 'kim2', role: 'admin', userId: other.body.userId },
    });
    expect(tooHigh.status).toBe(403);
    expect((await api('/api/v1/tenant', kimKey.body.key)).status).toBe(200);
    expect(
      (await api(`/api/v1/members/${other.body.userId}`, a.keys.admin, { method: 'DELETE' })).status,
    ).toBe(200);
    expect((await api('/api/v1/tenant', kimKey.body.key)).status).toBe(401);

    await api(`/api/v1/tenants/${a.slug}/limits`, t.operatorKey, {
      method: 'PUT',
      body: { overrides: { quotas: { apiKeys: 5 } } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await api('/api/v1/keys', a.keys.admin, { method: 'POST', body: { name: `q${i}` } })).status,
      );
    }
    // 3 keys from t.tenant() + kim's (revoked) → room for 2 more.
    expect(statuses).toEqual([201, 201, 403]);
  });

  it('audits every change with actor, request id and outcome, including refusals', async () => {
    const a = await t.tenant('Audit Co');
    await t.request('/api/v1/tenant', {
      method: 'PATCH',
      key: a.keys.admin,
      headers: { 'X-Request-Id': 'req-audit-1' },
      body: JSON.stringify({ name: 'Audit Company' }),
    });
    await api('/api/v1/keys', a.keys.editor, { method: 'POST', body: { name: 'sneaky' } });
    await api('/api/v1/tenant', a.keys.viewer); // reads are not audited
    const log = await api<{ entries: Record<string, unknown>[] }>('/api/v1/audit', a.keys.admin);
    const ops = log.body.entries.map((e) => [e.operation, e.outcome]);
    expect(ops).toContainEqual(['tenant.update', 'success']);
    expect(ops).toContainEqual(['keys.create', 'denied']);
    expect(ops.some(([o]) => o === 'tenant.get')).toBe(false);
    const update = log.body.entries.find((e) => e.operation === 'tenant.update');
    expect(update).toMatchObject({ requestId: 'req-audit-1', actorType: 'api_key' });
  });

  it('writes the export to one compressed file from the CLI', async () => {
    const a = await t.tenant('Archive Co');
    const file = path.join(t.t.dataDir, 'archive-co.json.gz');
    const r = await cli(['tenant', 'export', '--out', file, '--json'], { DIFY_AGENT_API_KEY: a.keys.admin });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows.api_keys).toBe(3);
    const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { tenant: { id: string } };
    expect(doc.tenant.id).toBe(a.id);
    expect(statSync(file).mode & 0o077).toBe(0);
  }, 60_000);

  it('exports everything the tenant owns and nothing of anyone else', async () => {
    const a = await t.tenant('Export Co');
    const b = await t.tenant('Other Co');
    await api('/api/v1/members', a.keys.admin, {
      method: 'POST',
      body: { email: 'ex@example.com', role: 'viewer' },
    });
    const out = await api<{ tenant: { id: string }; tables: Record<string, Record<string, unknown>[]> }>(
      '/api/v1/tenant/export',
      a.keys.admin,
    );
    expect(out.status).toBe(200);
    expect(out.body.tenant.id).toBe(a.id);
    expect(out.body.tables.api_keys?.length).toBe(3);
    expect(out.body.tables.memberships?.length).toBe(1);
    expect(out.body.tables.api_keys?.some((k) => 'hash' in k)).toBe(false);
    expect(JSON.stringify(out.body)).not.toContain(b.id);
  });

  it("exports every module's data: its rows in every tenant table, and each module's readable section", async () => {
    const a = await t.tenant('Every Module Co');
    // Knowledge: a stored, indexed page and the entries extracted from it.
    const pageId = await addTestPage(t.app, a.id, {
      url: 'https://every.example/delivery',
      title: 'Delivery',
      markdown:
        '# Delivery\n\nWe deliver steel beams next day. Delivery costs £45 per order within 50 miles.',
    });
    const extracted = await api(`/api/v1/knowledge/pages/${pageId}/extract`, a.keys.editor, {
      method: 'POST',
      body: {},
    });
    expect(extracted.status).toBe(200);
    // Voice: a learned profile, stored encrypted.
    const learned = await api('/api/v1/voice/learn', a.keys.editor, {
      method: 'POST',
      body: { examples: readFileSync('fixtures/voice/bakery.jsonl', 'utf8'), format: 'jsonl' },
    });
    expect(learned.status).toBe(201);
    // Jobs: one queued for the tenant.
    await api('/api/v1/knowledge/reindex', a.keys.editor, { method: 'POST', body: { mode: 'embeddings' } });

    const out = await api<{
      tables: Record<string, Record<string, unknown>[]>;
      sections: Record<string, unknown>;
    }>('/api/v1/tenant/export', a.keys.admin);
    expect(out.status).toBe(200);
    const { tables, sections } = out.body;
    for (const table of [
      'tenants',
      'api_keys',
      'audit_log',
      'knowledge_pages',
      'knowledge_index_chunks',
      'knowledge_page_extractions',
      'voice_profiles',
      'voice_profile_versions',
      'jobs',
    ]) {
      expect(tables[table]?.length ?? 0, `rows of ${table}`).toBeGreaterThan(0);
    }
    // Every table with a tenant_id column is in the export, even one this test left empty.
    const everyTable = await tenantTables(t.app.db.kysely as unknown as Kysely<unknown>);
    expect(Object.keys(tables).sort()).toEqual(everyTable.map((table) => table.name).sort());
    // The sections: the voice profile readable (its rows are ciphertext), the search index's state.
    expect(Object.keys(sections).sort()).toEqual(['knowledge', 'voice']);
    const voice = sections.voice as { summary: { examples: { posts: number } }; versions: unknown[] };
    expect(voice.summary.examples.posts).toBeGreaterThan(5);
    expect(voice.versions).toHaveLength(1);
    const index = (sections.knowledge as { index: { chunkCount: number } }).index;
    expect(index.chunkCount).toBe(tables.knowledge_index_chunks?.length);
  });

  it('erases a tenant so that no row of it is left in any table', async () => {
    const a = await t.tenant('Erase Co');
    const b = await t.tenant('Keep Co');
    const now = new Date().toISOString();
    await api('/api/v1/members', a.keys.admin, {
      method: 'POST',
      body: { email: 'gone@example.com', role: 'editor' },
    });
    await api('/api/v1/members', b.keys.admin, {
      method: 'POST',
      body: { email: 'stays@example.com', role: 'editor' },
    });
    await t.app.db.tenant(a.id, async (tx) => {
      await tx
        .insertInto('settings')
        .values({ tenant_id: a.id, key: 'k', value: writeJson(1), updated_at: now })
        .execute();
      await tx
        .insertInto('events')
        .values({
          id: `ev_${a.id}`,
          tenant_id: a.id,
          type: 't',
          subject_id: null,
          data: '{}',
          created_at: now,
        })
        .execute();
    });
    await api('/api/v1/tenant', a.keys.admin, { method: 'PATCH', body: { name: 'Erase Company' } });
    // Knowledge: a searchable page (SQLite keeps its full-text and vector tables per tenant).
    const tablesBefore = await allTableNames();
    await addTestPage(t.app, a.id, {
      id: 'page_erase',
      url: 'https://erase.example/',
      title: 'Erase',
      markdown: '# Erase\n\nWe bake sourdough every morning.',
    });
    const hits = await t.app.knowledgeIndex.search(t.app.db, a.id, 'sourdough');
    expect(hits.hits.length).toBe(1);
    const before = await countTenantRows(t.app, a.id);
    expect(Object.keys(before).sort()).toEqual(
      expect.arrayContaining(['api_keys', 'audit_log', 'events', 'memberships', 'settings', 'tenants']),
    );

    const wrong = await api('/api/v1/tenant/erase', a.keys.admin, {
      method: 'POST',
      body: { confirm: 'nope' },
    });
    expect(wrong.status).toBe(400);
    const erased = await api<{ erased: boolean }>('/api/v1/tenant/erase', a.keys.admin, {
      method: 'POST',
      body: { confirm: a.slug },
    });
    expect(erased.status).toBe(200);

    // Look in every table of the schema, not only the ones this test filled.
    const tables = await tenantTables(t.app.db.kysely as unknown as Kysely<unknown>);
    expect(tables.length).toBeGreaterThanOrEqual(8);
    expect(await countTenantRows(t.app, a.id)).toEqual({});
    // Per-tenant structures (SQLite virtual tables) are gone too: only tables of other tenants remain.
    expect(await allTableNames()).toEqual(tablesBefore);
    expect((await t.app.knowledgeIndex.search(t.app.db, a.id, 'sourdough', { noCache: true })).hits).toEqual(
      [],
    );
    const users = await t.app.db.system((tx) => tx.selectFrom('users').select('email').execute());
    expect(users.map((u) => u.email)).not.toContain('gone@example.com');
    expect(users.map((u) => u.email)).toContain('stays@example.com');
    expect((await api('/api/v1/tenant', b.keys.admin)).status).toBe(200);
    expect((await api('/api/v1/tenant', a.keys.admin)).status).toBe(401);
  });
});
