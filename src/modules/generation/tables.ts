/**
 * Row types of the generation module's content store (migration 0011): a piece of content (one request,
 * or a person's own text) and its candidates, one or more per platform. JSON columns hold the shapes
 * described in schemas.ts.
 */
export interface ContentsTable {
  id: string;
  tenant_id: string;
  /** draft | approved | rejected */
  status: string;
  /** person (content.create) | generated (content.generate) */
  source: string;
  /** What was asked for, when generated. */
  request: string | null;
  /** JSON: MediaRef[] attached to the content. */
  media: string;
  /** What wrote the candidates: `person`, `local`, or a `provider:model`. */
  engine: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  approved_at: string | null;
  rejected_reason: string | null;
}

export interface ContentCandidatesTable {
  id: string;
  tenant_id: string;
  content_id: string;
  platform: string;
  /** 1 = the platform's top candidate. */
  rank: number;
  text: string;
  /** JSON: Record<string, number> (voice, skill fit, predicted performance …). */
  scores: string;
  /** JSON: GuardResult[]. */
  guards: string;
  /** JSON: Citation[] (which knowledge entry supports which sentence). */
  citations: string;
  /** JSON: string[] defect labels (too_long, off_voice, unsupported_claim …). */
  defects: string;
  created_at: string;
}

export interface GenerationTables {
  contents: ContentsTable;
  content_candidates: ContentCandidatesTable;
}

declare module '../../db/schema.js' {
  interface Database extends GenerationTables {}
}
