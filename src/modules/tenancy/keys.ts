import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError, notFound, unauthorized } from '../../core/errors.js';
import { newPrefixedId } from '../../core/ids.js';
import type { Executor } from '../../db/connect.js';
import { readJson, writeJson } from '../../db/dialect.js';
import { type OperationContext, type Principal, type Role, roleAllows } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import { assertWithinQuota, loadLimits } from './limits.js';
import * as repo from './repository.js';
import type { ApiKey, NewApiKey } from './schemas.js';

const KEY_PREFIX = 'da_';
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** 40 base62 characters: about 238 bits of entropy. */
const KEY_BODY_LENGTH = 40;
/** How often last_used_at is written for a busy key: once a minute is enough to audit, and keeps reads cheap. */
const TOUCH_INTERVAL_MS = 60_000;
/**
 * How long a checked key is trusted without asking the database again. Revoking or rotating a key clears
 * this process's cache at once; other processes stop accepting the key within this time.
 */
export const KEY_CACHE_MS = 5_000;
const KEY_CACHE_MAX = 10_000;

/** Forgets every cached key check (after a key was revoked, rotated or its tenant erased). */
export function forgetCachedKeys(app: AppServices): void {
  app.accessCache.keys.clear();
  app.accessCache.refusedKeys.clear();
}

export function generateApiKey(): string {
  let body = '';
  for (let i = 0; i < KEY_BODY_LENGTH; i++) body += ALPHABET[randomInt(ALPHABET.length)];
  return KEY_PREFIX + body;
}

/** Keys carry 238 random bits, so a fast hash is as safe as a slow one and keeps every request cheap. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(KEY_PREFIX) && value.length === KEY_PREFIX.length + KEY_BODY_LENGTH;
}

export function toApiKey(row: repo.ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    role: row.role as Role,
    scopes: readJson<string[]>(row.scopes, []),
    userId: row.user_id,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    replacedBy: row.replaced_by,
    createdAt: row.created_at,
  };
}

export interface CreateKeyInput {
  name: string;
  role: Role;
  scopes?: string[];
  expiresAt?: string | null;
  userId?: string | null;
}

/** Inserts a new key and returns it with its secret (the only time the secret exists outside the caller). */
export async function insertNewKey(
  db: Executor,
  tenantId: string,
  input: CreateKeyInput,
  now: string,
): Promise<NewApiKey> {
  const key = generateApiKey();
  const row: repo.ApiKeyRow = {
    id: newPrefixedId('key'),
    tenant_id: tenantId,
    user_id: input.userId ?? null,
    name: input.name,
    prefix: key.slice(0, KEY_PREFIX.length + 8),
    hash: hashApiKey(key),
    role: input.role,
    scopes: writeJson(input.scopes ?? []),
    expires_at: input.expiresAt ?? null,
    last_used_at: null,
    revoked_at: null,
    replaced_by: null,
    created_at: now,
  };
  await repo.insertApiKey(db, row);
  return { ...toApiKey(row), key };
}

function assertCanGrant(ctx: OperationContext, role: Role): void {
  if (!roleAllows(ctx.role, role)) {
    throw new AppError('keys.role_too_high', 403, `a ${ctx.role} cannot create a key with the ${role} role`);
  }
}

export async function createKey(ctx: OperationContext, input: CreateKeyInput): Promise<NewApiKey> {
  assertCanGrant(ctx, input.role);
  const now = ctx.app.clock.iso();
  if (input.expiresAt && input.expiresAt <= now) {
    throw new AppError('keys.invalid_expiry', 400, 'expiresAt must be in the future');
  }
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    if (input.userId) {
      const member = await repo.findMember(tx, ctx.tenantId, input.userId);
      if (!member) throw notFound('members.not_found', `member ${input.userId}`);
      if (!roleAllows(member.role as Role, input.role)) {
        throw new AppError(
          'keys.role_too_high',
          403,
          `member ${input.userId} is a ${member.role}; their keys cannot be ${input.role}`,
        );
      }
    }
    const limits = await loadLimits(tx, ctx.app, ctx.tenantId);
    assertWithinQuota(limits, 'apiKeys', (await repo.countActiveApiKeys(tx, ctx.tenantId)) + 1);
    return insertNewKey(tx, ctx.tenantId, input, now);
  });
}

export async function listKeys(ctx: OperationContext, includeRevoked: boolean): Promise<ApiKey[]> {
  const rows = await ctx.app.db.read(ctx.tenantId, (db) =>
    repo.listApiKeys(db, ctx.tenantId, includeRevoked),
  );
  return rows.map(toApiKey);
}

async function activeKey(db: Executor, tenantId: string, id: string): Promise<repo.ApiKeyRow> {
  const row = await repo.findApiKey(db, tenantId, id);
  if (!row) throw notFound('keys.not_found', `API key ${id}`);
  if (row.revoked_at) throw new AppError('keys.revoked', 409, `API key ${id} is already revoked`);
  return row;
}

/**
 * Replaces a key with a new secret of the same name, role, scopes and expiry. With a grace period the old
 * key keeps working that long, so a deployment can switch keys without downtime.
 */
