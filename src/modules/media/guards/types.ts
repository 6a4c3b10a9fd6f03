/**
 * The seven visual guards of a rendered graphic. Each reads the layout (every element's box) and the
 * pixels behind the text, answers pass or fail with evidence a person can check, and has a fixer that
 * changes the design (never the pixels directly) so the next render passes.
 */
import type { BrandKit } from '../brand-kit/types.js';
import type { PlatformImageSpec } from '../platforms.js';
import type { DesignPlan, RenderedDesign } from '../render/types.js';

export const guardNames = [
  'text_overlap',
  'safe_margin',
  'contrast',
  'logo_protection',
  'aspect_ratio',
  'brand_palette',
  'min_font_size',
] as const;
export type GuardName = (typeof guardNames)[number];

export interface GuardInput {
  design: RenderedDesign;
  spec: PlatformImageSpec;
  kit: BrandKit;
}

export interface GuardFinding {
  status: 'pass' | 'fail';
  message: string;
  evidence: Record<string, unknown>;
  warnings: string[];
  /** False when the graphic has nothing this guard judges (no logo, no palette). */
  applicable: boolean;
}

export interface GuardFix {
  plan: DesignPlan;
  /** What the fixer changed, in words. */
  action: string;
}

export interface VisualGuard {
  name: GuardName;
  check(input: GuardInput): GuardFinding;
  /** A changed design that should pass, or null when this guard cannot fix the finding. */
  fix(input: GuardInput, finding: GuardFinding): GuardFix | null;
}

export interface GuardResult {
  guard: GuardName;
  status: 'pass' | 'fixed' | 'fail';
  message: string;
  evidence: Record<string, unknown>;
  warnings: string[];
  applicable: boolean;
  /** Fixes applied for this guard, in order. */
  fixes: string[];
}

export const pass = (
  message: string,
  evidence: Record<string, unknown> = {},
  warnings: string[] = [],
  applicable = true,
): GuardFinding => ({
  status: 'pass',
  message,
  evidence,
  warnings,
  applicable,
});

export const fail = (
  message: string,
  evidence: Record<string, unknown>,
  warnings: string[] = [],
): GuardFinding => ({
  status: 'fail',
  message,
  evidence,
  warnings,
  applicable: true,
});
