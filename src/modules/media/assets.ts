/**
 * A media asset as the rest of the module sees it: its row and its bytes kept together. Bytes are
 * written before the row and removed if the row cannot be written, so no asset points at a missing file.
 * Every media service takes an explicit context (tenant, role, app services) instead of global state.
 */
import { createHash } from 'node:crypto';
import { AppError, forbidden, notFound } from '../../core/errors.js';
import { newPrefixedId } from '../../core/ids.js';
import { readJson, writeJson } from '../../db/dialect.js';
import { type Role, roleAllows } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import * as repo from './repository.js';

/** What media services need to know about the caller: an OperationContext satisfies it. */
export interface MediaContext {
  tenantId: string;
  role: Role;
  app: AppServices;
  actor?: { type: string; id: string | null };
  signal?: AbortSignal;
}

export function requireRole(ctx: MediaContext, need: Role): void {
  if (!roleAllows(ctx.role, need)) throw forbidden(`this needs the ${need} role; the caller is ${ctx.role}`);
}

const createdBy = (ctx: MediaContext) => (ctx.actor ? (ctx.actor.id ?? ctx.actor.type) : null);

export interface MediaAsset {
  id: string;
  kind: 'image' | 'video' | 'gif' | 'font';
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  sha256: string;
  originalName: string | null;
  altText: string | null;
  source: string;
  parentId: string | null;
  platform: string | null;
  variant: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
}

export function toAsset(row: repo.MediaAssetRow): MediaAsset {
  return {
    id: row.id,
    kind: row.kind as MediaAsset['kind'],
    mime: row.mime,
    bytes: Number(row.bytes),
    width: row.width,
    height: row.height,
    durationMs: row.duration_ms,
    sha256: row.sha256,
    originalName: row.original_name,
    altText: row.alt_text,
    source: row.source,
    parentId: row.parent_id,
    platform: row.platform,
    variant: row.variant,
    metadata: readJson<Record<string, unknown>>(row.metadata, {}),
    createdAt: row.created_at,
  };
}

const extOf = (mime: string) =>
  ({
    'image/jpeg': 'jpg',
    'image/png': 'png',
    'image/webp': 'webp',
    'image/gif': 'gif',
    'video/mp4': 'mp4',
    'video/quicktime': 'mov',
  })[mime] ?? 'bin';

/** Stores bytes, then the row; removes the bytes again when the row cannot be written. */
export async function saveAsset(
  ctx: MediaContext,
  data: Buffer,
  fields: {
    kind: MediaAsset['kind'];
    mime: string;
    ext?: string;
    width: number | null;
    height: number | null;
    durationMs?: number | null;
    originalName?: string | null;
    altText?: string | null;
    source: string;
    parentId?: string | null;
    platform?: string | null;
    variant?: string | null;
    metadata: Record<string, unknown>;
  },
): Promise<MediaAsset> {
  const { app, tenantId } = ctx;
  const id = newPrefixedId('med');
  const key = `${tenantId}/${id}.${fields.ext ?? extOf(fields.mime)}`;
  const row: repo.MediaAssetRow = {
    id,
    tenant_id: tenantId,
    kind: fields.kind,
    mime: fields.mime,
    bytes: data.length,
    width: fields.width,
    height: fields.height,
    duration_ms: fields.durationMs ?? null,
    sha256: createHash('sha256').update(data).digest('hex'),
    storage_key: key,
    original_name: fields.originalName ?? null,
    alt_text: fields.altText ?? null,
    source: fields.source,
    parent_id: fields.parentId ?? null,
    platform: fields.platform ?? null,
    variant: fields.variant ?? null,
    metadata: writeJson(fields.metadata),
    created_by: createdBy(ctx),
    created_at: app.clock.iso(),
  };
  await app.media.store.put(key, data, fields.mime);
  try {
    await app.db.tenant(tenantId, (tx) => repo.insertAsset(tx, row));
  } catch (error) {
    await app.media.store.delete(key).catch(() => undefined);
    throw error;
  }
  return toAsset(row);
}

export async function findAssetRow(ctx: MediaContext, id: string): Promise<repo.MediaAssetRow> {
  const row = await ctx.app.db.read(ctx.tenantId, (db) => repo.findAsset(db, ctx.tenantId, id));
  if (!row) throw notFound('media.not_found', `media ${id}`);
  return row;
}

export async function readBytes(ctx: MediaContext, row: repo.MediaAssetRow): Promise<Buffer> {
  const data = await ctx.app.media.store.get(row.storage_key);
  if (!data) {
    throw new AppError(
      'media.file_missing',
      500,
      `the file of media ${row.id} is missing from the media store`,
    );
  }
  return data;
}
