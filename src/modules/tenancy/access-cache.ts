import type { Principal } from '../../operations/define.js';
import type { EffectiveLimits } from './limits.js';

/**
 * What one process remembers about credentials and limits, so that an authenticated read does not hash
 * the key and read the database on every request. Built by the app at start (one per process) and
 * reached through `app.accessCache`; revoking or rotating a key, and changing a tenant's limits, clear
 * the entries in this process at once (others follow within KEY_CACHE_MS / LIMITS_CACHE_MS).
 */
export interface AccessCache {
  /** Keyed by the credential itself, not its hash: hashing costs more than the rest of a cached check. */
  keys: Map<string, { principal: Principal; until: number }>;
  /**
   * Credentials found unknown, revoked or expired, and until when that answer is trusted: a client
   * retrying with an old key is turned away without a hash and a database read. None of those states can
   * change back, so remembering them never refuses a good key. Apart from `keys` so that a flood of
   * made-up keys cannot push the good ones out.
   */
  refusedKeys: Map<string, number>;
  /** The tenant's effective limits (the rate limiter needs them on every request). */
  limits: Map<string, { limits: EffectiveLimits; until: number }>;
}

declare module '../../operations/services.js' {
  interface ModuleServices {
    accessCache: AccessCache;
  }
}

export function createAccessCache(): AccessCache {
  return { keys: new Map(), refusedKeys: new Map(), limits: new Map() };
}
