import { assembleAppServices, createOperationRuntime } from '../../src/app/create.js';
import { type Clock, systemClock } from '../../src/core/clock.js';
import { silentLogger } from '../../src/core/logger.js';
import type { QueueOverrides } from '../../src/jobs/create.js';
import { createTenant, insertNewKey } from '../../src/modules/tenancy/index.js';
import type { Role } from '../../src/operations/define.js';
import type { OperationRuntime } from '../../src/operations/invoke.js';
import { MemoryRateLimitStore, type RateLimitStore } from '../../src/operations/rate-limit.js';
import type { AppServices } from '../../src/operations/services.js';
import { createHttpApp, type HttpApp } from '../../src/server/http.js';
import { createMetrics } from '../../src/server/metrics.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface TestTenant {
  id: string;
  slug: string;
  keys: Record<Role, string>;
}

export interface TestApp {
  t: TestDatabase;
  app: AppServices;
  /** The app's operation registry, tenancy's checks and the rate limits, as the transports get them. */
  runtime: OperationRuntime;
  http: HttpApp;
  operatorKey: string;
  /** Calls the HTTP app in-process. */
  request(path: string, init?: RequestInit & { key?: string }): Promise<Response>;
  tenant(name: string): Promise<TestTenant>;
  cleanup(): Promise<void>;
}

export const OPERATOR_KEY = 'operator-key-for-tests-0123456789';

/** A migrated database, the app services on it and the HTTP app, for end-to-end tests without a port. */
export async function createTestApp(
  options: {
    env?: Record<string, string>;
    rateLimits?: RateLimitStore;
    clock?: Clock;
    queue?: QueueOverrides;
  } = {},
): Promise<TestApp> {
  const t = await createTestDatabase({
    OPERATOR_API_KEY: OPERATOR_KEY,
    PUBLIC_URL: 'http://test.local',
    ...options.env,
  });
  const app: AppServices = await assembleAppServices(t.config, t.db, {
    clock: options.clock ?? systemClock,
    logger: silentLogger,
    ...(options.queue ? { queue: options.queue } : {}),
  });
  const runtime = createOperationRuntime(app, {
    rateLimits: options.rateLimits ?? new MemoryRateLimitStore(systemClock),
  });
  const http = createHttpApp({
    runtime,
    metrics: createMetrics(),
    readiness: [{ name: 'database', check: () => app.db.ping() }],
  });
  return {
    t,
    app,
    runtime,
    http,
    operatorKey: OPERATOR_KEY,
    request(path, init = {}) {
      const headers = new Headers(init.headers);
      if (init.key) headers.set('Authorization', `Bearer ${init.key}`);
      if (init.body && !headers.has('content-type')) headers.set('Content-Type', 'application/json');
      return Promise.resolve(http.request(`http://test.local${path}`, { ...init, headers }));
    },
    async tenant(name) {
      const created = await createTenant(app, { name, timeZone: 'UTC', locale: 'en', plan: 'pro' });
      const keys = { admin: created.adminKey.key } as Record<Role, string>;
      for (const role of ['editor', 'viewer'] as const) {
        const k = await app.db.tenant(created.tenant.id, (tx) =>
          insertNewKey(tx, created.tenant.id, { name: role, role }, app.clock.iso()),
        );
        keys[role] = k.key;
      }
      return { id: created.tenant.id, slug: created.tenant.slug, keys };
    },
    async cleanup() {
      await app.queue.close();
      app.redis?.disconnect();
      await app.fetch.close();
      await t.cleanup();
    },
  };
}
