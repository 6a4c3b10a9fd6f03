/**
 * The publishing module's face to other modules and the app: social accounts (OAuth, token vault,
 * refresh), the four platform adapters, limits, scheduling and idempotent fan-out.
 */
import type { AppModule } from '../../operations/module.js';
import { publishingJobHandlers, publishingSchedules } from './jobs.js';
import { publishingMigration } from './migrations/0012_publishing.js';
import { publishingOperations } from './operations.js';

export type { Account, Publication, PublicationStatus } from './schemas.js';

export const publishingModule = {
  name: 'publishing',
  migrations: [publishingMigration],
  operations: publishingOperations,
  jobHandlers: publishingJobHandlers,
  schedules: publishingSchedules,
} satisfies AppModule;
