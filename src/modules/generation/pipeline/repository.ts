import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../../db/connect.js';
import './tables.js';
import type { GenerationRunsTable } from './tables.js';

/** SQL of generation runs, and the reads of the content store the pipeline needs. Every query filters on tenant_id. */

export type RunRow = Selectable<GenerationRunsTable>;

export async function insertRun(db: Executor, row: Insertable<GenerationRunsTable>): Promise<void> {
  await db.insertInto('generation_runs').values(row).execute();
}

/** The content's latest run. */
export async function latestRun(
  db: Executor,
  tenantId: string,
  contentId: string,
): Promise<RunRow | undefined> {
  return db
    .selectFrom('generation_runs')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('content_id', '=', contentId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The top candidate of each of the tenant's latest contents (what it has recently said). */
export async function recentTopCandidates(
  db: Executor,
  tenantId: string,
  limit: number,
): Promise<Array<{ id: string; platform: string; text: string }>> {
  return db
    .selectFrom('content_candidates')
    .select(['id', 'platform', 'text'])
    .where('tenant_id', '=', tenantId)
    .where('rank', '=', 1)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Removes a content's candidates (a refinement writes the revised ones in their place). */
export async function deleteCandidates(
  db: Executor,
  tenantId: string,
  contentId: string,
  platforms: readonly string[],
): Promise<void> {
  if (platforms.length === 0) return;
  await db
    .deleteFrom('content_candidates')
    .where('tenant_id', '=', tenantId)
    .where('content_id', '=', contentId)
    .where('platform', 'in', platforms)
    .execute();
}
