/**
 * Draws a `DesignPlan` with satori (layout and text → SVG) and resvg (SVG → pixels), and reports where
 * every element landed. Text that does not fit is shrunk down to the legible minimum when its style
 * allows (`autoFit`); what still does not fit is reported, never clipped: the overlap guard fails it.
 */
import { Resvg } from '@resvg/resvg-js';
import satori, { type SatoriNode } from 'satori';
import { colourAlpha, parseColour } from '../colour/colour.js';
import type { FontFace } from '../fonts/library.js';
import { minFontPx } from './templates.js';
import type { Box, DesignPlan, LayoutElement, RenderedDesign, TextBlock } from './types.js';

/** Images the plan refers to, ready for satori (data URIs), by media id. */
export interface RenderAssets {
  images: Map<string, string>;
}

export interface RenderContext {
  fonts: FontFace[];
  assets: RenderAssets;
}

interface Element {
  type: string;
  key?: string;
  props: Record<string, unknown> & { children?: unknown; style?: Record<string, unknown> };
}

const h = (type: string, props: Element['props'], key?: string): Element =>
  key === undefined ? { type, props } : { type, key, props };

function rgba(colour: string, opacity: number): string {
  const c = parseColour(colour) ?? { r: 0, g: 0, b: 0 };
  return `rgba(${c.r}, ${c.g}, ${c.b}, ${Math.round(opacity * colourAlpha(colour) * 1000) / 1000})`;
}

function abs(box: Box): Record<string, unknown> {
  return { position: 'absolute', left: box.x, top: box.y, width: box.width, height: box.height };
}

function backgroundStyle(plan: DesignPlan): Record<string, unknown> {
  const bg = plan.background;
  if (bg.kind === 'gradient')
    return { backgroundImage: `linear-gradient(${bg.angle}deg, ${bg.from}, ${bg.to})` };
  return { backgroundColor: bg.colour };
}

function textElement(block: TextBlock, fontSize: number, width: number, visible: boolean): Element {
  return h(
    'div',
    {
      style: {
        display: 'flex',
        fontFamily: block.style.fontFamily,
        fontWeight: block.style.fontWeight,
        fontSize,
        lineHeight: block.style.lineHeight,
        color: visible ? block.style.color : 'transparent',
        textAlign: block.style.align,
        maxWidth: width,
      },
      children: block.text,
    },
    block.id,
  );
}

function tree(
  plan: DesignPlan,
  sizes: Map<string, number>,
  assets: RenderAssets,
  layers: { text: boolean; rest: boolean },
): Element {
  const children: Element[] = [];
  if (layers.rest) {
    if (plan.background.kind === 'photo') {
      const src = assets.images.get(plan.background.mediaId);
      if (src) {
        children.push(
          h(
            'img',
            {
              src,
              width: plan.background.region.width,
              height: plan.background.region.height,
              style: abs(plan.background.region),
            },
            'photo',
          ),
        );
      }
    }
    if (plan.scrim && plan.scrim.opacity > 0) {
      const s = plan.scrim;
      const solid = rgba(s.colour, s.opacity);
      const clear = rgba(s.colour, 0);
      const style =
        s.fade === 'up'
          ? { backgroundImage: `linear-gradient(to top, ${solid} 0%, ${solid} 65%, ${clear} 100%)` }
          : s.fade === 'down'
            ? { backgroundImage: `linear-gradient(to bottom, ${solid} 0%, ${solid} 65%, ${clear} 100%)` }
            : { backgroundColor: solid };
      children.push(h('div', { style: { ...abs(s.box), ...style } }, 'scrim'));
    }
    if (plan.logo) {
      const src = assets.images.get(plan.logo.mediaId);
      if (src)
        children.push(
          h(
            'img',
            { src, width: plan.logo.box.width, height: plan.logo.box.height, style: abs(plan.logo.box) },
            'logo',
          ),
        );
    }
  }
  if (layers.text) {
    const column = plan.texts.map((block, i) => {
      const el = textElement(block, sizes.get(block.id) ?? block.style.fontSize, plan.textArea.width, true);
      if (i > 0) (el.props.style as Record<string, unknown>).marginTop = plan.gap;
      return el;
    });
    children.push(
      h(
        'div',
        {
          style: {
            ...abs(plan.textArea),
            display: 'flex',
            flexDirection: 'column',
            justifyContent:
              plan.textAlignV === 'top' ? 'flex-start' : plan.textAlignV === 'bottom' ? 'flex-end' : 'center',
            alignItems: plan.texts[0]?.style.align === 'center' ? 'center' : 'flex-start',
          },
          children: column,
        },
        'text-area',
      ),
    );
  }
  return h('div', {
    style: {
      display: 'flex',
      position: 'relative',
      width: plan.width,
      height: plan.height,
      ...(layers.rest ? backgroundStyle(plan) : {}),
    },
    children,
  });
}

interface Measured {
  svg: string;
  boxes: Map<string, Box>;
  missing: string[];
}

async function draw(
  plan: DesignPlan,
  sizes: Map<string, number>,
  ctx: RenderContext,
  layers: { text: boolean; rest: boolean },
): Promise<Measured> {
  const boxes = new Map<string, Box>();
  const missing: string[] = [];
  const svg = await satori(tree(plan, sizes, ctx.assets, layers) as unknown as Parameters<typeof satori>[0], {
    width: plan.width,
    height: plan.height,
    fonts: ctx.fonts as unknown as Parameters<typeof satori>[1]['fonts'],
    onNodeDetected: (node: SatoriNode) => {
      if (node.key !== undefined)
        boxes.set(String(node.key), { x: node.left, y: node.top, width: node.width, height: node.height });
    },
    // Called for characters no loaded font has: record them instead of drawing empty boxes silently.
    loadAdditionalAsset: async (_code: string, segment: string) => {
      missing.push(segment);
      return [];
    },
  });
  return { svg, boxes, missing };
}

