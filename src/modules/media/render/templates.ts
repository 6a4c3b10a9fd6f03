/**
 * Layout templates: turn a render request, the brand kit and the photo's facts into a `DesignPlan`.
 * Pure functions (no I/O): the service crops the photo and measures the logo first.
 *
 * headline  text on a brand colour or gradient
 * photo     full-bleed photo, a scrim behind the text where the photo is busy
 * split     photo on one half, text on a brand colour on the other
 * quote     a large centred quote on a brand colour
 */
import type { BrandKit } from '../brand-kit/types.js';
import { contrastRatio, parseColour, type Rgb, toHex } from '../colour/colour.js';
import { displayScale, imageSpecs, type SizeKey, safeArea } from '../platforms.js';
import type { Background, Box, DesignPlan, LogoPlacement, TemplateName, TextBlock } from './types.js';

export interface RenderRequest {
  size: SizeKey;
  template: TemplateName;
  headline: string;
  subline?: string | undefined;
  cta?: string | undefined;
  slideNumber?: string | undefined;
  background?: { colour?: string | undefined; gradient?: [string, string] | undefined } | undefined;
  textColour?: string | undefined;
  /** Headline size in px; fixed (no auto-fit) when given. */
  fontSize?: number | undefined;
  sublineFontSize?: number | undefined;
  textPosition?: 'top' | 'center' | 'bottom' | undefined;
  align?: 'left' | 'center' | undefined;
  logoCorner?: LogoPlacement['corner'] | undefined;
  /** `auto` adds a scrim on photos; a number forces that opacity; `none` draws none. */
  scrim?: 'auto' | 'none' | number | undefined;
}

export interface PhotoInput {
  mediaId: string;
  crop: Box;
  /** Faces in the photo's upright px. */
  faces: Box[];
}

export interface LogoInput {
  mediaId: string;
  width: number;
  height: number;
}

/** Smallest font size in canvas px a phone shows at ≥ 11 pt (Apple HIG minimum; VISUAL-GUARDS §4.1). */
export function minFontPx(size: SizeKey): number {
  return Math.ceil(11 / displayScale(imageSpecs[size]));
}

/** Where the photo goes on the canvas for a template (needed before cropping it). */
export function photoRegionFor(template: TemplateName, size: SizeKey): Box {
  const { width, height } = imageSpecs[size];
  if (template !== 'split') return { x: 0, y: 0, width, height };
  return width > height
    ? { x: width / 2, y: 0, width: width / 2, height }
    : { x: 0, y: 0, width, height: Math.round(height * 0.5) };
}

const DEFAULT_DARK = '#14213d';
const DEFAULT_LIGHT = '#ffffff';

function paletteByRole(kit: BrandKit, role: string): string | undefined {
  return kit.palette.find((c) => c.role === role)?.hex;
}

/** The colours a template starts from: the palette's primary and secondary, or a quiet navy. */
export function brandColours(kit: BrandKit): { primary: string; secondary: string } {
  const primary = paletteByRole(kit, 'primary') ?? kit.palette[0]?.hex ?? DEFAULT_DARK;
  const secondary =
    paletteByRole(kit, 'secondary') ?? kit.palette.find((c) => c.hex !== primary)?.hex ?? primary;
  return { primary, secondary };
}

/** Of the palette's colours, white and near-black, the one that reads best on `on`. */
export function readableColour(kit: BrandKit, on: Rgb): string {
  const candidates = [
    ...kit.palette.filter((c) => c.role === 'text' || c.role === 'background' || c.role === 'neutral'),
    ...kit.palette,
  ].map((c) => c.hex);
  candidates.push(DEFAULT_LIGHT, '#111111');
  let best = DEFAULT_LIGHT;
  let bestRatio = 0;
  for (const hex of candidates) {
    const rgb = parseColour(hex);
    if (!rgb) continue;
    const ratio = contrastRatio(rgb, on);
    // The first candidate (the brand's own text colour) wins once it clears AA for normal text.
    if (ratio >= 4.5) return hex;
    if (ratio > bestRatio) {
      bestRatio = ratio;
      best = hex;
    }
  }
  return best;
}

function mix(a: string, b: string): Rgb {
  const x = parseColour(a) ?? { r: 0, g: 0, b: 0 };
  const y = parseColour(b) ?? x;
  return { r: Math.round((x.r + y.r) / 2), g: Math.round((x.g + y.g) / 2), b: Math.round((x.b + y.b) / 2) };
}

