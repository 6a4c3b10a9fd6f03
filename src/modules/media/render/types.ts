/**
 * The design of one graphic as data: templates build a `DesignPlan`, fixers change it, the renderer
 * draws it and reports where every element landed (`LayoutElement`).
 */
import type { Insets, SizeKey } from '../platforms.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const templateNames = ['headline', 'photo', 'split', 'quote'] as const;
export type TemplateName = (typeof templateNames)[number];

export type TextId = 'headline' | 'subline' | 'cta' | 'slide_number';

export interface TextStyle {
  fontFamily: string;
  fontWeight: 400 | 700;
  /** px at the canvas size. */
  fontSize: number;
  /** The renderer may shrink the size to fit its area, down to the legible minimum. */
  autoFit: boolean;
  color: string;
  lineHeight: number;
  align: 'left' | 'center';
}

export interface TextBlock {
  id: TextId;
  text: string;
  style: TextStyle;
  /** Headlines are read at a glance; body text (sublines, calls to action) is read. */
  role: 'headline' | 'body';
}

export type Background =
  | { kind: 'colour'; colour: string }
  | { kind: 'gradient'; from: string; to: string; angle: number }
  | {
      kind: 'photo';
      mediaId: string;
      /** The part of the photo shown, in the photo's upright pixels. */
      crop: Box;
      /** Where on the canvas the photo is drawn (the whole canvas, or half of it for `split`). */
      region: Box;
      /** Colour of the rest of the canvas (split) and the photo's stand-in while it loads. */
      colour: string;
    };

export interface Scrim {
  box: Box;
  colour: string;
  /** 0–1 at its strongest edge. */
  opacity: number;
  /** Fades in from the top edge of the box (photo template) instead of a flat panel. */
  fade: 'none' | 'up' | 'down';
}

export interface LogoPlacement {
  mediaId: string;
  box: Box;
  /** Clear space kept free around the logo, px. */
  clearSpace: number;
  corner: 'top-left' | 'top-right' | 'bottom-left' | 'bottom-right';
}

export interface DesignPlan {
  size: SizeKey;
  width: number;
  height: number;
  template: TemplateName;
  background: Background;
  scrim: Scrim | null;
  /** Area the text column is laid out in. */
  textArea: Box;
  textAlignV: 'top' | 'center' | 'bottom';
  texts: TextBlock[];
  /** Space between text blocks, px. */
  gap: number;
  logo: LogoPlacement | null;
  /** Faces on the canvas (from the photo's detected faces), which text must not cover. */
  faces: Box[];
}

export type ElementKind = 'text' | 'logo' | 'scrim' | 'photo' | 'background';

/** Where one element landed after layout, in canvas px. */
export interface LayoutElement {
  id: string;
  kind: ElementKind;
  box: Box;
  /** For text: the area it was laid out in; the text overflows when its box leaves it. */
  area?: Box;
  text?: string;
  fontSize?: number;
  fontWeight?: number;
  fontFamily?: string;
  color?: string;
  role?: 'headline' | 'body';
}

export interface RenderedDesign {
  plan: DesignPlan;
  elements: LayoutElement[];
  /** RGBA pixels of everything but the text (what text is read against). */
  background: { data: Buffer; width: number; height: number };
  /** Characters the fonts cannot draw (shown as boxes); text guards fail on them. */
  missingGlyphs: string[];
}

export type { Insets };

export function intersection(a: Box, b: Box): Box | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const r = Math.min(a.x + a.width, b.x + b.width);
  const bt = Math.min(a.y + a.height, b.y + b.height);
  return r > x && bt > y ? { x, y, width: r - x, height: bt - y } : null;
}

export function area(b: Box): number {
  return Math.max(0, b.width) * Math.max(0, b.height);
}

export function expand(b: Box, by: number): Box {
  return { x: b.x - by, y: b.y - by, width: b.width + 2 * by, height: b.height + 2 * by };
}

/** True when `inner` lies inside `outer` (with `tolerance` px of slack for sub-pixel layout). */
export function contains(outer: Box, inner: Box, tolerance = 0.5): boolean {
  return (
    inner.x >= outer.x - tolerance &&
    inner.y >= outer.y - tolerance &&
    inner.x + inner.width <= outer.x + outer.width + tolerance &&
    inner.y + inner.height <= outer.y + outer.height + tolerance
  );
}

export function roundBox(b: Box): Box {
  return {
    x: Math.round(b.x * 10) / 10,
    y: Math.round(b.y * 10) / 10,
    width: Math.round(b.width * 10) / 10,
    height: Math.round(b.height * 10) / 10,
  };
}
