/**
 * A publishing world for end-to-end tests: the platform simulator, a loopback media server, the app on a
 * fresh database pointed at both, and a worker running the app's jobs. Operations are called over REST
 * exactly as a client would.
 */
import { jobHandlers } from '../../src/app/modules.js';
import type { Clock } from '../../src/core/clock.js';
import type { Platform } from '../../src/core/platforms.js';
import type { QueueOverrides } from '../../src/jobs/create.js';
import { type RunningWorker, startWorker } from '../../src/jobs/queue.js';
import { sealTokens } from '../../src/modules/publishing/accounts/vault.js';
import { insertAccount } from '../../src/modules/publishing/repository.js';
import { type RunningSimulator, startSimulator } from '../../src/sim/index.js';
import { createTestApp, type TestApp, type TestTenant } from './app.js';
import { image, mediaServer, mp4 } from './sim.js';

export interface PublishingWorld {
  sim: RunningSimulator;
  media: { url: string; close(): Promise<void> };
  t: TestApp;
  tenant: TestTenant;
  /** The settings the app runs with (sim URLs, OAuth apps, short delays), for a CLI process to share. */
  env: Record<string, string>;
  /** Calls an operation over REST as the tenant's admin; throws on a non-2xx answer unless `expect` says. */
  api<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    expectStatus?: number,
  ): Promise<T>;
  /**
   * The OAuth dance: connect, follow the consent redirect, callback (selecting `select` when offered;
   * by default the person's own LinkedIn profile and the "Sim Steel" Facebook Page).
   */
  connect(platform: Platform, select?: (choices: Choice[]) => string[]): Promise<Account[]>;
  /** Creates approved content. */
  content(texts: Partial<Record<Platform, string>>, media?: MediaRef[]): Promise<string>;
  /** Waits until every publication is in one of `statuses`. */
  settle(ids: string[], statuses?: string[], timeoutMs?: number): Promise<Publication[]>;
  startWorker(): RunningWorker;
  close(): Promise<void>;
}

export interface Choice {
  externalId: string;
  kind: string;
  name: string;
  handle: string | null;
}
export interface Account {
  id: string;
  platform: Platform;
  name: string;
  externalId: string;
  status: string;
  tokenExpiresAt: string | null;
  canRefresh: boolean;
}
export interface MediaRef {
  kind: 'image' | 'video';
  url: string;
  altText?: string;
}
export interface Publication {
  id: string;
  status: string;
  platform: Platform;
  accountId: string;
  platformPostId: string | null;
  platformPostIds: string[];
  url: string | null;
  error: { code: string; message: string } | null;
  attempts: number;
  parts: number;
  text: string;
}

export const FINAL = ['published', 'failed', 'cancelled'];

/** The member's own LinkedIn profile, the "Sim Steel" Facebook Page. */
export const defaultChoice = (choices: Choice[]) =>
  choices.filter((c) => c.kind === 'person' || c.name === 'Sim Steel').map((c) => c.externalId);

/**
 * The machine's time plus an offset a test moves forward (to reach a rate-limit reset without waiting).
 * `follow` moves the simulator's clock along, so the platforms and the app keep agreeing on the time.
 */
export class OffsetClock implements Clock {
  offsetMs = 0;
  follow?: (ms: number) => void;
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  now(): Date {
    return new Date(this.nowMs());
  }
  iso(): string {
    return this.now().toISOString();
  }
  advance(ms: number): void {
    this.offsetMs += ms;
    this.follow?.(ms);
  }
}

