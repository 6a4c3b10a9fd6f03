/**
 * A tenant's brand kit: palette, fonts, logos and layout rules the renderer and the visual guards use.
 * Defaults need no setup: bundled Inter, no palette (the palette guard then has nothing to enforce),
 * clear space half the logo's height.
 */
import { z } from 'zod';

/**
 * A CSS colour as written: `#0b3d91`, `rgb(11 61 145)`, `hsl(…)`, `oklch(…)` or a name. Checked for its
 * shape here (no colour library at start-up); the brand-kit service turns it into `#rrggbb` and refuses
 * names that are not colours.
 */
const Hex = z
  .string()
  .trim()
  .regex(/^(#[0-9a-f]{3,8}|[a-z]{3,30}|(rgb|rgba|hsl|hsla|hwb|lab|lch|oklab|oklch)\([^()]{1,80}\))$/i, {
    message: 'expected a colour such as #0b3d91 or rgb(11 61 145)',
  });

export const paletteRoles = ['primary', 'secondary', 'accent', 'text', 'background', 'neutral'] as const;

export const PaletteColour = z.object({
  hex: Hex,
  name: z.string().trim().max(60).optional(),
  role: z.enum(paletteRoles).optional(),
});
export type PaletteColour = z.infer<typeof PaletteColour>;

export const logoVariants = ['primary', 'light', 'dark', 'icon'] as const;

export const LogoRef = z.object({
  mediaId: z.string().min(1),
  /** primary: on any background; light: for dark backgrounds; dark: for light ones; icon: square mark. */
  variant: z.enum(logoVariants).default('primary'),
});
export type LogoRef = z.infer<typeof LogoRef>;

export const UploadedFont = z.object({
  mediaId: z.string().min(1),
  family: z.string().trim().min(1).max(80),
  weight: z.union([z.literal(400), z.literal(700)]).default(400),
  style: z.enum(['normal', 'italic']).default('normal'),
});
export type UploadedFont = z.infer<typeof UploadedFont>;

export const BrandKit = z.object({
  palette: z.array(PaletteColour).max(16).default([]),
  fonts: z
    .object({
      heading: z.string().trim().min(1).max(80).default('Inter'),
      body: z.string().trim().min(1).max(80).default('Inter'),
    })
    .default({ heading: 'Inter', body: 'Inter' }),
  uploadedFonts: z.array(UploadedFont).max(20).default([]),
  logos: z.array(LogoRef).max(10).default([]),
  /** Clear space around the logo as a multiple of its height (brand books use 0.25–1). */
  logoClearSpace: z.number().min(0).max(2).default(0.5),
  /** Smallest logo width a phone may show, in CSS px / pt. */
  minLogoWidthPx: z.number().min(8).max(400).default(40),
  /** Extra margin beyond the platform's safe area, as a share of the shorter side (0–0.2). */
  extraMargin: z.number().min(0).max(0.2).default(0),
  /** White, black and greys may be used besides the palette (most brands allow them for text). */
  allowNeutrals: z.boolean().default(true),
  /** Words for image prompts: "bright natural light, candid, warm". */
  imageStyle: z.string().trim().max(300).default(''),
});
export type BrandKit = z.infer<typeof BrandKit>;

export const defaultBrandKit: BrandKit = BrandKit.parse({});

/** The kit as answered (JSON Schema cannot describe the colour normalising transform of the input). */
export const BrandKitOutput = z.object({
  palette: z.array(
    z.object({ hex: z.string(), name: z.string().optional(), role: z.enum(paletteRoles).optional() }),
  ),
  fonts: z.object({ heading: z.string(), body: z.string() }),
  uploadedFonts: z.array(
    z.object({
      mediaId: z.string(),
      family: z.string(),
      weight: z.number(),
      style: z.enum(['normal', 'italic']),
    }),
  ),
  logos: z.array(z.object({ mediaId: z.string(), variant: z.enum(logoVariants) })),
  logoClearSpace: z.number(),
  minLogoWidthPx: z.number(),
  extraMargin: z.number(),
  allowNeutrals: z.boolean(),
  imageStyle: z.string(),
});
