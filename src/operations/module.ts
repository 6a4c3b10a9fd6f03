import type { AppMigration } from '../db/migration.js';
import type { JobHandlers } from '../jobs/queue.js';
import type { Schedule } from '../jobs/schedule.js';
import type { AnyOperation, OperationContext } from './define.js';
import type { AppServices } from './services.js';

/**
 * What a module shows the app: the composition root (src/app/modules.ts) lists the modules and builds the
 * migration list, the operation registry, the job handlers, the schedules and the tenant export and
 * erasure from them. A module's index.ts exports one (`export const skillsModule = { … } satisfies AppModule`).
 */
export interface AppModule {
  /** Unique; also the name of the module's section in a tenant export. */
  name: string;
  /** Its migrations (`NNNN_name`, numbers assigned once; the app runs every module's in name order). */
  migrations: readonly AppMigration[];
  operations: readonly AnyOperation[];
  jobHandlers?(app: AppServices): Partial<JobHandlers>;
  /** Recurring jobs, enqueued by the scheduler on the elected leader only. */
  schedules?(app: AppServices): Schedule[];
  /**
   * The module's section of a tenant export: its data as a person would read it (decrypted profiles,
   * entries with their sources). Every row of every tenant table is exported anyway; this is the
   * readable view beside it.
   */
  exportTenant?(ctx: OperationContext): Promise<unknown>;
  /** Cleanup of the tenant's data outside its tables (virtual tables, files), before its rows are deleted. */
  eraseTenant?(app: AppServices, tenantId: string): Promise<void>;
}
