/**
 * Tables of the infrastructure below the modules, created by migration 0001_core (which shipped before
 * modules owned their migrations): per-tenant settings (the AI budget keeps its limit there) and each
 * tenant's wrapped data key (db/crypto.ts).
 */
export interface SettingsTable {
  tenant_id: string;
  key: string;
  /** JSON */
  value: string;
  updated_at: string;
}

export interface TenantKeysTable {
  tenant_id: string;
  /** The tenant's data key, encrypted (wrapped) with the master key. */
  wrapped_key: Buffer;
  /** Fingerprint of the master key that wrapped it, so rotation knows what to re-wrap. */
  master_key_id: string;
  created_at: string;
  rotated_at: string | null;
}

export interface InfrastructureTables {
  settings: SettingsTable;
  tenant_keys: TenantKeysTable;
}

declare module './schema.js' {
  interface Database extends InfrastructureTables {}
}
