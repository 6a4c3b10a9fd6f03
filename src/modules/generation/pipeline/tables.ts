/** Row type of generation runs (migration 0014). */
export interface GenerationRunsTable {
  id: string;
  tenant_id: string;
  content_id: string;
  /** generate | refine */
  kind: string;
  /** The person's words, for a refinement. */
  feedback: string | null;
  engine: string;
  seed: number;
  /** JSON: RunDetails (platforms, skills per platform, intent, fallbacks, notes, previous texts). */
  details: string;
  /** JSON: Record<stage, milliseconds>. */
  stages: string;
  created_by: string | null;
  created_at: string;
}

declare module '../../../db/schema.js' {
  interface Database {
    generation_runs: GenerationRunsTable;
  }
}
