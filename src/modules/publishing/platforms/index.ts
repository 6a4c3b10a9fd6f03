import type { Platform } from '../../../core/platforms.js';
import type { PlatformEndpoints } from './endpoints.js';
import { createFacebookAdapter } from './facebook/client.js';
import { createInstagramAdapter } from './instagram/client.js';
import { createLinkedInAdapter } from './linkedin/client.js';
import type { PlatformAdapter } from './types.js';
import { createXAdapter } from './x/client.js';

/** The adapter of one platform, built from where its API is. */
export function createAdapter(
  platform: Platform,
  endpoints: PlatformEndpoints,
  now: () => number,
): PlatformAdapter {
  switch (platform) {
    case 'x':
      return createXAdapter(endpoints.x, now);
    case 'linkedin':
      return createLinkedInAdapter(endpoints.linkedin, now);
    case 'facebook':
      return createFacebookAdapter(endpoints.facebook, now);
    case 'instagram':
      return createInstagramAdapter(endpoints.facebook, now);
  }
}
