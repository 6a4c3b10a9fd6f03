/**
 * Where media bytes live: a directory under DATA_DIR by default, an S3-compatible bucket by
 * configuration. Keys are `<tenantId>/<assetId>.<ext>`; the database row says which key an asset has.
 */
import { AppError } from '../../../core/errors.js';

export interface MediaStore {
  /** `local` or `s3`, recorded nowhere but shown in health and docs. */
  readonly kind: 'local' | 's3';
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The bytes, or undefined when nothing is stored under `key`. */
  get(key: string): Promise<Buffer | undefined>;
  /** Removes one object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix` (a tenant's folder on erasure). */
  deletePrefix(prefix: string): Promise<number>;
}

const KEY = /^[A-Za-z0-9_-]+(?:\/[A-Za-z0-9_.-]+)*$/;

/** Refuses keys that could leave the store's folder or bucket prefix. */
export function checkKey(key: string): string {
  if (!KEY.test(key) || key.split('/').some((part) => part === '.' || part === '..')) {
    throw new AppError('media.invalid_key', 500, `refusing media key ${JSON.stringify(key)}`);
  }
  return key;
}
