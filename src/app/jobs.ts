import type { JobHandlers } from '../jobs/queue.js';
import type { Schedule } from '../jobs/schedule.js';
import { knowledgeJobHandlers, knowledgeSchedules } from '../modules/knowledge/jobs.js';
import { publishingModule } from '../modules/publishing/index.js';
import type { AppServices } from './services.js';

/**
 * Every job handler of the product, by job name. Modules declare their jobs in the typed catalog
 * (src/jobs/catalog.ts) and export a function that builds their handlers from the app services.
 */
export function jobHandlers(app: AppServices): JobHandlers {
  return { ...knowledgeJobHandlers(app), ...publishingModule.jobHandlers(app) };
}

/** Recurring jobs, enqueued by the scheduler on the elected leader only. */
export function schedules(_app: AppServices): Schedule[] {
  return [...knowledgeSchedules(), ...publishingModule.schedules()];
}
