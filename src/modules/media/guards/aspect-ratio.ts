/**
 * Aspect ratio: the output has exactly the platform's size (LinkedIn 1200×627, X 1200×675, Facebook
 * 1200×630, Instagram 1080×1080 / 1080×1350) and a ratio its publishing API accepts (Instagram: 4:5 to
 * 1.91:1). `checkImageRatio` judges any image; the fixer for a photo is a smart crop (crop/variants.ts).
 */
import type { PlatformImageSpec } from '../platforms.js';
import { fail, type GuardFinding, type GuardResult, pass, type VisualGuard } from './types.js';

export function checkImageRatio(width: number, height: number, spec: PlatformImageSpec): GuardFinding {
  const ratio = width / height;
  const target = spec.width / spec.height;
  const evidence = {
    width,
    height,
    ratio: Math.round(ratio * 10000) / 10000,
    target: { width: spec.width, height: spec.height, ratio: Math.round(target * 10000) / 10000 },
    ...(spec.ratioRange ? { apiRange: spec.ratioRange } : {}),
  };
  if (spec.ratioRange && (ratio < spec.ratioRange.min - 1e-9 || ratio > spec.ratioRange.max + 1e-9)) {
    return fail(
      `${width}×${height} (${ratio.toFixed(3)}:1) is outside the ${spec.platform} API's range ${spec.ratioRange.min}–${spec.ratioRange.max}:1; it would be refused`,
      evidence,
    );
  }
  if (width !== spec.width || height !== spec.height) {
    return fail(`${width}×${height} is not the ${spec.key} size ${spec.width}×${spec.height}`, evidence);
  }
  return pass(`${width}×${height} is exactly the ${spec.key} size`, evidence);
}

/**
 * A photo's ratio finding as a guard result, so photos (variants, media.check) report it in the same
 * shape as rendered graphics do; a photo has no fixer run here, so no fixes.
 */
export function photoRatioResult(finding: GuardFinding): GuardResult {
  return {
    guard: 'aspect_ratio',
    status: finding.status,
    message: finding.message,
    evidence: finding.evidence,
    warnings: [],
    applicable: true,
    fixes: [],
  };
}

export const aspectRatioGuard: VisualGuard = {
  name: 'aspect_ratio',
  check({ design, spec }) {
    return checkImageRatio(design.background.width, design.background.height, spec);
  },
  fix({ design, spec }) {
    const plan = design.plan;
    if (plan.width === spec.width && plan.height === spec.height) return null;
    const sx = spec.width / plan.width;
    const sy = spec.height / plan.height;
    const scale = <T extends { x: number; y: number; width: number; height: number }>(b: T): T => ({
      ...b,
      x: b.x * sx,
      y: b.y * sy,
      width: b.width * sx,
      height: b.height * sy,
    });
    return {
      plan: {
        ...plan,
        width: spec.width,
        height: spec.height,
        textArea: scale(plan.textArea),
        faces: plan.faces.map(scale),
        scrim: plan.scrim ? { ...plan.scrim, box: scale(plan.scrim.box) } : null,
        logo: plan.logo ? { ...plan.logo, box: scale(plan.logo.box) } : null,
        background:
          plan.background.kind === 'photo'
            ? { ...plan.background, region: scale(plan.background.region) }
            : plan.background,
      },
      action: `re-laid the design out at ${spec.width}×${spec.height}`,
    };
  },
};
