/**
 * Runs the seven guards on a design and, when asked, applies fixers and renders again until every
 * guard passes or no fixer can do more (at most `maxRounds` re-renders). A guard that failed first
 * and passes at the end is `fixed`; one that still fails is `fail`, with its last evidence.
 */
import type { BrandKit } from '../brand-kit/types.js';
import { imageSpecs } from '../platforms.js';
import { type RenderContext, type RenderOutput, renderDesign } from '../render/render.js';
import type { DesignPlan } from '../render/types.js';
import { aspectRatioGuard } from './aspect-ratio.js';
import { brandPaletteGuard } from './brand-palette.js';
import { contrastGuard } from './contrast.js';
import { logoProtectionGuard } from './logo-protection.js';
import { minFontSizeGuard } from './min-font-size.js';
import { safeMarginGuard } from './safe-margin.js';
import { textOverlapGuard } from './text-overlap.js';
import type { GuardFinding, GuardInput, GuardName, GuardResult, VisualGuard } from './types.js';

/**
 * Order matters for fixing: layout first (size, margins, fonts, overlaps, logo), colours last, since
 * contrast must be judged on the final layout.
 */
export const visualGuards: readonly VisualGuard[] = [
  aspectRatioGuard,
  minFontSizeGuard,
  safeMarginGuard,
  textOverlapGuard,
  logoProtectionGuard,
  brandPaletteGuard,
  contrastGuard,
];

export function checkAll(input: GuardInput): Map<GuardName, GuardFinding> {
  return new Map(visualGuards.map((g) => [g.name, g.check(input)] as const));
}

export interface GuardedRender {
  output: RenderOutput;
  results: GuardResult[];
  /** Renders done, the first included. */
  renders: number;
}

export async function renderWithGuards(
  plan: DesignPlan,
  kit: BrandKit,
  ctx: RenderContext,
  options: { fix: boolean; maxRounds?: number } = { fix: true },
): Promise<GuardedRender> {
  const spec = imageSpecs[plan.size];
  const maxRounds = options.maxRounds ?? 8;
  let output = await renderDesign(plan, ctx);
  let renders = 1;
  let findings = checkAll({ design: output.design, spec, kit });
  const first = new Map(findings);
  const fixes = new Map<GuardName, string[]>();
  for (let round = 0; options.fix && round < maxRounds; round++) {
    const failing = visualGuards.filter((g) => findings.get(g.name)?.status === 'fail');
    if (failing.length === 0) break;
    // Apply one fixer per round (the first failing, in layout-first order), then look again:
    // a layout change moves the text, so colour findings from before it no longer hold.
    let changed = false;
    for (const guard of failing) {
      const input: GuardInput = { design: output.design, spec, kit };
      const fix = guard.fix(input, findings.get(guard.name) as GuardFinding);
      if (!fix) continue;
      fixes.set(guard.name, [...(fixes.get(guard.name) ?? []), fix.action]);
      output = await renderDesign(fix.plan, ctx);
      renders++;
      findings = checkAll({ design: output.design, spec, kit });
      changed = true;
      break;
    }
    if (!changed) break;
  }
  const results: GuardResult[] = visualGuards.map((g) => {
    const last = findings.get(g.name) as GuardFinding;
    const before = first.get(g.name) as GuardFinding;
    const status = last.status === 'fail' ? 'fail' : before.status === 'fail' ? 'fixed' : 'pass';
    return {
      guard: g.name,
      status,
      message: last.message,
      evidence: last.evidence,
      warnings: last.warnings,
      applicable: last.applicable,
      fixes: fixes.get(g.name) ?? [],
    };
  });
  return { output, results, renders };
}