export async function rotateKey(ctx: OperationContext, id: string, graceSeconds: number): Promise<NewApiKey> {
  const now = ctx.app.clock.iso();
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const old = await activeKey(tx, ctx.tenantId, id);
    assertCanGrant(ctx, old.role as Role);
    const fresh = await insertNewKey(
      tx,
      ctx.tenantId,
      {
        name: old.name,
        role: old.role as Role,
        scopes: readJson<string[]>(old.scopes, []),
        expiresAt: old.expires_at,
        userId: old.user_id,
      },
      now,
    );
    if (graceSeconds > 0) {
      const graceEnd = new Date(ctx.app.clock.nowMs() + graceSeconds * 1000).toISOString();
      const expiresAt = old.expires_at && old.expires_at < graceEnd ? old.expires_at : graceEnd;
      await repo.setApiKeyExpiry(tx, ctx.tenantId, id, expiresAt, fresh.id);
    } else {
      await repo.revokeApiKey(tx, ctx.tenantId, id, now, fresh.id);
    }
    forgetCachedKeys(ctx.app);
    return fresh;
  });
}

export async function revokeKey(ctx: OperationContext, id: string): Promise<ApiKey> {
  const now = ctx.app.clock.iso();
  return ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    await activeKey(tx, ctx.tenantId, id);
    await repo.revokeApiKey(tx, ctx.tenantId, id, now);
    forgetCachedKeys(ctx.app);
    const row = await repo.findApiKey(tx, ctx.tenantId, id);
    return toApiKey(row as repo.ApiKeyRow);
  });
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves a bearer credential: a tenant API key, or the operator key. Throws 401 for anything
 * missing, unknown, revoked or expired, without saying which (so keys cannot be probed). A key this
 * process checked within KEY_CACHE_MS is answered from `app.accessCache` without hashing it again.
 */
export async function authenticate(app: AppServices, credential: string | undefined): Promise<Principal> {
  if (!credential) throw unauthorized();
  const localKey = app.config.security.localOperatorKey;
  if (localKey && credential.startsWith('dalo_')) return localOperator(app, localKey, credential);
  const operatorKey = app.config.security.operatorApiKey;
  if (operatorKey && safeEqual(credential, operatorKey)) {
    return { kind: 'operator', actor: { type: 'operator', id: null } };
  }
  if (!looksLikeApiKey(credential)) throw unauthorized('the API key is not valid');
  const nowMs = app.clock.nowMs();
  const cached = app.accessCache.keys.get(credential);
  if (cached && cached.until > nowMs) return cached.principal;
  if ((app.accessCache.refusedKeys.get(credential) ?? 0) > nowMs) throw invalidKey();
  return checkKey(app, credential);
}

/**
 * The local operator's key of this server run (written to DATA_DIR/server.json for the CLI on this
 * machine), alone or as `<key>:<tenant slug or id>` to act inside that tenant as `--tenant` does in-process.
 */
async function localOperator(app: AppServices, key: string, credential: string): Promise<Principal> {
  const colon = credential.indexOf(':');
  if (!safeEqual(colon < 0 ? credential : credential.slice(0, colon), key)) throw invalidKey();
  const actor = { type: 'operator', id: null } as const;
  if (colon < 0) return { kind: 'operator', actor };
  const tenant = credential.slice(colon + 1);
  const row = await app.db.systemRead(
    async (db) => (await repo.findTenant(db, tenant)) ?? (await repo.findTenantBySlug(db, tenant)),
  );
  if (!row) throw notFound('tenants.not_found', `tenant "${tenant}"`);
  return { kind: 'operator', actor, tenantId: row.id };
}

const invalidKey = () => unauthorized('the API key is not valid, revoked or expired');

async function checkKey(app: AppServices, credential: string): Promise<Principal> {
  const { keys: keyCache, refusedKeys } = app.accessCache;
  const nowMs = app.clock.nowMs();
  const hash = hashApiKey(credential);
  const row = await app.db.systemRead((db) => repo.findApiKeyByHash(db, hash));
  const now = app.clock.iso();
  if (!row || row.revoked_at || (row.expires_at && row.expires_at <= now)) {
    keyCache.delete(credential);
    if (refusedKeys.size >= KEY_CACHE_MAX) refusedKeys.clear();
    refusedKeys.set(credential, nowMs + KEY_CACHE_MS);
    throw invalidKey();
  }
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > TOUCH_INTERVAL_MS) {
    await app.db.tenant(row.tenant_id, (tx) => repo.touchApiKey(tx, row.tenant_id, row.id, now));
  }
  const principal: Principal = {
    kind: 'tenant',
    tenantId: row.tenant_id,
    role: row.role as Role,
    scopes: readJson<string[]>(row.scopes, []),
    actor: { type: 'api_key', id: row.id, userId: row.user_id },
  };
  for (const [cachedKey, entry] of keyCache) if (entry.until <= nowMs) keyCache.delete(cachedKey);
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  const expiresMs = row.expires_at ? Date.parse(row.expires_at) : Number.POSITIVE_INFINITY;
  keyCache.set(credential, { principal, until: Math.min(nowMs + KEY_CACHE_MS, expiresMs) });
  return principal;
}

/** True when `scopes` is empty (everything the role allows) or names the operation or its module. */
export function scopeAllows(scopes: readonly string[], operation: string): boolean {
  if (scopes.length === 0) return true;
  return scopes.some((s) => s === operation || (s.endsWith('.*') && operation.startsWith(s.slice(0, -1))));
}
