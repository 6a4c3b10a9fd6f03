/**
 * Post graphics: the text (given, or a stored post's), the brand kit's fonts and logo, a face-aware crop
 * of each slide's photo, then each size rendered through the seven visual guards and stored with its
 * guard results and every element's box.
 */
import { AppError } from '../../core/errors.js';
import type { Platform } from '../../core/platforms.js';
import type { OperationContext } from '../../operations/define.js';
import {
  findAssetRow,
  type MediaAsset,
  type MediaContext,
  readBytes,
  requireRole,
  saveAsset,
} from './assets.js';
import { getBrandKitSettings } from './brand-kit/service.js';
import type { BrandKit } from './brand-kit/types.js';
import { chooseCrop } from './crop/smart-crop.js';
import { bundledFamilies, type FontFace } from './fonts/library.js';
import { renderWithGuards } from './guards/run.js';
import type { GuardResult } from './guards/types.js';
import { encodeGraphic, logoDataUri, photoDataUri } from './image/output.js';
import { type PreparedPhoto, preparePhoto } from './photos.js';
import { imageSpecs, type SizeKey, sizesOf } from './platforms.js';
import type { RenderAssets } from './render/render.js';
import { buildPlan, photoRegionFor, type RenderRequest } from './render/templates.js';
import type { DesignPlan, LayoutElement, TemplateName } from './render/types.js';
import * as repo from './repository.js';

export async function fontsFor(ctx: MediaContext, kit: BrandKit): Promise<FontFace[]> {
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
