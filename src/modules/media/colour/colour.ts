/**
 * Colour facts the guards rely on: parsing CSS colours, WCAG 2.x relative luminance and contrast
 * (W3C's formula, not rounded), CIEDE2000 (ΔE00, via culori's CIE Lab D65) for palette checks and
 * Oklab distances for clustering. Sources: ../shared/research/VISUAL-GUARDS.md §1–2.
 */
import { converter, differenceCiede2000, formatHex, parse } from 'culori';

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

const toRgb = converter('rgb');
const toOklab = converter('oklab');
const deltaE00 = differenceCiede2000();

/** `#0b3d91`, `rgb(…)`, `hsl(…)` or a CSS colour name → 8-bit RGB (alpha dropped); undefined when not a colour. */
export function parseColour(value: string): Rgb | undefined {
  const parsed = parse(value.trim());
  if (!parsed) return undefined;
  const rgb = toRgb(parsed);
  if (!rgb) return undefined;
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round((Number.isFinite(v) ? v : 0) * 255)));
  return { r: clamp(rgb.r), g: clamp(rgb.g), b: clamp(rgb.b) };
}

/** Alpha of a CSS colour (1 when opaque or not a colour). */
export function colourAlpha(value: string): number {
  const parsed = parse(value.trim());
  return parsed?.alpha ?? 1;
}

export function toHex(c: Rgb): string {
  return formatHex({ mode: 'rgb', r: c.r / 255, g: c.g / 255, b: c.b / 255 });
}

export function hexOf(value: string): string | undefined {
  const rgb = parseColour(value);
  return rgb ? toHex(rgb) : undefined;
}

function linear(channel8: number): number {
  const c = channel8 / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** Linearised channel values for every 8-bit code, so pixel loops do a lookup instead of a power. */
const LINEAR = Float64Array.from({ length: 256 }, (_, i) => linear(i));

/** WCAG 2.x relative luminance of an 8-bit sRGB colour (0 black … 1 white). */
export function luminance(r: number, g: number, b: number): number {
  return 0.2126 * (LINEAR[r] as number) + 0.7152 * (LINEAR[g] as number) + 0.0722 * (LINEAR[b] as number);
}

/** WCAG 2.x contrast ratio from two luminances (1 … 21), unrounded: 4.499 fails 4.5. */
export function contrastOfLuminances(a: number, b: number): number {
  const hi = Math.max(a, b);
  const lo = Math.min(a, b);
  return (hi + 0.05) / (lo + 0.05);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  return contrastOfLuminances(luminance(a.r, a.g, a.b), luminance(b.r, b.g, b.b));
}

/** CIEDE2000 colour difference (kL = kC = kH = 1) in CIE Lab (D65). */
export function deltaE2000(a: Rgb, b: Rgb): number {
  return deltaE00(
    { mode: 'rgb', r: a.r / 255, g: a.g / 255, b: a.b / 255 },
    { mode: 'rgb', r: b.r / 255, g: b.g / 255, b: b.b / 255 },
  );
}

export interface Oklab {
  l: number;
  a: number;
  b: number;
}

export function oklab(c: Rgb): Oklab {
  const o = toOklab({ mode: 'rgb', r: c.r / 255, g: c.g / 255, b: c.b / 255 });
  return { l: o.l, a: o.a, b: o.b };
}

export function oklabToRgb(o: Oklab): Rgb {
  const rgb = toRgb({ mode: 'oklab', l: o.l, a: o.a, b: o.b });
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v * 255)));
  return { r: clamp(rgb.r), g: clamp(rgb.g), b: clamp(rgb.b) };
}

/** Euclidean distance in Oklab (one JND ≈ 0.02). */
export function deltaEOk(a: Oklab, b: Oklab): number {
  return Math.hypot(a.l - b.l, a.a - b.a, a.b - b.b);
}

/** Chroma in Oklab: below ≈ 0.03 a colour reads as a grey (white, black and greys are neutrals). */
export function isNeutral(c: Rgb): boolean {
  const o = oklab(c);
  return Math.hypot(o.a, o.b) < 0.03;
}

/**
 * Dominant colours of RGBA pixels by k-means in Oklab (deterministic seeding: farthest-point from the
 * most common bucket), with each colour's share of the opaque pixels. Transparent pixels are skipped.
 */
export function dominantColours(
  rgba: Uint8Array | Buffer,
  k: number,
  options: { step?: number } = {},
): Array<{ colour: Rgb; share: number }> {
  const step = options.step ?? 1;
  const points: Oklab[] = [];
  for (let i = 0; i + 3 < rgba.length; i += 4 * step) {
    if ((rgba[i + 3] as number) < 128) continue;
    points.push(oklab({ r: rgba[i] as number, g: rgba[i + 1] as number, b: rgba[i + 2] as number }));
  }
  if (points.length === 0) return [];
  // Seed with the densest coarse bucket, then the points farthest from the seeds so far.
  const buckets = new Map<string, { p: Oklab; n: number }>();
  for (const p of points) {
    const key = `${Math.round(p.l * 10)},${Math.round(p.a * 20)},${Math.round(p.b * 20)}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.n++;
    else buckets.set(key, { p, n: 1 });
  }
  const first = [...buckets.values()].sort((x, y) => y.n - x.n)[0] as { p: Oklab };
  const centres: Oklab[] = [first.p];
  while (centres.length < Math.min(k, points.length)) {
    let best = points[0] as Oklab;
    let bestD = -1;
    for (const p of points) {
      const d = Math.min(...centres.map((c) => deltaEOk(c, p)));
      if (d > bestD) {
        bestD = d;
        best = p;
      }
    }
    if (bestD < 0.02) break;
    centres.push(best);
  }
  const assign = new Int32Array(points.length);
  for (let iter = 0; iter < 12; iter++) {
    const sums = centres.map(() => ({ l: 0, a: 0, b: 0, n: 0 }));
    points.forEach((p, i) => {
      let bi = 0;
      let bd = Number.POSITIVE_INFINITY;
      centres.forEach((c, ci) => {
        const d = deltaEOk(c, p);
        if (d < bd) {
          bd = d;
          bi = ci;
        }
      });
      assign[i] = bi;
      const s = sums[bi] as { l: number; a: number; b: number; n: number };
      s.l += p.l;
      s.a += p.a;
      s.b += p.b;
      s.n++;
    });
    sums.forEach((s, ci) => {
      if (s.n > 0) centres[ci] = { l: s.l / s.n, a: s.a / s.n, b: s.b / s.n };
    });
  }
  const counts = centres.map(() => 0);
  for (const a of assign) counts[a] = (counts[a] as number) + 1;
  return centres
    .map((c, i) => ({ colour: oklabToRgb(c), share: (counts[i] as number) / points.length }))
    .filter((c) => c.share > 0)
    .sort((a, b) => b.share - a.share);
}
