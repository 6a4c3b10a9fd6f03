/**
 * Envelope encryption of tenant secrets (OAuth tokens, provider keys, private brand data).
 *
 * Each tenant has its own 256-bit data key, stored in `tenant_keys` wrapped (AES-256-GCM) by the master
 * key; values are encrypted with the data key (AES-256-GCM, random 96-bit nonce). The tenant id and a
 * `purpose` (e.g. `publishing.oauth_token`) are bound as associated data, so a ciphertext copied to
 * another tenant or another field fails to decrypt instead of yielding someone else's secret.
 *
 * Formats (version byte first, so a later format can be read beside this one):
 *   ciphertext  = 0x01 | nonce(12) | tag(16) | encrypted bytes
 *   wrapped key = 0x01 | nonce(12) | tag(16) | encrypted data key(32)
 *
 * Rotating the master key re-wraps the data keys only; encrypted values are never touched.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Config } from '../config/load.js';
import { type Clock, systemClock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import {
  loadMasterKeyring,
  type MasterKey,
  type MasterKeyring,
  type MasterKeySettings,
} from '../core/keyring.js';
import type { Logger } from '../core/logger.js';
import { afterCommit, type Db, type Executor } from './connect.js';

export interface TenantCrypto {
  /** Encrypts with the tenant's data key (created on first use, inside `db`'s transaction). `purpose` is bound as associated data. */
  encrypt(db: Executor, tenantId: string, plaintext: Buffer | string, purpose: string): Promise<Buffer>;
  decrypt(db: Executor, tenantId: string, ciphertext: Buffer, purpose: string): Promise<Buffer>;
  decryptText(db: Executor, tenantId: string, ciphertext: Buffer, purpose: string): Promise<string>;
}

export interface TenantCryptoOptions {
  clock?: Clock;
  /** How long an unwrapped data key stays in memory; default 5 minutes. 0 disables the cache. */
  keyCacheTtlMs?: number;
  /** Use this keyring instead of loading one from the config. */
  keyring?: MasterKeyring;
}

const VERSION = 0x01;
const NONCE = 12;
const TAG = 16;
const HEADER = 1 + NONCE + TAG;
const DATA_KEY_BYTES = 32;

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
}

/** Opens a sealed buffer; undefined when it was altered or sealed with another key or context. */
function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | undefined {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 1 + NONCE));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(1 + NONCE, HEADER));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]);
  } catch {
    return undefined;
  }
}

// JSON keeps the two fields unambiguous whatever characters they contain.
const valueAad = (tenantId: string, purpose: string) =>
  Buffer.from(`dify-agent/value/v1${JSON.stringify([tenantId, purpose])}`);
const keyAad = (tenantId: string) => Buffer.from(`dify-agent/tenant-key/v1${JSON.stringify([tenantId])}`);

function checkFormat(sealed: Buffer, what: string): void {
  if (sealed.length < HEADER || sealed[0] !== VERSION) {
    throw new AppError(
      'crypto.unsupported_format',
      500,
      `${what} is not in a format this version can read (version byte ${sealed[0] ?? 'missing'})`,
    );
  }
}

function wrapDataKey(master: MasterKey, tenantId: string, dataKey: Buffer): Buffer {
  return seal(master.key, dataKey, keyAad(tenantId));
}

function unwrapDataKey(
  keyring: MasterKeyring,
  row: { tenant_id: string; wrapped_key: Buffer | Uint8Array; master_key_id: string },
): Buffer {
  const master = keyring.find(row.master_key_id);
  if (!master) {
    const known = [keyring.current, ...keyring.previous].map((k) => k.id).join(', ');
    throw new AppError(
      'crypto.master_key_mismatch',
      500,
      `the data key of tenant ${row.tenant_id} was wrapped by master key ${row.master_key_id}, but the configured key is ${known} (from ${keyring.source}); start with the master key that was in use before, or during a rotation set MASTER_KEY_PREVIOUS to the old key`,
      { tenantId: row.tenant_id, wrappedBy: row.master_key_id, configured: known },
    );
  }
  const wrapped = Buffer.from(row.wrapped_key);
  checkFormat(wrapped, `the wrapped data key of tenant ${row.tenant_id}`);
  const key = open(master.key, wrapped, keyAad(row.tenant_id));
  if (!key || key.length !== DATA_KEY_BYTES) {
    throw new AppError(
      'crypto.key_unwrap_failed',
      500,
      `the data key of tenant ${row.tenant_id} cannot be unwrapped with master key ${master.id}: the stored key was altered or belongs to another tenant`,
      { tenantId: row.tenant_id },
    );
  }
  return key;
}

