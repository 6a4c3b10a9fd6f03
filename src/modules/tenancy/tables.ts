/**
 * Row types of tenancy's tables (migration 0001_core). JSON columns are strings (see db/dialect.ts);
 * times are UTC ISO-8601 strings.
 */
export interface TenantsTable {
  id: string;
  name: string;
  slug: string;
  time_zone: string;
  locale: string;
  plan: string;
  /** JSON: per-tenant quotas and limits that override the defaults. */
  limits: string;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  email: string | null;
  name: string;
  created_at: string;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  user_id: string | null;
  name: string;
  /** The first characters of the key, shown so a person can tell keys apart. */
  prefix: string;
  /** SHA-256 of the whole key, hex. The key itself is never stored. */
  hash: string;
  role: string;
  /** JSON array of scopes; empty means every operation the role allows. */
  scopes: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  replaced_by: string | null;
  created_at: string;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string;
  actor_type: string;
  actor_id: string | null;
  operation: string;
  target: string | null;
  request_id: string | null;
  outcome: string;
  error_code: string | null;
  /** JSON */
  details: string;
  created_at: string;
}

/** Installation-level audit records that outlive a tenant (migration 0017): ids, counts and codes only. */
export interface OperatorAuditTable {
  id: string;
  operation: string;
  /** The tenant the record is about; no foreign key, so it stays when the tenant is erased. */
  subject_tenant_id: string | null;
  actor_type: string;
  actor_id: string | null;
  request_id: string | null;
  outcome: string;
  error_code: string | null;
  /** JSON */
  details: string;
  created_at: string;
}

export interface EventsTable {
  id: string;
  tenant_id: string;
  type: string;
  subject_id: string | null;
  /** JSON */
  data: string;
  created_at: string;
}

/** Tenancy's tables (migration 0001_core, which also made db/tables.ts's `settings` and `tenant_keys`). */
export interface TenancyTables {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  operator_audit: OperatorAuditTable;
  events: EventsTable;
}

declare module '../../db/schema.js' {
  interface Database extends TenancyTables {}
}
