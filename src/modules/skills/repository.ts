/**
 * The only code that writes SQL for the skills tables. Every query is filtered by tenant.
 */
import type { Executor } from '../../db/connect.js';
import type { SkillStatsTable, SkillsTable, SkillVectorsTable, SkillVersionsTable } from './tables.js';

export type SkillRow = SkillsTable;
export type SkillVersionRow = SkillVersionsTable;
export type SkillStatsRow = SkillStatsTable;

export async function findSkill(
  db: Executor,
  tenantId: string,
  skillId: string,
): Promise<SkillRow | undefined> {
  return db
    .selectFrom('skills')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('skill_id', '=', skillId)
    .executeTakeFirst();
}

export async function listSkillRows(db: Executor, tenantId: string): Promise<SkillRow[]> {
  return db.selectFrom('skills').selectAll().where('tenant_id', '=', tenantId).orderBy('skill_id').execute();
}

export async function insertSkill(tx: Executor, row: SkillRow): Promise<void> {
  await tx.insertInto('skills').values(row).execute();
}

export async function updateSkill(
  tx: Executor,
  tenantId: string,
  rowId: string,
  changes: Partial<
    Pick<SkillRow, 'name' | 'description' | 'latest_version' | 'pinned_version' | 'updated_at'>
  >,
): Promise<void> {
  await tx
    .updateTable('skills')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', rowId)
    .execute();
}

export async function deleteSkill(tx: Executor, tenantId: string, rowId: string): Promise<void> {
  await tx
    .deleteFrom('skill_versions')
    .where('tenant_id', '=', tenantId)
    .where('skill_row_id', '=', rowId)
    .execute();
  await tx.deleteFrom('skills').where('tenant_id', '=', tenantId).where('id', '=', rowId).execute();
}

export async function insertVersion(tx: Executor, row: SkillVersionRow): Promise<void> {
  await tx.insertInto('skill_versions').values(row).execute();
}

export async function findVersion(
  db: Executor,
  tenantId: string,
  rowId: string,
  version: number,
): Promise<SkillVersionRow | undefined> {
  return db
    .selectFrom('skill_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('skill_row_id', '=', rowId)
    .where('version', '=', version)
    .executeTakeFirst();
}

/** Versions of the given skills (all of them when `versions` is omitted), oldest first. */
export async function listVersions(
  db: Executor,
  tenantId: string,
  rowIds: readonly string[],
): Promise<SkillVersionRow[]> {
  if (rowIds.length === 0) return [];
  return db
    .selectFrom('skill_versions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('skill_row_id', 'in', rowIds)
    .orderBy('skill_row_id')
    .orderBy('version')
    .execute();
}

export async function deleteStats(tx: Executor, tenantId: string, skillId: string): Promise<void> {
  await tx
    .deleteFrom('skill_stats')
    .where('tenant_id', '=', tenantId)
    .where('skill_id', '=', skillId)
    .execute();
  await tx
    .deleteFrom('skill_vectors')
    .where('tenant_id', '=', tenantId)
    .where('skill_id', '=', skillId)
    .execute();
}

export async function listStats(db: Executor, tenantId: string): Promise<SkillStatsRow[]> {
  return db.selectFrom('skill_stats').selectAll().where('tenant_id', '=', tenantId).execute();
}

export async function addUse(tx: Executor, tenantId: string, skillId: string, now: string): Promise<void> {
  await tx
    .insertInto('skill_stats')
    .values({
      tenant_id: tenantId,
      skill_id: skillId,
      uses: 1,
      last_used_at: now,
      outcomes: 0,
      score_sum: 0,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'skill_id']).doUpdateSet((eb) => ({
        uses: eb('skill_stats.uses', '+', 1),
        last_used_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

export async function addOutcome(
  tx: Executor,
  tenantId: string,
  skillId: string,
  score: number,
  now: string,
): Promise<void> {
  await tx
    .insertInto('skill_stats')
    .values({
      tenant_id: tenantId,
      skill_id: skillId,
      uses: 0,
      last_used_at: null,
      outcomes: 1,
      score_sum: score,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'skill_id']).doUpdateSet((eb) => ({
        outcomes: eb('skill_stats.outcomes', '+', 1),
        score_sum: eb('skill_stats.score_sum', '+', score),
        updated_at: now,
      })),
    )
    .execute();
}

export async function listVectors(
  db: Executor,
  tenantId: string,
  model: string,
): Promise<SkillVectorsTable[]> {
  return db
    .selectFrom('skill_vectors')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('model', '=', model)
    .execute();
}

export async function saveVector(tx: Executor, row: SkillVectorsTable): Promise<void> {
  await tx
    .insertInto('skill_vectors')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'skill_id', 'model']).doUpdateSet({
        version: row.version,
        content_hash: row.content_hash,
        vector: row.vector,
        created_at: row.created_at,
      }),
    )
    .execute();
}
