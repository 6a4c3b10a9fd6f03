/**
 * Contrast: WCAG 2.x ratio of each text's colour against the actual rendered pixels behind it — the
 * whole text box plus a 3 px ring — judged on the worst pixel (W3C F83: the parts of the image most
 * like the text). AA thresholds: 4.5:1 for normal text, 3:1 for large text, where "large" is decided
 * at the size a phone shows (≥ 24 pt, or ≥ 18.67 pt bold), not the source px. Logos are exempt
 * (logotypes, SC 1.4.3). Sources: ../shared/research/VISUAL-GUARDS.md §1.
 *
 * Fixer: on a flat or gradient background, switch the text to a palette colour (or white / near-black)
 * that passes everywhere; otherwise add the lightest scrim that makes the worst pixel pass.
 */
import {
  contrastOfLuminances,
  deltaE2000,
  luminance,
  parseColour,
  type Rgb,
  toHex,
} from '../colour/colour.js';
import { displayScale } from '../platforms.js';
import type { Box, DesignPlan, LayoutElement, Scrim } from '../render/types.js';
import { texts } from './geometry.js';
import { fail, type GuardFinding, type GuardInput, pass, type VisualGuard } from './types.js';

export const NORMAL_AA = 4.5;
export const LARGE_AA = 3;
const RING_PX = 3;

export function isLargeText(displayedPt: number, weight: number): boolean {
  return displayedPt >= 24 || (displayedPt >= 18.67 && weight >= 700);
}

interface Pixels {
  data: Buffer;
  width: number;
  height: number;
}

function region(bg: Pixels, box: Box): { x0: number; y0: number; x1: number; y1: number } {
  return {
    x0: Math.max(0, Math.floor(box.x - RING_PX)),
    y0: Math.max(0, Math.floor(box.y - RING_PX)),
    x1: Math.min(bg.width, Math.ceil(box.x + box.width + RING_PX)),
    y1: Math.min(bg.height, Math.ceil(box.y + box.height + RING_PX)),
  };
}

export interface ContrastMeasure {
  min: number;
  p5: number;
  /** Share of sampled pixels below the threshold. */
  below: number;
  worst: { x: number; y: number; colour: string };
  pixels: number;
}

/** Contrast of `text` against every background pixel in the box and its ring. */
export function measureContrast(bg: Pixels, box: Box, text: Rgb, threshold: number): ContrastMeasure {
  const lt = luminance(text.r, text.g, text.b);
  const { x0, y0, x1, y1 } = region(bg, box);
  const bins = new Uint32Array(2101);
  let min = Number.POSITIVE_INFINITY;
  let worst = { x: x0, y: y0, colour: '#000000' };
  let below = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    let i = (y * bg.width + x0) * 4;
    for (let x = x0; x < x1; x++, i += 4) {
      const r = bg.data[i] as number;
      const g = bg.data[i + 1] as number;
      const b = bg.data[i + 2] as number;
      const ratio = contrastOfLuminances(lt, luminance(r, g, b));
      if (ratio < min) {
        min = ratio;
        worst = { x, y, colour: toHex({ r, g, b }) };
      }
      if (ratio < threshold) below++;
      const bin = Math.min(2100, Math.floor(ratio * 100));
      bins[bin] = (bins[bin] as number) + 1;
      n++;
    }
  }
  let p5 = 0;
  let seen = 0;
  for (let k = 0; k < bins.length; k++) {
    seen += bins[k] as number;
    if (seen >= n * 0.05) {
      p5 = k / 100;
      break;
    }
  }
  return { min: n === 0 ? 21 : min, p5, below: n === 0 ? 0 : below / n, worst, pixels: n };
}

function thresholdFor(
  t: LayoutElement,
  scale: number,
): { threshold: number; large: boolean; displayedPt: number } {
  const displayedPt = Math.round((t.fontSize ?? 0) * scale * 10) / 10;
  const large = isLargeText(displayedPt, t.fontWeight ?? 400);
  return { threshold: large ? LARGE_AA : NORMAL_AA, large, displayedPt };
}

