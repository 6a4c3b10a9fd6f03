/**
 * The only code that writes SQL for the voice tables. Every brand-revealing value goes through the
 * tenant's envelope encryption: JSON → gzip → AES-256-GCM with a purpose bound as associated data,
 * so a profile blob copied into another tenant's row or another column fails to decrypt.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { newPrefixedId } from '../../core/ids.js';
import type { Executor } from '../../db/connect.js';
import type { TenantCrypto } from '../../db/crypto.js';
import type { BrandVoiceProfile, PinnedRule, VoiceExample } from './types.js';

export const purposes = {
  profile: 'voice.profile',
  examples: 'voice.examples',
  rules: 'voice.rules',
  analysis: 'voice.analysis',
} as const;

async function seal(crypto: TenantCrypto, db: Executor, tenantId: string, value: unknown, purpose: string) {
  return crypto.encrypt(db, tenantId, gzipSync(Buffer.from(JSON.stringify(value), 'utf8')), purpose);
}

async function open<T>(
  crypto: TenantCrypto,
  db: Executor,
  tenantId: string,
  data: Buffer,
  purpose: string,
): Promise<T> {
  const plain = await crypto.decrypt(db, tenantId, Buffer.from(data), purpose);
  return JSON.parse(gunzipSync(plain).toString('utf8')) as T;
}

export interface VoiceProfileState {
  currentVersion: number;
  baselineVersion: number;
  rules: PinnedRule[];
  analysis: unknown | null;
  analysisModel: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VoiceVersionMeta {
  version: number;
  exampleCount: number;
  createdBy: string | null;
  createdAt: string;
}

export async function getState(
  db: Executor,
  crypto: TenantCrypto,
  tenantId: string,
): Promise<VoiceProfileState | undefined> {
  const row = await db
    .selectFrom('voice_profiles')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    currentVersion: row.current_version,
    baselineVersion: row.baseline_version,
    rules: await open<PinnedRule[]>(crypto, db, tenantId, row.rules, purposes.rules),
    analysis: row.analysis
      ? await open<unknown>(crypto, db, tenantId, row.analysis, purposes.analysis)
      : null,
    analysisModel: row.analysis_model,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function saveState(
  db: Executor,
  crypto: TenantCrypto,
  tenantId: string,
  state: Omit<VoiceProfileState, 'createdAt'>,
  exists: boolean,
): Promise<void> {
  const values = {
    current_version: state.currentVersion,
    baseline_version: state.baselineVersion,
    rules: await seal(crypto, db, tenantId, state.rules, purposes.rules),
    analysis:
      state.analysis === null ? null : await seal(crypto, db, tenantId, state.analysis, purposes.analysis),
    analysis_model: state.analysisModel,
    updated_at: state.updatedAt,
  };
  if (exists) {
    await db.updateTable('voice_profiles').set(values).where('tenant_id', '=', tenantId).execute();
  } else {
    await db
      .insertInto('voice_profiles')
      .values({ tenant_id: tenantId, created_at: state.updatedAt, ...values })
      .execute();
  }
}

export async function latestVersion(db: Executor, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('voice_profile_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return Number(row?.v ?? 0);
}

export async function insertVersion(
  db: Executor,
  crypto: TenantCrypto,
  tenantId: string,
  version: number,
  profile: BrandVoiceProfile,
  examples: readonly VoiceExample[],
  createdBy: string | null,
  createdAt: string,
): Promise<void> {
  await db
    .insertInto('voice_profile_versions')
    .values({
      id: newPrefixedId('voicev'),
      tenant_id: tenantId,
      version,
      profile: await seal(crypto, db, tenantId, profile, purposes.profile),
      examples: await seal(crypto, db, tenantId, examples, purposes.examples),
      example_count: examples.length,
      created_by: createdBy,
      created_at: createdAt,
    })
    .execute();
}

export async function getVersionProfile(
  db: Executor,
  crypto: TenantCrypto,
  tenantId: string,
  version: number,
): Promise<BrandVoiceProfile | undefined> {
  const row = await db
    .selectFrom('voice_profile_versions')
    .select('profile')
    .where('tenant_id', '=', tenantId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? open<BrandVoiceProfile>(crypto, db, tenantId, row.profile, purposes.profile) : undefined;
}

export async function getVersionExamples(
  db: Executor,
  crypto: TenantCrypto,
  tenantId: string,
  version: number,
): Promise<VoiceExample[] | undefined> {
  const row = await db
    .selectFrom('voice_profile_versions')
    .select('examples')
    .where('tenant_id', '=', tenantId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? open<VoiceExample[]>(crypto, db, tenantId, row.examples, purposes.examples) : undefined;
}

export async function listVersions(db: Executor, tenantId: string): Promise<VoiceVersionMeta[]> {
  const rows = await db
    .selectFrom('voice_profile_versions')
    .select(['version', 'example_count', 'created_by', 'created_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('version', 'asc')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    exampleCount: r.example_count,
    createdBy: r.created_by,
    createdAt: r.created_at,
  }));
}
