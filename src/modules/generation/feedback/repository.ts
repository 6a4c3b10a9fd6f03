import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../../db/connect.js';
import type { ContentFeedbackTable } from './tables.js';

/** SQL for feedback events and the candidate changes they make. Every query filters on tenant_id. */

export type FeedbackRow = Selectable<ContentFeedbackTable>;

export async function insertFeedback(db: Executor, rows: Insertable<ContentFeedbackTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('content_feedback').values(rows).execute();
}

export async function listFeedback(
  db: Executor,
  tenantId: string,
  contentId: string,
): Promise<FeedbackRow[]> {
  return db
    .selectFrom('content_feedback')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('content_id', '=', contentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The first outcome recorded for a candidate, if any (one outcome per candidate is learned from). */
export async function findOutcome(
  db: Executor,
  tenantId: string,
  candidateId: string,
): Promise<FeedbackRow | undefined> {
  return db
    .selectFrom('content_feedback')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('candidate_id', '=', candidateId)
    .where('kind', '=', 'outcome')
    .executeTakeFirst();
}

/**
 * Gives the candidates of one platform the ranks of `orderedIds` (1, 2, …). Ranks are unique per platform,
 * so they pass through negative values first.
 */
export async function setRanks(
  db: Executor,
  tenantId: string,
  contentId: string,
  orderedIds: readonly string[],
): Promise<void> {
  for (const [i, id] of orderedIds.entries()) {
    await db
      .updateTable('content_candidates')
      .set({ rank: -(i + 1) })
      .where('tenant_id', '=', tenantId)
      .where('content_id', '=', contentId)
      .where('id', '=', id)
      .execute();
  }
  for (const [i, id] of orderedIds.entries()) {
    await db
      .updateTable('content_candidates')
      .set({ rank: i + 1 })
      .where('tenant_id', '=', tenantId)
      .where('content_id', '=', contentId)
      .where('id', '=', id)
      .execute();
  }
}

export async function updateCandidate(
  db: Executor,
  tenantId: string,
  id: string,
  changes: { text: string; guards: string; defects: string; citations: string; scores: string },
): Promise<void> {
  await db
    .updateTable('content_candidates')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