function logoPlacement(
  logo: LogoInput | undefined,
  kit: BrandKit,
  size: SizeKey,
  safe: Box,
  corner: LogoPlacement['corner'],
): LogoPlacement | null {
  if (!logo) return null;
  const spec = imageSpecs[size];
  // A corner logo: 9 % of the canvas height, but never narrower than the kit's minimum at phone size.
  const minWidth = kit.minLogoWidthPx / displayScale(spec);
  let height = Math.round(spec.height * 0.09);
  let width = Math.round((height * logo.width) / logo.height);
  if (width < minWidth) {
    width = Math.ceil(minWidth);
    height = Math.round((width * logo.height) / logo.width);
  }
  const maxWidth = safe.width * 0.4;
  if (width > maxWidth) {
    width = Math.floor(maxWidth);
    height = Math.round((width * logo.height) / logo.width);
  }
  const x = corner.endsWith('left') ? safe.x : safe.x + safe.width - width;
  const y = corner.startsWith('top') ? safe.y : safe.y + safe.height - height;
  return {
    mediaId: logo.mediaId,
    box: { x, y, width, height },
    clearSpace: Math.round(height * kit.logoClearSpace),
    corner,
  };
}

/** The text area left once the logo's band (logo plus clear space) is taken off the safe area. */
export function textAreaBeside(safe: Box, logo: LogoPlacement | null, within: Box = safe): Box {
  let area = { ...within };
  const clip = (b: Box) => {
    const x = Math.max(area.x, b.x);
    const y = Math.max(area.y, b.y);
    return {
      x,
      y,
      width: Math.min(area.x + area.width, b.x + b.width) - x,
      height: Math.min(area.y + area.height, b.y + b.height) - y,
    };
  };
  area = clip(safe);
  if (!logo) return area;
  const band = logo.box.height + logo.clearSpace;
  if (logo.corner.startsWith('top')) {
    const top = logo.box.y + band;
    if (top > area.y) area = { ...area, y: top, height: area.y + area.height - top };
  } else {
    const bottom = logo.box.y - logo.clearSpace;
    if (bottom < area.y + area.height) area = { ...area, height: bottom - area.y };
  }
  return area;
}

export function buildPlan(
  request: RenderRequest,
  kit: BrandKit,
  assets: { photo?: PhotoInput | undefined; logo?: LogoInput | undefined },
): DesignPlan {
  const spec = imageSpecs[request.size];
  const { width, height } = spec;
  const s = width / 1200;
  const insets = safeArea(spec, Math.round(Math.min(width, height) * kit.extraMargin));
  const safe: Box = {
    x: insets.left,
    y: insets.top,
    width: width - insets.left - insets.right,
    height: height - insets.top - insets.bottom,
  };
  const { primary, secondary } = brandColours(kit);
  const template: TemplateName =
    assets.photo === undefined && (request.template === 'photo' || request.template === 'split')
      ? 'headline'
      : request.template;

  let background: Background;
  let baseColour: Rgb;
  const chosen = request.background?.colour;
  if (assets.photo && (template === 'photo' || template === 'split')) {
    const region = photoRegionFor(template, request.size);
    const colour = chosen ?? primary;
    background = { kind: 'photo', mediaId: assets.photo.mediaId, crop: assets.photo.crop, region, colour };
    baseColour = parseColour(colour) ?? { r: 20, g: 33, b: 61 };
  } else if (request.background?.gradient) {
    const [from, to] = request.background.gradient;
    background = { kind: 'gradient', from, to, angle: 135 };
    baseColour = mix(from, to);
  } else if (chosen) {
    background = { kind: 'colour', colour: chosen };
    baseColour = parseColour(chosen) ?? { r: 20, g: 33, b: 61 };
  } else if (template === 'quote' || secondary === primary) {
    background = { kind: 'colour', colour: primary };
    baseColour = parseColour(primary) ?? { r: 20, g: 33, b: 61 };
  } else {
    background = { kind: 'gradient', from: primary, to: secondary, angle: 135 };
    baseColour = mix(primary, secondary);
  }

  const corner = request.logoCorner ?? (template === 'photo' ? 'top-left' : 'bottom-left');
  // On a split layout the logo sits on the text half.
  const textHalf: Box =
    template === 'split'
      ? width > height
        ? { x: 0, y: 0, width: width / 2, height }
        : { x: 0, y: Math.round(height * 0.5), width, height: height - Math.round(height * 0.5) }
      : { x: 0, y: 0, width, height };
  const halfSafe: Box = {
    x: Math.max(safe.x, textHalf.x + (textHalf.x > 0 ? insets.left : 0)),
    y: Math.max(safe.y, textHalf.y + (textHalf.y > 0 ? insets.top : 0)),
    width: 0,
    height: 0,
  };
  halfSafe.width =
    Math.min(
      safe.x + safe.width,
      textHalf.x + textHalf.width - (textHalf.x + textHalf.width < width ? insets.right : 0),
    ) - halfSafe.x;
  halfSafe.height =
    Math.min(
      safe.y + safe.height,
      textHalf.y + textHalf.height - (textHalf.y + textHalf.height < height ? insets.bottom : 0),
    ) - halfSafe.y;
  const logo = logoPlacement(assets.logo, kit, request.size, template === 'split' ? halfSafe : safe, corner);
  const textArea = textAreaBeside(template === 'split' ? halfSafe : safe, logo);

  const minPx = minFontPx(request.size);
  const headlineSize = request.fontSize ?? Math.max(minPx, Math.round((template === 'quote' ? 60 : 72) * s));
  const sublineSize = request.sublineFontSize ?? Math.max(minPx, Math.round(38 * s));
  const textColour = request.textColour ?? readableColour(kit, baseColour);
  const align = request.align ?? (template === 'quote' ? 'center' : 'left');
  const headingFont = kit.fonts.heading;
  const bodyFont = kit.fonts.body;
  const texts: TextBlock[] = [
    {
      id: 'headline',
      text: request.headline,
      role: 'headline',
      style: {
        fontFamily: headingFont,
        fontWeight: 700,
        fontSize: headlineSize,
        autoFit: request.fontSize === undefined,
        color: textColour,
        lineHeight: 1.15,
        align,
      },
    },
  ];
  if (request.subline) {
    texts.push({
      id: 'subline',
      text: request.subline,
      role: 'body',
      style: {
        fontFamily: bodyFont,
        fontWeight: 400,
        fontSize: sublineSize,
        autoFit: false,
        color: textColour,
        lineHeight: 1.3,
        align,
      },
    });
  }
  if (request.cta) {
    texts.push({
      id: 'cta',
      text: request.cta,
      role: 'body',
      style: {
        fontFamily: bodyFont,
        fontWeight: 700,
        fontSize: Math.max(minPx, Math.round(40 * s)),
        autoFit: false,
        color: textColour,
        lineHeight: 1.2,
        align,
      },
    });
  }
  if (request.slideNumber) {
    texts.push({
      id: 'slide_number',
      text: request.slideNumber,
      role: 'body',
      style: {
        fontFamily: bodyFont,
        fontWeight: 700,
        fontSize: minPx,
        autoFit: false,
        color: textColour,
        lineHeight: 1.2,
        align,
      },
    });
  }

  const textAlignV = request.textPosition ?? (template === 'photo' ? 'bottom' : 'center');
  let scrim: DesignPlan['scrim'] = null;
  if (template === 'photo' && request.scrim !== 'none') {
    const opacity = typeof request.scrim === 'number' ? request.scrim : 0.45;
    scrim = scrimFor(textArea, textAlignV, width, height, opacity, textColour);
  }
  const faces =
    assets.photo && background.kind === 'photo'
      ? mapFaces(assets.photo.faces, background.crop, background.region)
      : [];
  return {
    size: request.size,
    width,
    height,
    template,
    background,
    scrim,
    textArea,
    textAlignV,
    texts,
    gap: Math.round(20 * s),
    logo,
    faces,
  };
}

