/**
 * Colours a website's CSS uses, weighted by how brand-like their use is: `theme-color` and custom
 * properties named primary/brand/accent count most, backgrounds more than text. Neutrals are kept
 * apart (a site's text greys are not its brand colours).
 */
import { deltaEOk, isNeutral, oklab, parseColour, type Rgb, toHex } from '../colour/colour.js';

export interface WeightedColour {
  hex: string;
  weight: number;
  sources: string[];
}

const COLOUR = /#(?:[0-9a-f]{8}|[0-9a-f]{6}|[0-9a-f]{3,4})\b|\b(?:rgba?|hsla?)\([^)]{3,60}\)/gi;
const DECLARATION = /(--[\w-]+|[a-z-]+)\s*:\s*([^;{}]+)/gi;

export function coloursInCss(css: string, source: string, collect: Map<string, WeightedColour>): void {
  for (const m of css.matchAll(DECLARATION)) {
    const property = (m[1] ?? '').toLowerCase();
    const value = m[2] ?? '';
    let weight = 0;
    if (property.startsWith('--'))
      weight = /primary|brand|accent|main|theme|secondary/.test(property) ? 6 : 1.5;
    else if (property === 'background' || property === 'background-color') weight = 2;
    else if (
      property === 'color' ||
      property === 'fill' ||
      property === 'border-color' ||
      property === 'border'
    )
      weight = 1;
    else continue;
    for (const c of value.matchAll(COLOUR)) add(collect, c[0], weight, source);
  }
}

export function add(
  collect: Map<string, WeightedColour>,
  value: string,
  weight: number,
  source: string,
): void {
  const rgb = parseColour(value);
  if (!rgb) return;
  const hex = toHex(rgb);
  const entry = collect.get(hex) ?? { hex, weight: 0, sources: [] };
  entry.weight += weight;
  if (!entry.sources.includes(source) && entry.sources.length < 5) entry.sources.push(source);
  collect.set(hex, entry);
}

/** Merges colours closer than ΔEOK 0.04 (two JNDs), keeping the heavier one's hex. */
export function cluster(colours: WeightedColour[]): { brand: WeightedColour[]; neutrals: WeightedColour[] } {
  const sorted = [...colours].sort((a, b) => b.weight - a.weight);
  const brand: Array<WeightedColour & { lab: ReturnType<typeof oklab> }> = [];
  const neutrals: WeightedColour[] = [];
  for (const c of sorted) {
    const rgb = parseColour(c.hex) as Rgb;
    if (isNeutral(rgb)) {
      neutrals.push(c);
      continue;
    }
    const lab = oklab(rgb);
    const near = brand.find((b) => deltaEOk(b.lab, lab) < 0.04);
    if (near) {
      near.weight += c.weight;
      for (const s of c.sources)
        if (!near.sources.includes(s) && near.sources.length < 5) near.sources.push(s);
    } else {
      brand.push({ ...c, sources: [...c.sources], lab });
    }
  }
  return { brand: brand.map(({ lab: _lab, ...c }) => c).sort((a, b) => b.weight - a.weight), neutrals };
}
