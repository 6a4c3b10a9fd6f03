/**
 * Media services for one tenant: upload, read, list and delete files; render graphics through the
 * seven visual guards; make platform variants of photos with face-aware crops; check any asset
 * against a platform. Each takes an explicit context (tenant, role, app services); the repository
 * does the SQL and the media store holds the bytes. Bytes are written before the row and removed if
 * the row cannot be written, so no asset points at a missing file.
 */
import { createHash } from 'node:crypto';
import { AppError, forbidden, notFound } from '../../core/errors.js';
import { newPrefixedId } from '../../core/ids.js';
import type { Platform } from '../../core/platforms.js';
import { readJson, writeJson } from '../../db/dialect.js';
import { keysetPage } from '../../db/paging.js';
import { type OperationContext, type Role, roleAllows } from '../../operations/define.js';
import type { AppServices } from '../../operations/services.js';
import { getBrandKitSettings } from './brand-kit/service.js';
import type { BrandKit } from './brand-kit/types.js';
import { chooseCrop } from './crop/smart-crop.js';
import { bundledFamilies, checkFontFile, type FontFace } from './fonts/library.js';
import { checkImageRatio } from './guards/aspect-ratio.js';
import { renderWithGuards } from './guards/run.js';
import type { GuardResult } from './guards/types.js';
import { encodeGraphic, encodePhoto, logoDataUri, photoDataUri, saliencyCopy } from './image/output.js';
import { type ProbedMedia, probeMedia } from './image/probe.js';
import { imageSpecs, type SizeKey, sizesOf } from './platforms.js';
import type { RenderAssets } from './render/render.js';
import { buildPlan, photoRegionFor, type RenderRequest } from './render/templates.js';
import type { Box, DesignPlan, LayoutElement, TemplateName } from './render/types.js';
import * as repo from './repository.js';
import { checkGif, checkVideo, type MediaProblem } from './video/limits.js';
import { posterFrame } from './video/poster.js';

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

// ---------------------------------------------------------------- upload, get, list, delete

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

export { eraseTenantMedia } from './runtime.js';

// ---------------------------------------------------------------- faces

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

// ---------------------------------------------------------------- render

async function fontsFor(ctx: MediaContext, kit: BrandKit): Promise<FontFace[]> {
  const faces = [...(await ctx.app.media.fonts.bundledFaces())];
  for (const font of kit.uploadedFonts) {
    const row = await ctx.app.db.read(ctx.tenantId, (db) => repo.findAsset(db, ctx.tenantId, font.mediaId));
    if (!row)
      throw new AppError(
        'media.font_missing',
        409,
        `brand font ${font.family} (media ${font.mediaId}) was deleted; upload it again or remove it from the brand kit`,
      );
    faces.push({
      name: font.family,
      data: await readBytes(ctx, row),
      weight: font.weight,
      style: font.style,
    });
  }
  for (const family of [kit.fonts.heading, kit.fonts.body]) {
    if (!faces.some((f) => f.name === family)) {
      throw new AppError(
        'media.font_unknown',
        409,
        `the brand kit uses font "${family}", which is neither bundled (${bundledFamilies.join(', ')}) nor uploaded`,
      );
    }
  }
  return faces;
}

export interface RenderInput {
  /** Render the text of stored content (needs the generation module); headline is then optional. */
  contentId?: string | undefined;
  headline?: string | undefined;
  subline?: string | undefined;
  cta?: string | undefined;
  platform?: Platform | undefined;
  sizes?: SizeKey[] | undefined;
  template: TemplateName;
  photoId?: string | undefined;
  focus?: { x: number; y: number } | undefined;
  background?: { colour?: string | undefined; gradient?: [string, string] | undefined } | undefined;
  textColour?: string | undefined;
  fontSize?: number | undefined;
  sublineFontSize?: number | undefined;
  textPosition?: 'top' | 'center' | 'bottom' | undefined;
  align?: 'left' | 'center' | undefined;
  logo?: boolean | undefined;
  logoId?: string | undefined;
  logoCorner?: RenderRequest['logoCorner'];
  scrim?: RenderRequest['scrim'];
  slides?:
    | Array<{ headline: string; subline?: string | undefined; photoId?: string | undefined }>
    | undefined;
  altText?: string | undefined;
  fix: boolean;
}

export interface RenderedGraphic {
  media: MediaAsset;
  size: SizeKey;
  slide: number | null;
  passed: boolean;
  guards: GuardResult[];
  elements: LayoutElement[];
  renders: number;
}

