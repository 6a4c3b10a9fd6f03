import type { Config } from '../config/load.js';
import { type Clock, systemClock } from '../core/clock.js';
import { createLogger, type Logger } from '../core/logger.js';
import { openDatabase } from '../db/connect.js';
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
  const clock = options.clock ?? systemClock;
  const db = await openDatabase(config.database, { logger, migrate: options.migrate ?? true });
  return { config, db, clock, logger };
}

/** Closes what `createAppServices` opened. */
export async function closeAppServices(app: AppServices): Promise<void> {
  await app.db.close();
}
