/**
 * The master keys: the current one (from MASTER_KEY, or the key file created on first run) that wraps
 * new data keys, and previous ones (MASTER_KEY_PREVIOUS) that are still accepted for unwrapping while a
 * rotation is under way. A key is named by a fingerprint (`master_key_id` in `tenant_keys`) that
 * identifies it without revealing it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.js';
import type { Logger } from './logger.js';

export interface MasterKey {
  /** Fingerprint, e.g. `mk_3f9a…` (16 hex characters of an HMAC of the key). */
  id: string;
  key: Buffer;
}

export interface MasterKeyring {
  /** Wraps every new data key and is what rotation re-wraps to. */
  current: MasterKey;
  /** Still accepted for unwrapping (during a rotation). */
  previous: MasterKey[];
  /** Where the current key came from, for messages: "MASTER_KEY" or the key file path. */
  source: string;
  /** The key with this fingerprint, if it is the current or a previous one. */
  find(id: string): MasterKey | undefined;
}

export interface MasterKeySettings {
  masterKey?: Buffer;
  masterKeyFile: string;
  previousMasterKeys?: readonly Buffer[];
}

const KEY_BYTES = 32;

/** The fingerprint stored beside each wrapped key. One-way: it cannot be turned back into the key. */
export function masterKeyId(key: Buffer): string {
  return `mk_${createHmac('sha256', key).update('dify-agent master key id v1').digest('hex').slice(0, 16)}`;
}

function asMasterKey(key: Buffer): MasterKey {
  if (key.length !== KEY_BYTES) {
    throw new AppError('crypto.invalid_master_key', 500, `a master key must be ${KEY_BYTES} bytes`);
  }
  return { id: masterKeyId(key), key };
}

function parseKeyFile(file: string, text: string): Buffer {
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new AppError(
      'crypto.key_file_invalid',
      500,
      `${file} does not hold a master key (expected 64 hex characters); restore it from your backup, or set MASTER_KEY`,
      { file },
    );
  }
  return Buffer.from(hex, 'hex');
}

/**
 * Reads the key file, creating it (mode 0600, in a directory made 0700) with a new random key when it
 * does not exist. Creation is atomic (write aside, then hard-link into place), so two processes
 * starting at once end up with the same key. A file that group or others can read is refused.
 */
export function readOrCreateKeyFile(file: string, logger?: Logger): Buffer {
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new AppError(
        'crypto.key_file_unreadable',
        500,
        `cannot read ${file}: ${(error as Error).message}`,
        { file },
      );
    }
  }
  if (!stat) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(aside, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(aside, 0o600);
    try {
      linkSync(aside, file);
      logger?.warn(
        { file },
        'created a new master key file; back it up: without it, encrypted secrets cannot be read again',
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(aside);
    }
    stat = statSync(file);
  }
  if (process.platform !== 'win32' && (Number(stat.mode) & 0o077) !== 0) {
    const mode = (Number(stat.mode) & 0o777).toString(8).padStart(4, '0');
    throw new AppError(
      'crypto.key_file_insecure',
      500,
      `${file} can be read by other users (mode ${mode}); restrict it with "chmod 600 ${file}" and start again`,
      { file, mode },
    );
  }
  return parseKeyFile(file, readFileSync(file, 'utf8'));
}

/** Builds the keyring from the security settings: MASTER_KEY wins; otherwise the key file. */
export function loadMasterKeyring(settings: MasterKeySettings, logger?: Logger): MasterKeyring {
  const current = asMasterKey(settings.masterKey ?? readOrCreateKeyFile(settings.masterKeyFile, logger));
  const previous = (settings.previousMasterKeys ?? [])
    .map(asMasterKey)
    .filter((k, i, all) => k.id !== current.id && all.findIndex((o) => o.id === k.id) === i);
  const byId = new Map([current, ...previous].map((k) => [k.id, k]));
  return {
    current,
    previous,
    source: settings.masterKey ? 'MASTER_KEY' : settings.masterKeyFile,
    find: (id) => byId.get(id),
  };
}
