import type { Insertable, Selectable } from 'kysely';
import type { DatabaseDialect } from '../../../config/load.js';
import type { Executor } from '../../../db/connect.js';
import { writeJson } from '../../../db/dialect.js';
import type { GenerationRuleSuggestionsTable, GenerationSharedFiguresTable } from '../feedback/tables.js';

/** SQL for learned state, rule suggestions and the shared figures. Tenant queries filter on tenant_id. */

export type SuggestionRow = Selectable<GenerationRuleSuggestionsTable>;
export type SharedFigureRow = Selectable<GenerationSharedFiguresTable>;

export async function readState(
  db: Executor,
  tenantId: string,
): Promise<{ state: string; events: number } | undefined> {
  return db
    .selectFrom('generation_learning')
    .select(['state', 'events'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
}

/**
 * The tenant's state row, created when missing and locked for this transaction on PostgreSQL, so two
 * concurrent feedback calls update it one after the other (SQLite transactions already take the write lock).
 */
export async function lockState(
  db: Executor,
  dialect: DatabaseDialect,
  tenantId: string,
  initial: string,
  now: string,
): Promise<{ state: string; events: number }> {
  await db
    .insertInto('generation_learning')
    .values({ tenant_id: tenantId, state: initial, events: 0, updated_at: now })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  let q = db.selectFrom('generation_learning').select(['state', 'events']).where('tenant_id', '=', tenantId);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirstOrThrow();
}

export async function saveState(
  db: Executor,
  tenantId: string,
  state: unknown,
  events: number,
  now: string,
): Promise<void> {
  await db
    .updateTable('generation_learning')
    .set({ state: writeJson(state), events, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .execute();
}

/** Every tenant's state, for the shared figures (system work only; the tenant id is not read). */
export async function allStates(db: Executor): Promise<string[]> {
  const rows = await db.selectFrom('generation_learning').select('state').execute();
  return rows.map((r) => r.state);
}

/**
 * Adds proposals not seen before; refreshes the evidence of those still proposed; leaves the ones a person
 * accepted or dismissed alone.
 */
export async function upsertSuggestions(
  db: Executor,
  rows: Insertable<GenerationRuleSuggestionsTable>[],
): Promise<void> {
  for (const row of rows) {
    await db
      .insertInto('generation_rule_suggestions')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['tenant_id', 'key'])
          .doUpdateSet({ reason: row.reason, evidence: row.evidence, updated_at: row.updated_at })
          .where('generation_rule_suggestions.status', '=', 'proposed'),
      )
      .execute();
  }
}

export async function listSuggestions(
  db: Executor,
  tenantId: string,
  status: string | undefined,
): Promise<SuggestionRow[]> {
  let q = db
    .selectFrom('generation_rule_suggestions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .orderBy('id');
  if (status) q = q.where('status', '=', status);
  return q.execute();
}

export async function findSuggestion(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<SuggestionRow | undefined> {
  return db
    .selectFrom('generation_rule_suggestions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function decideSuggestion(
  db: Executor,
  tenantId: string,
  id: string,
  status: 'accepted' | 'dismissed',
  by: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('generation_rule_suggestions')
    .set({ status, decided_by: by, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function listSharedFigures(db: Executor): Promise<SharedFigureRow[]> {
  return db.selectFrom('generation_shared_figures').selectAll().orderBy('key').execute();
}

export async function replaceSharedFigures(
  db: Executor,
  rows: Insertable<GenerationSharedFiguresTable>[],
): Promise<void> {
  await db.deleteFrom('generation_shared_figures').execute();
  if (rows.length > 0) await db.insertInto('generation_shared_figures').values(rows).execute();
}

/** When the figures were last released (also recorded when a release had no cell to show). */
export async function lastRelease(db: Executor): Promise<string | undefined> {
  const row = await db
    .selectFrom('generation_shared_figures')
    .select('released_at')
    .orderBy('released_at', 'desc')
    .executeTakeFirst();
  return row?.released_at;
}
