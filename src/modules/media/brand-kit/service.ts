/**
 * Brand kit services: read (with defaults), update (validated against the tenant's media), and propose
 * a palette and logo from the website for a person to confirm (propose.ts).
 */

import { AppError, forbidden } from '../../../core/errors.js';
import type { Role } from '../../../operations/define.js';
import { roleAllows } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { isBundledFamily } from '../fonts/library.js';
import * as repo from '../repository.js';
import { BrandKit, defaultBrandKit, type PaletteColour } from './types.js';

interface KitContext {
  tenantId: string;
  role: Role;
  app: AppServices;
  actor?: { type: string; id: string | null };
}

function need(ctx: KitContext, role: Role): void {
  if (!roleAllows(ctx.role, role)) throw forbidden(`this needs the ${role} role; the caller is ${ctx.role}`);
}

export interface BrandKitView {
  kit: BrandKit;
  proposal: Record<string, unknown> | null;
  version: number;
  updatedAt: string | null;
}

/** The kit the renderer uses (defaults when the tenant has none yet). */
export async function getBrandKitSettings(ctx: KitContext): Promise<BrandKit> {
  const state = await ctx.app.db.read(ctx.tenantId, (db) => repo.getBrandKit(db, ctx.tenantId));
  return state ? BrandKit.parse(state.kit) : defaultBrandKit;
}

export async function getBrandKit(ctx: KitContext): Promise<BrandKitView> {
  need(ctx, 'viewer');
  const state = await ctx.app.db.read(ctx.tenantId, (db) => repo.getBrandKit(db, ctx.tenantId));
  if (!state) return { kit: defaultBrandKit, proposal: null, version: 0, updatedAt: null };
  return {
    kit: BrandKit.parse(state.kit),
    proposal: state.proposal,
    version: state.version,
    updatedAt: state.updatedAt,
  };
}

export interface BrandKitPatch extends Partial<BrandKit> {
  /** Take the stored proposal's palette and/or logo into the kit. */
  acceptProposal?: { palette?: boolean; logo?: boolean } | undefined;
}

export async function updateBrandKit(ctx: KitContext, patch: BrandKitPatch): Promise<BrandKitView> {
  need(ctx, 'editor');
  const { app, tenantId } = ctx;
  return app.db.tenant(tenantId, async (tx) => {
    const state = await repo.getBrandKit(tx, tenantId);
    const current = state ? BrandKit.parse(state.kit) : defaultBrandKit;
    const { acceptProposal, ...fields } = patch;
    const next: BrandKit = BrandKit.parse({
      ...current,
      ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
    });
    next.palette = await normalisePalette(next.palette);
    if (acceptProposal) {
      const proposal = state?.proposal as
        | { palette?: PaletteColour[]; logo?: { mediaId: string } | null }
        | null
        | undefined;
      if (!proposal)
        throw new AppError(
          'brand_kit.no_proposal',
          409,
          'there is no proposal to accept; run brand_kit.propose first',
        );
      if (acceptProposal.palette && proposal.palette?.length)
        next.palette = proposal.palette.map((c) => ({
          hex: c.hex,
          ...(c.role ? { role: c.role } : {}),
          ...(c.name ? { name: c.name } : {}),
        }));
      if (acceptProposal.logo && proposal.logo)
        next.logos = [
          { mediaId: proposal.logo.mediaId, variant: 'primary' },
          ...next.logos.filter((l) => l.mediaId !== proposal.logo?.mediaId),
        ];
    }
    for (const logo of next.logos) {
      const row = await repo.findAsset(tx, tenantId, logo.mediaId);
      if (!row)
        throw new AppError(
          'brand_kit.logo_not_found',
          400,
          `logo media ${logo.mediaId} does not exist; upload it with media.upload first`,
        );
      if (row.kind !== 'image')
        throw new AppError(
          'brand_kit.logo_not_image',
          400,
          `logo media ${logo.mediaId} is a ${row.kind}, not an image`,
        );
    }
    for (const font of next.uploadedFonts) {
      const row = await repo.findAsset(tx, tenantId, font.mediaId);
      if (!row)
        throw new AppError(
          'brand_kit.font_not_found',
          400,
          `font media ${font.mediaId} does not exist; upload the TTF/OTF/WOFF file with media.upload first`,
        );
      if (row.kind !== 'font')
        throw new AppError('brand_kit.not_a_font', 400, `media ${font.mediaId} is a ${row.kind}, not a font`);
      if (isBundledFamily(font.family))
        throw new AppError(
          'brand_kit.font_name_taken',
          400,
          `"${font.family}" is a bundled family; give the uploaded font its own name`,
        );
    }
    for (const family of [next.fonts.heading, next.fonts.body]) {
      if (!isBundledFamily(family) && !next.uploadedFonts.some((f) => f.family === family)) {
        throw new AppError(
          'brand_kit.font_unknown',
          400,
          `font "${family}" is neither bundled (Inter, Lora, Montserrat) nor among uploadedFonts`,
        );
      }
    }
    const version = (state?.version ?? 0) + 1;
    const now = app.clock.iso();
    const updatedBy = ctx.actor ? (ctx.actor.id ?? ctx.actor.type) : null;
    await repo.saveBrandKit(
      tx,
      tenantId,
      { kit: next, proposal: state?.proposal ?? null, version, updatedBy, now },
      state !== undefined,
    );
    return { kit: next, proposal: state?.proposal ?? null, version, updatedAt: now };
  });
}

/** Palette colours as `#rrggbb`; a name that is no CSS colour is refused. */
async function normalisePalette(palette: BrandKit['palette']): Promise<BrandKit['palette']> {
  const { hexOf } = await import('../colour/colour.js');
  return palette.map((c, i) => {
    const hex = hexOf(c.hex);
    if (!hex)
      throw new AppError(
        'brand_kit.invalid_colour',
        400,
        `palette colour ${i + 1} "${c.hex}" is not a CSS colour`,
        { index: i },
      );
    return { ...c, hex };
  });
}

/** Stores a proposal beside the kit without changing the kit. */
export async function saveProposal(ctx: KitContext, proposal: Record<string, unknown>): Promise<void> {
  const { app, tenantId } = ctx;
  await app.db.tenant(tenantId, async (tx) => {
    const state = await repo.getBrandKit(tx, tenantId);
    const now = app.clock.iso();
    await repo.saveBrandKit(
      tx,
      tenantId,
      {
        kit: state?.kit ?? defaultBrandKit,
        proposal,
        version: state?.version ?? 0,
        updatedBy: state?.updatedBy ?? null,
        now,
      },
      state !== undefined,
    );
  });
}