export const contrastGuard: VisualGuard = {
  name: 'contrast',
  check({ design, spec }) {
    const scale = displayScale(spec);
    const list = texts(design.elements);
    if (list.length === 0) return pass('the graphic has no text', {}, [], false);
    const results = list.map((t) => {
      const { threshold, large, displayedPt } = thresholdFor(t, scale);
      const colour = parseColour(t.color ?? '#000000') ?? { r: 0, g: 0, b: 0 };
      const m = measureContrast(design.background, t.box, colour, threshold);
      return {
        id: t.id,
        colour: toHex(colour),
        displayedPt,
        large,
        threshold,
        worstRatio: Math.round(m.min * 100) / 100,
        p5Ratio: m.p5,
        shareBelow: Math.round(m.below * 1000) / 1000,
        worstPixel: m.worst,
        pass: m.min >= threshold,
      };
    });
    const failing = results.filter((r) => !r.pass);
    const evidence = { standard: 'WCAG 2.x AA, worst background pixel', texts: results };
    if (failing.length > 0) {
      return fail(
        failing
          .map(
            (r) =>
              `${r.id} ${r.worstRatio}:1 against ${r.worstPixel.colour} at (${r.worstPixel.x}, ${r.worstPixel.y}); needs ${r.threshold}:1`,
          )
          .join('; '),
        evidence,
      );
    }
    return pass(`every text reaches its WCAG AA ratio against the pixels behind it`, evidence);
  },
  fix(input, finding) {
    const failing = (
      finding.evidence.texts as Array<{ id: string; threshold: number; pass: boolean }>
    ).filter((r) => !r.pass);
    if (failing.length === 0) return null;
    const plan = input.design.plan;
    const flat = plan.background.kind !== 'photo';
    if (flat) {
      const switched = switchColours(input, failing);
      if (switched) return switched;
    }
    return addScrim(input, failing);
  },
};

/** Colours to try, brand first: the palette, then white and near-black. */
function candidates(input: GuardInput): Array<{ hex: string; rgb: Rgb; brand: boolean }> {
  const out = input.kit.palette.map((c) => ({ hex: c.hex, rgb: parseColour(c.hex) as Rgb, brand: true }));
  out.push({ hex: '#ffffff', rgb: { r: 255, g: 255, b: 255 }, brand: false });
  out.push({ hex: '#111111', rgb: { r: 17, g: 17, b: 17 }, brand: false });
  return out;
}

function switchColours(input: GuardInput, failing: Array<{ id: string; threshold: number }>) {
  const { design } = input;
  const changes = new Map<string, string>();
  for (const f of failing) {
    const el = design.elements.find((e) => e.id === f.id);
    if (!el) continue;
    const original = parseColour(el.color ?? '#000000') ?? { r: 0, g: 0, b: 0 };
    const passing = candidates(input)
      .map((c) => ({ ...c, min: measureContrast(design.background, el.box, c.rgb, f.threshold).min }))
      .filter((c) => c.min >= f.threshold + 0.05)
      .sort(
        (a, b) =>
          Number(b.brand) - Number(a.brand) || deltaE2000(a.rgb, original) - deltaE2000(b.rgb, original),
      );
    const best = passing[0];
    if (!best) return null;
    changes.set(f.id, best.hex);
  }
  const plan: DesignPlan = {
    ...design.plan,
    texts: design.plan.texts.map((t) => {
      const colour = changes.get(t.id);
      return colour ? { ...t, style: { ...t.style, color: colour } } : t;
    }),
  };
  return { plan, action: [...changes].map(([id, hex]) => `${id} colour → ${hex}`).join(', ') };
}

function union(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  return {
    x,
    y,
    width: Math.max(...boxes.map((b) => b.x + b.width)) - x,
    height: Math.max(...boxes.map((b) => b.y + b.height)) - y,
  };
}

