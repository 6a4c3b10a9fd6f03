/**
 * The pieces every publishing path needs, built from the app services: the adapter of a platform, an
 * HTTP client that collects budget signals, a session on an account (decrypted token, media loader),
 * the OAuth app settings, and the shared limit store.
 */

import { sleep } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { Platform } from '../../core/platforms.js';
import type { Executor } from '../../db/connect.js';
import type { AppServices } from '../../operations/services.js';
import { openTokens } from './accounts/vault.js';
import { createLimitStore, type LimitStore } from './limits/store.js';
import { PlatformError } from './platforms/errors.js';
import { createPlatformHttp, type PlatformHttp } from './platforms/http.js';
import { createAdapter } from './platforms/index.js';
import { mediaTypeOf } from './platforms/media-type.js';
import type { AccountSession, LimitSignal, OAuthApp, PlatformAdapter, TokenSet } from './platforms/types.js';
import type { AccountRow } from './repository.js';

export interface Publishing {
  app: AppServices;
  limits: LimitStore;
}

export function publishingRuntime(app: AppServices): Publishing {
  return { app, limits: createLimitStore({ db: app.db, clock: app.clock, redis: app.redis }) };
}

export function adapterFor(app: AppServices, platform: Platform): PlatformAdapter {
  return createAdapter(platform, app.config.publishing.endpoints, () => app.clock.nowMs());
}

/** An HTTP client for `adapter` that appends the budget signals of every answer to `signals`. */
export function httpFor(
  app: AppServices,
  adapter: PlatformAdapter,
  signals: LimitSignal[],
  signal?: AbortSignal,
): PlatformHttp {
  return createPlatformHttp({
    platform: adapter.platform,
    fetch: app.fetch,
    clock: app.clock,
    mapError: adapter.mapError,
    observe: (endpoint, res) =>
      signals.push(...adapter.limitSignals(endpoint, res.headers, app.clock.nowMs())),
    timeoutMs: app.config.publishing.requestTimeoutMs,
    ...(signal ? { signal } : {}),
  });
}

/** The OAuth client of a platform's app (Instagram uses the Meta app); 503 when it is not configured. */
export function oauthApp(app: AppServices, platform: Platform): OAuthApp {
  const key = platform === 'instagram' ? 'facebook' : platform;
  const settings = app.config.publishing.apps[key];
  if (!settings.clientId) {
    const names = { x: 'X_CLIENT_ID', linkedin: 'LINKEDIN_CLIENT_ID', facebook: 'FACEBOOK_APP_ID' } as const;
    throw new AppError(
      'publishing.not_configured',
      503,
      `connecting ${platform} accounts needs your ${key} app: set ${names[key]} (and its secret)`,
      { platform },
    );
  }
  return {
    clientId: settings.clientId,
    clientSecret: settings.clientSecret ?? '',
    redirectUri: app.config.publishing.redirectUrl,
  };
}

/** Builds a session on an account, with its decrypted token. */
export async function openSession(
  app: AppServices,
  db: Executor,
  account: AccountRow,
  http: PlatformHttp,
  tokens?: TokenSet,
): Promise<AccountSession> {
  const open = tokens ?? (await openTokens(app.crypto, db, account));
  if (!open) {
    throw new PlatformError({
      platform: account.platform as Platform,
      kind: 'auth_expired',
      delivery: 'not_sent',
      message: `account ${account.id} has no token; reconnect it`,
    });
  }
  const settings = app.config.publishing;
  return {
    accessToken: open.accessToken,
    externalId: account.external_id,
    handle: account.handle,
    details: JSON.parse(account.details) as Record<string, string>,
    http,
    async loadMedia(url) {
      let res: Awaited<ReturnType<typeof app.fetch>>;
      try {
        res = await app.fetch(url, { maxBytes: settings.mediaMaxBytes, timeoutMs: settings.mediaTimeoutMs });
      } catch (error) {
        throw new PlatformError({
          platform: account.platform as Platform,
          kind: 'transient',
          delivery: 'not_sent',
          message: `cannot fetch the media ${url}: ${(error as Error).message}`,
          cause: error,
        });
      }
      if (!res.ok) {
        throw new PlatformError({
          platform: account.platform as Platform,
          kind: res.status >= 500 ? 'transient' : 'invalid_media',
          delivery: 'not_sent',
          message: `the media ${url} answered ${res.status}`,
        });
      }
      return { bytes: res.body, contentType: mediaTypeOf(res.body, url, res.contentType) };
    },
    wait: (ms) => sleep(ms),
    poll: { intervalMs: settings.mediaPollMs, timeoutMs: settings.mediaTimeoutMs },
  };
}
