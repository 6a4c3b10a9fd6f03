/**
 * The media rules the four platforms share in shape: a cap on images per post, one video per post, and
 * (except on Instagram carousels) no mixing of the two. What a post cannot carry is left out with a note
 * rather than failing the whole post; mixing that the platform refuses is an error.
 */
import type { Platform } from '../../../core/platforms.js';
import type { MediaRef } from '../../generation/index.js';
import { PlatformError } from './errors.js';

export interface MediaRules {
  maxImages: number;
  /** True when images and a video may go in one post (Instagram carousels). */
  mixed: boolean;
  /** Most items in a mixed post. */
  maxItems?: number;
}

export function capMedia(
  platform: Platform,
  media: readonly MediaRef[],
  rules: MediaRules,
): { media: MediaRef[]; notes: string[] } {
  const images = media.filter((m) => m.kind === 'image');
  const videos = media.filter((m) => m.kind === 'video');
  const notes: string[] = [];
  if (rules.mixed) {
    const max = rules.maxItems ?? rules.maxImages;
    if (media.length > max)
      notes.push(`${media.length - max} of ${media.length} media left out: ${platform} takes ${max}`);
    return { media: media.slice(0, max), notes };
  }
  if (videos.length > 0 && images.length > 0) {
    throw new PlatformError({
      platform,
      kind: 'invalid_media',
      delivery: 'not_sent',
      message: `a ${platform} post takes images or one video, not both; this content has ${images.length} images and ${videos.length} videos`,
    });
  }
  if (videos.length > 1) {
    notes.push(
      `${videos.length - 1} of ${videos.length} videos left out: ${platform} takes one video per post`,
    );
    return { media: videos.slice(0, 1), notes };
  }
  if (images.length > rules.maxImages) {
    notes.push(
      `${images.length - rules.maxImages} of ${images.length} images left out: ${platform} takes ${rules.maxImages}`,
    );
    return { media: images.slice(0, rules.maxImages), notes };
  }
  return { media: [...media], notes };
}
