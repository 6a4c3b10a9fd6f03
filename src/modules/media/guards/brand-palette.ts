/**
 * Brand palette: every colour the design specifies (background, gradient stops, text, scrim) lies
 * within ΔE2000 5 of a palette colour — ≤ 2 "on palette", 2–5 "near" (a warning), > 5 "off palette" (a
 * failure). Neutrals (white, black, greys) are allowed unless the kit says otherwise. Photo colours are
 * only reported: a photo is not a brand element. VISUAL-GUARDS §2.2 (heuristic tiers built from JNDs).
 *
 * Fixer: snap each off-palette colour to its nearest palette colour.
 */
import { deltaE2000, dominantColours, isNeutral, parseColour, toHex } from '../colour/colour.js';
import type { DesignPlan } from '../render/types.js';
import { fail, pass, type VisualGuard } from './types.js';

export const ON_PALETTE = 2;
export const NEAR_PALETTE = 5;

interface UsedColour {
  where: string;
  hex: string;
}

function usedColours(plan: DesignPlan): UsedColour[] {
  const out: UsedColour[] = [];
  const bg = plan.background;
  if (bg.kind === 'colour') out.push({ where: 'background', hex: bg.colour });
  if (bg.kind === 'gradient')
    out.push({ where: 'gradient start', hex: bg.from }, { where: 'gradient end', hex: bg.to });
  if (bg.kind === 'photo' && plan.template === 'split') out.push({ where: 'background', hex: bg.colour });
  for (const t of plan.texts) out.push({ where: `${t.id} text`, hex: t.style.color });
  if (plan.scrim && plan.scrim.opacity > 0) out.push({ where: 'scrim', hex: plan.scrim.colour });
  return out;
}

export const brandPaletteGuard: VisualGuard = {
  name: 'brand_palette',
  check({ design, kit }) {
    const photo =
      design.plan.background.kind === 'photo'
        ? photoColours(design.background, design.plan.background.region)
        : undefined;
    if (kit.palette.length === 0) {
      return pass(
        'the brand kit has no palette yet (brand_kit.update or brand_kit.propose)',
        photo ? { photoColours: photo } : {},
        [],
        false,
      );
    }
    const palette = kit.palette.map((c) => ({
      hex: c.hex,
      rgb: parseColour(c.hex) as NonNullable<ReturnType<typeof parseColour>>,
    }));
    const checked = usedColours(design.plan).map((u) => {
      const rgb = parseColour(u.hex) ?? { r: 0, g: 0, b: 0 };
      if (kit.allowNeutrals && isNeutral(rgb))
        return { ...u, hex: toHex(rgb), nearest: null, deltaE: 0, tier: 'neutral' as const };
      let nearest = palette[0] as { hex: string; rgb: typeof rgb };
      let best = Number.POSITIVE_INFINITY;
      for (const p of palette) {
        const d = deltaE2000(rgb, p.rgb);
        if (d < best) {
          best = d;
          nearest = p;
        }
      }
      const tier =
        best <= ON_PALETTE ? ('on' as const) : best <= NEAR_PALETTE ? ('near' as const) : ('off' as const);
      return { ...u, hex: toHex(rgb), nearest: nearest.hex, deltaE: Math.round(best * 100) / 100, tier };
    });
    const off = checked.filter((c) => c.tier === 'off');
    const warnings = checked
      .filter((c) => c.tier === 'near')
      .map((c) => `${c.where} ${c.hex} is near ${c.nearest} (ΔE00 ${c.deltaE}), not on it`);
    const evidence = {
      metric: 'CIEDE2000',
      onPalette: ON_PALETTE,
      nearPalette: NEAR_PALETTE,
      colours: checked,
      ...(photo ? { photoColours: photo } : {}),
    };
    if (off.length > 0) {
      return fail(
        off
          .map((c) => `${c.where} ${c.hex} is off palette (nearest ${c.nearest}, ΔE00 ${c.deltaE})`)
          .join('; '),
        evidence,
        warnings,
      );
    }
    return pass('every design colour is on the brand palette', evidence, warnings);
  },
  fix({ design, kit }, finding) {
    const off = (
      finding.evidence.colours as Array<{ where: string; hex: string; nearest: string | null; tier: string }>
    ).filter((c) => c.tier === 'off' && c.nearest);
    if (off.length === 0 || kit.palette.length === 0) return null;
    const snap = new Map(off.map((c) => [c.hex.toLowerCase(), c.nearest as string]));
    const to = (hex: string) =>
      snap.get(toHex(parseColour(hex) ?? { r: 0, g: 0, b: 0 }).toLowerCase()) ?? hex;
    const plan = design.plan;
    const bg = plan.background;
    return {
      plan: {
        ...plan,
        background:
          bg.kind === 'colour'
            ? { ...bg, colour: to(bg.colour) }
            : bg.kind === 'gradient'
              ? { ...bg, from: to(bg.from), to: to(bg.to) }
              : { ...bg, colour: to(bg.colour) },
        texts: plan.texts.map((t) => ({ ...t, style: { ...t.style, color: to(t.style.color) } })),
        scrim: plan.scrim ? { ...plan.scrim, colour: to(plan.scrim.colour) } : null,
      },
      action: off.map((c) => `${c.where} ${c.hex} → ${c.nearest}`).join(', '),
    };
  },
};

function photoColours(
  bg: { data: Buffer; width: number; height: number },
  region: { x: number; y: number; width: number; height: number },
) {
  // Every 7th pixel of the photo region is plenty for the 5 dominant colours.
  const x0 = Math.max(0, Math.floor(region.x));
  const x1 = Math.min(bg.width, Math.ceil(region.x + region.width));
  const rows: Buffer[] = [];
  for (
    let y = Math.max(0, Math.floor(region.y));
    y < Math.min(bg.height, Math.ceil(region.y + region.height));
    y += 7
  ) {
    rows.push(bg.data.subarray((y * bg.width + x0) * 4, (y * bg.width + x1) * 4));
  }
  return dominantColours(Buffer.concat(rows), 5, { step: 7 }).map((c) => ({
    hex: toHex(c.colour),
    share: Math.round(c.share * 1000) / 1000,
  }));
}
