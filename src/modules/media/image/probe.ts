/**
 * What an uploaded file is, from its bytes (never from its name or a client's claim): image formats
 * sharp reads, MP4/MOV video, GIF, and TTF/OTF/WOFF fonts. WOFF2 is refused with a clear reason
 * because the graphics renderer (satori) cannot read it.
 */
import sharp, { type Metadata } from 'sharp';
import { AppError } from '../../../core/errors.js';
import { parseGif } from '../video/gif.js';
import { type Mp4Facts, parseMp4 } from '../video/mp4.js';

export type MediaKind = 'image' | 'video' | 'gif' | 'font';

export interface ImageFacts {
  format: 'jpeg' | 'png' | 'webp' | 'avif' | 'tiff' | 'svg' | 'heif';
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 or absent: upright). */
  orientation: number;
  hasAlpha: boolean;
  /** The file carries EXIF, XMP or IPTC metadata (GPS position, camera, author) that outputs strip. */
  hasMetadata: boolean;
}

export interface ProbedMedia {
  kind: MediaKind;
  mime: string;
  ext: string;
  width: number | null;
  height: number | null;
  durationMs: number | null;
  image?: ImageFacts;
  video?: Mp4Facts;
  gif?: { frames: number; durationMs: number; loop: boolean };
  font?: { format: 'ttf' | 'otf' | 'woff' };
}

const IMAGE_MIME: Record<ImageFacts['format'], string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  tiff: 'image/tiff',
  svg: 'image/svg+xml',
  heif: 'image/heif',
};

const unsupported = (what: string) =>
  new AppError(
    'media.unsupported_type',
    415,
    `${what}; upload a JPEG, PNG, WebP, AVIF, TIFF or SVG image, an MP4/MOV video, a GIF, or a TTF/OTF/WOFF font`,
  );

function startsWith(data: Buffer, bytes: number[], offset = 0): boolean {
  return bytes.every((b, i) => data[offset + i] === b);
}

function looksLikeSvg(data: Buffer): boolean {
  const head = data
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head);
}

/** Identifies and measures a media file. Throws `media.unsupported_type` or `media.unreadable`. */
export async function probeMedia(data: Buffer): Promise<ProbedMedia> {
  if (data.length < 12) throw unsupported('the file is too short to be media');
  if (startsWith(data, [0x47, 0x49, 0x46, 0x38])) {
    const gif = parseGif(data);
    return {
      kind: 'gif',
      mime: 'image/gif',
      ext: 'gif',
      width: gif.width,
      height: gif.height,
      durationMs: gif.durationMs,
      gif: { frames: gif.frames, durationMs: gif.durationMs, loop: gif.loop },
    };
  }
  if (data.toString('latin1', 4, 8) === 'ftyp') {
    const brand = data.toString('latin1', 8, 12);
    if (/^(heic|heix|mif1|msf1|avif|avis)$/.test(brand)) return probeImage(data);
    const video = parseMp4(data);
    return {
      kind: 'video',
      mime: video.container === 'mov' ? 'video/quicktime' : 'video/mp4',
      ext: video.container,
      width: video.width,
      height: video.height,
      durationMs: Math.round(video.durationSeconds * 1000),
      video,
    };
  }
  if (startsWith(data, [0x00, 0x01, 0x00, 0x00]) || data.toString('latin1', 0, 4) === 'true') {
    return fontFacts('ttf', 'font/ttf');
  }
  if (data.toString('latin1', 0, 4) === 'OTTO') return fontFacts('otf', 'font/otf');
  if (data.toString('latin1', 0, 4) === 'wOFF') return fontFacts('woff', 'font/woff');
  if (data.toString('latin1', 0, 4) === 'wOF2') {
    throw new AppError(
      'media.unsupported_type',
      415,
      'WOFF2 fonts cannot be used by the graphics renderer; upload the TTF, OTF or WOFF file of the font',
    );
  }
  return probeImage(data);
}

function fontFacts(format: 'ttf' | 'otf' | 'woff', mime: string): ProbedMedia {
  return { kind: 'font', mime, ext: format, width: null, height: null, durationMs: null, font: { format } };
}

async function probeImage(data: Buffer): Promise<ProbedMedia> {
  const isSvg = looksLikeSvg(data);
  let meta: Metadata;
  try {
    meta = await sharp(data, { limitInputPixels: 268_402_689 }).metadata();
  } catch (error) {
    if (isSvg) {
      throw new AppError('media.unreadable', 400, `the SVG file cannot be read: ${(error as Error).message}`);
    }
    throw unsupported('the file is not a recognised image, video, GIF or font');
  }
  const format = String(meta.format) === 'jpg' ? 'jpeg' : meta.format;
  if (!format || !(format in IMAGE_MIME)) {
    throw unsupported(`${format ?? 'this'} images are not supported`);
  }
  if (!meta.width || !meta.height) throw new AppError('media.unreadable', 400, 'the image has no size');
  const orientation = meta.orientation ?? 1;
  // Orientations 5–8 swap width and height once applied.
  const swap = orientation >= 5;
  const f = format as ImageFacts['format'];
  return {
    kind: 'image',
    mime: IMAGE_MIME[f],
    ext: f === 'jpeg' ? 'jpg' : f,
    width: swap ? meta.height : meta.width,
    height: swap ? meta.width : meta.height,
    durationMs: null,
    image: {
      format: f,
      width: swap ? meta.height : meta.width,
      height: swap ? meta.width : meta.height,
      orientation,
      hasAlpha: meta.hasAlpha ?? false,
      hasMetadata: Boolean(meta.exif || meta.xmp || meta.iptc),
    },
  };
}
