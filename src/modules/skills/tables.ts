/**
 * Row types of the skills tables (migration 0010). Shared (built-in) skills live in files shipped with
 * the code; these tables hold a tenant's own skills, its pins of shared skills, usage and performance
 * per skill, and the embeddings the library search uses.
 */

/** One skill of a tenant: its own (`tenant`), or its pin of a shared skill (`builtin`). */
export interface SkillsTable {
  id: string;
  tenant_id: string;
  /** The skill's id as written in its file (`product-launch`), unique per tenant. */
  skill_id: string;
  origin: 'tenant' | 'builtin';
  name: string;
  description: string;
  /** The newest version stored. */
  latest_version: number;
  /** The version the tenant uses; null = follow the latest. */
  pinned_version: number | null;
  created_at: string;
  updated_at: string;
}

/** One immutable version of a skill: the file exactly as given. */
export interface SkillVersionsTable {
  id: string;
  tenant_id: string;
  skill_row_id: string;
  skill_id: string;
  version: number;
  /** The `.skill.md` text. */
  content: string;
  /** Who stored it: api key id, `operator` or `system`. */
  created_by: string | null;
  created_at: string;
}

/** Usage and results per skill (shared or own), filled by generation and analytics. */
export interface SkillStatsTable {
  tenant_id: string;
  skill_id: string;
  /** Posts written with the skill. */
  uses: number;
  last_used_at: string | null;
  /** Published posts whose results were scored, and the sum of their scores (0-1 each). */
  outcomes: number;
  score_sum: number;
  updated_at: string;
}

/** The embedding of a skill version's searchable text, per embedding model. */
export interface SkillVectorsTable {
  tenant_id: string;
  skill_id: string;
  model: string;
  version: number;
  /** Hash of the text that was embedded; a different text is embedded again. */
  content_hash: string;
  /** JSON array of numbers. */
  vector: string;
  created_at: string;
}

export interface SkillTables {
  skills: SkillsTable;
  skill_versions: SkillVersionsTable;
  skill_stats: SkillStatsTable;
  skill_vectors: SkillVectorsTable;
}

declare module '../../db/schema.js' {
  interface Database extends SkillTables {}
}
