/**
 * SQL for knowledge entries, entities, their sources and page extraction records. Every query
 * filters on tenant_id.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DatabaseDialect } from '../../../config/load.js';
import type { Executor } from '../../../db/connect.js';
import type {
  KnowledgeEntitiesTable,
  KnowledgeEntitySourcesTable,
  KnowledgeEntriesTable,
  KnowledgeEntrySourcesTable,
  KnowledgePageExtractionsTable,
} from './tables.js';

export type EntryRow = Selectable<KnowledgeEntriesTable>;
export type EntrySourceRow = Selectable<KnowledgeEntrySourcesTable>;
export type EntityRow = Selectable<KnowledgeEntitiesTable>;
export type EntitySourceRow = Selectable<KnowledgeEntitySourcesTable>;
export type PageExtractionRow = Selectable<KnowledgePageExtractionsTable>;

// Entries ---------------------------------------------------------------------------------------

export async function insertEntry(db: Executor, row: Insertable<KnowledgeEntriesTable>): Promise<void> {
  await db.insertInto('knowledge_entries').values(row).execute();
}

export async function updateEntry(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<KnowledgeEntriesTable>,
): Promise<void> {
  await db
    .updateTable('knowledge_entries')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteEntry(db: Executor, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('knowledge_entries').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function findEntry(db: Executor, tenantId: string, id: string): Promise<EntryRow | undefined> {
  return db
    .selectFrom('knowledge_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findEntries(
  db: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<EntryRow[]> {
  if (ids.length === 0) return [];
  const out: EntryRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('knowledge_entries')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out;
}

export interface EntryListQuery {
  limit: number;
  after?: string | undefined;
  category?: string | undefined;
  pageId?: string | undefined;
  origin?: string | undefined;
  edited?: boolean | undefined;
  includeHidden?: boolean | undefined;
}

export async function listEntries(db: Executor, tenantId: string, q: EntryListQuery): Promise<EntryRow[]> {
  let query = db
    .selectFrom('knowledge_entries')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .limit(q.limit);
  if (q.after) query = query.where('id', '>', q.after);
  if (q.category) query = query.where('category', '=', q.category);
  if (q.pageId) query = query.where('page_id', '=', q.pageId);
  if (q.origin) query = query.where('origin', '=', q.origin);
  if (q.edited !== undefined) query = query.where('edited', '=', q.edited ? 1 : 0);
  if (!q.includeHidden) query = query.where('hidden', '=', 0);
  return query.execute();
}

/** What duplicate detection compares a new entry with. */
export async function listEntryFingerprints(
  db: Executor,
  tenantId: string,
): Promise<Pick<EntryRow, 'id' | 'question' | 'answer' | 'category'>[]> {
  return db
    .selectFrom('knowledge_entries')
    .select(['id', 'question', 'answer', 'category'])
    .where('tenant_id', '=', tenantId)
    .execute();
}

/** What every source said, so an entry a person edited is still recognised by its original text. */
export async function listSourceFingerprints(
  db: Executor,
  tenantId: string,
): Promise<{ id: string; question: string; answer: string; category: string }[]> {
  const rows = await db
    .selectFrom('knowledge_entry_sources')
    .select(['entry_id', 'question', 'answer', 'category'])
    .where('tenant_id', '=', tenantId)
    .execute();
  return rows.map((r) => ({ id: r.entry_id, question: r.question, answer: r.answer, category: r.category }));
}

export async function insertEntrySource(
  db: Executor,
  row: Insertable<KnowledgeEntrySourcesTable>,
): Promise<void> {
  await db.insertInto('knowledge_entry_sources').values(row).execute();
}

/** Removes a page's entry sources; returns the entries they belonged to. */
export async function deleteEntrySourcesOfPage(
  db: Executor,
  tenantId: string,
  pageId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('knowledge_entry_sources')
    .select('entry_id')
    .where('tenant_id', '=', tenantId)
    .where('page_id', '=', pageId)
    .execute();
  await db
    .deleteFrom('knowledge_entry_sources')
    .where('tenant_id', '=', tenantId)
    .where('page_id', '=', pageId)
    .execute();
  return [...new Set(rows.map((r) => r.entry_id))];
}

export async function listEntrySources(
  db: Executor,
  tenantId: string,
  entryIds: readonly string[],
): Promise<EntrySourceRow[]> {
  if (entryIds.length === 0) return [];
  const out: EntrySourceRow[] = [];
  for (let i = 0; i < entryIds.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('knowledge_entry_sources')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('entry_id', 'in', entryIds.slice(i, i + 500))
        .orderBy('id')
        .execute()),
    );
  }
  return out;
}

// Entities --------------------------------------------------------------------------------------

export async function insertEntity(db: Executor, row: Insertable<KnowledgeEntitiesTable>): Promise<void> {
  await db.insertInto('knowledge_entities').values(row).execute();
}

