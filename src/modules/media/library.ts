/**
 * The tenant's media library: upload (base64 or a fetched URL, typed from the bytes), read, list and
 * delete assets.
 */
import { AppError, notFound } from '../../core/errors.js';
import { keysetPage } from '../../db/paging.js';
import {
  findAssetRow,
  type MediaAsset,
  type MediaContext,
  readBytes,
  requireRole,
  saveAsset,
  toAsset,
} from './assets.js';
import { checkFontFile } from './fonts/library.js';
import { type ProbedMedia, probeMedia } from './image/probe.js';
import * as repo from './repository.js';

const DATA_URI = /^data:[^;,]+(;[^,]*)?;base64,/i;

function decodeBase64(value: string): Buffer {
  const body = value.replace(DATA_URI, '').replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(body))
    throw new AppError('media.invalid_data', 400, '`data` must be base64 (or a base64 data: URI)');
  return Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

export interface UploadInput {
  data?: string | undefined;
  url?: string | undefined;
  name?: string | undefined;
  altText?: string | undefined;
}

export async function uploadMedia(
  ctx: MediaContext,
  input: UploadInput,
  source = input.url ? 'url' : 'upload',
): Promise<MediaAsset> {
  requireRole(ctx, 'editor');
  const max = ctx.app.config.media.maxUploadBytes;
  let data: Buffer;
  let name = input.name ?? null;
  if (input.data !== undefined) {
    data = decodeBase64(input.data);
  } else if (input.url) {
    const res = await ctx.app.fetch(input.url, {
      maxBytes: max,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    if (!res.ok)
      throw new AppError('media.fetch_failed', 422, `${input.url} answered HTTP ${res.status}`, {
        status: res.status,
      });
    data = res.body;
    name ??= decodeURIComponent(new URL(res.url).pathname.split('/').pop() ?? '') || null;
  } else {
    throw new AppError('media.no_input', 400, 'give the file as `data` (base64) or a `url` to fetch it from');
  }
  if (data.length === 0) throw new AppError('media.empty', 400, 'the file is empty');
  if (data.length > max) {
    throw new AppError(
      'media.too_large',
      413,
      `the file has ${data.length} bytes; the limit is ${max} (MEDIA_MAX_UPLOAD_BYTES)`,
    );
  }
  const probed = await probeMedia(data);
  return saveAsset(ctx, data, {
    kind: probed.kind,
    mime: probed.mime,
    ext: probed.ext,
    width: probed.width,
    height: probed.height,
    durationMs: probed.durationMs,
    originalName: name,
    altText: input.altText ?? null,
    source,
    metadata: probeMetadata(probed, data),
  });
}

function probeMetadata(probed: ProbedMedia, data: Buffer): Record<string, unknown> {
  if (probed.image) return { image: probed.image };
  if (probed.video) return { video: probed.video };
  if (probed.gif) return { gif: probed.gif };
  if (probed.font) return { font: checkFontFile(data) };
  return {};
}

/** Largest file `media.get` sends inline as base64 (a JSON answer four thirds its size). */
const MAX_INLINE_BYTES = 64 * 1024 * 1024;

export async function getMedia(
  ctx: MediaContext,
  id: string,
  options: { includeData?: boolean } = {},
): Promise<MediaAsset & { data?: string }> {
  requireRole(ctx, 'viewer');
  const row = await findAssetRow(ctx, id);
  const asset = toAsset(row);
  if (!options.includeData) return asset;
  if (asset.bytes > MAX_INLINE_BYTES) {
    throw new AppError(
      'media.too_large_inline',
      413,
      `media ${id} has ${asset.bytes} bytes; files over ${MAX_INLINE_BYTES} bytes are not sent inline as base64`,
    );
  }
  return { ...asset, data: (await readBytes(ctx, row)).toString('base64') };
}

export async function listMedia(
  ctx: MediaContext,
  q: {
    limit: number;
    cursor?: string | undefined;
    kind?: string | undefined;
    source?: string | undefined;
    parentId?: string | undefined;
  },
): Promise<{ media: MediaAsset[]; nextCursor: string | null }> {
  requireRole(ctx, 'viewer');
  // Filtering by another tenant's photo answers "not found", as reading it would.
  if (q.parentId) await findAssetRow(ctx, q.parentId);
  const rows = await ctx.app.db.read(ctx.tenantId, (db) =>
    repo.listAssets(db, ctx.tenantId, {
      limit: q.limit + 1,
      ...(q.cursor ? { before: q.cursor } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.source ? { source: q.source } : {}),
      ...(q.parentId ? { parentId: q.parentId } : {}),
    }),
  );
  const { page, nextCursor } = keysetPage(rows, q.limit);
  return { media: page.map(toAsset), nextCursor };
}

export async function deleteMedia(ctx: MediaContext, id: string): Promise<{ deleted: true; id: string }> {
  requireRole(ctx, 'editor');
  const row = await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const found = await repo.findAsset(tx, ctx.tenantId, id);
    if (!found) throw notFound('media.not_found', `media ${id}`);
    await repo.deleteAsset(tx, ctx.tenantId, id);
    return found;
  });
  // The row is gone first: a file left behind by a failed delete is unreachable, never a dangling row.
  await ctx.app.media.store.delete(row.storage_key).catch((error: unknown) => {
    ctx.app.logger.warn({ err: error, key: row.storage_key }, 'media file could not be deleted');
  });
  return { deleted: true, id };
}