/** Lowest opacity (in steps of 0.05) of `scrim` over the pixels that makes every failing text pass. */
function neededOpacity(
  input: GuardInput,
  failing: Array<{ id: string; threshold: number }>,
  scrim: Rgb,
): number | null {
  const bg = input.design.background;
  const targets = failing
    .map((f) => ({ f, el: input.design.elements.find((e) => e.id === f.id) }))
    .filter((t): t is { f: { id: string; threshold: number }; el: LayoutElement } => t.el !== undefined);
  for (let a = 0.1; a <= 0.951; a += 0.05) {
    const ok = targets.every(({ f, el }) => {
      const text = parseColour(el.color ?? '#000000') ?? { r: 0, g: 0, b: 0 };
      const lt = luminance(text.r, text.g, text.b);
      const { x0, y0, x1, y1 } = region(bg, el.box);
      for (let y = y0; y < y1; y++) {
        let i = (y * bg.width + x0) * 4;
        for (let x = x0; x < x1; x++, i += 4) {
          // Alpha compositing in gamma-encoded sRGB, as the renderer does.
          const r = Math.round((bg.data[i] as number) * (1 - a) + scrim.r * a);
          const g = Math.round((bg.data[i + 1] as number) * (1 - a) + scrim.g * a);
          const b = Math.round((bg.data[i + 2] as number) * (1 - a) + scrim.b * a);
          if (contrastOfLuminances(lt, luminance(r, g, b)) < f.threshold + 0.05) return false;
        }
      }
      return true;
    });
    if (ok) return Math.round(a * 100) / 100;
  }
  return null;
}

function addScrim(input: GuardInput, failing: Array<{ id: string; threshold: number }>) {
  const { design } = input;
  let plan = design.plan;
  const failingEls = design.elements.filter((e) => failing.some((f) => f.id === e.id));
  if (failingEls.length === 0) return null;
  const textColour = parseColour(failingEls[0]?.color ?? '#ffffff') ?? { r: 255, g: 255, b: 255 };
  const light = luminance(textColour.r, textColour.g, textColour.b) > 0.18;
  let scrimRgb: Rgb = light ? { r: 0, g: 0, b: 0 } : { r: 255, g: 255, b: 255 };
  let opacity = neededOpacity(input, failing, scrimRgb);
  let action = '';
  if (opacity === null) {
    // Mid-tone text cannot be rescued by a scrim: make it white on a dark scrim.
    plan = {
      ...plan,
      texts: plan.texts.map((t) =>
        failing.some((f) => f.id === t.id) ? { ...t, style: { ...t.style, color: '#ffffff' } } : t,
      ),
    };
    scrimRgb = { r: 0, g: 0, b: 0 };
    opacity = 0.75;
    action = 'text colour → #ffffff, ';
  }
  const scrimHex = toHex(scrimRgb);
  const old = plan.scrim;
  const stacked =
    old && old.colour.toLowerCase() === scrimHex ? 1 - (1 - old.opacity) * (1 - opacity) : opacity;
  const textBox = union(design.elements.filter((e) => e.kind === 'text').map((e) => e.box));
  const pad = Math.round(plan.height * 0.04);
  const H = plan.height;
  let scrim: Scrim;
  if (plan.template === 'photo' && plan.textAlignV === 'bottom') {
    // A band from the bottom whose solid part (the lower 65 %) covers the text.
    const top = Math.floor((textBox.y - pad - 0.35 * H) / 0.65);
    scrim =
      top > 0
        ? {
            box: { x: 0, y: top, width: plan.width, height: H - top },
            colour: scrimHex,
            opacity: stacked,
            fade: 'up',
          }
        : {
            box: { x: 0, y: 0, width: plan.width, height: H },
            colour: scrimHex,
            opacity: stacked,
            fade: 'none',
          };
  } else if (plan.template === 'photo' && plan.textAlignV === 'top') {
    const bottom = Math.ceil((textBox.y + textBox.height + pad) / 0.65);
    scrim =
      bottom < H
        ? {
            box: { x: 0, y: 0, width: plan.width, height: bottom },
            colour: scrimHex,
            opacity: stacked,
            fade: 'down',
          }
        : {
            box: { x: 0, y: 0, width: plan.width, height: H },
            colour: scrimHex,
            opacity: stacked,
            fade: 'none',
          };
  } else {
    const box = {
      x: Math.max(0, textBox.x - pad),
      y: Math.max(0, textBox.y - pad),
      width: Math.min(plan.width, textBox.x + textBox.width + pad) - Math.max(0, textBox.x - pad),
      height: Math.min(H, textBox.y + textBox.height + pad) - Math.max(0, textBox.y - pad),
    };
    const covered = old ? union([old.box, box]) : box;
    scrim = { box: covered, colour: scrimHex, opacity: stacked, fade: 'none' };
  }
  return {
    plan: { ...plan, scrim },
    action: `${action}scrim ${scrimHex} at ${Math.round(stacked * 100)} % behind the text`,
  };
}

export type { GuardFinding };
