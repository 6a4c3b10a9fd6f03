/**
 * The entry operations' services: read, list, and a person's own entries and corrections (kept as
 * the person left them when pages are extracted again).
 */
import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { readJson } from '../../../db/dialect.js';
import { keysetPage } from '../../../db/paging.js';
import type { Actor } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { isKnowledgeCategory, type KnowledgeCategory } from './categories.js';
import { classifyText } from './classifier/classifier.js';
import type { Entity } from './entities.js';
import { syncEntryIndex } from './entry-index.js';
import { noSupport, personEdit, sourceSupport, storedSupport } from './provenance.js';
import * as repo from './repository.js';
import type { EntryView } from './schemas.js';

/** What entry services need: whose tenant, who acts, the app. */
export interface EntryContext {
  tenantId: string;
  actor: Actor;
  app: AppServices;
  signal?: AbortSignal | undefined;
}

export function toEntryView(row: repo.EntryRow, sources: repo.EntrySourceRow[]): EntryView {
  return {
    id: row.id,
    question: row.question,
    answer: row.answer,
    category: (isKnowledgeCategory(row.category) ? row.category : 'company_overview') as KnowledgeCategory,
    categoryConfidence: row.category_confidence,
    confidence: row.confidence,
    kind: row.kind,
    entities: readJson<Entity[]>(row.entities, []),
    provenance: {
      origin: row.origin === 'manual' ? 'manual' : 'extracted',
      engine: row.engine,
      model: row.model,
      pageId: row.page_id,
      sourceUrl: row.source_url,
      support: storedSupport(row),
      chunkRefs: readJson<string[]>(row.chunk_refs, []),
      sources: sources.map((s) => ({
        pageId: s.page_id,
        url: s.url,
        support: sourceSupport(s),
        confidence: s.confidence,
        engine: s.engine,
        model: s.model,
        chunkRefs: readJson<string[]>(s.chunk_refs, []),
      })),
      editedByPerson: row.edited === 1,
      editedBy: row.edited_by,
      editedAt: row.edited_at,
    },
    hidden: row.hidden === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

const entryNotFound = (id: string) =>
  new AppError('knowledge.entry_not_found', 404, `entry ${id} was not found`);

export async function getEntry(ctx: EntryContext, id: string): Promise<EntryView> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const row = await repo.findEntry(db, ctx.tenantId, id);
    if (!row) throw entryNotFound(id);
    return toEntryView(row, await repo.listEntrySources(db, ctx.tenantId, [id]));
  });
}

export interface ListEntriesInput {
  limit: number;
  cursor?: string | undefined;
  category?: KnowledgeCategory | undefined;
  pageId?: string | undefined;
  origin?: 'extracted' | 'manual' | undefined;
  edited?: boolean | undefined;
  includeHidden?: boolean | undefined;
}

export async function listEntryViews(
  ctx: EntryContext,
  input: ListEntriesInput,
): Promise<{ entries: EntryView[]; nextCursor: string | null }> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const rows = await repo.listEntries(db, ctx.tenantId, {
      limit: input.limit + 1,
      after: input.cursor,
      category: input.category,
      pageId: input.pageId,
      origin: input.origin,
      edited: input.edited,
      includeHidden: input.includeHidden,
    });
    const { page, nextCursor } = keysetPage(rows, input.limit);
    const sources = await repo.listEntrySources(
      db,
      ctx.tenantId,
      page.map((r) => r.id),
    );
    return {
      entries: page.map((r) =>
        toEntryView(
          r,
          sources.filter((s) => s.entry_id === r.id),
        ),
      ),
      nextCursor,
    };
  });
}

export interface CreateEntryInput {
  question: string;
  answer: string;
  category?: KnowledgeCategory | undefined;
}

/** A fact added by a person: origin `manual`, no page span needed (the person vouches for it). */
export async function createEntry(ctx: EntryContext, input: CreateEntryInput): Promise<EntryView> {
  const guess = input.category
    ? { category: input.category, confidence: 1 }
    : classifyText({ text: `${input.question} ${input.answer}` });
  const now = ctx.app.clock.iso();
  const id = newId();
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    await repo.insertEntry(tx, {
      id,
      tenant_id: ctx.tenantId,
      question: input.question,
      answer: input.answer,
      category: guess.category,
      category_confidence: guess.confidence,
      confidence: 1,
      kind: 'manual',
      origin: 'manual',
      engine: 'manual',
      model: null,
      page_id: null,
      source_url: null,
      ...noSupport,
      heading_path: '[]',
      chunk_refs: '[]',
      entities: '[]',
      ...personEdit(ctx.actor, now),
      hidden: 0,
      created_at: now,
      updated_at: now,
    });
    await syncEntryIndex(ctx.app, tx, ctx.tenantId, [id]);
  });
  return getEntry(ctx, id);
}

export interface UpdateEntryInput {
  question?: string | undefined;
  answer?: string | undefined;
  category?: KnowledgeCategory | undefined;
}

/** A person's correction: marked edited, never overwritten by re-extraction. */
export async function updateEntry(
  ctx: EntryContext,
  id: string,
  input: UpdateEntryInput,
): Promise<EntryView> {
  const now = ctx.app.clock.iso();
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const row = await repo.findEntry(tx, ctx.tenantId, id);
    if (!row || row.hidden === 1) throw entryNotFound(id);
    await repo.updateEntry(tx, ctx.tenantId, id, {
      ...(input.question !== undefined ? { question: input.question } : {}),
      ...(input.answer !== undefined ? { answer: input.answer } : {}),
      ...(input.category !== undefined ? { category: input.category, category_confidence: 1 } : {}),
      ...personEdit(ctx.actor, now),
      updated_at: now,
    });
    await syncEntryIndex(ctx.app, tx, ctx.tenantId, [id]);
  });
  return getEntry(ctx, id);
}

/**
 * Deletes an entry. A person's own entry goes; a machine-made one is hidden and kept as a tombstone,
 * so re-extracting its page does not bring it back.
 */
export async function deleteEntry(ctx: EntryContext, id: string): Promise<{ id: string; deleted: true }> {
  const now = ctx.app.clock.iso();
  await ctx.app.db.tenant(ctx.tenantId, async (tx) => {
    const row = await repo.findEntry(tx, ctx.tenantId, id);
    if (!row || row.hidden === 1) throw entryNotFound(id);
    if (row.origin === 'manual') await repo.deleteEntry(tx, ctx.tenantId, id);
    else
      await repo.updateEntry(tx, ctx.tenantId, id, {
        hidden: 1,
        ...personEdit(ctx.actor, now),
        updated_at: now,
      });
    await syncEntryIndex(ctx.app, tx, ctx.tenantId, [id]);
  });
  return { id, deleted: true };
}