function textBoxes(plan: DesignPlan, boxes: Map<string, Box>): Box[] {
  return plan.texts.map((t) => boxes.get(t.id)).filter((b): b is Box => b !== undefined);
}

/** How far the text column's content runs past its area (0 when it fits). */
function overflow(plan: DesignPlan, boxes: Map<string, Box>): number {
  const list = textBoxes(plan, boxes);
  if (list.length === 0) return 0;
  const top = Math.min(...list.map((b) => b.y));
  const bottom = Math.max(...list.map((b) => b.y + b.height));
  const right = Math.max(...list.map((b) => b.x + b.width));
  const a = plan.textArea;
  return Math.max(0, a.y - top, bottom - (a.y + a.height), right - (a.x + a.width));
}

/**
 * Shrinks auto-fit text until the column fits its area or reaches the legible minimum. Returns the
 * font sizes used and the final measurement.
 */
async function fitText(
  plan: DesignPlan,
  ctx: RenderContext,
): Promise<{ sizes: Map<string, number>; measured: Measured }> {
  const sizes = new Map(plan.texts.map((t) => [t.id, t.style.fontSize] as const));
  let measured = await draw(plan, sizes, ctx, { text: true, rest: false });
  const min = minFontPx(plan.size);
  for (let round = 0; round < 12 && overflow(plan, measured.boxes) > 0.5; round++) {
    const shrinkable = plan.texts.filter((t) => t.style.autoFit && (sizes.get(t.id) ?? 0) > min);
    if (shrinkable.length === 0) break;
    const list = textBoxes(plan, measured.boxes);
    const contentHeight = Math.max(...list.map((b) => b.y + b.height)) - Math.min(...list.map((b) => b.y));
    // Text area scales with the square of the font size; aim a little under and refine.
    const factor = Math.min(0.95, Math.sqrt(plan.textArea.height / Math.max(1, contentHeight)) * 0.98);
    for (const t of shrinkable) sizes.set(t.id, Math.max(min, Math.floor((sizes.get(t.id) ?? min) * factor)));
    measured = await draw(plan, sizes, ctx, { text: true, rest: false });
  }
  return { sizes, measured };
}

function rasterise(svg: string): { data: Buffer; width: number; height: number } {
  const image = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render();
  return { data: Buffer.from(image.pixels), width: image.width, height: image.height };
}

export interface RenderOutput {
  design: RenderedDesign;
  /** Draws the whole graphic (text included) as RGBA pixels. */
  final(): Promise<{ data: Buffer; width: number; height: number }>;
}

/** Lays the plan out, measures it, and rasterises the background layer the guards read. */
export async function renderDesign(plan: DesignPlan, ctx: RenderContext): Promise<RenderOutput> {
  const { sizes, measured } = await fitText(plan, ctx);
  const fitted: DesignPlan = {
    ...plan,
    texts: plan.texts.map((t) => ({
      ...t,
      style: { ...t.style, fontSize: sizes.get(t.id) ?? t.style.fontSize },
    })),
  };
  const rest = await draw(fitted, sizes, ctx, { text: false, rest: true });
  const background = rasterise(rest.svg);
  const elements: LayoutElement[] = [
    { id: 'background', kind: 'background', box: { x: 0, y: 0, width: plan.width, height: plan.height } },
  ];
  if (fitted.background.kind === 'photo')
    elements.push({ id: 'photo', kind: 'photo', box: fitted.background.region });
  if (fitted.scrim && fitted.scrim.opacity > 0)
    elements.push({ id: 'scrim', kind: 'scrim', box: fitted.scrim.box, color: fitted.scrim.colour });
  if (fitted.logo) elements.push({ id: 'logo', kind: 'logo', box: fitted.logo.box });
  for (const t of fitted.texts) {
    const box = measured.boxes.get(t.id);
    if (!box) continue;
    elements.push({
      id: t.id,
      kind: 'text',
      box,
      area: fitted.textArea,
      text: t.text,
      fontSize: t.style.fontSize,
      fontWeight: t.style.fontWeight,
      fontFamily: t.style.fontFamily,
      color: t.style.color,
      role: t.role,
    });
  }
  return {
    design: { plan: fitted, elements, background, missingGlyphs: [...new Set(measured.missing)] },
    async final() {
      // Text is the top layer: draw it alone (cheap: no background to fill) and lay it over the
      // background already drawn for the guards. resvg's pixels are premultiplied, so "over" is
      // text + background × (1 − text alpha).
      const text = rasterise(measured.svg);
      const out = Buffer.from(background.data);
      const t = text.data;
      for (let i = 0; i < out.length; i += 4) {
        const a = t[i + 3] as number;
        if (a === 0) continue;
        const keep = (255 - a) / 255;
        out[i] = Math.min(255, Math.round((t[i] as number) + (out[i] as number) * keep));
        out[i + 1] = Math.min(255, Math.round((t[i + 1] as number) + (out[i + 1] as number) * keep));
        out[i + 2] = Math.min(255, Math.round((t[i + 2] as number) + (out[i + 2] as number) * keep));
        out[i + 3] = Math.min(255, Math.round(a + (out[i + 3] as number) * keep));
      }
      return { data: out, width: background.width, height: background.height };
    },
  };
}
