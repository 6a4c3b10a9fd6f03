import { type ExpressionBuilder, type Insertable, type Selectable, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/connect.js';
import { toNumber } from '../../db/dialect.js';
import type { Database } from '../../db/schema.js';
import type {
  OAuthConnectionsTable,
  PublicationAttemptsTable,
  PublicationsTable,
  SocialAccountsTable,
} from './tables.js';

/** SQL of the publishing tables. Every tenant table's query filters on tenant_id. */

export type AccountRow = Selectable<SocialAccountsTable>;
export type ConnectionRow = Selectable<OAuthConnectionsTable>;
export type PublicationRow = Selectable<PublicationsTable>;
export type AttemptRow = Selectable<PublicationAttemptsTable>;

// ---- accounts

export async function insertAccount(db: Executor, row: Insertable<SocialAccountsTable>): Promise<void> {
  await db.insertInto('social_accounts').values(row).execute();
}

export async function findAccount(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<AccountRow | undefined> {
  return db
    .selectFrom('social_accounts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findAccountByIdentity(
  db: Executor,
  tenantId: string,
  platform: string,
  externalId: string,
): Promise<AccountRow | undefined> {
  return db
    .selectFrom('social_accounts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('platform', '=', platform)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function updateAccount(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<SocialAccountsTable>,
): Promise<void> {
  await db
    .updateTable('social_accounts')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function listAccounts(
  db: Executor,
  tenantId: string,
  filter: { platform?: string; includeDisconnected?: boolean },
): Promise<AccountRow[]> {
  let q = db.selectFrom('social_accounts').selectAll().where('tenant_id', '=', tenantId).orderBy('id');
  if (filter.platform) q = q.where('platform', '=', filter.platform);
  if (!filter.includeDisconnected) q = q.where('status', '!=', 'disconnected');
  return q.execute();
}

/** Active accounts of every tenant whose token expires before `beforeIso` (system work: the refresh job). */
export async function accountsExpiringBefore(
  db: Executor,
  beforeIso: string,
  limit: number,
): Promise<Array<{ id: string; tenant_id: string; token_expires_at: string | null }>> {
  return db
    .selectFrom('social_accounts')
    .select(['id', 'tenant_id', 'token_expires_at'])
    .where('status', '=', 'active')
    .where('token_expires_at', 'is not', null)
    .where('token_expires_at', '<', beforeIso)
    .orderBy('token_expires_at')
    .limit(limit)
    .execute();
}

// ---- OAuth connections

export async function insertConnection(db: Executor, row: Insertable<OAuthConnectionsTable>): Promise<void> {
  await db.insertInto('oauth_connections').values(row).execute();
}

export async function findConnectionByState(
  db: Executor,
  tenantId: string,
  stateHash: string,
): Promise<ConnectionRow | undefined> {
  return db
    .selectFrom('oauth_connections')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
}

export async function updateConnection(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<OAuthConnectionsTable>,
): Promise<void> {
  await db
    .updateTable('oauth_connections')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteExpiredConnections(
  db: Executor,
  tenantId: string,
  nowIso: string,
): Promise<void> {
  await db
    .deleteFrom('oauth_connections')
    .where('tenant_id', '=', tenantId)
    .where('expires_at', '<', nowIso)
    .execute();
}

// ---- publications

export async function insertPublication(db: Executor, row: Insertable<PublicationsTable>): Promise<void> {
  await db.insertInto('publications').values(row).execute();
}

export async function findPublication(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<PublicationRow | undefined> {
  return db
    .selectFrom('publications')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findPublicationByKey(
  db: Executor,
  tenantId: string,
  key: string,
): Promise<PublicationRow | undefined> {
  return db
    .selectFrom('publications')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

/**
 * Changes a publication; with `fromStatus`, only while it still has one of those statuses (returns false
 * otherwise), so two workers or a worker and a person cannot both move it.
 */
export async function updatePublication(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<PublicationsTable>,
  fromStatus?: readonly string[],
): Promise<boolean> {
  let q = db.updateTable('publications').set(changes).where('tenant_id', '=', tenantId).where('id', '=', id);
  if (fromStatus) q = q.where('status', 'in', fromStatus);
  const result = await q.executeTakeFirst();
  return toNumber(result.numUpdatedRows) > 0;
}

export interface PublicationFilter {
  contentId?: string;
  accountId?: string;
  accountIds?: readonly string[];
  statuses?: readonly string[];
  before?: string;
  /** Calendar range on `coalesce(published_at, scheduled_at, created_at)`. */
  from?: string;
  to?: string;
  ids?: readonly string[];
}

export async function listPublications(
  db: Executor,
  tenantId: string,
  filter: PublicationFilter,
  limit: number,
): Promise<PublicationRow[]> {
  let q = db.selectFrom('publications').selectAll().where('tenant_id', '=', tenantId);
  if (filter.contentId) q = q.where('content_id', '=', filter.contentId);
  if (filter.accountId) q = q.where('account_id', '=', filter.accountId);
  if (filter.accountIds?.length) q = q.where('account_id', 'in', filter.accountIds);
  if (filter.statuses?.length) q = q.where('status', 'in', filter.statuses);
  if (filter.ids?.length) q = q.where('id', 'in', filter.ids);
  if (filter.from || filter.to) {
    const when = sql<string>`coalesce(published_at, scheduled_at, created_at)`;
    if (filter.from) q = q.where(when, '>=', filter.from);
    if (filter.to) q = q.where(when, '<', filter.to);
    return q.orderBy(when).orderBy('id').limit(limit).execute();
  }
  if (filter.before) q = q.where('id', '<', filter.before);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

/** Posts published (or being published) on an account since `sinceIso`, oldest first: the daily cap. */
export async function publishedTimesSince(
  db: Executor,
  tenantId: string,
  accountId: string,
  sinceIso: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('publications')
    .select('published_at')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('published_at', '>=', sinceIso)
    .orderBy('published_at')
    .execute();
  return rows.map((r) => r.published_at as string);
}

/** Scheduled times already used on an account from `fromIso` (for the next free slot). */
export async function takenTimes(
  db: Executor,
  tenantId: string,
  accountId: string,
  fromIso: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('publications')
    .select('scheduled_at')
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('status', 'not in', ['cancelled', 'failed'])
    .where('scheduled_at', '>=', fromIso)
    .execute();
  return rows.map((r) => r.scheduled_at as string);
}

/** Which of `postIds` other publications on the account already own. */
export async function claimedPostIds(
  db: Executor,
  tenantId: string,
  accountId: string,
  exceptPublication: string,
  sinceIso: string,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('publications')
    .select(['platform_parts'])
    .where('tenant_id', '=', tenantId)
    .where('account_id', '=', accountId)
    .where('id', '!=', exceptPublication)
    .where('platform_post_id', 'is not', null)
    .where('updated_at', '>=', sinceIso)
    .execute();
  const ids = new Set<string>();
  for (const row of rows)
    for (const part of JSON.parse(row.platform_parts) as Array<{ id: string }>) ids.add(part.id);
  return ids;
}

// ---- attempts

export async function insertAttempt(db: Executor, row: Insertable<PublicationAttemptsTable>): Promise<void> {
  await db.insertInto('publication_attempts').values(row).execute();
}

export async function updateAttempt(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<PublicationAttemptsTable>,
): Promise<void> {
  await db
    .updateTable('publication_attempts')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function listAttempts(
  db: Executor,
  tenantId: string,
  publicationIds: readonly string[],
): Promise<AttemptRow[]> {
  if (publicationIds.length === 0) return [];
  return db
    .selectFrom('publication_attempts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('publication_id', 'in', publicationIds)
    .orderBy('publication_id')
    .orderBy('number')
    .execute();
}

export async function lastAttempt(
  db: Executor,
  tenantId: string,
  publicationId: string,
): Promise<AttemptRow | undefined> {
  return db
    .selectFrom('publication_attempts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('publication_id', '=', publicationId)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ---- installation-wide limits (no tenant: a platform's budget is shared by every tenant)

export async function activeBlocks(
  db: Executor,
  keys: readonly string[],
  nowIso: string,
): Promise<Array<{ key: string; blocked_until: string }>> {
  if (keys.length === 0) return [];
  return db
    .selectFrom('publishing_limits')
    .select(['key', 'blocked_until'])
    .where('key', 'in', keys)
    .where('blocked_until', '>', nowIso)
    .execute();
}

export async function upsertBlock(
  db: Executor,
  key: string,
  until: string,
  reason: string,
  nowIso: string,
): Promise<void> {
  const existing = await db
    .selectFrom('publishing_limits')
    .select('blocked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  if (!existing) {
    await db
      .insertInto('publishing_limits')
      .values({ key, blocked_until: until, reason, updated_at: nowIso })
      .onConflict((oc) => oc.column('key').doUpdateSet({ blocked_until: until, reason, updated_at: nowIso }))
      .execute();
  } else if (existing.blocked_until < until) {
    await db
      .updateTable('publishing_limits')
      .set({ blocked_until: until, reason, updated_at: nowIso })
      .where('key', '=', key)
      .execute();
  }
  // Keep the table small: blocks long past carry no information.
  await db
    .deleteFrom('publishing_limits')
    .where('blocked_until', '<', new Date(Date.parse(nowIso) - 86_400_000).toISOString())
    .execute();
}

/** Takes a free (or expired) place among `capacity` for the platform; true when it got one. */
export async function acquireSlot(
  db: Executor,
  platform: string,
  capacity: number,
  holder: string,
  nowIso: string,
  expiresAt: string,
): Promise<boolean> {
  const open = (eb: ExpressionBuilder<Database, 'publishing_slots'>) =>
    eb.or([eb('holder', 'is', null), eb('expires_at', '<', nowIso), eb('holder', '=', holder)]);
  // The usual case in one statement: take the first open place.
  const first = await db
    .updateTable('publishing_slots')
    .set({ holder, expires_at: expiresAt })
    .where('platform', '=', platform)
    .where('slot', '=', (eb) =>
      eb
        .selectFrom('publishing_slots as s')
        .select((s) => s.fn.min('s.slot').as('slot'))
        .where('s.platform', '=', platform)
        .where('s.slot', '<', capacity)
        .where((w) =>
          w.or([w('s.holder', 'is', null), w('s.expires_at', '<', nowIso), w('s.holder', '=', holder)]),
        ),
    )
    .where(open)
    .executeTakeFirst();
  if (toNumber(first.numUpdatedRows) > 0) return true;
  // The places do not exist yet (or the capacity grew), or another worker took the one we aimed at.
  const places = Array.from({ length: capacity }, (_, slot) => ({
    platform,
    slot,
    holder: null,
    expires_at: null,
  }));
  await db
    .insertInto('publishing_slots')
    .values(places)
    .onConflict((oc) => oc.doNothing())
    .execute();
  const candidates = await db
    .selectFrom('publishing_slots')
    .select('slot')
    .where('platform', '=', platform)
    .where('slot', '<', capacity)
    .where(open)
    .orderBy('slot')
    .execute();
  for (const { slot } of candidates) {
    // The condition is checked again by the UPDATE: of two workers racing for one place, one wins.
    const result = await db
      .updateTable('publishing_slots')
      .set({ holder, expires_at: expiresAt })
      .where('platform', '=', platform)
      .where('slot', '=', slot)
      .where(open)
      .executeTakeFirst();
    if (toNumber(result.numUpdatedRows) > 0) return true;
  }
  return false;
}

export async function releaseSlot(db: Executor, platform: string, holder: string): Promise<void> {
  await db
    .updateTable('publishing_slots')
    .set({ holder: null, expires_at: null })
    .where('platform', '=', platform)
    .where('holder', '=', holder)
    .execute();
}