interface PreparedPhoto {
  row: repo.MediaAssetRow;
  data: Buffer;
  faces: Box[];
  saliency: { data: Buffer; width: number; height: number };
}

async function preparePhoto(ctx: MediaContext, id: string): Promise<PreparedPhoto> {
  const row = await findAssetRow(ctx, id);
  if (row.kind !== 'image')
    throw new AppError('media.not_a_photo', 400, `media ${id} is a ${row.kind}, not a photo`);
  const data = await readBytes(ctx, row);
  return { row, data, faces: await facesOf(ctx, row, data), saliency: await saliencyCopy(data) };
}

async function resolveText(
  ctx: MediaContext,
  input: RenderInput,
): Promise<{
  headline: string;
  subline?: string | undefined;
  cta?: string | undefined;
  platform?: Platform | undefined;
  altText?: string | undefined;
}> {
  if (!input.contentId) {
    if (!input.headline && !input.slides?.length)
      throw new AppError('media.no_text', 400, 'give a headline (or slides, or a contentId) to render');
    return {
      headline: input.headline ?? '',
      subline: input.subline,
      cta: input.cta,
      platform: input.platform,
      altText: input.altText,
    };
  }
  const source = ctx.app.media.contentSource;
  if (!source) {
    throw new AppError(
      'media.content_unavailable',
      501,
      'rendering from a content id needs the generation module (content.get), which this installation does not have yet; pass headline and subline instead',
    );
  }
  const content = await source(ctx as OperationContext, input.contentId);
  return {
    headline: input.headline ?? content.headline,
    subline: input.subline ?? content.subline,
    cta: input.cta ?? content.cta,
    platform: input.platform ?? (content.platform as Platform | undefined),
    altText: input.altText ?? content.altText,
  };
}

/** Alt text for a graphic: the caller's, else its words (what a screen reader user needs). */
export function altTextFor(text: {
  headline: string;
  subline?: string | undefined;
  cta?: string | undefined;
}): string {
  return [text.headline, text.subline, text.cta]
    .filter((t) => t && t.trim() !== '')
    .map((t) => (t as string).trim().replace(/[.!?]?$/, '.'))
    .join(' ')
    .slice(0, 1000);
}

export async function renderGraphics(
  ctx: MediaContext,
  input: RenderInput,
): Promise<{ graphics: RenderedGraphic[]; passed: boolean }> {
  requireRole(ctx, 'editor');
  const text = await resolveText(ctx, input);
  const sizes = input.sizes?.length ? input.sizes : sizesOf(text.platform ?? 'linkedin').slice(0, 1);
  const kit = await getBrandKitSettings(ctx);
  const fonts = await fontsFor(ctx, kit);
  const images = new Map<string, string>();
  const assets: RenderAssets = { images };

  // The logo: an explicit one, or the kit's (a light variant on dark designs is not guessed: primary first).
  let logo: { mediaId: string; width: number; height: number } | undefined;
  const logoId =
    input.logoId ??
    (input.logo === false
      ? undefined
      : (kit.logos.find((l) => l.variant === 'primary')?.mediaId ?? kit.logos[0]?.mediaId));
  if (logoId) {
    const row = await findAssetRow(ctx, logoId);
    if (row.kind !== 'image')
      throw new AppError('media.not_an_image', 400, `logo ${logoId} is a ${row.kind}, not an image`);
    const raster = await logoDataUri(await readBytes(ctx, row), 480);
    images.set(logoId, raster.uri);
    logo = { mediaId: logoId, width: raster.width, height: raster.height };
  }

  const slides = input.slides?.length
    ? input.slides.map((s, i) => ({ ...s, index: i }))
    : [{ headline: text.headline, subline: text.subline, photoId: input.photoId, index: -1 }];
  const photos = new Map<string, PreparedPhoto>();
  for (const id of new Set(slides.map((s) => s.photoId).filter((p): p is string => Boolean(p))))
    photos.set(id, await preparePhoto(ctx, id));

  const graphics: RenderedGraphic[] = [];
  for (const size of sizes) {
    const spec = imageSpecs[size];
    for (const slide of slides) {
      const photo = slide.photoId ? photos.get(slide.photoId) : undefined;
      const template: TemplateName = photo && input.template === 'headline' ? 'photo' : input.template;
      let photoInput: Parameters<typeof buildPlan>[2]['photo'];
      if (photo && (template === 'photo' || template === 'split')) {
        const region = photoRegionFor(template, size);
        const choice = await chooseCrop({
          width: photo.row.width ?? 0,
          height: photo.row.height ?? 0,
          ratio: region.width / region.height,
          faces: photo.faces,
          focus: input.focus,
          saliency: photo.saliency,
        });
        const key = `${photo.row.id}@${choice.crop.x},${choice.crop.y},${choice.crop.width},${choice.crop.height}`;
        if (!images.has(key))
          images.set(key, await photoDataUri(photo.data, choice.crop, region.width, region.height));
        photoInput = { mediaId: key, crop: choice.crop, faces: photo.faces };
      }
      const request: RenderRequest = {
        size,
        template,
        headline: slide.headline,
        subline: slide.subline,
        cta: slides.length > 1 ? undefined : text.cta,
        slideNumber: slides.length > 1 ? `${slide.index + 1}/${slides.length}` : undefined,
        background: input.background,
        textColour: input.textColour,
        fontSize: input.fontSize,
        sublineFontSize: input.sublineFontSize,
        textPosition: input.textPosition,
        align: input.align,
        logoCorner: input.logoCorner,
        scrim: input.scrim,
      };
      const plan = buildPlan(request, kit, { photo: photoInput, logo });
      const guarded = await renderWithGuards(plan, kit, { fonts, assets }, { fix: input.fix });
      const encoded = await encodeGraphic(await guarded.output.final(), spec);
      const passed = guarded.results.every((r) => r.status !== 'fail');
      const alt =
        text.altText ?? altTextFor({ headline: slide.headline, subline: slide.subline, cta: request.cta });
      const media = await saveAsset(ctx, encoded.data, {
        kind: 'image',
        mime: encoded.mime,
        width: encoded.width,
        height: encoded.height,
        altText: alt,
        source: 'render',
        parentId: photo?.row.id ?? null,
        platform: spec.platform,
        variant: size,
        metadata: {
          render: {
            request: {
              ...request,
              photoId: photo?.row.id ?? null,
              logoId: logo?.mediaId ?? null,
              focus: input.focus ?? null,
            },
            plan: storedPlan(guarded.output.design.plan),
            brandKitFonts: kit.fonts,
          },
          guards: guarded.results,
          elements: guarded.output.design.elements,
          passed,
          renders: guarded.renders,
          ...(input.contentId ? { contentId: input.contentId } : {}),
        },
      });
      graphics.push({
        media,
        size,
        slide: slides.length > 1 ? slide.index + 1 : null,
        passed,
        guards: guarded.results,
        elements: guarded.output.design.elements,
        renders: guarded.renders,
      });
    }
  }
  return { graphics, passed: graphics.every((g) => g.passed) };
}

