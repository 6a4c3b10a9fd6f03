import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialect } from '../../test/support/db.js';
import { insertTestTenant } from '../../test/support/tenants.js';
import { afterCommit } from './connect.js';
import { writeJson } from './dialect.js';
import { appliedMigrations } from './migration.js';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.cleanup();
});

const now = '2026-01-01T00:00:00.000Z';
async function addTenant(id: string) {
  await insertTestTenant(t.db, id);
}

describe(`database (${testDialect})`, () => {
  it('applies every migration once and records it', async () => {
    const names = await appliedMigrations(t.db.kysely as never, t.db.dialect);
    expect(names[0]).toBe('0001_core');
  });

  it('round-trips JSON and rolls back a failed transaction completely', async () => {
    await addTenant('t_json');
    await expect(
      t.db.tenant('t_json', async (tx) => {
        await tx
          .insertInto('settings')
          .values({ tenant_id: 't_json', key: 'a', value: writeJson({ x: [1, 'two'] }), updated_at: now })
          .execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const rows = await t.db.read('t_json', (db) => db.selectFrom('settings').selectAll().execute());
    expect(rows).toHaveLength(0);
    await t.db.tenant('t_json', (tx) =>
      tx
        .insertInto('settings')
        .values({ tenant_id: 't_json', key: 'a', value: writeJson({ x: [1, 'two'] }), updated_at: now })
        .execute(),
    );
    const row = await t.db.read('t_json', (db) =>
      db.selectFrom('settings').selectAll().executeTakeFirstOrThrow(),
    );
    expect(JSON.parse(row.value)).toEqual({ x: [1, 'two'] });
  });

  it('runs after-commit hooks only when the transaction commits', async () => {
    await addTenant('t_hooks');
    const ran: string[] = [];
    await t.db.tenant('t_hooks', async (tx) => {
      afterCommit(tx, () => {
        ran.push('committed');
      });
    });
    await t.db
      .tenant('t_hooks', async (tx) => {
        afterCommit(tx, () => {
          ran.push('rolled back');
        });
        throw new Error('no');
      })
      .catch(() => {});
    expect(ran).toEqual(['committed']);
  });

  it('enforces foreign keys', async () => {
    await expect(
      t.db.system((tx) =>
        tx
          .insertInto('settings')
          .values({ tenant_id: 'missing', key: 'k', value: '{}', updated_at: now })
          .execute(),
      ),
    ).rejects.toThrow();
  });
});

describe.runIf(testDialect === 'postgres')('row-level security (postgres)', () => {
  it('shows a tenant transaction only its own rows, even without a WHERE clause', async () => {
    await addTenant('t_a');
    await addTenant('t_b');
    for (const id of ['t_a', 't_b']) {
      await t.db.tenant(id, (tx) =>
        tx.insertInto('settings').values({ tenant_id: id, key: 'k', value: '{}', updated_at: now }).execute(),
      );
    }
    const seenByA = await t.db.read('t_a', (db) => db.selectFrom('settings').select('tenant_id').execute());
    expect(new Set(seenByA.map((r) => r.tenant_id))).toEqual(new Set(['t_a']));
    const tenantsSeenByA = await t.db.read('t_a', (db) => db.selectFrom('tenants').select('id').execute());
    expect(tenantsSeenByA.map((r) => r.id)).toEqual(['t_a']);
  });

  it("refuses to write another tenant's row from a tenant transaction", async () => {
    await expect(
      t.db.tenant('t_a', (tx) =>
        tx
          .insertInto('settings')
          .values({ tenant_id: 't_b', key: 'evil', value: '{}', updated_at: now })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('sees nothing outside a scoped transaction, even though the app connects as a superuser', async () => {
    const rows = await t.db.kysely.selectFrom('settings').selectAll().execute();
    expect(rows).toHaveLength(0);
    const role = await sql<{ current_user: string }>`SELECT current_user`.execute(t.db.kysely);
    expect(role.rows[0]?.current_user).toBe('dify_agent_app');
  });
});
