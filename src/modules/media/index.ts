/**
 * The media module's face to the app and other modules: brand kit, post graphics with the seven
 * visual guards, face-aware smart crops and platform variants, video/GIF checks, image prompts.
 */
import type { AppServices } from '../../app/services.js';
import { mediaMigration } from './migrations/0013_media.js';
import { mediaOperations } from './operations.js';
import { eraseTenantMedia } from './service.js';

export { getBrandKitSettings } from './brand-kit/service.js';
export type { BrandKit } from './brand-kit/types.js';
export { imageSpecs, type SizeKey } from './platforms.js';
export {
  type ContentSource,
  createMediaRuntime,
  type MediaRuntime,
  type RenderableContent,
} from './runtime.js';
export { eraseTenantMedia, getMedia, type MediaAsset, renderGraphics } from './service.js';

export const mediaModule = {
  name: 'media',
  migrations: [mediaMigration],
  operations: mediaOperations,
  eraseTenant: (app: AppServices, tenantId: string) => eraseTenantMedia(app, tenantId),
};
