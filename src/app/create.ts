import { createAi } from '../ai/service.js';
import type { Config } from '../config/load.js';
import { type Clock, systemClock } from '../core/clock.js';
import { createLogger, type Logger } from '../core/logger.js';
import { closeRedis, createRedis } from '../core/redis.js';
import { createSafeFetch } from '../core/safe-fetch.js';
import { type Db, openDatabase } from '../db/connect.js';
import { createTenantCrypto } from '../db/crypto.js';
import { createQueue, type QueueOverrides } from '../jobs/create.js';
import { graphicTextFor, learnedWeights } from '../modules/generation/index.js';
import { createKnowledgeServices } from '../modules/knowledge/index.js';
import { createMediaRuntime } from '../modules/media/index.js';
import { createAccessCache, tenantAccess } from '../modules/tenancy/index.js';
import type { OperationRuntime } from '../operations/invoke.js';
import type { AppModule } from '../operations/module.js';
import type { RateLimitStore } from '../operations/rate-limit.js';
import type { AppServices } from '../operations/services.js';
import { appMigrations, appModules, operationRegistry } from './modules.js';

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
  const db = await openDatabase(config.database, {
    logger,
    ...(options.migrate === false ? {} : { migrations: appMigrations() }),
  });
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
  options: { logger: Logger; clock: Clock; queue?: QueueOverrides; modules?: readonly AppModule[] },
): Promise<AppServices> {
  const { logger, clock } = options;
  const modules = options.modules ?? appModules;
  const crypto = await createTenantCrypto(config, logger, { clock });
  const fetch = createSafeFetch(config.fetch);
  const queue = createQueue(config, db, logger, clock, options.queue);
  const ai = createAi(config, db, logger, clock);
  // One client for state shared across processes (publishing limits). Fails fast while Redis is
  // unreachable, so a call that needs it answers 503 at once (server/errors.ts) instead of hanging.
  const redis = config.redisUrl
    ? createRedis(config.redisUrl, { connectionName: 'dify-agent:app', failFast: true, logger })
    : undefined;
  return {
    config,
    db,
    clock,
    logger,
    crypto,
    fetch,
    queue,
    ai,
    accessCache: createAccessCache(),
    ...createKnowledgeServices({ config, clock }),
    // Graphics for stored content say what its top candidate says (media does not depend on generation).
    media: createMediaRuntime(config, logger, { contentSource: graphicTextFor }),
    // Candidates rank by what each tenant's approvals, rejections, edits and outcomes taught.
    generationWeights: learnedWeights,
    ...(redis ? { redis } : {}),
    tenantData: {
      sections: modules.flatMap((m) =>
        m.exportTenant ? [{ name: m.name, export: m.exportTenant.bind(m) }] : [],
      ),
      erasers: modules.flatMap((m) =>
        m.eraseTenant ? [{ name: m.name, erase: m.eraseTenant.bind(m) }] : [],
      ),
    },
  };
}

/**
 * What the transports run operations with: the registry built from the modules, tenancy's checks for
 * the pipeline, and the rate-limit store (none for the local CLI).
 */
export function createOperationRuntime(
  app: AppServices,
  options: { rateLimits?: RateLimitStore; modules?: readonly AppModule[] } = {},
): OperationRuntime {
  return {
    app,
    registry: operationRegistry(options.modules),
    access: tenantAccess(app),
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  };
}

/** Closes what `createAppServices` opened. */
export async function closeAppServices(app: AppServices): Promise<void> {
  await app.queue.close();
  if (app.redis) await closeRedis(app.redis);
  await app.fetch.close();
  await app.db.close();
}