export async function updateEntity(
  db: Executor,
  tenantId: string,
  id: string,
  changes: Updateable<KnowledgeEntitiesTable>,
): Promise<void> {
  await db
    .updateTable('knowledge_entities')
    .set(changes)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function deleteEntity(db: Executor, tenantId: string, id: string): Promise<void> {
  await db.deleteFrom('knowledge_entities').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

export async function findEntity(db: Executor, tenantId: string, id: string): Promise<EntityRow | undefined> {
  return db
    .selectFrom('knowledge_entities')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Serialises the tenant's knowledge writes until the transaction ends: two pages extracted at once
 * must not both find a fact new and insert it twice (cross-page merging reads, then writes). SQLite
 * runs one write transaction at a time already.
 */
export async function lockKnowledgeWrites(
  db: Executor,
  dialect: DatabaseDialect,
  tenantId: string,
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtext('dify-agent:knowledge-entries'), hashtext(${tenantId}))`.execute(
    db,
  );
}

/** A product or service of that name (case aside), whatever its key (a SKU or its name). */
export async function findProductByName(
  db: Executor,
  tenantId: string,
  name: string,
): Promise<EntityRow | undefined> {
  return db
    .selectFrom('knowledge_entities')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('type', 'in', ['product', 'service'])
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .orderBy('created_at')
    .executeTakeFirst();
}

export async function findEntityByKey(
  db: Executor,
  tenantId: string,
  key: string,
): Promise<EntityRow | undefined> {
  return db
    .selectFrom('knowledge_entities')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function findEntities(
  db: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('knowledge_entities')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...ids])
    .execute();
}

export interface EntityListQuery {
  types: readonly string[];
  limit: number;
  after?: string | undefined;
  includeHidden?: boolean | undefined;
}

export async function listEntities(db: Executor, tenantId: string, q: EntityListQuery): Promise<EntityRow[]> {
  let query = db
    .selectFrom('knowledge_entities')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .limit(q.limit);
  if (q.types.length > 0) query = query.where('type', 'in', [...q.types]);
  if (q.after) query = query.where('id', '>', q.after);
  if (!q.includeHidden) query = query.where('hidden', '=', 0);
  return query.execute();
}

export async function insertEntitySource(
  db: Executor,
  row: Insertable<KnowledgeEntitySourcesTable>,
): Promise<void> {
  await db.insertInto('knowledge_entity_sources').values(row).execute();
}

export async function deleteEntitySourcesOfPage(
  db: Executor,
  tenantId: string,
  pageId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('knowledge_entity_sources')
    .select('entity_id')
    .where('tenant_id', '=', tenantId)
    .where('page_id', '=', pageId)
    .execute();
  await db
    .deleteFrom('knowledge_entity_sources')
    .where('tenant_id', '=', tenantId)
    .where('page_id', '=', pageId)
    .execute();
  return [...new Set(rows.map((r) => r.entity_id))];
}

export async function listEntitySources(
  db: Executor,
  tenantId: string,
  entityIds: readonly string[],
): Promise<EntitySourceRow[]> {
  if (entityIds.length === 0) return [];
  return db
    .selectFrom('knowledge_entity_sources')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('entity_id', 'in', [...entityIds])
    .orderBy('id')
    .execute();
}

// Page extraction records -----------------------------------------------------------------------

export async function upsertPageExtraction(
  db: Executor,
  row: Insertable<KnowledgePageExtractionsTable>,
): Promise<void> {
  const { tenant_id: _t, page_id: _p, ...changes } = row;
  await db
    .insertInto('knowledge_page_extractions')
    .values(row)
    .onConflict((oc) => oc.columns(['tenant_id', 'page_id']).doUpdateSet(changes))
    .execute();
}

export async function deletePageExtraction(db: Executor, tenantId: string, pageId: string): Promise<void> {
  await db
    .deleteFrom('knowledge_page_extractions')
    .where('tenant_id', '=', tenantId)
    .where('page_id', '=', pageId)
    .execute();
}

export async function findPageExtraction(
  db: Executor,
  tenantId: string,
  pageId: string,
): Promise<PageExtractionRow | undefined> {
  return db
    .selectFrom('knowledge_page_extractions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('page_id', '=', pageId)
    .executeTakeFirst();
}

export async function listPageExtractions(db: Executor, tenantId: string): Promise<PageExtractionRow[]> {
  return db.selectFrom('knowledge_page_extractions').selectAll().where('tenant_id', '=', tenantId).execute();
}

/** Every visible entry, with what gap scoring needs. */
export async function listEntriesForScoring(
  db: Executor,
  tenantId: string,
): Promise<
  Pick<
    EntryRow,
    | 'id'
    | 'kind'
    | 'category'
    | 'question'
    | 'answer'
    | 'confidence'
    | 'origin'
    | 'page_id'
    | 'updated_at'
    | 'entities'
  >[]
> {
  return db
    .selectFrom('knowledge_entries')
    .select([
      'id',
      'kind',
      'category',
      'question',
      'answer',
      'confidence',
      'origin',
      'page_id',
      'updated_at',
      'entities',
    ])
    .where('tenant_id', '=', tenantId)
    .where('hidden', '=', 0)
    .execute();
}
