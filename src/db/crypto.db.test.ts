import { randomBytes } from 'node:crypto';
import { chmodSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/db.js';
import { errorOf } from '../../test/support/errors.js';
import { insertTestTenant } from '../../test/support/tenants.js';
import { loadConfig } from '../config/load.js';
import { ManualClock } from '../core/clock.js';
import type { AppError } from '../core/errors.js';
import { loadMasterKeyring, masterKeyId, readOrCreateKeyFile } from '../core/keyring.js';
import type { Db } from './connect.js';
import { createTenantCrypto, rotateMasterKey, type TenantCrypto } from './crypto.js';

let t: TestDatabase;
let db: Db;
const tenants = ['tenant_a', 'tenant_b', 'tenant_c'];

async function addTenant(id: string): Promise<void> {
  await insertTestTenant(db, id);
}

async function keyRows() {
  return db.system((tx) => tx.selectFrom('tenant_keys').selectAll().orderBy('tenant_id').execute());
}

const enc = (c: TenantCrypto, tenant: string, text: string, purpose: string) =>
  db.tenant(tenant, (tx) => c.encrypt(tx, tenant, text, purpose));
const dec = (c: TenantCrypto, tenant: string, data: Buffer, purpose: string) =>
  db.tenant(tenant, (tx) => c.decryptText(tx, tenant, data, purpose));

/** A crypto service on explicit master keys (current first), without the cache so every call reads the row. */
function cryptoWith(current: Buffer, previous: Buffer[] = []) {
  return createTenantCrypto(t.config, undefined, {
    keyCacheTtlMs: 0,
    keyring: loadMasterKeyring({
      masterKey: current,
      masterKeyFile: '/unused',
      previousMasterKeys: previous,
    }),
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  db = t.db;
  for (const id of tenants) await addTenant(id);
});

afterAll(async () => {
  await t.cleanup();
});

describe('tenant envelope encryption', () => {
  let crypto: TenantCrypto;
  beforeAll(async () => {
    crypto = await createTenantCrypto(t.config);
  });

  it('creates the key file with mode 0600 on first use, and reuses it', async () => {
    const file = t.config.security.masterKeyFile;
    expect(path.dirname(file)).toBe(t.dataDir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = readOrCreateKeyFile(file);
    expect(masterKeyId(again)).toBe(loadMasterKeyring(t.config.security).current.id);
  });

  it('round-trips text and bytes, with a fresh nonce every time', async () => {
    const a = await enc(crypto, 'tenant_a', 'oauth-token-123', 'publishing.oauth_token');
    const b = await enc(crypto, 'tenant_a', 'oauth-token-123', 'publishing.oauth_token');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('oauth-token-123'))).toBe(false);
    expect(a[0]).toBe(1);
    expect(await dec(crypto, 'tenant_a', a, 'publishing.oauth_token')).toBe('oauth-token-123');
    const bytes = randomBytes(100);
    const sealed = await db.tenant('tenant_a', (tx) => crypto.encrypt(tx, 'tenant_a', bytes, 'media.blob'));
    const opened = await db.tenant('tenant_a', (tx) => crypto.decrypt(tx, 'tenant_a', sealed, 'media.blob'));
    expect(opened.equals(bytes)).toBe(true);
    const rows = await keyRows();
    expect(rows.filter((r) => r.tenant_id === 'tenant_a')).toHaveLength(1);
  });

  it('refuses a ciphertext moved to another tenant or another field', async () => {
    const secret = await enc(crypto, 'tenant_a', 'api-key-of-a', 'ai.provider_key');
    await enc(crypto, 'tenant_b', 'something of b', 'ai.provider_key');
    const otherTenant = await errorOf(dec(crypto, 'tenant_b', secret, 'ai.provider_key'));
    expect(otherTenant.code).toBe('crypto.decrypt_failed');
    const otherField = await errorOf(dec(crypto, 'tenant_a', secret, 'publishing.oauth_token'));
    expect(otherField.code).toBe('crypto.decrypt_failed');
    expect(otherField.message).toContain('another tenant or purpose');
  });

  it('refuses a ciphertext that was altered anywhere', async () => {
    const secret = await enc(crypto, 'tenant_a', 'a longer secret value', 'x.y');
    for (const index of [5, 20, secret.length - 1]) {
      const altered = Buffer.from(secret);
      altered[index] = (altered[index] ?? 0) ^ 0x01;
      expect((await errorOf(dec(crypto, 'tenant_a', altered, 'x.y'))).code).toBe('crypto.decrypt_failed');
    }
    const wrongVersion = Buffer.from(secret);
    wrongVersion[0] = 9;
    expect((await errorOf(dec(crypto, 'tenant_a', wrongVersion, 'x.y'))).code).toBe(
      'crypto.unsupported_format',
    );
    expect((await errorOf(dec(crypto, 'tenant_a', secret.subarray(0, 10), 'x.y'))).code).toBe(
      'crypto.unsupported_format',
    );
  });

  it('never keeps a data key whose transaction rolled back', async () => {
    const cached = await createTenantCrypto(t.config);
    await db
      .tenant('tenant_c', async (tx) => {
        await cached.encrypt(tx, 'tenant_c', 'lost', 'x.y');
        throw new Error('roll back');
      })
      .catch(() => {});
    expect((await keyRows()).some((r) => r.tenant_id === 'tenant_c')).toBe(false);
    const kept = await enc(cached, 'tenant_c', 'kept', 'x.y');
    // A separate instance has no cache: it can only decrypt with the key that was stored.
    const fresh = await createTenantCrypto(t.config);
    expect(await dec(fresh, 'tenant_c', kept, 'x.y')).toBe('kept');
  });
});

describe('master keys', () => {
  it('refuses a key file that group or others can read, saying how to fix it', () => {
    const file = path.join(t.dataDir, 'loose.key');
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`);
    chmodSync(file, 0o644);
    const error = (() => {
      try {
        readOrCreateKeyFile(file);
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(error?.code).toBe('crypto.key_file_insecure');
    expect(error?.message).toContain(`chmod 600 ${file}`);
    chmodSync(file, 0o600);
    expect(readOrCreateKeyFile(file)).toHaveLength(32);
    writeFileSync(file, 'not a key');
    expect(() => readOrCreateKeyFile(file)).toThrow(/64 hex characters/);
  });

  it('gives a clear typed error when started with the wrong master key', async () => {
    const original = await createTenantCrypto(t.config);
    const secret = await enc(original, 'tenant_a', 'value', 'x.y');
    const wrong = await cryptoWith(randomBytes(32));
    const error = await errorOf(dec(wrong, 'tenant_a', secret, 'x.y'));
    expect(error.code).toBe('crypto.master_key_mismatch');
    expect(error.message).toContain(loadMasterKeyring(t.config.security).current.id);
    expect(error.message).toContain('MASTER_KEY_PREVIOUS');
    // Encrypting for a tenant whose key it cannot unwrap fails the same way instead of making a new key.
    expect((await errorOf(enc(wrong, 'tenant_a', 'v', 'x.y'))).code).toBe('crypto.master_key_mismatch');
  });

  it('rotation re-wraps every data key; old ciphertexts still decrypt with the new key alone', async () => {
    const oldKey = loadMasterKeyring(t.config.security).current.key;
    const newKey = randomBytes(32);
    const before = await createTenantCrypto(t.config);
    const secrets = new Map<string, Buffer>();
    for (const id of tenants) secrets.set(id, await enc(before, id, `secret of ${id}`, 'x.y'));
    const rowsBefore = await keyRows();
    expect(rowsBefore.map((r) => r.master_key_id)).toEqual(tenants.map(() => masterKeyId(oldKey)));

    // Mid-rotation: processes run with the new key and the old one as previous; both kinds of row work.
    const during = await cryptoWith(newKey, [oldKey]);
    expect(await dec(during, 'tenant_b', secrets.get('tenant_b')!, 'x.y')).toBe('secret of tenant_b');

    const clock = new ManualClock('2026-11-25T12:00:00.000Z');
    const config = loadConfig({
      env: {
        DATA_DIR: t.dataDir,
        DATABASE_URL: t.url,
        MASTER_KEY: newKey.toString('base64'),
        MASTER_KEY_PREVIOUS: oldKey.toString('hex'),
      },
      cwd: t.dataDir,
    });
    const result = await rotateMasterKey(db, config, { clock });
    expect(result).toEqual({
      total: 3,
      rewrapped: 3,
      alreadyCurrent: 0,
      unreadable: [],
      masterKeyId: masterKeyId(newKey),
    });
    const rowsAfter = await keyRows();
    for (const [i, row] of rowsAfter.entries()) {
      expect(row.master_key_id).toBe(masterKeyId(newKey));
      expect(row.rotated_at).toBe('2026-11-25T12:00:00.000Z');
      expect(Buffer.from(row.wrapped_key).equals(Buffer.from(rowsBefore[i]!.wrapped_key))).toBe(false);
    }

    const after = await cryptoWith(newKey);
    for (const id of tenants) expect(await dec(after, id, secrets.get(id)!, 'x.y')).toBe(`secret of ${id}`);
    const stale = await cryptoWith(oldKey);
    expect((await errorOf(dec(stale, 'tenant_a', secrets.get('tenant_a')!, 'x.y'))).code).toBe(
      'crypto.master_key_mismatch',
    );

    // Running it again changes nothing; a key it was not given is reported, not touched.
    expect(await rotateMasterKey(db, config, { clock })).toMatchObject({ rewrapped: 0, alreadyCurrent: 3 });
    const third = randomBytes(32);
    const forgot = await rotateMasterKey(db, config, {
      keyring: loadMasterKeyring({ masterKey: third, masterKeyFile: '/unused' }),
    });
    expect(forgot.rewrapped).toBe(0);
    expect(forgot.unreadable).toEqual(
      tenants.map((tenantId) => ({ tenantId, masterKeyId: masterKeyId(newKey) })),
    );
    expect((await keyRows()).every((r) => r.master_key_id === masterKeyId(newKey))).toBe(true);
  });

  it('reads MASTER_KEY_PREVIOUS and refuses a malformed one by name', () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const config = loadConfig({
      env: { DATA_DIR: t.dataDir, MASTER_KEY_PREVIOUS: `${k1.toString('hex')}, ${k2.toString('base64')}` },
      cwd: t.dataDir,
    });
    expect(config.security.previousMasterKeys?.map((k) => k.toString('hex'))).toEqual([
      k1.toString('hex'),
      k2.toString('hex'),
    ]);
    expect(() =>
      loadConfig({ env: { DATA_DIR: t.dataDir, MASTER_KEY_PREVIOUS: 'abc' }, cwd: t.dataDir }),
    ).toThrow(/MASTER_KEY_PREVIOUS: key 1 is not 32 bytes/);
  });
});
