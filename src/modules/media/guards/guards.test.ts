import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BrandKit, defaultBrandKit } from '../brand-kit/types.js';
import { type FontFace, FontLibrary } from '../fonts/library.js';
import { imageSpecs } from '../platforms.js';
import type { RenderContext } from '../render/render.js';
import { renderDesign } from '../render/render.js';
import { buildPlan, type RenderRequest } from '../render/templates.js';
import type { DesignPlan } from '../render/types.js';
import { checkImageRatio } from './aspect-ratio.js';
import { checkAll, renderWithGuards } from './run.js';
import type { GuardName } from './types.js';

let fonts: FontFace[];
const images = new Map<string, string>();
const ctx = (): RenderContext => ({ fonts, assets: { images } });

const kit: BrandKit = {
  ...defaultBrandKit,
  palette: [
    { hex: '#0b3d91', role: 'primary' },
    { hex: '#1e88e5', role: 'secondary' },
    { hex: '#ffd166', role: 'accent' },
  ],
};

/** A busy photo: random light and dark blocks, so no single text colour reads everywhere without help. */
async function noisyPhoto(width: number, height: number): Promise<string> {
  const cells = 24;
  const raw = Buffer.alloc(cells * cells * 3);
  let seed = 7;
  for (let i = 0; i < raw.length; i += 3) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const v = seed % 2 === 0 ? 245 : 20;
    raw[i] = v;
    raw[i + 1] = v;
    raw[i + 2] = v;
  }
  const png = await sharp(raw, { raw: { width: cells, height: cells, channels: 3 } })
    .resize(width, height, { kernel: 'nearest' })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

async function solidPng(width: number, height: number, colour: string): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 4, background: colour } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

function plan(
  request: Partial<RenderRequest>,
  brand: BrandKit = kit,
  assets: Parameters<typeof buildPlan>[2] = {},
): DesignPlan {
  return buildPlan(
    { size: 'linkedin', template: 'headline', headline: 'Steel beams, cut to length', ...request },
    brand,
    assets,
  );
}

async function firstFindings(p: DesignPlan, brand: BrandKit = kit) {
  const out = await renderDesign(p, ctx());
  return checkAll({ design: out.design, spec: imageSpecs[p.size], kit: brand });
}

/** The guard fails on the design as built, the fixer's output passes it, and the final render agrees. */
async function expectFailsThenFixed(name: GuardName, p: DesignPlan, brand: BrandKit = kit) {
  const before = await firstFindings(p, brand);
  expect(before.get(name)?.status, before.get(name)?.message).toBe('fail');
  const guarded = await renderWithGuards(p, brand, ctx(), { fix: true });
  const result = guarded.results.find((r) => r.guard === name);
  expect(result?.status, result?.message).toBe('fixed');
  // The fix may come from another guard's fixer (moving a logo out of text fixes both).
  expect(guarded.results.flatMap((r) => r.fixes).length).toBeGreaterThan(0);
  // Judge the fixer's output afresh: every guard passes on it.
  const after = checkAll({ design: guarded.output.design, spec: imageSpecs[p.size], kit: brand });
  for (const [guard, finding] of after) expect(finding.status, `${guard}: ${finding.message}`).toBe('pass');
  return guarded;
}

beforeAll(async () => {
  fonts = await new FontLibrary().bundledFaces();
  images.set('logo-wide', await solidPng(300, 100, '#ffd166'));
  images.set('noise', await noisyPhoto(1200, 627));
});

