/**
 * What each platform does with an image: the sizes we render, the ratios and bytes its publishing API
 * accepts, how wide a phone shows it (for legibility and contrast), and the bands its UI or its crops
 * cover (safe zones). Sources: ../shared/specs/PLATFORM-APIS.md (API limits) and
 * ../shared/research/VISUAL-GUARDS.md §3–4 (display widths, crops, safe zones); see docs/media.md.
 */
import type { Platform } from '../../core/platforms.js';

export const sizeKeys = ['linkedin', 'x', 'facebook', 'instagram_square', 'instagram_portrait'] as const;
/** One output size: a platform and, for Instagram, its shape. */
export type SizeKey = (typeof sizeKeys)[number];

export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export interface PlatformImageSpec {
  key: SizeKey;
  platform: Platform;
  width: number;
  height: number;
  /** Formats the publishing API accepts for photos, best first. */
  formats: ReadonlyArray<'jpeg' | 'png' | 'webp' | 'gif'>;
  /** Largest photo file the API accepts. */
  maxBytes: number;
  /** Width/height range the API accepts (Instagram 4:5 to 1.91:1); undefined where none is published. */
  ratioRange?: { min: number; max: number };
  /**
   * Width in CSS px / pt at which a phone shows the image full width (X shows it inset beside the avatar
   * column). Font sizes are judged at this scale.
   */
  displayWidth: number;
  /** Bands the platform's crops or UI cover, in px of this size; text and logos must stay out. */
  cropBands: Insets;
}

const MB = 1024 * 1024;

/**
 * Instagram's grid shows posts as 3:4 thumbnails (January 2025): a 4:5 post loses ≈34 px each side and
 * a square one up to 135 px each side (sources disagree whether squares are cropped or letterboxed; we
 * take the crop, the safe reading). X link cards crop 16:9 to ≈1.91:1 (≈23 px top and bottom).
 */
export const imageSpecs: Readonly<Record<SizeKey, PlatformImageSpec>> = {
  linkedin: {
    key: 'linkedin',
    platform: 'linkedin',
    width: 1200,
    height: 627,
    formats: ['jpeg', 'png', 'gif'],
    // LinkedIn publishes no byte limit for organic images (only < 36,152,320 pixels); 5 MB is its ad limit.
    maxBytes: 5 * MB,
    displayWidth: 375,
    cropBands: { top: 0, right: 0, bottom: 0, left: 0 },
  },
  x: {
    key: 'x',
    platform: 'x',
    width: 1200,
    height: 675,
    formats: ['jpeg', 'png', 'webp', 'gif'],
    maxBytes: 5 * MB,
    displayWidth: 320,
    cropBands: { top: 23, right: 0, bottom: 23, left: 0 },
  },
  facebook: {
    key: 'facebook',
    platform: 'facebook',
    width: 1200,
    height: 630,
    formats: ['jpeg', 'png', 'gif'],
    maxBytes: 10 * MB,
    displayWidth: 375,
    cropBands: { top: 0, right: 0, bottom: 0, left: 0 },
  },
  instagram_square: {
    key: 'instagram_square',
    platform: 'instagram',
    width: 1080,
    height: 1080,
    formats: ['jpeg'],
    maxBytes: 8 * MB,
    ratioRange: { min: 0.8, max: 1.91 },
    displayWidth: 375,
    cropBands: { top: 0, right: 135, bottom: 0, left: 135 },
  },
  instagram_portrait: {
    key: 'instagram_portrait',
    platform: 'instagram',
    width: 1080,
    height: 1350,
    formats: ['jpeg'],
    maxBytes: 8 * MB,
    ratioRange: { min: 0.8, max: 1.91 },
    displayWidth: 375,
    cropBands: { top: 0, right: 34, bottom: 0, left: 34 },
  },
};

/** The size keys of one platform, the default first. */
export function sizesOf(platform: Platform): SizeKey[] {
  return platform === 'instagram' ? ['instagram_portrait', 'instagram_square'] : [platform];
}

