/**
 * What the media module keeps for the life of one app: the media store, the bundled fonts (read once)
 * and the face detector (loaded on first use; TensorFlow.js has one engine per process). It hangs off
 * the app services (`app.media`), so nothing lives in module-global state.
 */
import type { Config } from '../../config/load.js';
import type { Logger } from '../../core/logger.js';
import type { OperationContext } from '../../operations/define.js';
import type { FaceDetector } from './crop/faces.js';
import { FontLibrary } from './fonts/library.js';
import { createMediaStore } from './storage/create.js';
import type { MediaStore } from './storage/store.js';

/** The text of a stored post to render, from the generation module's content store (`content.get`). */
export interface RenderableContent {
  headline: string;
  subline?: string;
  cta?: string;
  platform?: string;
  altText?: string;
}

/**
 * Seam for `media.render --content <id>`: the app wires the generation module's content lookup here
 * when that module is present. Without it, rendering from a content id answers a clear error.
 */
export type ContentSource = (ctx: OperationContext, contentId: string) => Promise<RenderableContent>;

export interface MediaRuntime {
  store: MediaStore;
  fonts: FontLibrary;
  faces(): Promise<FaceDetector>;
  contentSource?: ContentSource;
  /** fetch used for image-model calls (tests hand in one that reaches a local stand-in). */
  fetch?: typeof fetch;
}

export function createMediaRuntime(
  config: Config,
  logger: Logger,
  options: { contentSource?: ContentSource; fetch?: typeof fetch } = {},
): MediaRuntime {
  const store = createMediaStore(config.media, options.fetch);
  let detector: Promise<FaceDetector> | undefined;
  return {
    store,
    fonts: new FontLibrary(),
    faces() {
      detector ??= import('./crop/faces.js')
        .then(({ createFaceDetector }) => createFaceDetector())
        .catch((error: unknown) => {
          detector = undefined;
          logger.error({ err: error }, 'the face detector could not start');
          throw error;
        });
      return detector;
    },
    ...(options.contentSource ? { contentSource: options.contentSource } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
}

/** Removes a tenant's files from the media store (tenant erasure; its rows go with the tenant). */
export async function eraseTenantMedia(app: { media: MediaRuntime }, tenantId: string): Promise<void> {
  await app.media.store.deletePrefix(tenantId);
}
