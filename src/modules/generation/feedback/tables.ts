/**
 * Row types of feedback and learning (migration 0015). JSON columns hold the shapes described in
 * feedback/schemas.ts and learning/state.ts.
 */
export interface ContentFeedbackTable {
  id: string;
  tenant_id: string;
  content_id: string;
  /** The candidate the feedback is about; null for content-wide feedback. */
  candidate_id: string | null;
  platform: string | null;
  /** approve | reject | edit | outcome */
  kind: string;
  /** The skill that wrote the candidate, when known. */
  skill_id: string | null;
  /** JSON: string[] reason codes (rejections). */
  reasons: string;
  /** The person's own words (a rejection's note). */
  note: string | null;
  /** JSON: what else the event carries (an edit's texts and diff, an approval's rank, an outcome's score). */
  detail: string;
  actor: string | null;
  created_at: string;
}

export interface GenerationLearningTable {
  tenant_id: string;
  /** JSON: LearningState. */
  state: string;
  /** How many events have been learned from. */
  events: number;
  updated_at: string;
}

export interface GenerationRuleSuggestionsTable {
  id: string;
  tenant_id: string;
  /** Identity of the proposal within the tenant (`banned_phrase:cheap`), so it is proposed once. */
  key: string;
  /** JSON: the voice PinnedRuleInput it would add. */
  rule: string;
  reason: string;
  /** JSON: counts behind it. */
  evidence: string;
  /** proposed | accepted | dismissed */
  status: string;
  created_at: string;
  updated_at: string;
  decided_by: string | null;
}

/** Installation-wide figures: one row per (platform, built-in skill) cell that at least 5 tenants fed. */
export interface GenerationSharedFiguresTable {
  key: string;
  platform: string;
  skill_id: string;
  approval_rate: number;
  /** 5-9 | 10-19 | 20-49 | 50+ */
  tenants_band: string;
  released_at: string;
}

export interface FeedbackTables {
  content_feedback: ContentFeedbackTable;
  generation_learning: GenerationLearningTable;
  generation_rule_suggestions: GenerationRuleSuggestionsTable;
  generation_shared_figures: GenerationSharedFiguresTable;
}

declare module '../../../db/schema.js' {
  interface Database extends FeedbackTables {}
}