/** The plan as stored: the photo's render-time key is swapped back for its media id. */
function storedPlan(plan: DesignPlan): DesignPlan {
  if (plan.background.kind !== 'photo') return plan;
  return {
    ...plan,
    background: { ...plan.background, mediaId: plan.background.mediaId.split('@')[0] as string },
  };
}

// ---------------------------------------------------------------- variants

export interface VariantInput {
  mediaId: string;
  sizes?: SizeKey[] | undefined;
  platforms?: Platform[] | undefined;
  focus?: { x: number; y: number } | undefined;
  altText?: string | undefined;
}

export interface PhotoVariant {
  media: MediaAsset;
  size: SizeKey;
  crop: Box;
  reason: string;
  facesKept: number;
  facesCut: number;
  facesTotal: number;
  quality: number | null;
  guards: GuardResult[];
}

export async function makeVariants(
  ctx: MediaContext,
  input: VariantInput,
): Promise<{ source: MediaAsset; variants: PhotoVariant[]; warnings: string[] }> {
  requireRole(ctx, 'editor');
  const photo = await preparePhoto(ctx, input.mediaId);
  const sizes = input.sizes?.length
    ? input.sizes
    : (input.platforms?.length
        ? input.platforms
        : (['linkedin', 'x', 'facebook', 'instagram'] as Platform[])
      ).flatMap((p) => sizesOf(p));
  const alt = input.altText ?? photo.row.alt_text;
  const warnings = alt
    ? []
    : [
        'no alt text: pass altText (or set it on the upload) so screen-reader users know what the photo shows',
      ];
  const variants: PhotoVariant[] = [];
  for (const size of [...new Set(sizes)]) {
    const spec = imageSpecs[size];
    const choice = await chooseCrop({
      width: photo.row.width ?? 0,
      height: photo.row.height ?? 0,
      ratio: spec.width / spec.height,
      faces: photo.faces,
      focus: input.focus,
      saliency: photo.saliency,
    });
    const encoded = await encodePhoto(photo.data, choice.crop, spec);
    const ratio = checkImageRatio(encoded.width, encoded.height, spec);
    const guards: GuardResult[] = [
      {
        guard: 'aspect_ratio',
        status: ratio.status === 'pass' ? 'pass' : 'fail',
        message: ratio.message,
        evidence: ratio.evidence,
        warnings: [],
        applicable: true,
        fixes: [],
      },
    ];
    const media = await saveAsset(ctx, encoded.data, {
      kind: 'image',
      mime: encoded.mime,
      width: encoded.width,
      height: encoded.height,
      altText: alt ?? null,
      source: 'variant',
      parentId: photo.row.id,
      platform: spec.platform,
      variant: size,
      metadata: {
        crop: choice.crop,
        cropReason: choice.reason,
        faces: { kept: choice.keptFaces.length, cut: choice.cutFaces.length, total: photo.faces.length },
        quality: encoded.quality,
        metadataStripped: true,
        orientationApplied:
          (readJson<{ image?: { orientation?: number } }>(photo.row.metadata, {}).image?.orientation ?? 1) !==
          1,
        guards,
      },
    });
    variants.push({
      media,
      size,
      crop: choice.crop,
      reason: choice.reason,
      facesKept: choice.keptFaces.length,
      facesCut: choice.cutFaces.length,
      facesTotal: photo.faces.length,
      quality: encoded.quality,
      guards,
    });
  }
  return { source: toAsset(photo.row), variants, warnings };
}

