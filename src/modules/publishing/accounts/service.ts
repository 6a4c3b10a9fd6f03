/**
 * Social accounts: the OAuth connect flow (authorization URL with state and PKCE where the platform
 * requires it, callback, code exchange, page/account selection), connecting with a token a person
 * already holds (its identity read from the platform first), listing, posting schedules, disconnecting
 * (revokes at the platform where it can), and token refresh before expiry with "reconnect needed" as a
 * clear status and event when a token can no longer be renewed.
 */

import { AppError, conflict, notFound } from '../../../core/errors.js';
import { newPrefixedId } from '../../../core/ids.js';
import type { Platform } from '../../../core/platforms.js';
import type { Executor } from '../../../db/connect.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import type { OperationContext } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { recordEvent } from '../../tenancy/index.js';
import { hashState, newPkce, newState } from '../oauth/pkce.js';
import { isPlatformError } from '../platforms/errors.js';
import type { AccountIdentity, LimitSignal, TokenSet } from '../platforms/types.js';
import * as repo from '../repository.js';
import { adapterFor, httpFor, oauthApp, type Publishing } from '../runtime.js';
import type { PostingSchedule } from '../schedule/slots.js';
import type { Account, AccountStatus } from '../schemas.js';
import { openFound, openTokens, openVerifier, sealFound, sealTokens, sealVerifier } from './vault.js';

/** How long a started connection waits for its callback. */
const CONNECTION_TTL_MS = 15 * 60_000;

export function toAccount(row: repo.AccountRow): Account {
  return {
    id: row.id,
    platform: row.platform as Platform,
    kind: row.kind as Account['kind'],
    name: row.name,
    handle: row.handle,
    url: row.url,
    externalId: row.external_id,
    status: row.status as AccountStatus,
    statusReason: row.status_reason,
    tokenExpiresAt: row.token_expires_at,
    canRefresh: row.refresh_token !== null,
    scopes: readJson<string[]>(row.scopes, []),
    schedule: readJson<PostingSchedule | null>(row.schedule, null),
    connectedAt: row.connected_at,
    updatedAt: row.updated_at,
  };
}

const accountNotFound = (id: string) => notFound('publishing.account_not_found', `account ${id}`);

