/**
 * Builds a prompt for an image model from the request (subject, platform size), the brand kit
 * (palette in words, image style) and the skill's visual direction, with the composition the layout
 * needs (room for the headline) and a negative prompt. Deterministic: the same inputs give the same
 * prompt, so a person can review and reuse it.
 */
import type { BrandKit } from '../brand-kit/types.js';
import { oklab, parseColour } from '../colour/colour.js';
import { imageSpecs, type SizeKey } from '../platforms.js';

export interface ImagePromptInput {
  subject: string;
  size: SizeKey;
  /** The skill's visual direction, e.g. "product on a workbench, close-up". */
  skillStyle?: string | undefined;
  /** Mood words, e.g. from the brand voice ("warm, confident"). */
  mood?: string | undefined;
  /** Leave calm space for a headline on this side. */
  textSpace?: 'left' | 'right' | 'top' | 'bottom' | 'none' | undefined;
}

export interface ImagePrompt {
  prompt: string;
  negativePrompt: string;
  subject: string;
  style: string;
  composition: string;
  palette: string[];
  aspect: string;
  width: number;
  height: number;
  /** The size to ask an OpenAI-style images endpoint for (its sizes are fixed). */
  modelSize: '1536x1024' | '1024x1536' | '1024x1024';
}

/** A colour in plain words ("deep blue"), which image models follow better than hex codes. */
export function colourWords(hex: string): string {
  const rgb = parseColour(hex);
  if (!rgb) return hex;
  const o = oklab(rgb);
  const chroma = Math.hypot(o.a, o.b);
  const light =
    o.l > 0.82 ? 'pale ' : o.l > 0.65 ? 'light ' : o.l < 0.38 ? 'deep ' : o.l < 0.5 ? 'dark ' : '';
  if (chroma < 0.03) return o.l > 0.9 ? 'white' : o.l < 0.25 ? 'black' : `${light}grey`.trim();
  const hue = ((Math.atan2(o.b, o.a) * 180) / Math.PI + 360) % 360;
  const names: Array<[number, string]> = [
    [20, 'pink'],
    [45, 'red'],
    [70, 'orange'],
    [100, 'amber'],
    [115, 'yellow'],
    [150, 'lime green'],
    [175, 'green'],
    [205, 'teal'],
    [235, 'cyan'],
    [275, 'blue'],
    [310, 'indigo'],
    [345, 'purple'],
    [360, 'pink'],
  ];
  const name = names.find(([limit]) => hue < limit)?.[1] ?? 'red';
  return `${light}${name}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

export function buildImagePrompt(input: ImagePromptInput, kit: BrandKit): ImagePrompt {
  const spec = imageSpecs[input.size];
  const ratio = spec.width / spec.height;
  const g = gcd(spec.width, spec.height);
  const aspect = Math.abs(ratio - 1.91) < 0.02 ? '1.91:1' : `${spec.width / g}:${spec.height / g}`;
  const shape = ratio > 1.2 ? 'wide landscape' : ratio < 0.9 ? 'portrait' : 'square';
  const space = input.textSpace ?? (ratio > 1.2 ? 'left' : 'bottom');
  const composition = [
    `${shape} frame (${aspect})`,
    space === 'none'
      ? 'subject centred'
      : `main subject on the ${space === 'left' ? 'right third' : space === 'right' ? 'left third' : space === 'top' ? 'lower half' : 'upper half'}`,
    space === 'none'
      ? ''
      : `calm, uncluttered ${space === 'left' || space === 'right' ? space + ' side' : space + ' area'} left free for a headline`,
    'nothing important near the edges',
  ]
    .filter(Boolean)
    .join(', ');
  const palette = kit.palette
    .filter((c) => c.role !== 'text')
    .slice(0, 4)
    .map((c) => colourWords(c.hex));
  const style = [
    kit.imageStyle || 'natural light, authentic, photographic',
    input.skillStyle,
    input.mood ? `${input.mood} mood` : '',
    palette.length ? `colour accents in ${[...new Set(palette)].join(', ')}` : '',
  ]
    .filter((s) => s && s.trim() !== '')
    .join('; ');
  const prompt = `${input.subject.trim().replace(/\.$/, '')}. Style: ${style}. Composition: ${composition}. High detail, sharp focus, realistic proportions.`;
  const negativePrompt =
    'text, letters, words, captions, watermark, logo, brand marks, signature, distorted faces, extra fingers, deformed hands, blurry, low resolution, oversaturated, heavy filters, frames, borders, collage';
  return {
    prompt,
    negativePrompt,
    subject: input.subject.trim(),
    style,
    composition,
    palette,
    aspect,
    width: spec.width,
    height: spec.height,
    modelSize: ratio > 1.2 ? '1536x1024' : ratio < 0.9 ? '1024x1536' : '1024x1024',
  };
}