// ---------------------------------------------------------------- check

export interface CheckResult {
  media: MediaAsset;
  platform: Platform;
  size: SizeKey | null;
  passed: boolean;
  guards: GuardResult[];
  problems: MediaProblem[];
  poster?: { mediaId: string } | { message: string };
  fixed?: MediaAsset;
}

/**
 * Checks an asset against a platform: a rendered graphic gets the seven guards again (and, with
 * `fix`, a fixed copy); a photo its ratio, size, format and bytes (and, with `fix`, a variant cut to
 * the platform size); a video or GIF the platform's limits (and a poster frame when ffmpeg exists).
 */
export async function checkMedia(
  ctx: MediaContext,
  input: { mediaId: string; platform: Platform; size?: SizeKey | undefined; fix: boolean },
): Promise<CheckResult> {
  requireRole(ctx, input.fix ? 'editor' : 'viewer');
  const row = await findAssetRow(ctx, input.mediaId);
  const asset = toAsset(row);
  const platform = input.platform;
  if (row.kind === 'video') {
    const facts = asset.metadata.video as Parameters<typeof checkVideo>[1];
    const problems = checkVideo(platform, facts, asset.bytes);
    const poster = await posterFrame(await readBytes(ctx, row), facts.container, facts.durationSeconds);
    let posterOut: CheckResult['poster'];
    if (poster.available) {
      const saved = input.fix
        ? await saveAsset(ctx, poster.jpeg, {
            kind: 'image',
            mime: 'image/jpeg',
            width: facts.width,
            height: facts.height,
            source: 'poster',
            parentId: row.id,
            metadata: { atSeconds: poster.atSeconds },
          })
        : undefined;
      posterOut = saved
        ? { mediaId: saved.id }
        : { message: `a poster frame can be taken at ${poster.atSeconds}s (run with fix to store it)` };
    } else {
      posterOut = { message: poster.message };
    }
    return {
      media: asset,
      platform,
      size: null,
      passed: problems.length === 0,
      guards: [],
      problems,
      poster: posterOut,
    };
  }
  if (row.kind === 'gif') {
    const facts = asset.metadata.gif as { frames: number };
    const problems = checkGif(
      platform,
      { width: asset.width ?? 0, height: asset.height ?? 0, frames: facts.frames },
      asset.bytes,
    );
    return { media: asset, platform, size: null, passed: problems.length === 0, guards: [], problems };
  }
  if (row.kind !== 'image')
    throw new AppError(
      'media.not_checkable',
      400,
      `media ${row.id} is a ${row.kind}; check images, videos and GIFs`,
    );

  const size =
    input.size ??
    (asset.variant && imageSpecs[asset.variant as SizeKey]?.platform === platform
      ? (asset.variant as SizeKey)
      : (sizesOf(platform)[0] as SizeKey));
  const spec = imageSpecs[size];
  const render = asset.metadata.render as { plan: DesignPlan } | undefined;
  if (render) return recheckRender(ctx, row, asset, render.plan, platform, size, input.fix);

  const problems: MediaProblem[] = [];
  const format = asset.mime.replace('image/', '').replace('jpg', 'jpeg');
  if (!spec.formats.includes(format as 'jpeg')) {
    problems.push({
      code: 'format',
      message: `${platform} takes ${spec.formats.join(', ').toUpperCase()} photos; this is ${format.toUpperCase()}`,
    });
  }
  if (asset.bytes > spec.maxBytes)
    problems.push({
      code: 'too_large',
      message: `${platform} takes photos up to ${Math.round(spec.maxBytes / 1048576)} MB; this is ${(asset.bytes / 1048576).toFixed(1)} MB`,
    });
  const meta = asset.metadata.image as { hasMetadata?: boolean; orientation?: number } | undefined;
  if (meta?.hasMetadata)
    problems.push({
      code: 'metadata',
      message: 'the file carries EXIF/XMP metadata (possibly a GPS position); variants strip it',
    });
  if ((meta?.orientation ?? 1) !== 1)
    problems.push({
      code: 'orientation',
      message: 'the photo relies on an EXIF rotation; variants apply it',
    });
  const ratio = checkImageRatio(asset.width ?? 0, asset.height ?? 0, spec);
  let guards: GuardResult[] = [
    {
      guard: 'aspect_ratio',
      status: ratio.status,
      message: ratio.message,
      evidence: ratio.evidence,
      warnings: [],
      applicable: true,
      fixes: [],
    },
  ];
  let fixed: MediaAsset | undefined;
  if (input.fix && (ratio.status === 'fail' || problems.length > 0)) {
    const made = await makeVariants(ctx, { mediaId: row.id, sizes: [size] });
    const variant = made.variants[0] as PhotoVariant;
    fixed = variant.media;
    const after = checkImageRatio(variant.media.width ?? 0, variant.media.height ?? 0, spec);
    guards = [
      {
        guard: 'aspect_ratio',
        status: ratio.status === 'fail' ? (after.status === 'pass' ? 'fixed' : 'fail') : 'pass',
        message: after.message,
        evidence: { ...after.evidence, before: ratio.evidence },
        warnings: [],
        applicable: true,
        fixes:
          ratio.status === 'fail'
            ? [
                `cropped ${variant.reason === 'faces' ? 'around the faces' : 'to the most salient part'} and resized to ${spec.width}×${spec.height} (media ${variant.media.id})`,
              ]
            : [],
      },
    ];
  }
  const hard = problems.filter((p) => p.code === 'format' || p.code === 'too_large');
  const passed = guards.every((g) => g.status !== 'fail') && (fixed !== undefined || hard.length === 0);
  return { media: asset, platform, size, passed, guards, problems, ...(fixed ? { fixed } : {}) };
}