/** A scrim band behind a text area: dark behind light text, light behind dark text, fading towards the photo. */
export function scrimFor(
  textArea: Box,
  alignV: DesignPlan['textAlignV'],
  width: number,
  height: number,
  opacity: number,
  textColour: string,
): NonNullable<DesignPlan['scrim']> {
  const text = parseColour(textColour) ?? { r: 255, g: 255, b: 255 };
  const lightText = (text.r + text.g + text.b) / 3 > 128;
  const colour = lightText ? '#000000' : '#ffffff';
  const pad = Math.round(height * 0.08);
  if (alignV === 'bottom') {
    const y = Math.max(0, textArea.y - pad);
    return { box: { x: 0, y, width, height: height - y }, colour, opacity, fade: 'up' };
  }
  if (alignV === 'top') {
    const bottom = Math.min(height, textArea.y + textArea.height + pad);
    return { box: { x: 0, y: 0, width, height: bottom }, colour, opacity, fade: 'down' };
  }
  return {
    box: {
      x: 0,
      y: Math.max(0, textArea.y - pad),
      width,
      height: Math.min(height, textArea.height + 2 * pad),
    },
    colour,
    opacity,
    fade: 'none',
  };
}

/** Photo face boxes (upright photo px) → canvas px, through the crop and the region it is drawn in. */
export function mapFaces(faces: Box[], crop: Box, region: Box): Box[] {
  const sx = region.width / crop.width;
  const sy = region.height / crop.height;
  return faces
    .map((f) => ({
      x: region.x + (f.x - crop.x) * sx,
      y: region.y + (f.y - crop.y) * sy,
      width: f.width * sx,
      height: f.height * sy,
    }))
    .filter(
      (f) =>
        f.x + f.width > region.x &&
        f.y + f.height > region.y &&
        f.x < region.x + region.width &&
        f.y < region.y + region.height,
    );
}

export { toHex };
