/**
 * Platform variants of a photo: cut to each size (faces kept whole when a crop allows), the EXIF
 * rotation applied, metadata stripped, encoded under the platform's byte limit, alt text carried over.
 */
import type { Platform } from '../../core/platforms.js';
import { readJson } from '../../db/dialect.js';
import { type MediaAsset, type MediaContext, requireRole, saveAsset, toAsset } from './assets.js';
import { chooseCrop } from './crop/smart-crop.js';
import { checkImageRatio, photoRatioResult } from './guards/aspect-ratio.js';
import type { GuardResult } from './guards/types.js';
import { encodePhoto } from './image/output.js';
import { preparePhoto } from './photos.js';
import { imageSpecs, type SizeKey, sizesOf } from './platforms.js';
import type { Box } from './render/types.js';

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
    const guards: GuardResult[] = [photoRatioResult(ratio)];
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
