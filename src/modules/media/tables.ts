/**
 * Row types of the media tables (migration 0013_media), merged into the shared `Database` schema.
 * JSON columns are strings written with `writeJson` and read with `readJson`.
 */
export interface MediaAssetsTable {
  id: string;
  tenant_id: string;
  /** image | video | gif | font */
  kind: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  duration_ms: number | null;
  sha256: string;
  /** Key in the media store (local directory or S3 bucket). */
  storage_key: string;
  original_name: string | null;
  alt_text: string | null;
  /** upload | url | render | variant | website | generated */
  source: string;
  /** The asset this one was made from (a variant's photo, a fixed render's first try). */
  parent_id: string | null;
  /** Platform a render or variant was made for. */
  platform: string | null;
  /** Size key: linkedin, x, facebook, instagram_square, instagram_portrait. */
  variant: string | null;
  /** JSON: faces, render spec and layout, guard results, video facts, prompt; see MediaMetadata. */
  metadata: string;
  created_by: string | null;
  created_at: string;
}

export interface BrandKitsTable {
  tenant_id: string;
  /** JSON: BrandKit without the proposal. */
  kit: string;
  /** JSON: the latest BrandKitProposal from the website, or null. */
  proposal: string | null;
  version: number;
  updated_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface MediaTables {
  media_assets: MediaAssetsTable;
  brand_kits: BrandKitsTable;
}

declare module '../../db/schema.js' {
  interface Database extends MediaTables {}
}
