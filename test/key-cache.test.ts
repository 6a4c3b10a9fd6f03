import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleAppServices } from '../src/app/create.js';
import type { Clock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import type { Db } from '../src/db/connect.js';
import { authenticate, KEY_CACHE_MS } from '../src/modules/tenancy/keys.js';
import { createTenant } from '../src/modules/tenancy/tenants.js';
import type { AppServices } from '../src/operations/services.js';
import { createTestDatabase, type TestDatabase, testDialect } from './support/db.js';

let t: TestDatabase;
let app: AppServices;
let nowMs = Date.parse('2026-11-25T12:00:00.000Z');
const clock: Clock = {
  now: () => new Date(nowMs),
  nowMs: () => nowMs,
  iso: () => new Date(nowMs).toISOString(),
};

/** Key lookups that reached the database (the key check is the app's only cross-tenant read). */
let keyReads = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  const counted: Db = {
    ...t.db,
    systemRead: (fn) => {
      keyReads++;
      return t.db.systemRead(fn);
    },
  };
  app = await assembleAppServices(t.config, counted, { clock, logger: silentLogger });
});

/** Runs `check` and says how many key lookups it took from the database. */
async function readsOf(check: () => Promise<unknown>): Promise<number> {
  const before = keyReads;
  await check().catch(() => undefined);
  return keyReads - before;
}
afterAll(async () => {
  await app.queue.close();
  await app.fetch.close();
  await t.cleanup();
});

describe(`key check cache (${testDialect})`, () => {
  it('trusts a checked key for KEY_CACHE_MS, then asks the database again', async () => {
    const { tenant, adminKey } = await createTenant(app, {
      name: 'Cache Co',
      timeZone: 'UTC',
      locale: 'en',
      plan: 'pro',
    });
    // A credential that cannot be a key is refused without a database read.
    await expect(authenticate(app, 'not-a-key')).rejects.toMatchObject({ status: 401 });
    await expect(authenticate(app, undefined)).rejects.toMatchObject({ status: 401 });
    expect(await readsOf(() => authenticate(app, 'not-a-key'))).toBe(0);
    // A key never checked here is looked up; once checked, this process answers from its cache.
    expect(await readsOf(() => authenticate(app, adminKey.key))).toBe(1);
    expect(await authenticate(app, adminKey.key)).toMatchObject({ kind: 'tenant', tenantId: tenant.id });
    expect(await readsOf(() => authenticate(app, adminKey.key))).toBe(0);
    // Revoked behind this process's back (as another API process would): the cached check still holds…
    await t.db.system((tx) =>
      tx.updateTable('api_keys').set({ revoked_at: clock.iso() }).where('id', '=', adminKey.id).execute(),
    );
    nowMs += KEY_CACHE_MS - 1;
    expect(await authenticate(app, adminKey.key)).toMatchObject({ tenantId: tenant.id });
    // …until it expires; then the database says no, and this process remembers that answer for as long
    // as it trusts a good one: the next attempts are refused without a database read.
    nowMs += 2;
    expect(await readsOf(() => authenticate(app, adminKey.key))).toBe(1);
    await expect(authenticate(app, adminKey.key)).rejects.toMatchObject({ status: 401 });
    expect(await readsOf(() => authenticate(app, adminKey.key))).toBe(0);
    nowMs += KEY_CACHE_MS;
    expect(await readsOf(() => authenticate(app, adminKey.key))).toBe(1);
    await expect(authenticate(app, adminKey.key)).rejects.toMatchObject({ status: 401 });
    // A key that differs in one character is not a cache hit.
    const other = `${adminKey.key.slice(0, -1)}${adminKey.key.endsWith('a') ? 'b' : 'a'}`;
    await expect(authenticate(app, other)).rejects.toMatchObject({ status: 401 });
  });

  it('refuses an unknown key from memory after the first check, and keeps trusting good keys', async () => {
    const { tenant, adminKey } = await createTenant(app, {
      name: 'Flood Co',
      timeZone: 'UTC',
      locale: 'en',
      plan: 'pro',
    });
    expect(await authenticate(app, adminKey.key)).toMatchObject({ tenantId: tenant.id });
    const madeUp = Array.from({ length: 20 }, (_, i) => `da_${String(i).padStart(40, 'Z')}`);
    for (const key of madeUp) {
      expect(await readsOf(() => authenticate(app, key))).toBe(1);
      expect(await readsOf(() => authenticate(app, key))).toBe(0);
      await expect(authenticate(app, key)).rejects.toMatchObject({ status: 401 });
    }
    // The good key is still answered from this process's cache.
    expect(await readsOf(() => authenticate(app, adminKey.key))).toBe(0);
    expect(await authenticate(app, adminKey.key)).toMatchObject({ tenantId: tenant.id });
  });
});