export async function findAccountOrThrow(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<repo.AccountRow> {
  const row = await repo.findAccount(db, tenantId, id);
  if (!row) throw accountNotFound(id);
  return row;
}

/**
 * Stores the accounts found for a token: a new row each, or the existing row of the same platform
 * account updated with the fresh token (reconnecting an account keeps its id and its publications).
 */
async function saveIdentities(
  app: AppServices,
  tx: Executor,
  tenantId: string,
  platform: Platform,
  identities: AccountIdentity[],
  actor: string,
): Promise<repo.AccountRow[]> {
  const now = app.clock.iso();
  const saved: repo.AccountRow[] = [];
  for (const identity of identities) {
    const existing = await repo.findAccountByIdentity(tx, tenantId, platform, identity.externalId);
    const id = existing?.id ?? newPrefixedId('acct');
    const sealed = await sealTokens(app.crypto, tx, tenantId, id, identity.token);
    const fields = {
      kind: identity.kind,
      name: identity.name,
      handle: identity.handle,
      url: identity.url,
      status: 'active',
      status_reason: null,
      ...sealed,
      scopes: writeJson(identity.token.scopes ?? []),
      details: writeJson(identity.details),
      connected_by: actor,
      connected_at: now,
      token_refreshed_at: null,
      updated_at: now,
    };
    if (existing) await repo.updateAccount(tx, tenantId, id, fields);
    else {
      await repo.insertAccount(tx, {
        id,
        tenant_id: tenantId,
        platform,
        external_id: identity.externalId,
        schedule: null,
        ...fields,
      });
    }
    await recordEvent(tx, {
      tenantId,
      type: 'publishing.account_connected',
      subjectId: id,
      data: { platform, name: identity.name, reconnected: existing !== undefined },
      at: now,
    });
    saved.push((await repo.findAccount(tx, tenantId, id)) as repo.AccountRow);
  }
  return saved;
}

/** Reads the accounts a token reaches; a refused token is a 400 the person can act on. */
async function identitiesOf(
  app: AppServices,
  platform: Platform,
  tokens: TokenSet,
  withApp: boolean,
): Promise<AccountIdentity[]> {
  const adapter = adapterFor(app, platform);
  const signals: LimitSignal[] = [];
  const http = httpFor(app, adapter, signals);
  const client = withApp ? oauthApp(app, platform) : { clientId: '', clientSecret: '', redirectUri: '' };
  try {
    return await adapter.identities(http, tokens, client);
  } catch (error) {
    if (isPlatformError(error) && (error.kind === 'auth_expired' || error.kind === 'permanent')) {
      throw new AppError('publishing.token_refused', 400, `${platform} refused the token: ${error.message}`, {
        platform,
        platformCode: error.platformCode ?? null,
      });
    }
    throw error;
  }
}

export async function startConnect(
  ctx: OperationContext,
  platform: Platform,
): Promise<{ authorizationUrl: string; state: string; expiresAt: string; pkce: boolean }> {
  const app = ctx.app;
  const adapter = adapterFor(app, platform);
  const client = oauthApp(app, platform);
  const state = newState();
  const pkce = adapter.pkce ? newPkce() : undefined;
  const id = newPrefixedId('conn');
  const now = app.clock.nowMs();
  const expiresAt = new Date(now + CONNECTION_TTL_MS).toISOString();
  await app.db.tenant(ctx.tenantId, async (tx) => {
    await repo.deleteExpiredConnections(tx, ctx.tenantId, new Date(now).toISOString());
    await repo.insertConnection(tx, {
      id,
      tenant_id: ctx.tenantId,
      platform,
      state_hash: hashState(state),
      code_verifier: pkce ? await sealVerifier(app.crypto, tx, ctx.tenantId, id, pkce.verifier) : null,
      redirect_uri: client.redirectUri,
      status: 'pending',
      found: null,
      created_by: ctx.actor.id ?? ctx.actor.type,
      created_at: new Date(now).toISOString(),
      expires_at: expiresAt,
    });
  });
  return {
    authorizationUrl: adapter.authorizationUrl(client, {
      state,
      ...(pkce ? { codeChallenge: pkce.challenge } : {}),
    }),
    state,
    expiresAt,
    pkce: adapter.pkce,
  };
}

interface Choice {
  externalId: string;
  kind: string;
  name: string;
  handle: string | null;
}

const choiceOf = (i: AccountIdentity): Choice => ({
  externalId: i.externalId,
  kind: i.kind,
  name: i.name,
  handle: i.handle,
});

export interface CallbackInput {
  state: string;
  code?: string | undefined;
  error?: string | undefined;
  errorDescription?: string | undefined;
  select?: string[] | undefined;
}

/**
 * Completes a connection: exchanges the code, reads the accounts the token reaches and saves them — all
 * of them when there is one or `select` names them, otherwise it answers the choices and keeps them
 * (encrypted) until the person calls again with the same `state` and `select`.
 */
export async function completeConnect(
  ctx: OperationContext,
  input: CallbackInput,
): Promise<{ accounts: Account[]; choices: Choice[] }> {
  const app = ctx.app;
  const now = app.clock.iso();
  const connection = await app.db.read(ctx.tenantId, (db) =>
    repo.findConnectionByState(db, ctx.tenantId, hashState(input.state)),
  );
  if (!connection || connection.status === 'done') {
    throw new AppError(
      'publishing.connection_unknown',
      400,
      'this state matches no connection in progress; start again with accounts.connect',
    );
  }
  if (connection.expires_at < now) {
    throw new AppError(
      'publishing.connection_expired',
      400,
      'the connection expired; start again with accounts.connect',
    );
  }
  const platform = connection.platform as Platform;
  if (input.error) {
    await app.db.tenant(ctx.tenantId, (tx) =>
      repo.updateConnection(tx, ctx.tenantId, connection.id, { status: 'done' }),
    );
    throw new AppError(
      'publishing.consent_denied',
      400,
      `${platform} did not grant access: ${input.errorDescription ?? input.error}`,
      { platform, error: input.error },
    );
  }

  let found: AccountIdentity[];
  if (connection.status === 'awaiting_selection' && connection.found) {
    found = await app.db.read(ctx.tenantId, (db) =>
      openFound<AccountIdentity[]>(app.crypto, db, ctx.tenantId, connection.id, connection.found as Buffer),
    );
  } else {
    if (!input.code)
      throw new AppError(
        'publishing.code_missing',
        400,
        'give the code the platform sent back with the state',
      );
    const adapter = adapterFor(app, platform);
    const client = { ...oauthApp(app, platform), redirectUri: connection.redirect_uri };
    const verifier = connection.code_verifier
      ? await app.db.read(ctx.tenantId, (db) =>
          openVerifier(app.crypto, db, ctx.tenantId, connection.id, connection.code_verifier as Buffer),
        )
      : undefined;
    let tokens: TokenSet;
    try {
      tokens = await adapter.exchangeCode(httpFor(app, adapter, []), client, {
        code: input.code,
        ...(verifier ? { codeVerifier: verifier } : {}),
      });
    } catch (error) {
      if (isPlatformError(error) && error.kind !== 'transient' && error.kind !== 'rate_limited') {
        throw new AppError('publishing.code_refused', 400, `${platform} refused the code: ${error.message}`, {
          platform,
        });
      }
      throw error;
    }
    found = await identitiesOf(app, platform, tokens, true);
    if (found.length === 0) {
      throw new AppError(
        'publishing.no_accounts',
        400,
        platform === 'instagram'
          ? 'the login manages no Facebook Page with an Instagram professional account linked to it'
          : platform === 'facebook'
            ? 'the login manages no Facebook Page'
            : `the ${platform} login gave no account`,
        { platform },
      );
    }
  }

  const selected = input.select?.length
    ? found.filter((f) => input.select?.includes(f.externalId))
    : found.length === 1
      ? found
      : [];
  if (input.select?.length && selected.length !== input.select.length) {
    throw new AppError('publishing.unknown_choice', 400, 'select only accounts from the choices offered', {
      choices: found.map(choiceOf),
    });
  }
  return app.db.tenant(ctx.tenantId, async (tx) => {
    if (selected.length === 0) {
      await repo.updateConnection(tx, ctx.tenantId, connection.id, {
        status: 'awaiting_selection',
        found: await sealFound(app.crypto, tx, ctx.tenantId, connection.id, found),
      });
      return { accounts: [], choices: found.map(choiceOf) };
    }
    const saved = await saveIdentities(
      app,
      tx,
      ctx.tenantId,
      platform,
      selected,
      ctx.actor.id ?? ctx.actor.type,
    );
    await repo.updateConnection(tx, ctx.tenantId, connection.id, {
      status: 'done',
      found: null,
      code_verifier: null,
    });
    return { accounts: saved.map(toAccount), choices: [] };
  });
}

export interface ConnectTokenInput {
  platform: Platform;
  accessToken: string;
  refreshToken?: string | undefined;
  expiresAt?: string | undefined;
  externalId?: string | undefined;
}

/** Connects an account with a token the person already holds; its identity is read from the platform first. */
export async function connectToken(ctx: OperationContext, input: ConnectTokenInput): Promise<Account> {
  const app = ctx.app;
  const tokens: TokenSet = {
    accessToken: input.accessToken,
    ...(input.refreshToken ? { refreshToken: input.refreshToken } : {}),
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt).toISOString() } : {}),
  };
  if (tokens.expiresAt && tokens.expiresAt <= app.clock.iso() && !tokens.refreshToken) {
    throw new AppError(
      'publishing.token_expired',
      400,
      `the token expired at ${tokens.expiresAt}; get a fresh one`,
    );
  }
  const found = (await identitiesOf(app, input.platform, tokens, false)).map((f) => ({
    ...f,
    // A Page token read through a user token is the Page's; otherwise the account keeps what was given.
    token: f.token.accessToken === tokens.accessToken ? tokens : f.token,
  }));
  const chosen = input.externalId ? found.filter((f) => f.externalId === input.externalId) : found;
  if (chosen.length !== 1) {
    throw new AppError(
      chosen.length === 0 ? 'publishing.no_accounts' : 'publishing.choose_account',
      chosen.length === 0 ? 400 : 409,
      chosen.length === 0
        ? `the token reaches no ${input.platform} account${input.externalId ? ` with id ${input.externalId}` : ''}`
        : `the token reaches ${chosen.length} ${input.platform} accounts; name one with externalId`,
      { choices: found.map(choiceOf) },
    );
  }
  return app.db.tenant(ctx.tenantId, async (tx) => {
    const [saved] = await saveIdentities(
      app,
      tx,
      ctx.tenantId,
      input.platform,
      chosen,
      ctx.actor.id ?? ctx.actor.type,
    );
    return toAccount(saved as repo.AccountRow);
  });
}

