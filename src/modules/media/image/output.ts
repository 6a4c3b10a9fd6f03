/**
 * Encodes what we publish: EXIF orientation applied, metadata (EXIF, GPS, XMP, IPTC) stripped, sRGB,
 * in a format the platform's API takes and under its byte limit (JPEG quality is lowered step by step;
 * a file that still does not fit is an error, not a silent failure at publish time).
 */
import sharp, { type Sharp } from 'sharp';
import { AppError } from '../../../core/errors.js';
import type { PlatformImageSpec } from '../platforms.js';
import type { Box } from '../render/types.js';

export interface EncodedImage {
  data: Buffer;
  format: 'jpeg' | 'png';
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  quality: number | null;
}

const QUALITIES = [88, 82, 76, 70, 62, 54];

async function fitJpeg(pipeline: () => Sharp, spec: PlatformImageSpec): Promise<EncodedImage> {
  for (const quality of QUALITIES) {
    // Plain libjpeg: mozjpeg saves ≈10 % of bytes but took 70–160 ms per 1200×627 image here.
    const data = await pipeline().jpeg({ quality, chromaSubsampling: '4:2:0' }).toBuffer();
    if (data.length <= spec.maxBytes)
      return { data, format: 'jpeg', mime: 'image/jpeg', width: spec.width, height: spec.height, quality };
  }
  throw new AppError(
    'media.too_large',
    422,
    `the image does not fit ${spec.platform}'s ${Math.round(spec.maxBytes / 1048576)} MB limit even at JPEG quality ${QUALITIES.at(-1)}`,
  );
}

/** A photo cropped (in upright px) and resized to the platform size. */
export async function encodePhoto(
  original: Buffer,
  crop: Box,
  spec: PlatformImageSpec,
): Promise<EncodedImage> {
  const pipeline = () =>
    sharp(original, { limitInputPixels: 268_402_689 })
      .rotate()
      .extract({
        left: Math.round(crop.x),
        top: Math.round(crop.y),
        width: Math.round(crop.width),
        height: Math.round(crop.height),
      })
      .resize(spec.width, spec.height, { fit: 'fill' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb');
  return fitJpeg(pipeline, spec);
}

/** A rendered graphic: PNG where the platform takes it and it fits (flat colours stay crisp), else JPEG. */
export async function encodeGraphic(
  rgba: { data: Buffer; width: number; height: number },
  spec: PlatformImageSpec,
): Promise<EncodedImage> {
  const pipeline = () =>
    sharp(rgba.data, { raw: { width: rgba.width, height: rgba.height, channels: 4 } }).flatten({
      background: '#ffffff',
    });
  if (spec.formats.includes('png')) {
    const data = await pipeline().png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
    if (data.length <= spec.maxBytes)
      return {
        data,
        format: 'png',
        mime: 'image/png',
        width: rgba.width,
        height: rgba.height,
        quality: null,
      };
  }
  const out = await fitJpeg(pipeline, { ...spec, width: rgba.width, height: rgba.height });
  return out;
}

/** A small upright RGBA copy (short side ≈ 256 px) for saliency. */
export async function saliencyCopy(
  original: Buffer,
): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(original)
    .rotate()
    .resize({ width: 256, height: 256, fit: 'outside', withoutEnlargement: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** A photo region as a PNG/JPEG data URI at the size it is drawn, for the renderer. */
export async function photoDataUri(
  original: Buffer,
  crop: Box,
  width: number,
  height: number,
): Promise<string> {
  const data = await sharp(original)
    .rotate()
    .extract({
      left: Math.round(crop.x),
      top: Math.round(crop.y),
      width: Math.round(crop.width),
      height: Math.round(crop.height),
    })
    .resize(Math.round(width), Math.round(height), { fit: 'fill' })
    .jpeg({ quality: 92 })
    .toBuffer();
  return `data:image/jpeg;base64,${data.toString('base64')}`;
}

/** A logo as a PNG data URI, rasterised (SVG too) at twice its largest drawn size. */
export async function logoDataUri(
  original: Buffer,
  maxWidth: number,
): Promise<{ uri: string; width: number; height: number }> {
  const { data, info } = await sharp(original, { density: 300 })
    .rotate()
    .resize({ width: Math.round(maxWidth * 2), withoutEnlargement: false })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { uri: `data:image/png;base64,${data.toString('base64')}`, width: info.width, height: info.height };
}
