import { type ServerType, serve } from '@hono/node-server';
import type { Config } from '../config/load.js';
import type { Logger } from '../core/logger.js';
import { ensurePrivateDir } from '../core/private-files.js';
import {
  checkRedisReachable,
  closeRedis,
  createRedis,
  isRedisConnectionError,
  type Redis,
} from '../core/redis.js';
import { registerJobMetrics } from '../jobs/metrics.js';
import { startWorker } from '../jobs/queue.js';
import { startScheduler } from '../jobs/scheduler.js';
import { MemoryRateLimitStore, type RateLimitStore, RedisRateLimitStore } from '../operations/rate-limit.js';
import type { AppServices } from '../operations/services.js';
import { createHttpApp } from '../server/http.js';
import { createMetrics } from '../server/metrics.js';
import { closeAppServices, createAppServices, createOperationRuntime } from './create.js';
import { jobHandlers, schedules } from './modules.js';

export type Role = 'api' | 'worker' | 'scheduler';

export interface RunningProcess {
  app: AppServices;
  /** Where the API listens, when the api role runs. */
  url?: string;
  /** Graceful shutdown: stop taking work, finish or release what is in flight, close connections. */
  stop(): Promise<void>;
}

function listen(hono: ReturnType<typeof createHttpApp>, host: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: hono.fetch, hostname: host, port }, () => resolve(server));
    server.once('error', reject);
  });
}

/** /ready's Redis check: not connected fails at once, a connected Redis must answer PING within a second. */
function redisReadiness(redis: Redis): () => Promise<void> {
  return async () => {
    if (redis.status !== 'ready') throw new Error(`Redis is unreachable (${redis.status})`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('Redis is unreachable (no answer to PING within 1 s)')),
            1000,
          );
        }),
      ]);
    } catch (error) {
      // The connection can drop between the status check and the PING; say so in the same words.
      if (isRedisConnectionError(error))
        throw new Error(`Redis is unreachable (${(error as Error).message})`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function closeServer(server: ServerType, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, graceMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

/**
 * Starts the given roles in this process: `api` (HTTP: REST, MCP, health, metrics), `worker` (runs jobs)
 * and `scheduler` (enqueues recurring jobs on the leader). `dify-agent start` runs all three.
 */
export async function startProcess(config: Config, roles: Role[], logger?: Logger): Promise<RunningProcess> {
  // DATA_DIR holds every tenant's data: private (0700), or a warning / refusal when it is not.
  ensurePrivateDir(config.dataDir, config.dataDirPermissions, logger);
  // An unreachable Redis is a configuration problem to report now, not a server that fails every call.
  if (config.redisUrl) await checkRedisReachable(config.redisUrl, config.lifecycle.redisStartWaitMs, logger);
  const app = await createAppServices(config, logger ? { logger } : {});
  const stops: Array<() => Promise<void>> = [];
  let url: string | undefined;
  let redis: Redis | undefined;
  try {
    if (roles.includes('api')) {
      let rateLimits: RateLimitStore;
      if (config.redisUrl) {
        redis = createRedis(config.redisUrl, {
          connectionName: 'dify-agent:rate-limits',
          failFast: true,
          logger: app.logger,
        });
        rateLimits = new RedisRateLimitStore(redis, undefined, new MemoryRateLimitStore(app.clock));
      } else {
        rateLimits = new MemoryRateLimitStore(app.clock);
      }
      const metrics = createMetrics();
      const unregisterJobMetrics = registerJobMetrics(metrics.registry, app.queue);
      stops.push(async () => unregisterJobMetrics());
      const hono = createHttpApp({
        runtime: createOperationRuntime(app, { rateLimits }),
        metrics,
        readiness: [
          { name: 'database', check: () => app.db.ping() },
          { name: 'queue', check: () => app.queue.ping() },
          ...(redis ? [{ name: 'redis', check: redisReadiness(redis) }] : []),
        ],
      });
      const server = await listen(hono, config.server.host, config.server.port);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.server.port;
      url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
      app.logger.info({ url, roles }, 'dify-agent listening');
      stops.push(() => closeServer(server, config.lifecycle.shutdownGraceMs));
    }
    if (roles.includes('worker')) {
      const worker = startWorker(app.queue, jobHandlers(app), { logger: app.logger });
      app.logger.info({ driver: app.queue.driver, concurrency: config.jobs.concurrency }, 'worker started');
      stops.push(() => worker.stop());
    }
    if (roles.includes('scheduler')) {
      const scheduler = startScheduler(
        { config, db: app.db, queue: app.queue, logger: app.logger, clock: app.clock },
        schedules(app),
      );
      stops.push(() => scheduler.stop());
    }
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    if (redis) await closeRedis(redis);
    await closeAppServices(app);
    throw error;
  }
  let stopped = false;
  return {
    app,
    ...(url ? { url } : {}),
    async stop() {
      if (stopped) return;
      stopped = true;
      // In start order: stop taking requests, then let workers finish or hand back their jobs, then the scheduler.
      for (const stop of stops) await stop();
      if (redis) await closeRedis(redis);
      await closeAppServices(app);
    },
  };
}