export async function listAccounts(
  ctx: OperationContext,
  input: { platform?: Platform | undefined; includeDisconnected?: boolean | undefined },
): Promise<{ accounts: Account[] }> {
  const rows = await ctx.app.db.read(ctx.tenantId, (db) =>
    repo.listAccounts(db, ctx.tenantId, {
      ...(input.platform ? { platform: input.platform } : {}),
      ...(input.includeDisconnected ? { includeDisconnected: true } : {}),
    }),
  );
  return { accounts: rows.map(toAccount) };
}

export async function setSchedule(
  ctx: OperationContext,
  id: string,
  schedule: PostingSchedule | null,
): Promise<Account> {
  const app = ctx.app;
  if (schedule?.timeZone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: schedule.timeZone });
    } catch {
      throw new AppError(
        'publishing.invalid_time_zone',
        400,
        `"${schedule.timeZone}" is not an IANA time zone`,
      );
    }
  }
  return app.db.tenant(ctx.tenantId, async (tx) => {
    await findAccountOrThrow(tx, ctx.tenantId, id);
    await repo.updateAccount(tx, ctx.tenantId, id, {
      schedule: schedule ? writeJson(schedule) : null,
      updated_at: app.clock.iso(),
    });
    return toAccount(await findAccountOrThrow(tx, ctx.tenantId, id));
  });
}

