/**
 * The media module's face to the app and other modules: brand kit, post graphics with the seven
 * visual guards, face-aware smart crops and platform variants, video/GIF checks, image prompts.
 * The renderer and image libraries load on first use, so importing this costs little.
 */
import type { AppModule } from '../../operations/module.js';
import type { AppServices } from '../../operations/services.js';
import type { MediaContext } from './assets.js';
import type { RenderInput } from './graphics.js';
import { mediaMigration } from './migrations/0013_media.js';
import { mediaOperations } from './operations.js';
import { eraseTenantMedia, type MediaRuntime } from './runtime.js';

export type { MediaAsset, MediaContext } from './assets.js';
export { getBrandKitSettings } from './brand-kit/service.js';
export type { BrandKit } from './brand-kit/types.js';
export type { RenderInput } from './graphics.js';
export { imageSpecs, type SizeKey } from './platforms.js';
export {
  type ContentSource,
  createMediaRuntime,
  eraseTenantMedia,
  type MediaRuntime,
  type RenderableContent,
} from './runtime.js';

/** Renders post graphics through the visual guards. */
export async function renderGraphics(ctx: MediaContext, input: RenderInput) {
  return (await import('./graphics.js')).renderGraphics(ctx, input);
}

/** One media asset, optionally with its bytes (base64). */
export async function getMedia(ctx: MediaContext, id: string, options: { includeData?: boolean } = {}) {
  return (await import('./library.js')).getMedia(ctx, id, options);
}

declare module '../../operations/services.js' {
  interface ModuleServices {
    /** Media store, fonts and the face detector (loaded on first use). */
    media: MediaRuntime;
  }
}

export const mediaModule = {
  name: 'media',
  migrations: [mediaMigration],
  operations: mediaOperations,
  eraseTenant: (app: AppServices, tenantId: string) => eraseTenantMedia(app, tenantId),
} satisfies AppModule;
