/**
 * The token vault: an account's OAuth tokens are stored encrypted with the tenant's data key, bound
 * (as associated data) to the tenant, the account and which token it is, so a ciphertext copied to
 * another row or tenant does not decrypt.
 */

import type { Executor } from '../../../db/connect.js';
import type { TenantCrypto } from '../../../db/crypto.js';
import type { TokenSet } from '../platforms/types.js';
import type { AccountRow } from '../repository.js';

const purpose = (accountId: string, which: 'access' | 'refresh') => `publishing.token:${accountId}:${which}`;

export interface SealedTokens {
  access_token: Buffer;
  refresh_token: Buffer | null;
  token_expires_at: string | null;
  refresh_expires_at: string | null;
}

export async function sealTokens(
  crypto: TenantCrypto,
  tx: Executor,
  tenantId: string,
  accountId: string,
  tokens: TokenSet,
): Promise<SealedTokens> {
  return {
    access_token: await crypto.encrypt(tx, tenantId, tokens.accessToken, purpose(accountId, 'access')),
    refresh_token: tokens.refreshToken
      ? await crypto.encrypt(tx, tenantId, tokens.refreshToken, purpose(accountId, 'refresh'))
      : null,
    token_expires_at: tokens.expiresAt ?? null,
    refresh_expires_at: tokens.refreshExpiresAt ?? null,
  };
}

export async function openTokens(
  crypto: TenantCrypto,
  db: Executor,
  row: AccountRow,
): Promise<TokenSet | undefined> {
  if (!row.access_token) return undefined;
  const accessToken = await crypto.decryptText(
    db,
    row.tenant_id,
    Buffer.from(row.access_token),
    purpose(row.id, 'access'),
  );
  const refreshToken = row.refresh_token
    ? await crypto.decryptText(db, row.tenant_id, Buffer.from(row.refresh_token), purpose(row.id, 'refresh'))
    : undefined;
  return {
    accessToken,
    ...(refreshToken ? { refreshToken } : {}),
    ...(row.token_expires_at ? { expiresAt: row.token_expires_at } : {}),
    ...(row.refresh_expires_at ? { refreshExpiresAt: row.refresh_expires_at } : {}),
  };
}

/** Sealed JSON for the accounts found during a connection, while the person chooses. */
export async function sealFound(
  crypto: TenantCrypto,
  tx: Executor,
  tenantId: string,
  connectionId: string,
  value: unknown,
): Promise<Buffer> {
  return crypto.encrypt(tx, tenantId, JSON.stringify(value), `publishing.connection:${connectionId}`);
}

export async function openFound<T>(
  crypto: TenantCrypto,
  db: Executor,
  tenantId: string,
  connectionId: string,
  sealed: Buffer,
): Promise<T> {
  return JSON.parse(
    await crypto.decryptText(db, tenantId, Buffer.from(sealed), `publishing.connection:${connectionId}`),
  ) as T;
}

export async function sealVerifier(
  crypto: TenantCrypto,
  tx: Executor,
  tenantId: string,
  connectionId: string,
  verifier: string,
): Promise<Buffer> {
  return crypto.encrypt(tx, tenantId, verifier, `publishing.pkce:${connectionId}`);
}

export async function openVerifier(
  crypto: TenantCrypto,
  db: Executor,
  tenantId: string,
  connectionId: string,
  sealed: Buffer,
): Promise<string> {
  return crypto.decryptText(db, tenantId, Buffer.from(sealed), `publishing.pkce:${connectionId}`);
}