/**
 * Disconnects an account: revokes its token at the platform where the platform offers that (X,
 * LinkedIn; a Facebook or Instagram Page token is simply forgotten, revoking it would cut every Page
 * the same login manages), then forgets the tokens. Publications still queued for it fail at their turn.
 */
export async function disconnectAccount(
  ctx: OperationContext,
  id: string,
): Promise<Account & { revoked: boolean }> {
  const app = ctx.app;
  const row = await app.db.read(ctx.tenantId, (db) => findAccountOrThrow(db, ctx.tenantId, id));
  let revoked = false;
  if (row.status !== 'disconnected') {
    const adapter = adapterFor(app, row.platform as Platform);
    const tokens = await app.db.read(ctx.tenantId, (db) => openTokens(app.crypto, db, row));
    if (adapter.revoke && tokens) {
      try {
        await adapter.revoke(httpFor(app, adapter, []), oauthApp(app, row.platform as Platform), tokens);
        revoked = true;
      } catch (error) {
        app.logger.warn(
          { account: id, err: (error as Error).message },
          'token revocation failed; the token is forgotten anyway',
        );
      }
    }
  }
  const now = app.clock.iso();
  return app.db.tenant(ctx.tenantId, async (tx) => {
    await repo.updateAccount(tx, ctx.tenantId, id, {
      status: 'disconnected',
      status_reason: 'disconnected by a person',
      access_token: null,
      refresh_token: null,
      token_expires_at: null,
      refresh_expires_at: null,
      updated_at: now,
    });
    await recordEvent(tx, {
      tenantId: ctx.tenantId,
      type: 'publishing.account_disconnected',
      subjectId: id,
      data: { platform: row.platform, revoked },
      at: now,
    });
    return { ...toAccount(await findAccountOrThrow(tx, ctx.tenantId, id)), revoked };
  });
}

export async function markReconnectNeeded(
  app: AppServices,
  tx: Executor,
  row: repo.AccountRow,
  reason: string,
): Promise<void> {
  const now = app.clock.iso();
  await repo.updateAccount(tx, row.tenant_id, row.id, {
    status: 'reconnect_needed',
    status_reason: reason,
    updated_at: now,
  });
  if (row.status !== 'reconnect_needed') {
    await recordEvent(tx, {
      tenantId: row.tenant_id,
      type: 'publishing.account_reconnect_needed',
      subjectId: row.id,
      data: { platform: row.platform, name: row.name, reason },
      at: now,
    });
  }
}

/** How long before expiry a token is renewed: X tokens live 2 hours, LinkedIn's 60 days. */
export function refreshLeadMs(platform: Platform): number {
  return platform === 'x' ? 20 * 60_000 : 7 * 86_400_000;
}

