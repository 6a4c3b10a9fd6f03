import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleAppServices } from '../src/app/create.js';
import type { AppServices } from '../src/app/services.js';
import type { Clock } from '../src/core/clock.js';
import { silentLogger } from '../src/core/logger.js';
import { authenticate, KEY_CACHE_MS } from '../src/modules/tenancy/keys.js';
import { createTenant } from '../src/modules/tenancy/tenants.js';
import { createTestDatabase, type TestDatabase, testDialect } from './support/db.js';

let t: TestDatabase;
let app: AppServices;
let nowMs = Date.parse('2026-11-25T12:00:00.000Z');
const clock: Clock = {
  now: () => new Date(nowMs),
  nowMs: () => nowMs,
  iso: () => new Date(nowMs).toISOString(),
};

beforeAll(async () => {
  t = await createTestDatabase();
  app = await assembleAppServices(t.config, t.db, { clock, logger: silentLogger });
});
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
    // A credential that cannot be a key is refused at once; a key never checked here waits for the database.
    expect(() => authenticate(app, 'not-a-key')).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => authenticate(app, undefined)).toThrow(expect.objectContaining({ status: 401 }));
    const first = authenticate(app, adminKey.key);
    expect(first).toBeInstanceOf(Promise);
    expect(await first).toMatchObject({ kind: 'tenant', tenantId: tenant.id });
    // Checked: this process answers from its cache without waiting.
    const cached = authenticate(app, adminKey.key);
    expect(cached).not.toBeInstanceOf(Promise);
    expect(cached).toMatchObject({ tenantId: tenant.id });
    // Revoked behind this process's back (as another API process would): the cached check still holds…
    await t.db.system((tx) =>
      tx.updateTable('api_keys').set({ revoked_at: clock.iso() }).where('id', '=', adminKey.id).execute(),
    );
    nowMs += KEY_CACHE_MS - 1;
    expect(await authenticate(app, adminKey.key)).toMatchObject({ tenantId: tenant.id });
    // …until it expires; then the database says no, and this process remembers that answer for as long
    // as it trusts a good one: the next attempts are refused at once, without a database read.
    nowMs += 2;
    const expired = authenticate(app, adminKey.key);
    expect(expired).toBeInstanceOf(Promise);
    await expect(expired).rejects.toMatchObject({ status: 401 });
    expect(() => authenticate(app, adminKey.key)).toThrow(expect.objectContaining({ status: 401 }));
    nowMs += KEY_CACHE_MS;
    const askedAgain = authenticate(app, adminKey.key);
    expect(askedAgain).toBeInstanceOf(Promise);
    await expect(askedAgain).rejects.toMatchObject({ status: 401 });
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
      const first = authenticate(app, key);
      expect(first).toBeInstanceOf(Promise);
      await expect(first).rejects.toMatchObject({ status: 401 });
      expect(() => authenticate(app, key)).toThrow(expect.objectContaining({ status: 401 }));
    }
    // The good key is still answered from this process's cache.
    expect(authenticate(app, adminKey.key)).toMatchObject({ tenantId: tenant.id });
  });
});