async function readKeyRow(db: Executor, tenantId: string) {
  return db
    .selectFrom('tenant_keys')
    .select(['tenant_id', 'wrapped_key', 'master_key_id'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

/** Loads the master keyring from the config and returns the tenant encryption service. */
export async function createTenantCrypto(
  config: Config,
  logger?: Logger,
  options: TenantCryptoOptions = {},
): Promise<TenantCrypto> {
  const keyring = options.keyring ?? loadMasterKeyring(config.security as MasterKeySettings, logger);
  const clock = options.clock ?? systemClock;
  const ttl = options.keyCacheTtlMs ?? 5 * 60_000;
  const cache = new Map<string, { key: Buffer; expires: number }>();
  const MAX_CACHED = 1000;

  function remember(tenantId: string, key: Buffer): void {
    if (ttl <= 0) return;
    if (cache.size >= MAX_CACHED) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(tenantId, { key, expires: clock.nowMs() + ttl });
  }

  function cached(tenantId: string): Buffer | undefined {
    const hit = cache.get(tenantId);
    if (!hit) return undefined;
    if (hit.expires <= clock.nowMs()) {
      cache.delete(tenantId);
      return undefined;
    }
    return hit.key;
  }

  async function dataKey(db: Executor, tenantId: string, create: boolean): Promise<Buffer> {
    const hit = cached(tenantId);
    if (hit) return hit;
    let row = await readKeyRow(db, tenantId);
    if (!row && create) {
      const fresh = randomBytes(DATA_KEY_BYTES);
      try {
        await db
          .insertInto('tenant_keys')
          .values({
            tenant_id: tenantId,
            wrapped_key: wrapDataKey(keyring.current, tenantId, fresh),
            master_key_id: keyring.current.id,
            created_at: clock.iso(),
            rotated_at: null,
          })
          // Two first uses at once: the first insert wins and both use its key.
          .onConflict((oc) => oc.column('tenant_id').doNothing())
          .execute();
      } catch (error) {
        throw new AppError(
          'crypto.key_store_failed',
          500,
          `cannot store the data key of tenant ${tenantId}: ${(error as Error).message}; pass a transaction opened with db.tenant("${tenantId}", …) to encrypt()`,
          { tenantId },
          { cause: error },
        );
      }
      row = await readKeyRow(db, tenantId);
    }
    if (!row) {
      throw new AppError(
        'crypto.no_tenant_key',
        500,
        `tenant ${tenantId} has no data key, so this value cannot be decrypted (was it encrypted for another tenant, or the key row deleted?)`,
        { tenantId },
      );
    }
    const key = unwrapDataKey(keyring, row);
    // Cached only once the transaction that may have created the key has committed: a rolled-back
    // key must never encrypt anything.
    afterCommit(db, () => remember(tenantId, key));
    return key;
  }

  async function decrypt(
    db: Executor,
    tenantId: string,
    ciphertext: Buffer,
    purpose: string,
  ): Promise<Buffer> {
    const sealed = Buffer.from(ciphertext);
    checkFormat(sealed, 'the ciphertext');
    const key = await dataKey(db, tenantId, false);
    const plain = open(key, sealed, valueAad(tenantId, purpose));
    if (!plain) {
      throw new AppError(
        'crypto.decrypt_failed',
        500,
        `cannot decrypt this ${purpose} value for tenant ${tenantId}: it was encrypted for another tenant or purpose, or it was altered`,
        { tenantId, purpose },
      );
    }
    return plain;
  }

  return {
    async encrypt(db, tenantId, plaintext, purpose) {
      const key = await dataKey(db, tenantId, true);
      const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      return seal(key, bytes, valueAad(tenantId, purpose));
    },
    decrypt,
    async decryptText(db, tenantId, ciphertext, purpose) {
      return (await decrypt(db, tenantId, ciphertext, purpose)).toString('utf8');
    },
  };
}

export interface RotationResult {
  /** Data keys looked at. */
  total: number;
  /** Re-wrapped from a previous master key to the current one. */
  rewrapped: number;
  /** Already wrapped by the current master key. */
  alreadyCurrent: number;
  /** Wrapped by a master key that is neither current nor listed as previous: left untouched. */
  unreadable: Array<{ tenantId: string; masterKeyId: string }>;
  /** The master key everything readable is now wrapped by. */
  masterKeyId: string;
}

export interface RotationOptions {
  clock?: Clock;
  logger?: Logger;
  /** Use this keyring instead of loading one from the config. */
  keyring?: MasterKeyring;
}

/**
 * Re-wraps every tenant's data key with the current master key (MASTER_KEY), unwrapping with the
 * previous ones (MASTER_KEY_PREVIOUS). Encrypted values are not touched: the data keys stay the same.
 * Runs in one transaction, so a failure leaves every row as it was. Safe to run again: rows already on
 * the current key are counted, not rewritten.
 */
export async function rotateMasterKey(
  db: Db,
  config: Config,
  options: RotationOptions = {},
): Promise<RotationResult> {
  const keyring = options.keyring ?? loadMasterKeyring(config.security as MasterKeySettings, options.logger);
  const clock = options.clock ?? systemClock;
  const result: RotationResult = {
    total: 0,
    rewrapped: 0,
    alreadyCurrent: 0,
    unreadable: [],
    masterKeyId: keyring.current.id,
  };
  await db.system(async (tx) => {
    const rows = await tx
      .selectFrom('tenant_keys')
      .select(['tenant_id', 'wrapped_key', 'master_key_id'])
      .orderBy('tenant_id')
      .execute();
    for (const row of rows) {
      result.total++;
      if (row.master_key_id === keyring.current.id) {
        result.alreadyCurrent++;
        continue;
      }
      if (!keyring.find(row.master_key_id)) {
        result.unreadable.push({ tenantId: row.tenant_id, masterKeyId: row.master_key_id });
        continue;
      }
      const dataKey = unwrapDataKey(keyring, row);
      await tx
        .updateTable('tenant_keys')
        .set({
          wrapped_key: wrapDataKey(keyring.current, row.tenant_id, dataKey),
          master_key_id: keyring.current.id,
          rotated_at: clock.iso(),
        })
        .where('tenant_id', '=', row.tenant_id)
        .where('master_key_id', '=', row.master_key_id)
        .execute();
      result.rewrapped++;
    }
  });
  options.logger?.info(
    { ...result, unreadable: result.unreadable.length },
    'master key rotation: data keys re-wrapped',
  );
  if (result.unreadable.length > 0) {
    options.logger?.warn(
      { unreadable: result.unreadable },
      'some data keys are wrapped by a master key that was not supplied; add it to MASTER_KEY_PREVIOUS and run the rotation again',
    );
  }
  return result;
}
