import type { AiService } from '../ai/types.js';
import type { Config } from '../config/load.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { Redis } from '../core/redis.js';
import type { SafeFetch } from '../core/safe-fetch.js';
import type { Db } from '../db/connect.js';
import type { TenantCrypto } from '../db/crypto.js';
import type { JobQueue } from '../jobs/queue.js';

/**
 * Per-process services that modules own (a search index, a module's caches). A module adds its own by
 * declaration merging, the way tables join `Database` and jobs join `JobCatalog`:
 *
 *   declare module '../../operations/services.js' { interface ModuleServices { knowledgeIndex: SearchIndex } }
 *
 * and the app (src/app/create.ts) builds them at start.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging from the modules
export interface ModuleServices {}

/**
 * The shared infrastructure one process builds at start (src/app/create.ts) and hands to every
 * operation and job through its context. Module services take what they need from it.
 */
export interface AppServices extends ModuleServices {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Per-tenant envelope encryption for secrets and private brand data. */
  crypto: TenantCrypto;
  /** The only way out to the network: blocks private and metadata addresses, bounds size and time. */
  fetch: SafeFetch;
  /** Durable jobs: in the database, or BullMQ when REDIS_URL is set. Enqueue inside the transaction that causes the job. */
  queue: JobQueue;
  /** Model calls with fallbacks, budgets and the usage ledger; the offline engine by default. */
  ai: AiService;
  /** One Redis client for state shared across processes (publishing limits), when REDIS_URL is set. Its commands fail within 3 s while Redis is unreachable. */
  redis?: Redis;
}
