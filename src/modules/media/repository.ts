/**
 * The only code that writes SQL for the media tables. Every query filters on tenant_id.
 */
import type { Executor } from '../../db/connect.js';
import { readJson, writeJson } from '../../db/dialect.js';
import type { MediaAssetsTable } from './tables.js';

export type MediaAssetRow = MediaAssetsTable;

export async function insertAsset(db: Executor, row: MediaAssetRow): Promise<void> {
  await db.insertInto('media_assets').values(row).execute();
}

export async function findAsset(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<MediaAssetRow | undefined> {
  return db
    .selectFrom('media_assets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface AssetListQuery {
  limit: number;
  /** Newest first: rows with an id below this one. */
  before?: string;
  kind?: string;
  source?: string;
  parentId?: string;
}

export async function listAssets(
  db: Executor,
  tenantId: string,
  q: AssetListQuery,
): Promise<MediaAssetRow[]> {
  let query = db
    .selectFrom('media_assets')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(q.limit);
  if (q.before) query = query.where('id', '<', q.before);
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.source) query = query.where('source', '=', q.source);
  if (q.parentId) query = query.where('parent_id', '=', q.parentId);
  return query.execute();
}

export async function updateMetadata(
  db: Executor,
  tenantId: string,
  id: string,
  metadata: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable('media_assets')
    .set({ metadata: writeJson(metadata) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function updateAltText(
  db: Executor,
  tenantId: string,
  id: string,
  altText: string | null,
): Promise<void> {
  await db
    .updateTable('media_assets')
    .set({ alt_text: altText })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteAsset(db: Executor, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('media_assets').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/** Assets made from `id` (variants, renders using it as a photo are not tracked here). */
export async function childIds(db: Executor, tenantId: string, id: string): Promise<string[]> {
  const rows = await db
    .selectFrom('media_assets')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('parent_id', '=', id)
    .execute();
  return rows.map((r) => r.id);
}

export interface BrandKitState {
  kit: Record<string, unknown>;
  proposal: Record<string, unknown> | null;
  version: number;
  updatedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export async function getBrandKit(db: Executor, tenantId: string): Promise<BrandKitState | undefined> {
  const row = await db
    .selectFrom('brand_kits')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    kit: readJson<Record<string, unknown>>(row.kit, {}),
    proposal: readJson<Record<string, unknown> | null>(row.proposal, null),
    version: row.version,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function saveBrandKit(
  db: Executor,
  tenantId: string,
  state: {
    kit: Record<string, unknown>;
    proposal: Record<string, unknown> | null;
    version: number;
    updatedBy: string | null;
    now: string;
  },
  exists: boolean,
): Promise<void> {
  if (exists) {
    await db
      .updateTable('brand_kits')
      .set({
        kit: writeJson(state.kit),
        proposal: state.proposal ? writeJson(state.proposal) : null,
        version: state.version,
        updated_by: state.updatedBy,
        updated_at: state.now,
      })
      .where('tenant_id', '=', tenantId)
      .execute();
    return;
  }
  await db
    .insertInto('brand_kits')
    .values({
      tenant_id: tenantId,
      kit: writeJson(state.kit),
      proposal: state.proposal ? writeJson(state.proposal) : null,
      version: state.version,
      updated_by: state.updatedBy,
      created_at: state.now,
      updated_at: state.now,
    })
    .execute();
}
