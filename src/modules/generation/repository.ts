import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Executor } from '../../db/connect.js';
import type { ContentCandidatesTable, ContentsTable } from './tables.js';

/** SQL for contents and their candidates. Every query filters on tenant_id. */

export type ContentRow = Selectable<ContentsTable>;
export type CandidateRow = Selectable<ContentCandidatesTable>;

export async function insertContent(db: Executor, row: Insertable<ContentsTable>): Promise<void> {
  await db.insertInto('contents').values(row).execute();
}

export async function insertCandidates(
  db: Executor,
  rows: Insertable<ContentCandidatesTable>[],
): Promise<void> {
  if (rows.length > 0) await db.insertInto('content_candidates').values(rows).execute();
}

export async function findContent(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<ContentRow | undefined> {
  return db
    .selectFrom('contents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function updateContent(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<ContentsTable>,
): Promise<void> {
  await db
    .updateTable('contents')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Candidates of some contents, by platform then rank. */
export async function listCandidates(
  db: Executor,
  tenantId: string,
  contentIds: readonly string[],
): Promise<CandidateRow[]> {
  if (contentIds.length === 0) return [];
  return db
    .selectFrom('content_candidates')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('content_id', 'in', contentIds)
    .orderBy('content_id')
    .orderBy('platform')
    .orderBy('rank')
    .execute();
}

export interface ContentFilter {
  status?: string;
  before?: string;
}

/** Contents newest first, after the cursor. */
export async function listContents(
  db: Executor,
  tenantId: string,
  limit: number,
  filter: ContentFilter,
): Promise<ContentRow[]> {
  let q = db
    .selectFrom('contents')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id', 'desc')
    .limit(limit);
  if (filter.before) q = q.where('id', '<', filter.before);
  if (filter.status) q = q.where('status', '=', filter.status);
  return q.execute();
}
