import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/connect.js';
import { toNumber } from '../../db/dialect.js';
import { preparedQuery } from '../../db/prepared.js';
import type { ApiKeysTable, AuditLogTable, OperatorAuditTable, TenantsTable, UsersTable } from './tables.js';

/** SQL for the tenancy tables. Every query that reads tenant-owned rows filters on tenant_id. */

export type TenantRow = Selectable<TenantsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type UserRow = Selectable<UsersTable>;
export type AuditRow = Selectable<AuditLogTable>;

export async function insertTenant(db: Executor, row: TenantRow): Promise<void> {
  await db.insertInto('tenants').values(row).execute();
}

const tenantById = preparedQuery<{ id: string }, TenantRow>((db, param) =>
  db.selectFrom('tenants').selectAll().where('id', '=', param('id')),
);

/** On every authenticated request's path (the tenant row, its limits), so compiled once. */
export function findTenant(db: Executor, id: string): Promise<TenantRow | undefined> {
  return tenantById.first(db, { id });
}

export async function findTenantBySlug(db: Executor, slug: string): Promise<TenantRow | undefined> {
  return db.selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function listTenants(db: Executor, limit: number, after?: string): Promise<TenantRow[]> {
  let q = db.selectFrom('tenants').selectAll().orderBy('id').limit(limit);
  if (after) q = q.where('id', '>', after);
  return q.execute();
}

export async function updateTenant(
  db: Executor,
  id: string,
  changes: Partial<Pick<TenantRow, 'name' | 'time_zone' | 'locale' | 'plan' | 'limits'>>,
  now: string,
): Promise<void> {
  await db
    .updateTable('tenants')
    .set({ ...changes, updated_at: now })
    .where('id', '=', id)
    .execute();
}

export async function deleteTenant(db: Executor, id: string): Promise<number> {
  const r = await db.deleteFrom('tenants').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function insertUser(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** Users left without any membership (after a tenant was erased): they belong to nobody. */
export async function deleteOrphanUsers(db: Executor, candidates: string[]): Promise<number> {
  if (candidates.length === 0) return 0;
  const r = await db
    .deleteFrom('users')
    .where('id', 'in', candidates)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(selectFrom('memberships').select('user_id').whereRef('memberships.user_id', '=', 'users.id')),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface MemberRow {
  user_id: string;
  email: string | null;
  name: string;
  role: string;
  created_at: string;
}

/** A tenant's memberships joined with their users, as MemberRow columns. */
function selectMembers(db: Executor, tenantId: string) {
  return db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.user_id')
    .select([
      'memberships.user_id',
      'users.email',
      'users.name',
      'memberships.role',
      'memberships.created_at',
    ])
    .where('memberships.tenant_id', '=', tenantId);
}

export async function listMembers(db: Executor, tenantId: string): Promise<MemberRow[]> {
  return selectMembers(db, tenantId).orderBy('memberships.created_at').execute();
}

export async function findMember(
  db: Executor,
  tenantId: string,
  userId: string,
): Promise<MemberRow | undefined> {
  return selectMembers(db, tenantId).where('memberships.user_id', '=', userId).executeTakeFirst();
}

export async function insertMembership(
  db: Executor,
  tenantId: string,
  userId: string,
  role: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({ tenant_id: tenantId, user_id: userId, role, created_at: now })
    .execute();
}

export async function updateMembershipRole(db: Executor, tenantId: string, userId: string, role: string) {
  await db
    .updateTable('memberships')
    .set({ role })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function deleteMembership(db: Executor, tenantId: string, userId: string): Promise<void> {
  await db
    .deleteFrom('memberships')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .execute();
}

export async function countMembers(db: Executor, tenantId: string, role?: string): Promise<number> {
  let q = db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId);
  if (role) q = q.where('role', '=', role);
  const r = await q.executeTakeFirstOrThrow();
  return toNumber(r.n);
}

export async function insertApiKey(db: Executor, row: ApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

/** Looks a key up by its hash across all tenants: the one query that runs before the tenant is known. */
const apiKeyByHash = preparedQuery<{ hash: string }, ApiKeyRow>((db, param) =>
  db.selectFrom('api_keys').selectAll().where('hash', '=', param('hash')),
);

/** The key check of every request whose key is not cached, so compiled once. */
export function findApiKeyByHash(db: Executor, hash: string): Promise<ApiKeyRow | undefined> {
  return apiKeyByHash.first(db, { hash });
}

export async function findApiKey(db: Executor, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listApiKeys(
  db: Executor,
  tenantId: string,
  includeRevoked: boolean,
): Promise<ApiKeyRow[]> {
  let q = db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at');
  if (!includeRevoked) q = q.where('revoked_at', 'is', null);
  return q.execute();
}

export async function countActiveApiKeys(db: Executor, tenantId: string): Promise<number> {
  const r = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return toNumber(r.n);
}

export async function revokeApiKey(
  db: Executor,
  tenantId: string,
  id: string,
  now: string,
  replacedBy: string | null = null,
): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: now, replaced_by: replacedBy })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function setApiKeyExpiry(
  db: Executor,
  tenantId: string,
  id: string,
  expiresAt: string,
  replacedBy: string,
): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ expires_at: expiresAt, replaced_by: replacedBy })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function revokeUserApiKeys(
  db: Executor,
  tenantId: string,
  userId: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function touchApiKey(db: Executor, tenantId: string, id: string, now: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function insertAudit(db: Executor, row: AuditRow): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
}

export async function insertOperatorAudit(db: Executor, row: Insertable<OperatorAuditTable>): Promise<void> {
  await db.insertInto('operator_audit').values(row).execute();
}

/** True when an operator-level record of this request and operation exists (the erasure writes its own). */
export async function hasOperatorAudit(db: Executor, requestId: string, operation: string): Promise<boolean> {
  const row = await db
    .selectFrom('operator_audit')
    .select('id')
    .where('request_id', '=', requestId)
    .where('operation', '=', operation)
    .executeTakeFirst();
  return row !== undefined;
}

export interface OperatorAuditQuery {
  limit: number;
  before?: string;
  tenantId?: string;
  operation?: string;
}

export async function listOperatorAudit(
  db: Executor,
  q: OperatorAuditQuery,
): Promise<Selectable<OperatorAuditTable>[]> {
  let query = db.selectFrom('operator_audit').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.before) query = query.where('id', '<', q.before);
  if (q.tenantId) query = query.where('subject_tenant_id', '=', q.tenantId);
  if (q.operation) query = query.where('operation', '=', q.operation);
  return query.execute();
}

export async function tenantExists(db: Executor, tenantId: string): Promise<boolean> {
  const row = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  return row !== undefined;
}

export interface AuditQuery {
  limit: number;
  before?: string;
  operation?: string;
  actorId?: string;
}

export async function listAudit(db: Executor, tenantId: string, q: AuditQuery): Promise<AuditRow[]> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.before) query = query.where('id', '<', q.before);
  if (q.operation) query = query.where('operation', '=', q.operation);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  return query.execute();
}
