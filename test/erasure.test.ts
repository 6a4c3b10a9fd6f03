import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { runCli } from './support/cli.js';
import { testDialect } from './support/db.js';
import { addTestPage } from './support/knowledge.js';

/**
 * tenant.erase (issue 17): an operator-level audit record that outlives the tenant's rows and holds no
 * tenant data, nothing of the tenant left in the SQLite files (the test reads the files' bytes), and a
 * command line that fails with one clear line.
 */

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.cleanup();
});

/** Every file SQLite keeps for the test database (the database, its WAL and shared memory). */
function databaseFiles(): string[] {
  if (testDialect !== 'sqlite') return [];
  const file = t.t.url.replace(/^sqlite:/, '');
  const base = path.basename(file);
  return readdirSync(path.dirname(file))
    .filter((name) => name.startsWith(base))
    .map((name) => path.join(path.dirname(file), name));
}

/** Which database files hold `text` (as UTF-8 bytes). */
function filesHolding(text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return databaseFiles().filter((file) => readFileSync(file).includes(needle));
}

async function api(pathname: string, key: string, init: { method?: string; body?: unknown } = {}) {
  const res = await t.request(pathname, {
    method: init.method ?? 'GET',
    key,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe(`tenant erasure (${testDialect})`, () => {
  it('leaves an operator audit record with no tenant data, and on SQLite no plaintext in any file', async () => {
    const marker = `Zqvorlith${Date.now().toString(36)}`;
    const a = await t.tenant(`${marker} Bakery`);
    const keep = await t.tenant('Keep Bakery');
    // The tenant's text in many places: its name (changed twice, so old versions linger in free pages),
    // a searchable page (full-text index), an entry, a member.
    await api('/api/v1/tenant', a.keys.admin, { method: 'PATCH', body: { name: `${marker} Ovens` } });
    await api('/api/v1/tenant', a.keys.admin, { method: 'PATCH', body: { name: `${marker} Loaves` } });
    await addTestPage(t.app, a.id, {
      id: 'page_erase_files',
      url: `https://${marker.toLowerCase()}.example/`,
      title: `${marker} sourdough`,
      markdown: `# ${marker}\n\nWe bake ${marker} sourdough every morning with rye from the mill.`,
    });
    const entry = await api('/api/v1/knowledge/entries', a.keys.admin, {
      method: 'POST',
      body: { question: `Who bakes ${marker} loaves?`, answer: `${marker} bakes them at dawn.` },
    });
    expect(entry.status).toBe(201);
    const member = await api('/api/v1/members', a.keys.admin, {
      method: 'POST',
      body: { email: `${marker.toLowerCase()}@example.com`, name: marker, role: 'viewer' },
    });
    expect(member.status).toBe(201);
    // The check can fail: before the erasure the text is in the files.
    if (testDialect === 'sqlite') expect(filesHolding(marker).length).toBeGreaterThan(0);

    const erased = await api('/api/v1/tenant/erase', a.keys.admin, {
      method: 'POST',
      body: { confirm: a.slug },
    });
    expect(erased.status).toBe(200);

    const records = await t.app.db.systemRead((db) =>
      db.selectFrom('operator_audit').selectAll().where('subject_tenant_id', '=', a.id).execute(),
    );
    expect(records).toHaveLength(1);
    const record = records[0] as (typeof records)[number];
    expect(record).toMatchObject({ operation: 'tenant.erase', outcome: 'success', actor_type: 'api_key' });
    expect(JSON.parse(record.details)).toMatchObject({
      deletedRows: expect.objectContaining({ tenants: 1 }),
    });
    // Ids, codes and counts only: not the name, the slug or anything the tenant wrote.
    const stored = JSON.stringify(record);
    expect(stored).not.toContain(marker);
    expect(stored.toLowerCase()).not.toContain(marker.toLowerCase());
    expect(stored).not.toContain(a.slug);

    // The operator reads it through the API (filtered by the erased tenant's id); a tenant key cannot.
    const listed = await api(`/api/v1/operator/audit?tenant=${a.id}`, t.operatorKey);
    expect(listed.status).toBe(200);
    expect(listed.body.entries).toEqual([
      expect.objectContaining({ id: record.id, operation: 'tenant.erase', subjectTenantId: a.id }),
    ]);
    expect((await api('/api/v1/operator/audit', keep.keys.admin)).status).toBe(403);

    // The other tenant is untouched, the erased one's key is gone.
    expect((await api('/api/v1/tenant', keep.keys.admin)).status).toBe(200);
    expect((await api('/api/v1/tenant', a.keys.admin)).status).toBe(401);

    if (testDialect === 'sqlite') {
      expect(databaseFiles().length).toBeGreaterThan(0);
      expect(filesHolding(marker)).toEqual([]);
      expect(filesHolding(marker.toLowerCase())).toEqual([]);
      expect(filesHolding(a.slug)).toEqual([]);
    }
  });

  it('the command line erases with a clear answer and fails with one line, no stack trace', async () => {
    const b = await t.tenant('Cli Erase Bakery');
    const wrong = await runCli(t.t, ['tenant', 'erase', '--confirm', 'not-the-slug', '--tenant', b.slug]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n'), wrong.stderr).toHaveLength(1);
    expect(wrong.stderr).toMatch(/confirm with its slug/);
    const done = await runCli(t.t, ['tenant', 'erase', '--confirm', b.slug, '--tenant', b.slug, '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(done.stdout)).toMatchObject({ erased: true, tenantId: b.id });
    const again = await runCli(t.t, ['tenant', 'erase', '--confirm', b.slug, '--tenant', b.slug]);
    expect(again.code).not.toBe(0);
    expect(again.stderr.trim().split('\n'), again.stderr).toHaveLength(1);
    expect(again.stderr).not.toMatch(/\n\s+at /);
  });
});
