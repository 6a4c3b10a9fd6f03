import { createAi } from '../ai/service.js';
import type { Config } from '../config/load.js';
import { type Clock, systemClock } from '../core/clock.js';
import { createTenantCrypto } from '../core/crypto.js';
import { createLogger, type Logger } from '../core/logger.js';
import { createRedis } from '../core/redis.js';
import { createSafeFetch } from '../core/safe-fetch.js';
import { type Db, openDatabase } from '../db/connect.js';
import { createQueue, type QueueOverrides } from '../jobs/create.js';
import { createSearchIndex } from '../modules/knowledge/search/service.js';
import { registerTenantEraser } from '../modules/tenancy/data.js';
import type { AppServices } from './services.js';

export interface CreateAppOptions {
  logger?: Logger;
  clock?: Clock;
  /** Apply pending migrations while opening the database (default true). */
  migrate?: boolean;
}

/** The composition root: builds every shared service of one process from the configuration. */
export async function createAppServices(
  config: Config,
  options: CreateAppOptions = {},
): Promise<AppServices> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await openDatabase(config.database, { logger, migrate: options.migrate ?? true });
  try {
    return await assembleAppServices(config, db, { logger, clock: options.clock ?? systemClock });
  } catch (error) {
    await db.close();
    throw error;
  }
}

/** Builds the services around an already open database (tests bring their own). */
export async function assembleAppServices(
  config: Config,
  db: Db,
  options: { logger: Logger; clock: Clock; queue?: QueueOverrides },
): Promise<AppServices> {
  const { logger, clock } = options;
  const crypto = await createTenantCrypto(config, logger, { clock });
  const fetch = createSafeFetch(config.fetch);
  const queue = createQueue(config, db, logger, clock, options.queue);
  const ai = createAi(config, db, logger, clock);
  const knowledgeIndex = createSearchIndex({
    dialect: config.database.dialect,
    cacheTtlMs: config.knowledge.searchCacheTtlMs,
    now: () => clock.now(),
  });
  // Per-tenant search structures live outside tenant-owned tables (SQLite virtual tables); erasure drops them.
  registerTenantEraser('knowledge-index', (app, tenantId) => app.knowledgeIndex.dropTenant(app.db, tenantId));
  const redis = config.redisUrl
    ? createRedis(config.redisUrl, { connectionName: 'dify-agent:app', lazyConnect: true, logger })
    : undefined;
  return { config, db, clock, logger, crypto, fetch, queue, ai, knowledgeIndex, ...(redis ? { redis } : {}) };
}

/** Closes what `createAppServices` opened. */
export async function closeAppServices(app: AppServices): Promise<void> {
  await app.queue.close();
  app.redis?.disconnect();
  await app.fetch.close();
  await app.db.close();
}
