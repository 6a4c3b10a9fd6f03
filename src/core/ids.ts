import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

/** A sortable unique id (ULID, 26 chars, lexicographic order = creation order within a process). */
export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}

/** A prefixed id such as `crawl_01J…`, for objects a person will read in logs and URLs. */
export function newPrefixedId(prefix: string, now?: number): string {
  return `${prefix}_${newId(now)}`;
}

/** URL-safe random token of `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

const processTag = randomBytes(4).toString('hex');
let requestCounter = 0;

/**
 * A request id: unique per process run and cheap (no randomness per call), since every request makes one.
 * `req_<8 hex of this process><counter>`.
 */
export function newRequestId(): string {
  requestCounter = (requestCounter + 1) % Number.MAX_SAFE_INTEGER;
  return `req_${processTag}${requestCounter.toString(36)}`;
}
