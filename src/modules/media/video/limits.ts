/**
 * Checks a video's or GIF's facts against each platform's publishing limits (platforms.ts), with one
 * problem per broken rule, phrased so a person knows what to change.
 */
import type { Platform } from '../../../core/platforms.js';
import { gifLimits, videoLimits } from '../platforms.js';
import type { Mp4Facts } from './mp4.js';

export interface MediaProblem {
  code: string;
  message: string;
}

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

export function checkVideo(platform: Platform, facts: Mp4Facts, bytes: number): MediaProblem[] {
  const limits = videoLimits[platform];
  const out: MediaProblem[] = [];
  if (!limits.containers.includes(facts.container)) {
    out.push({
      code: 'container',
      message: `${platform} takes ${limits.containers.join(' or ').toUpperCase()} video; this is ${facts.container.toUpperCase()}`,
    });
  }
  if (facts.videoCodec && !limits.videoCodecs.includes(facts.videoCodec)) {
    out.push({
      code: 'codec',
      message: `${platform} takes H.264 or HEVC video; this video is ${facts.videoCodec}: re-encode it as H.264`,
    });
  }
  if (facts.durationSeconds < limits.minSeconds) {
    out.push({
      code: 'too_short',
      message: `${platform} videos must last at least ${limits.minSeconds} s; this one lasts ${facts.durationSeconds.toFixed(1)} s`,
    });
  }
  if (facts.durationSeconds > limits.maxSeconds) {
    out.push({
      code: 'too_long',
      message: `${platform} videos may last at most ${limits.maxSeconds} s; this one lasts ${facts.durationSeconds.toFixed(1)} s: trim it`,
    });
  }
  if (bytes > limits.maxBytes) {
    out.push({
      code: 'too_large',
      message: `${platform} takes videos up to ${mb(limits.maxBytes)}; this is ${mb(bytes)}`,
    });
  }
  if (limits.maxWidth && facts.width > limits.maxWidth) {
    out.push({
      code: 'too_wide',
      message: `${platform} takes videos up to ${limits.maxWidth} px wide; this is ${facts.width} px`,
    });
  }
  if (limits.maxHeight && facts.height > limits.maxHeight) {
    out.push({
      code: 'too_tall',
      message: `${platform} takes videos up to ${limits.maxHeight} px high; this is ${facts.height} px`,
    });
  }
  if (
    (limits.minWidth && facts.width < limits.minWidth) ||
    (limits.minHeight && facts.height < limits.minHeight)
  ) {
    out.push({
      code: 'too_small',
      message: `${platform} needs videos of at least ${limits.minWidth ?? 0}×${limits.minHeight ?? 0} px; this is ${facts.width}×${facts.height}`,
    });
  }
  if (limits.ratioRange && facts.height > 0) {
    const ratio = facts.width / facts.height;
    if (ratio < limits.ratioRange.min || ratio > limits.ratioRange.max) {
      out.push({
        code: 'aspect_ratio',
        message: `${platform} takes video shapes from 1:3 to 3:1; this one is ${ratio.toFixed(2)}:1`,
      });
    }
  }
  if (limits.moovFirst && !facts.moovFirst) {
    out.push({
      code: 'moov_not_first',
      message: `${platform} needs the video's index (moov atom) at the start of the file: re-save it with "fast start" (ffmpeg -movflags +faststart)`,
    });
  }
  return out;
}

export function checkGif(
  platform: Platform,
  facts: { width: number; height: number; frames: number },
  bytes: number,
): MediaProblem[] {
  const limits = gifLimits[platform];
  if (!limits.accepted) {
    return [
      {
        code: 'gif_not_accepted',
        message: `${platform}'s publishing API takes no GIFs: convert it to a video`,
      },
    ];
  }
  const out: MediaProblem[] = [];
  if (bytes > limits.maxBytes) {
    out.push({
      code: 'too_large',
      message: `${platform} takes GIFs up to ${mb(limits.maxBytes)}; this is ${mb(bytes)}`,
    });
  }
  if (facts.frames > limits.maxFrames) {
    out.push({
      code: 'too_many_frames',
      message: `${platform} takes GIFs of at most ${limits.maxFrames} frames; this has ${facts.frames}`,
    });
  }
  if (
    (limits.maxWidth && facts.width > limits.maxWidth) ||
    (limits.maxHeight && facts.height > limits.maxHeight)
  ) {
    out.push({
      code: 'too_big',
      message: `${platform} takes GIFs up to ${limits.maxWidth}×${limits.maxHeight} px; this is ${facts.width}×${facts.height}`,
    });
  }
  return out;
}
