import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialect } from '../../test/support/db.js';
import { insertTestTenant } from '../../test/support/tenants.js';
import { appMigrations } from '../app/modules.js';
import { afterCommit, type Executor } from './connect.js';
import { writeJson } from './dialect.js';
import { appliedMigrations } from './migration.js';
import { preparedQuery } from './prepared.js';

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
    const names = await appliedMigrations(t.db.kysely as never, t.db.dialect, appMigrations());
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

describe(`prepared queries (${testDialect})`, () => {
  const setting = preparedQuery<{ tenantId: string; key: string }, { key: string; value: string }>(
    (db, param) =>
      db
        .selectFrom('settings')
        .select(['key', 'value'])
        .where('tenant_id', '=', param('tenantId'))
        .where('key', '=', param('key')),
  );
  const settingsOf = preparedQuery<{ tenantId: string }, { key: string }>((db, param) =>
    db
      .selectFrom('settings')
      .select('key')
      .where('tenant_id', '=', param('tenantId'))
      .where('key', '!=', 'hidden')
      .orderBy('key'),
  );

  it('binds new parameters on every call, keeps constants, and works on read handles and in transactions', async () => {
    for (const id of ['t_prep_a', 't_prep_b']) {
      await addTenant(id);
      await t.db.tenant(id, (tx) =>
        tx
          .insertInto('settings')
          .values(
            ['x', 'y', 'hidden'].map((key) => ({
              tenant_id: id,
              key,
              value: `"${id}:${key}"`,
              updated_at: now,
            })),
          )
          .execute(),
      );
    }
    for (const id of ['t_prep_a', 't_prep_b']) {
      expect(await t.db.read(id, (db) => setting.first(db, { tenantId: id, key: 'y' }))).toEqual({
        key: 'y',
        value: `"${id}:y"`,
      });
      expect(await t.db.read(id, (db) => settingsOf.all(db, { tenantId: id }))).toEqual([
        { key: 'x' },
        { key: 'y' },
      ]);
    }
    expect(await t.db.read('t_prep_a', (db) => setting.first(db, { tenantId: 't_prep_a', key: 'z' }))).toBe(
      undefined,
    );
    // Inside a write transaction the query sees that transaction's own uncommitted row.
    await t.db.tenant('t_prep_a', async (tx) => {
      await tx
        .insertInto('settings')
        .values({ tenant_id: 't_prep_a', key: 'z', value: '"new"', updated_at: now })
        .execute();
      expect(await setting.first(tx, { tenantId: 't_prep_a', key: 'z' })).toEqual({
        key: 'z',
        value: '"new"',
      });
    });
  });

  it('refuses a call with a missing parameter, as a rejection on both dialects', async () => {
    const failed = t.db.read('t_prep_a', (db) => setting.first(db, { tenantId: 't_prep_a' } as never));
    expect(failed).toBeInstanceOf(Promise);
    await expect(failed).rejects.toThrow(/parameter "key" is missing/);
  });
});

describe.runIf(testDialect === 'sqlite')('the SQLite read connection', () => {
  it("answers while a write transaction is open and never sees that transaction's uncommitted rows", async () => {
    await addTenant('t_iso');
    const byKey = preparedQuery<{ key: string }, { value: string }>((db, param) =>
      db
        .selectFrom('settings')
        .select('value')
        .where('tenant_id', '=', 't_iso')
        .where('key', '=', param('key')),
    );
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    let inserted: () => void = () => {};
    const wrote = new Promise<void>((r) => {
      inserted = r;
    });
    const writer = t.db.tenant('t_iso', async (tx) => {
      await tx
        .insertInto('settings')
        .values({ tenant_id: 't_iso', key: 'pending', value: '"uncommitted"', updated_at: now })
        .execute();
      inserted();
      await held;
    });
    await wrote;
    expect(await t.db.read('t_iso', (db) => byKey.first(db, { key: 'pending' }))).toBeUndefined();
    expect(
      await t.db.read('t_iso', (db) =>
        db.selectFrom('settings').select('key').where('tenant_id', '=', 't_iso').execute(),
      ),
    ).toEqual([]);
    release();
    await writer;
    expect(await t.db.read('t_iso', (db) => byKey.first(db, { key: 'pending' }))).toEqual({
      value: '"uncommitted"',
    });
  });

  it("shows another process's commit to the next read", async () => {
    await addTenant('t_other');
    const read = () =>
      t.db.read('t_other', (db) =>
        db.selectFrom('settings').select('value').where('tenant_id', '=', 't_other').execute(),
      );
    expect(await read()).toEqual([]);
    const other = new BetterSqlite3(t.config.database.sqlitePath as string);
    try {
      other
        .prepare('INSERT INTO settings (tenant_id, key, value, updated_at) VALUES (?, ?, ?, ?)')
        .run('t_other', 'k', '"elsewhere"', now);
    } finally {
      other.close();
    }
    expect(await read()).toEqual([{ value: '"elsewhere"' }]);
  });

  it('refuses writes and transactions on a read handle', async () => {
    await expect(
      t.db.read('t_iso', (db) =>
        db
          .insertInto('settings')
          .values({ tenant_id: 't_iso', key: 'w', value: '{}', updated_at: now })
          .execute(),
      ),
    ).rejects.toThrow(/readonly/i);
    await expect(t.db.read('t_iso', (db) => db.transaction().execute(async () => 1))).rejects.toThrow(
      /cannot start a transaction/,
    );
  });
});

describe(`read handles (${testDialect})`, () => {
  it('refuse writes, and leave the connection usable after a failed read', async () => {
    await addTenant('t_ro');
    await expect(
      t.db.read('t_ro', (db) =>
        db
          .insertInto('settings')
          .values({ tenant_id: 't_ro', key: 'w', value: '{}', updated_at: now })
          .execute(),
      ),
    ).rejects.toThrow(/read-?only/i);
    await expect(
      t.db.read('t_ro', async (db) => {
        await db.selectFrom('settings').selectAll().execute();
        throw new Error('caller failed');
      }),
    ).rejects.toThrow('caller failed');
    // Every pooled connection is back outside any transaction and scope.
    const mine = (db: Executor) =>
      db.selectFrom('settings').select('key').where('tenant_id', '=', 't_ro').execute();
    for (let i = 0; i < 12; i++) expect(await t.db.read('t_ro', mine)).toEqual([]);
    await t.db.tenant('t_ro', (tx) =>
      tx
        .insertInto('settings')
        .values({ tenant_id: 't_ro', key: 'ok', value: '{}', updated_at: now })
        .execute(),
    );
    expect(await t.db.read('t_ro', mine)).toEqual([{ key: 'ok' }]);
  });

  it('refuse a tenant id that is not an id', async () => {
    await expect(t.db.read("x'; DROP TABLE tenants; --", async () => 1)).rejects.toMatchObject({
      code: 'tenants.not_found',
    });
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