export async function publishingWorld(
  options: {
    env?: Record<string, string>;
    queue?: QueueOverrides;
    latencyMs?: number;
    seed?: number;
    worker?: boolean;
    clock?: Clock;
  } = {},
): Promise<PublishingWorld> {
  const sim = await startSimulator({ port: 0, seed: options.seed ?? 7, latencyMs: options.latencyMs ?? 0 });
  if (options.clock instanceof OffsetClock) options.clock.follow = (ms) => sim.control.advanceClock(ms);
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < 6; i++) files[`/img${i}.jpg`] = await image(640, 480, i + 1);
  files['/pic.png'] = await image(320, 320, 9, 'png');
  files['/clip.mp4'] = mp4(20_000);
  const media = await mediaServer(files);
  const env: Record<string, string> = {
    ...sim.control.env(),
    FETCH_ALLOW_HOSTS: '127.0.0.1',
    X_CLIENT_ID: 'sim-x-client',
    X_CLIENT_SECRET: 'sim-x-secret',
    LINKEDIN_CLIENT_ID: 'sim-linkedin-client',
    LINKEDIN_CLIENT_SECRET: 'sim-linkedin-secret',
    FACEBOOK_APP_ID: 'sim-meta-client',
    FACEBOOK_APP_SECRET: 'sim-meta-secret',
    PUBLISHING_REDIRECT_URL: 'http://127.0.0.1:9/connect/callback',
    PUBLISHING_RETRY_BASE_MS: '20',
    PUBLISHING_RECONCILE_DELAY_MS: '50',
    PUBLISHING_REQUEST_TIMEOUT_MS: '2000',
    PUBLISHING_MEDIA_POLL_MS: '20',
    PUBLISHING_MEDIA_TIMEOUT_MS: '20000',
    JOB_POLL_MS: '20',
    RATE_LIMIT_PUBLISHING: '1000000',
    RATE_LIMIT_CONTENT: '1000000',
    ...options.env,
  };
  const t = await createTestApp({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
    env,
  });
  const tenant = await t.tenant('Sim Steel');
  const workers: RunningWorker[] = [];

  const api = async <T>(method: string, path: string, body?: unknown, expectStatus?: number): Promise<T> => {
    const res = await t.request(`/api/v1${path}`, {
      method,
      key: tenant.keys.admin,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (expectStatus !== undefined ? res.status !== expectStatus : res.status >= 300) {
      throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    }
    return (text ? JSON.parse(text) : {}) as T;
  };

  const world: PublishingWorld = {
    sim,
    media,
    t,
    tenant,
    env,
    api,
    async connect(platform, select) {
      const start = await api<{ authorizationUrl: string; state: string }>('POST', '/accounts/connect', {
        platform,
      });
      const consent = await fetch(start.authorizationUrl, { redirect: 'manual' });
      const location = consent.headers.get('location');
      if (consent.status !== 302 || !location)
        throw new Error(`consent answered ${consent.status}: ${await consent.text()}`);
      const back = new URL(location.replace(/#_=_$/, ''));
      const first = await api<{ accounts: Account[]; choices: Choice[] }>('POST', '/accounts/callback', {
        state: back.searchParams.get('state'),
        code: back.searchParams.get('code'),
      });
      if (first.accounts.length > 0) return first.accounts;
      const second = await api<{ accounts: Account[] }>('POST', '/accounts/callback', {
        state: back.searchParams.get('state'),
        select: (select ?? defaultChoice)(first.choices),
      });
      return second.accounts;
    },
    async content(texts, mediaRefs = []) {
      const created = await api<{ id: string }>('POST', '/content', { texts, media: mediaRefs });
      return created.id;
    },
    // Long enough for a loaded two-core machine, short of the 120 s test timeout so the error says what hung.
    async settle(ids, statuses = FINAL, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pubs = await Promise.all(ids.map((id) => api<Publication>('GET', `/posts/${id}`)));
        if (pubs.every((p) => statuses.includes(p.status))) return pubs;
        if (Date.now() > deadline) {
          throw new Error(
            `publications did not settle: ${pubs.map((p) => `${p.id} ${p.status} ${p.error?.message ?? ''}`).join('; ')}`,
          );
        }
        await new Promise((r) => setTimeout(r, 30));
      }
    },
    startWorker() {
      const worker = startWorker(t.app.queue, jobHandlers(t.app), { concurrency: 8 });
      workers.push(worker);
      return worker;
    },
    async close() {
      for (const w of workers) await w.stop({ deadlineMs: 1000 });
      await t.cleanup();
      await sim.close();
      await media.close();
    },
  };
  if (options.worker !== false) world.startWorker();
  return world;
}

/**
 * Adds a connected account straight to the database (no platform involved), for tests of the API
 * surface that never reach a platform. Its token is sealed like any other.
 */
export async function insertTestAccount(
  app: TestApp['app'],
  tenantId: string,
  platform: Platform,
  name = 'Fixture Page',
): Promise<string> {
  const id = `acct_${Math.random().toString(36).slice(2, 12)}`;
  const now = app.clock.iso();
  await app.db.tenant(tenantId, async (tx) => {
    const sealed = await sealTokens(app.crypto, tx, tenantId, id, { accessToken: `fixture-token-${id}` });
    await insertAccount(tx, {
      id,
      tenant_id: tenantId,
      platform,
      external_id: `ext-${id}`,
      kind: platform === 'facebook' ? 'page' : 'user',
      name,
      handle: null,
      url: null,
      status: 'active',
      ...sealed,
      scopes: '[]',
      details: '{}',
      schedule: null,
      status_reason: null,
      connected_by: 'fixture',
      connected_at: now,
      token_refreshed_at: null,
      updated_at: now,
    });
  });
  return id;
}