export type RefreshOutcome = 'refreshed' | 'not_needed' | 'reconnect_needed' | 'busy';

/**
 * Renews an account's token when it is due (or `force`), one refresh at a time per account across all
 * workers: refresh tokens may be single-use, and two refreshes at once would spend one twice.
 */
export async function refreshAccount(
  p: Publishing,
  tenantId: string,
  accountId: string,
  options: { force?: boolean } = {},
): Promise<RefreshOutcome> {
  const app = p.app;
  const holder = newPrefixedId('refresh');
  if (!(await p.limits.acquire(`refresh:${accountId}`, 1, holder, 60_000))) return 'busy';
  try {
    const row = await app.db.read(tenantId, (db) => repo.findAccount(db, tenantId, accountId));
    if (row?.status !== 'active') return 'not_needed';
    const platform = row.platform as Platform;
    const now = app.clock.nowMs();
    const expires = row.token_expires_at ? Date.parse(row.token_expires_at) : undefined;
    if (!options.force && (expires === undefined || expires - now > refreshLeadMs(platform)))
      return 'not_needed';
    const adapter = adapterFor(app, platform);
    const tokens = await app.db.read(tenantId, (db) => openTokens(app.crypto, db, row));
    const canRefresh = adapter.refresh && tokens?.refreshToken;
    if (!canRefresh) {
      if (expires !== undefined && expires > now && !options.force) {
        // No refresh token by design (LinkedIn self-serve apps): say so ahead of time instead of
        // failing on the day. The scan runs this once per token expiry.
        const reason = `the token expires at ${row.token_expires_at} and ${platform} gave no refresh token; connect the account again before then`;
        if (row.status_reason !== reason) {
          await app.db.tenant(tenantId, async (tx) => {
            await repo.updateAccount(tx, tenantId, accountId, {
              status_reason: reason,
              updated_at: app.clock.iso(),
            });
            await recordEvent(tx, {
              tenantId,
              type: 'publishing.token_expiring',
              subjectId: accountId,
              data: { platform, name: row.name, expiresAt: row.token_expires_at },
              at: app.clock.iso(),
            });
          });
        }
        return 'not_needed';
      }
      await app.db.tenant(tenantId, async (tx) =>
        markReconnectNeeded(
          app,
          tx,
          row,
          'the token expired and the platform gave no refresh token; connect the account again',
        ),
      );
      return 'reconnect_needed';
    }
    let fresh: TokenSet;
    try {
      fresh = await (adapter.refresh as NonNullable<typeof adapter.refresh>)(
        httpFor(app, adapter, []),
        oauthApp(app, platform),
        tokens as TokenSet,
      );
    } catch (error) {
      if (isPlatformError(error) && error.kind !== 'transient' && error.kind !== 'rate_limited') {
        await app.db.tenant(tenantId, async (tx) =>
          markReconnectNeeded(
            app,
            tx,
            row,
            `the token could not be renewed (${error.message}); connect the account again`,
          ),
        );
        return 'reconnect_needed';
      }
      throw error;
    }
    await app.db.tenant(tenantId, async (tx) => {
      const sealed = await sealTokens(app.crypto, tx, tenantId, accountId, fresh);
      await repo.updateAccount(tx, tenantId, accountId, {
        ...sealed,
        ...(fresh.scopes ? { scopes: writeJson(fresh.scopes) } : {}),
        token_refreshed_at: app.clock.iso(),
        updated_at: app.clock.iso(),
      });
      await recordEvent(tx, {
        tenantId,
        type: 'publishing.token_refreshed',
        subjectId: accountId,
        data: { platform, expiresAt: fresh.expiresAt ?? null },
        at: app.clock.iso(),
      });
    });
    return 'refreshed';
  } finally {
    await p.limits.release(`refresh:${accountId}`, holder);
  }
}

/** A conflict for an account that cannot publish now. */
export function accountNotActive(row: repo.AccountRow): AppError {
  return conflict(
    'publishing.account_not_active',
    row.status === 'reconnect_needed'
      ? `account ${row.id} (${row.platform} ${row.name}) needs reconnecting: ${row.status_reason ?? 'its token no longer works'}`
      : `account ${row.id} (${row.platform} ${row.name}) is disconnected`,
    { accountId: row.id, status: row.status },
  );
}
