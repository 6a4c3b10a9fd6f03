/**
 * Row types of the voice tables (migration 0006). Everything that says something about the brand
 * (profiles, example posts, rules, the plain-words analysis) is stored encrypted with the tenant's
 * data key (src/db/crypto.ts): gzip-compressed JSON, then AES-256-GCM.
 */
export interface VoiceProfilesTable {
  tenant_id: string;
  /** Version scoring uses now (the latest learned). */
  current_version: number;
  /** Version drift is measured against (the first learned, until a person re-baselines). */
  baseline_version: number;
  /** Encrypted JSON: PinnedRule[]. */
  rules: Buffer;
  /** Encrypted JSON: the plain-words summary and do/don't rules of the current version, or null. */
  analysis: Buffer | null;
  /** Model that wrote the analysis (`local` for the offline summariser). */
  analysis_model: string | null;
  created_at: string;
  updated_at: string;
}

export interface VoiceProfileVersionsTable {
  id: string;
  tenant_id: string;
  version: number;
  /** Encrypted JSON: BrandVoiceProfile. */
  profile: Buffer;
  /** Encrypted JSON: the VoiceExample[] the version was learned from. */
  examples: Buffer;
  example_count: number;
  /** Who asked for it: api key id, `operator` or `system`. */
  created_by: string | null;
  created_at: string;
}

export interface VoiceTables {
  voice_profiles: VoiceProfilesTable;
  voice_profile_versions: VoiceProfileVersionsTable;
}

declare module '../../db/schema.js' {
  interface Database extends VoiceTables {}
}
