import { aiMigration } from '../ai/migrations/0003_ai.js';
import type { AppMigration } from '../db/migration.js';
import { jobsMigration } from '../jobs/migrations/0002_jobs.js';
import type { JobHandlers } from '../jobs/queue.js';
import type { Schedule } from '../jobs/schedule.js';
import { aiModule } from '../modules/ai/index.js';
import { generationModule } from '../modules/generation/index.js';
import { knowledgeModule } from '../modules/knowledge/index.js';
import { mediaModule } from '../modules/media/index.js';
import { publishingModule } from '../modules/publishing/index.js';
import { skillsModule } from '../modules/skills/index.js';
import { tenancyModule } from '../modules/tenancy/index.js';
import { voiceModule } from '../modules/voice/index.js';
import type { AppModule } from '../operations/module.js';
import { createOperationRegistry, type OperationRegistry } from '../operations/registry.js';
import type { AppServices } from '../operations/services.js';

/** Every module of the product. Migrations, operations, jobs, schedules, export and erasure come from here. */
export const appModules: readonly AppModule[] = [
  tenancyModule,
  knowledgeModule,
  voiceModule,
  aiModule,
  mediaModule,
  skillsModule,
  generationModule,
  publishingModule,
];

/** Tables of the layers below the modules (the job queue, the AI usage ledger) have their own migrations. */
const infrastructureMigrations: readonly AppMigration[] = [jobsMigration, aiMigration];

/** Every migration, in name order (the numbers are assigned once and never change once shipped). */
export function appMigrations(modules: readonly AppModule[] = appModules): AppMigration[] {
  const all = [...infrastructureMigrations, ...modules.flatMap((m) => m.migrations)];
  const names = new Set(all.map((m) => m.name));
  if (names.size !== all.length) throw new Error('two migrations share a name');
  return all.sort((a, b) => a.name.localeCompare(b.name));
}

export function operationRegistry(modules: readonly AppModule[] = appModules): OperationRegistry {
  return createOperationRegistry(modules.flatMap((m) => m.operations));
}

/** Every job handler of the product, by job name (job payloads are declared in src/jobs/catalog.ts). */
export function jobHandlers(app: AppServices, modules: readonly AppModule[] = appModules): JobHandlers {
  const handlers: JobHandlers = {};
  for (const m of modules) Object.assign(handlers, m.jobHandlers?.(app));
  return handlers;
}

/** Recurring jobs, enqueued by the scheduler on the elected leader only. */
export function schedules(app: AppServices, modules: readonly AppModule[] = appModules): Schedule[] {
  return modules.flatMap((m) => m.schedules?.(app) ?? []);
}
