/**
 * media.check and media.fix: judge a stored asset by one platform's rules, and with `fix` store a
 * corrected copy. Rendering and variants are called only to make that copy.
 */
import { AppError } from '../../core/errors.js';
import type { Platform } from '../../core/platforms.js';
import {
  findAssetRow,
  type MediaAsset,
  type MediaContext,
  readBytes,
  requireRole,
  saveAsset,
  toAsset,
} from './assets.js';
import { getBrandKitSettings } from './brand-kit/service.js';
import { fontsFor } from './graphics.js';
import { checkImageRatio, photoRatioResult } from './guards/aspect-ratio.js';
import { renderWithGuards } from './guards/run.js';
import type { GuardResult } from './guards/types.js';
import { encodeGraphic, logoDataUri, photoDataUri } from './image/output.js';
import { imageSpecs, type SizeKey, sizesOf } from './platforms.js';
import type { DesignPlan } from './render/types.js';
import type * as repo from './repository.js';
import { makeVariants, type PhotoVariant } from './variants.js';
import { checkGif, checkVideo, type MediaProblem } from './video/limits.js';
import { posterFrame } from './video/poster.js';

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
  let guards: GuardResult[] = [photoRatioResult(ratio)];
  let fixed: MediaAsset | undefined;
  if (input.fix && (ratio.status === 'fail' || problems.length > 0)) {
    const made = await makeVariants(ctx, { mediaId: row.id, sizes: [size] });
    const variant = made.variants[0] as PhotoVariant;
    fixed = variant.media;
    const after = checkImageRatio(variant.media.width ?? 0, variant.media.height ?? 0, spec);
    guards = [
      {
        ...photoRatioResult(after),
        status: ratio.status === 'fail' ? (after.status === 'pass' ? 'fixed' : 'fail') : 'pass',
        evidence: { ...after.evidence, before: ratio.evidence },
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