/** Every size key a platform name or size key stands for. */
export function resolveSizeKey(value: string): SizeKey | undefined {
  if ((sizeKeys as readonly string[]).includes(value)) return value as SizeKey;
  if (value === 'instagram') return 'instagram_portrait';
  if (value === 'twitter') return 'x';
  return undefined;
}

/** Soft margin every layout keeps inside the canvas: 5 % of the width (54–60 px; VISUAL-GUARDS §3.6 suggests ≈ 6 %). */
export function softMargin(spec: { width: number }): number {
  return Math.round(spec.width * 0.05);
}

/** The canvas area text and logos must stay inside: the soft margin plus the platform's crop bands. */
export function safeArea(spec: PlatformImageSpec, extraMarginPx = 0): Insets {
  const m = softMargin(spec) + extraMarginPx;
  return {
    top: spec.cropBands.top + m,
    right: spec.cropBands.right + m,
    bottom: spec.cropBands.bottom + m,
    left: spec.cropBands.left + m,
  };
}

/** Scale from source px to the px (≈ pt) a phone shows. */
export function displayScale(spec: { width: number; displayWidth: number }): number {
  return spec.displayWidth / spec.width;
}

/** Video and GIF limits of the publishing APIs (PLATFORM-APIS.md); unverified figures are marked there. */
export interface VideoLimits {
  containers: ReadonlyArray<'mp4' | 'mov'>;
  videoCodecs: readonly string[];
  minSeconds: number;
  maxSeconds: number;
  maxBytes: number;
  maxWidth?: number;
  maxHeight?: number;
  minWidth?: number;
  minHeight?: number;
  /** Width/height range. */
  ratioRange?: { min: number; max: number };
  /** The moov atom must come before the media data (streamable). */
  moovFirst?: boolean;
}

export interface GifLimits {
  maxBytes: number;
  maxFrames: number;
  maxWidth?: number;
  maxHeight?: number;
  /** The platform accepts GIFs at all. */
  accepted: boolean;
}

export const videoLimits: Readonly<Record<Platform, VideoLimits>> = {
  x: {
    containers: ['mp4', 'mov'],
    videoCodecs: ['avc1', 'hvc1', 'hev1'],
    minSeconds: 0.5,
    maxSeconds: 140,
    maxBytes: 512 * MB,
    maxWidth: 1280,
    maxHeight: 1024,
    minWidth: 32,
    minHeight: 32,
    ratioRange: { min: 1 / 3, max: 3 },
  },
  linkedin: {
    containers: ['mp4'],
    videoCodecs: ['avc1', 'hvc1', 'hev1'],
    minSeconds: 3,
    maxSeconds: 30 * 60,
    maxBytes: 500 * MB,
  },
  facebook: {
    containers: ['mp4', 'mov'],
    videoCodecs: ['avc1', 'hvc1', 'hev1'],
    minSeconds: 1,
    maxSeconds: 240 * 60,
    maxBytes: 10 * 1024 * MB,
  },
  instagram: {
    containers: ['mp4', 'mov'],
    videoCodecs: ['avc1', 'hvc1', 'hev1'],
    minSeconds: 3,
    maxSeconds: 15 * 60,
    maxBytes: 300 * MB,
    maxWidth: 1920,
    moovFirst: true,
  },
};

export const gifLimits: Readonly<Record<Platform, GifLimits>> = {
  x: { accepted: true, maxBytes: 15 * MB, maxFrames: 350, maxWidth: 1280, maxHeight: 1080 },
  linkedin: { accepted: true, maxBytes: 5 * MB, maxFrames: 250 },
  facebook: { accepted: true, maxBytes: 10 * MB, maxFrames: Number.POSITIVE_INFINITY },
  // The Instagram publishing API takes JPEG photos only.
  instagram: { accepted: false, maxBytes: 0, maxFrames: 0 },
};