async function recheckRender(
  ctx: MediaContext,
  row: repo.MediaAssetRow,
  asset: MediaAsset,
  stored: DesignPlan,
  platform: Platform,
  size: SizeKey,
  fix: boolean,
): Promise<CheckResult> {
  const kit = await getBrandKitSettings(ctx);
  const fonts = await fontsFor(ctx, kit);
  const images = new Map<string, string>();
  let plan: DesignPlan = { ...stored, size };
  if (plan.background.kind === 'photo') {
    const bg = plan.background;
    const photoRow = await findAssetRow(ctx, bg.mediaId);
    images.set(
      bg.mediaId,
      await photoDataUri(await readBytes(ctx, photoRow), bg.crop, bg.region.width, bg.region.height),
    );
  }
  if (plan.logo) {
    const logoRow = await findAssetRow(ctx, plan.logo.mediaId);
    images.set(plan.logo.mediaId, (await logoDataUri(await readBytes(ctx, logoRow), 480)).uri);
  }
  if (size !== stored.size) plan = { ...plan, size };
  const guarded = await renderWithGuards(plan, kit, { fonts, assets: { images } }, { fix });
  const passed = guarded.results.every((r) => r.status !== 'fail');
  let fixed: MediaAsset | undefined;
  if (fix && guarded.renders > 1) {
    const encoded = await encodeGraphic(await guarded.output.final(), imageSpecs[size]);
    fixed = await saveAsset(ctx, encoded.data, {
      kind: 'image',
      mime: encoded.mime,
      width: encoded.width,
      height: encoded.height,
      altText: row.alt_text,
      source: 'render',
      parentId: row.id,
      platform: imageSpecs[size].platform,
      variant: size,
      metadata: {
        render: { plan: guarded.output.design.plan, fixedFrom: row.id },
        guards: guarded.results,
        elements: guarded.output.design.elements,
        passed,
        renders: guarded.renders,
      },
    });
  }
  return {
    media: asset,
    platform,
    size,
    passed,
    guards: guarded.results,
    problems: [],
    ...(fixed ? { fixed } : {}),
  };
}