describe('visual guards on rendered graphics', () => {
  it('passes a well-made graphic without touching it', async () => {
    const guarded = await renderWithGuards(
      plan({ subline: 'Order by Friday, delivered Monday.' }, kit, {
        logo: { mediaId: 'logo-wide', width: 300, height: 100 },
      }),
      kit,
      ctx(),
    );
    expect(guarded.renders).toBe(1);
    for (const r of guarded.results) expect(r.status, `${r.guard}: ${r.message}`).toBe('pass');
  });

  it('contrast: grey text on grey fails with the worst pixel, and the fixer picks a readable colour', async () => {
    const p = plan(
      { background: { colour: '#777777' }, textColour: '#8a8a8a' },
      { ...kit, palette: [...kit.palette, { hex: '#777777' }, { hex: '#8a8a8a' }] },
    );
    const before = await firstFindings(p, {
      ...kit,
      palette: [...kit.palette, { hex: '#777777' }, { hex: '#8a8a8a' }],
    });
    const evidence = before.get('contrast')?.evidence as {
      texts: Array<{ worstRatio: number; worstPixel: { colour: string } }>;
    };
    expect(evidence.texts[0]?.worstRatio).toBeLessThan(1.5);
    expect(evidence.texts[0]?.worstPixel.colour).toBe('#777777');
    const guarded = await expectFailsThenFixed('contrast', p, {
      ...kit,
      palette: [...kit.palette, { hex: '#777777' }, { hex: '#8a8a8a' }],
    });
    expect(guarded.output.design.plan.texts[0]?.style.color).not.toBe('#8a8a8a');
  });

  it('contrast: white text over a busy photo fails on the light patches, and the fixer adds the lightest scrim that works', async () => {
    const p = plan(
      { template: 'photo', scrim: 'none', textColour: '#ffffff', subline: 'Fresh from the mill this week' },
      kit,
      { photo: { mediaId: 'noise', crop: { x: 0, y: 0, width: 1200, height: 627 }, faces: [] } },
    );
    const guarded = await expectFailsThenFixed('contrast', p);
    const scrim = guarded.output.design.plan.scrim;
    expect(scrim?.colour).toBe('#000000');
    expect(scrim?.opacity).toBeGreaterThan(0.5);
    expect(scrim?.opacity).toBeLessThan(0.96);
  });

  it('contrast: a 48 px headline on a 1080 canvas counts as normal text (4.5:1) because a phone shows it at 16.7 pt', async () => {
    // #949494 on white is 3.03:1 — enough for large text, not for normal text.
    const brand = { ...kit, palette: [] };
    const p = plan(
      { size: 'instagram_square', background: { colour: '#ffffff' }, textColour: '#949494', fontSize: 48 },
      brand,
    );
    const findings = await firstFindings(p, brand);
    const evidence = findings.get('contrast')?.evidence as
      | { texts: Array<{ large: boolean; threshold: number }> }
      | undefined;
    const text = evidence?.texts[0];
    expect(text).toMatchObject({ large: false, threshold: 4.5 });
    expect(findings.get('contrast')?.status).toBe('fail');
  });

  it('min_font_size: a 20 px subline fails (6 pt on a phone) and is raised to the legible minimum', async () => {
    const guarded = await expectFailsThenFixed(
      'min_font_size',
      plan({ subline: 'Small print nobody can read', sublineFontSize: 20 }),
    );
    const subline = guarded.output.design.elements.find((e) => e.id === 'subline');
    expect(subline?.fontSize).toBeGreaterThanOrEqual(36);
  });

  it('safe_margin: text pushed to the edge fails and the fixer brings it inside the safe area', async () => {
    const p = plan({});
    const edge: DesignPlan = { ...p, textArea: { x: 4, y: 4, width: 1192, height: 300 }, textAlignV: 'top' };
    await expectFailsThenFixed('safe_margin', edge);
  });

  it("safe_margin: Instagram's grid crop makes text near a square post's sides fail", async () => {
    const p = plan({ size: 'instagram_square' });
    const sideways: DesignPlan = { ...p, textArea: { x: 60, y: 200, width: 960, height: 600 } };
    const findings = await firstFindings(sideways);
    expect(findings.get('safe_margin')?.status).toBe('fail');
    const evidence = findings.get('safe_margin')?.evidence as { safeArea: { x: number } } | undefined;
    expect(evidence?.safeArea.x).toBeGreaterThanOrEqual(135);
  });

  it('text_overlap: text over a face fails and the fixer moves the text off it', async () => {
    const p = plan({ template: 'photo', textColour: '#ffffff', scrim: 0.7 }, kit, {
      photo: {
        mediaId: 'noise',
        crop: { x: 0, y: 0, width: 1200, height: 627 },
        faces: [{ x: 500, y: 420, width: 140, height: 150 }],
      },
    });
    const guarded = await expectFailsThenFixed('text_overlap', p);
    expect(guarded.output.design.plan.textAlignV).not.toBe('bottom');
  });

  it('text_overlap: a headline too long for the canvas even at the minimum size fails and is never clipped', async () => {
    const long =
      'Our complete range of structural steel, from I-beams to channels and angles, is in stock and ready to cut. '.repeat(
        8,
      );
    const guarded = await renderWithGuards(plan({ headline: long }), kit, ctx(), { fix: true });
    const overlap = guarded.results.find((r) => r.guard === 'text_overlap');
    expect(overlap?.status).toBe('fail');
    expect(overlap?.message).toMatch(/overflows its area by \d+px: shorten it/);
    const headline = guarded.output.design.elements.find((e) => e.id === 'headline');
    // The whole text was laid out (nothing cut): its box is taller than the area it had.
    expect(headline?.box.height).toBeGreaterThan(headline?.area?.height ?? 0);
  });

  it('text_overlap: characters no font can draw fail instead of showing empty boxes', async () => {
    const guarded = await renderWithGuards(plan({ headline: 'Grand opening 開店' }), kit, ctx(), {
      fix: true,
    });
    const overlap = guarded.results.find((r) => r.guard === 'text_overlap');
    expect(overlap?.status).toBe('fail');
    expect(overlap?.message).toContain('開店');
  });

  it('logo_protection: text inside the clear space and a too-small logo fail; the fixer enlarges and moves the logo', async () => {
    const brand = { ...kit, minLogoWidthPx: 60 };
    const p = plan({}, brand, { logo: { mediaId: 'logo-wide', width: 300, height: 100 } });
    const squeezed: DesignPlan = {
      ...p,
      logo: p.logo ? { ...p.logo, box: { x: 60, y: 500, width: 90, height: 30 }, clearSpace: 15 } : null,
      textArea: { x: 60, y: 60, width: 1080, height: 507 },
      textAlignV: 'bottom',
    };
    const before = await firstFindings(squeezed, brand);
    expect(before.get('logo_protection')?.message).toMatch(/at least 60/);
    const guarded = await expectFailsThenFixed('logo_protection', squeezed, brand);
    expect(guarded.output.design.plan.logo?.box.width).toBeGreaterThanOrEqual(192);
  });

  it('aspect_ratio: a design at the wrong size fails and is re-laid out at the platform size', async () => {
    const p = plan({});
    const wrong: DesignPlan = {
      ...p,
      width: 1000,
      height: 1000,
      textArea: { x: 60, y: 60, width: 880, height: 800 },
    };
    const guarded = await expectFailsThenFixed('aspect_ratio', wrong);
    expect(guarded.output.design.background).toMatchObject({ width: 1200, height: 627 });
  });

  it('aspect_ratio: judges images against exact sizes and the Instagram API range', () => {
    expect(checkImageRatio(1200, 627, imageSpecs.linkedin).status).toBe('pass');
    expect(checkImageRatio(1200, 628, imageSpecs.linkedin).status).toBe('fail');
    const tall = checkImageRatio(1080, 1440, imageSpecs.instagram_portrait);
    expect(tall.status).toBe('fail');
    expect(tall.message).toMatch(/outside the instagram API's range/);
  });

  it('brand_palette: an off-brand background fails with its ΔE00, and the fixer snaps it to the palette', async () => {
    const guarded = await expectFailsThenFixed('brand_palette', plan({ background: { colour: '#d62828' } }));
    const bg = guarded.output.design.plan.background;
    expect(bg.kind === 'colour' && kit.palette.map((c) => c.hex).includes(bg.colour)).toBe(true);
  });

  it('brand_palette: a near-palette colour passes with a warning; neutrals pass; no palette means not applicable', async () => {
    const near = await firstFindings(plan({ background: { colour: '#12489f' } }));
    expect(near.get('brand_palette')?.status).toBe('pass');
    expect(near.get('brand_palette')?.warnings.join(' ')).toMatch(/near #0b3d91/);
    const none = await firstFindings(plan({}, defaultBrandKit), defaultBrandKit);
    expect(none.get('brand_palette')).toMatchObject({ status: 'pass', applicable: false });
  });

  it('reports every element with its box', async () => {
    const out = await renderDesign(
      plan({ subline: 'Cut to length', cta: 'Ask for a quote' }, kit, {
        logo: { mediaId: 'logo-wide', width: 300, height: 100 },
      }),
      ctx(),
    );
    const ids = out.design.elements.map((e) => e.id);
    expect(ids).toEqual(['background', 'logo', 'headline', 'subline', 'cta']);
    const headline = out.design.elements.find((e) => e.id === 'headline');
    const subline = out.design.elements.find((e) => e.id === 'subline');
    expect(headline?.box.width).toBeGreaterThan(100);
    expect((subline?.box.y ?? 0) >= (headline?.box.y ?? 0) + (headline?.box.height ?? 0)).toBe(true);
  });
});
