/**
 * A photo made ready to crop: its bytes, its faces and a small saliency copy. Faces are detected once
 * per asset and kept in its metadata, so every later crop of the same photo skips the detector.
 */
import { AppError } from '../../core/errors.js';
import { readJson } from '../../db/dialect.js';
import { findAssetRow, type MediaContext, readBytes } from './assets.js';
import { saliencyCopy } from './image/output.js';
import type { Box } from './render/types.js';
import * as repo from './repository.js';

/** The faces of an image asset (upright px), detected once and kept in its metadata. */
export async function facesOf(ctx: MediaContext, row: repo.MediaAssetRow, data: Buffer): Promise<Box[]> {
  const metadata = readJson<Record<string, unknown>>(row.metadata, {});
  const known = metadata.faces as { boxes: Box[] } | undefined;
  if (known) return known.boxes;
  const detector = await ctx.app.media.faces();
  const found = await detector.detect(data);
  const boxes = found.map((f) => ({
    x: Math.round(f.x),
    y: Math.round(f.y),
    width: Math.round(f.width),
    height: Math.round(f.height),
  }));
  const next = {
    ...metadata,
    faces: {
      boxes,
      scores: found.map((f) => f.score),
      detector: `face-api tiny (${detector.backend})`,
      detectedAt: ctx.app.clock.iso(),
    },
  };
  await ctx.app.db.tenant(ctx.tenantId, (tx) => repo.updateMetadata(tx, ctx.tenantId, row.id, next));
  return boxes;
}

export interface PreparedPhoto {
  row: repo.MediaAssetRow;
  data: Buffer;
  faces: Box[];
  saliency: { data: Buffer; width: number; height: number };
}

export async function preparePhoto(ctx: MediaContext, id: string): Promise<PreparedPhoto> {
  const row = await findAssetRow(ctx, id);
  if (row.kind !== 'image')
    throw new AppError('media.not_a_photo', 400, `media ${id} is a ${row.kind}, not a photo`);
  const data = await readBytes(ctx, row);
  return { row, data, faces: await facesOf(ctx, row, data), saliency: await saliencyCopy(data) };
}
