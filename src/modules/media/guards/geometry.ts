import type { BrandKit } from '../brand-kit/types.js';
import { imageSpecs, type PlatformImageSpec, safeArea } from '../platforms.js';
import type { Box, DesignPlan, LayoutElement } from '../render/types.js';

/** The rectangle text and logos must stay inside for this platform and brand kit. */
export function safeRect(spec: PlatformImageSpec, kit: BrandKit): Box {
  const insets = safeArea(spec, Math.round(Math.min(spec.width, spec.height) * kit.extraMargin));
  return {
    x: insets.left,
    y: insets.top,
    width: spec.width - insets.left - insets.right,
    height: spec.height - insets.top - insets.bottom,
  };
}

export function specOf(plan: DesignPlan): PlatformImageSpec {
  return imageSpecs[plan.size];
}

export function texts(elements: LayoutElement[]): LayoutElement[] {
  return elements.filter((e) => e.kind === 'text');
}

export function clampInto(box: Box, into: Box): Box {
  const width = Math.min(box.width, into.width);
  const height = Math.min(box.height, into.height);
  return {
    x: Math.min(Math.max(box.x, into.x), into.x + into.width - width),
    y: Math.min(Math.max(box.y, into.y), into.y + into.height - height),
    width,
    height,
  };
}

export function intersect(a: Box, b: Box): Box {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - x),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - y),
  };
}
