/**
 * Knowledge entries: extraction of stored pages into entries and entities (the engine chosen by the
 * extraction task's model), storage with cross-page duplicate merging and person edits kept, the
 * search index kept in step, and the entry operations' services.
 *
 * For the crawl pipeline:
 * - after a page is stored or changed (after that transaction commits): `extractEntriesForPage(app,
 *   tenantId, pageId)`. It reads the page, runs the engine outside any transaction (a model call can
 *   take a minute), then writes in one transaction; it skips pages whose content hash was already
 *   extracted unless `force` is set.
 * - inside the transaction that deletes a page: `removePageKnowledge(app, tx, tenantId, pageId)`.
 */

import { AppError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { countTokens } from '../../../core/text/tokens.js';
import type { Executor } from '../../../db/connect.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import { keysetPage } from '../../../db/paging.js';
import type { Actor } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { findTenant } from '../../tenancy/index.js';
import type { StructuredData } from '../extract/types.js';
import { chunkMarkdown } from '../indexing/chunking.js';
import { findPage, listPageIdentities } from '../pages/repository.js';
import type { IndexChunk } from '../search/types.js';
import { isKnowledgeCategory, type KnowledgeCategory } from './categories.js';
import { classifyText } from './classifier/classifier.js';
import { type Entity, EntitySchema, entityKey, type ProductEntity } from './entities.js';
import { extractWithLlm } from './llm-engine.js';
import { contentWords, normalizeText } from './normalize.js';
import { extractOffline } from './offline-engine.js';
import { mergeProductSources } from './product-sources.js';
import {
  bestSource,
  faceOf,
  machineMade,
  mergedConfidence,
  noSupport,
  personEdit,
  sourceSupport,
  storedSupport,
  supportColumns,
} from './provenance.js';
import * as repo from './repository.js';
import type { EntryView } from './schemas.js';
import { checkSupport, type PageText, type SupportSpan, spanInPage } from './support.js';
import type { ExtractedEntry, PageExtraction, PageInput } from './types.js';

/** What entry services need: whose tenant, who acts, the app. */
export interface EntryContext {
  tenantId: string;
  actor: Actor;
  app: AppServices;
  signal?: AbortSignal | undefined;
}

export interface ExtractionSummary {
  pageId: string;
  engine: 'offline' | 'llm';
  model: string;
  entries: number;
  entities: number;
  /** Entries the support check refused. */
  dropped: number;
  category: KnowledgeCategory;
  /** Set when nothing was written: the page was already extracted at this content, or changed meanwhile. */
  skipped?: 'unchanged' | 'page_changed';
}

interface StoredPage {
  id: string;
  url: string;
  title: string;
  markdown: string;
  structured: string;
  content_hash: string;
  site_name: string | null;
  language: string | null;
  changed_at: string;
}

/** The stored structured data with every list present (older or partial rows may lack some). */
function structuredOf(text: string): StructuredData {
  const parsed = readJson<Partial<StructuredData> | null>(text, null) ?? {};
  const list = <T>(v: T[] | undefined): T[] => (Array.isArray(v) ? v : []);
  return {
    products: list(parsed.products),
    faq: list(parsed.faq),
    organizations: list(parsed.organizations),
    localBusinesses: list(parsed.localBusinesses),
    jsonLd: list(parsed.jsonLd),
    pageProducts: parsed.pageProducts === true,
    ...(parsed.siteContact ? { siteContact: parsed.siteContact } : {}),
  };
}

function pageInput(page: StoredPage, names: { site: string | null; tenant: string | null }): PageInput {
  return {
    url: page.url,
    title: page.title,
    markdown: page.markdown,
    structured: structuredOf(page.structured),
    structuredText: page.structured,
    siteName: page.site_name ?? names.site,
    tenantName: names.tenant,
    language: page.language,
  };
}

/** The model the extraction task is configured with (`local` for the offline engine). */
export function extractionModel(app: AppServices): string {
  return app.ai.models().tasks.find((t) => t.task === 'extraction')?.model ?? 'local';
}

/** Runs the configured engine on a page. No database access; may call a model. */
export async function runExtraction(
  app: AppServices,
  tenantId: string,
  input: PageInput,
  signal?: AbortSignal,
): Promise<PageExtraction> {
  if (extractionModel(app) === 'local') return extractOffline(input);
  return extractWithLlm(app.ai, tenantId, input, signal);
}

/**
 * The site's name as its page titles give it: the title part ("Shop – Ember & Wick") most pages
 * share. Null for a site of one page, or when no part repeats.
 */
export function siteNameFromTitles(titles: readonly string[]): string | null {
  const counts = new Map<string, number>();
  for (const t of titles) {
    const parts = new Set(
      t
        .split(/\s+[|–—·:-]\s+/)
        .map((p) => p.trim())
        .filter((p) => p.length >= 2 && p.length <= 60),
    );
    if (parts.size < 2) continue;
    for (const p of parts) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (!best || best[1] < 2 || best[1] < titles.length * 0.3) return null;
  return best[0];
}

async function siteName(app: AppServices, tenantId: string): Promise<string | null> {
  const rows = await app.db.read(tenantId, (db) => listPageIdentities(db, tenantId, 500));
  return siteNameFromTitles(rows.map((r) => r.title));
}

async function tenantName(app: AppServices, tenantId: string): Promise<string | null> {
  return (await findTenant(app, tenantId))?.name ?? null;
}

/**
 * Extracts one stored page and stores its entries and entities, replacing what earlier extractions
 * of that page produced (person-edited entries and entities are kept as the person left them).
 */
export async function extractEntriesForPage(
  app: AppServices,
  tenantId: string,
  pageId: string,
  options: { force?: boolean; signal?: AbortSignal } = {},
): Promise<ExtractionSummary> {
  const [page, previous] = await app.db.read(
    tenantId,
    async (db) =>
      [await findPage(db, tenantId, pageId), await repo.findPageExtraction(db, tenantId, pageId)] as const,
  );
  if (!page) throw new AppError('knowledge.page_not_found', 404, `page ${pageId} was not found`);
  if (!options.force && previous && previous.content_hash === page.content_hash) {
    return {
      pageId,
      engine: previous.engine as 'offline' | 'llm',
      model: previous.model,
      entries: previous.entry_count,
      entities: previous.entity_count,
      dropped: readJson<unknown[]>(previous.dropped, []).length,
      category: previous.category as KnowledgeCategory,
      skipped: 'unchanged',
    };
  }
  const extraction = await runExtraction(
    app,
    tenantId,
    pageInput(page, { site: await siteName(app, tenantId), tenant: await tenantName(app, tenantId) }),
    options.signal,
  );
  return app.db.tenant(tenantId, async (tx) => {
    const current = await findPage(tx, tenantId, pageId);
    if (!current || current.content_hash !== page.content_hash) {
      // The page changed or went while the engine ran: the next extraction call handles it.
      return {
        pageId,
        engine: extraction.engine,
        model: extraction.model,
        entries: 0,
        entities: 0,
        dropped: 0,
        category: extraction.pageCategory.category,
        skipped: 'page_changed' as const,
      };
    }
    return writePageKnowledge(app, tx, tenantId, current, extraction);
  });
}

function chunkRefsFor(page: StoredPage, span: SupportSpan): string[] {
  if (span.field !== 'markdown') return [];
  return chunkMarkdown(page.markdown, { url: page.url, title: page.title })
    .filter((c) => c.start < span.end && c.end > span.start)
    .map((c) => `${page.id}:${c.index}`);
}

function jaccard(a: readonly string[], b: readonly string[]): number {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size === 0 && y.size === 0) return 1;
  let inter = 0;
  for (const w of x) if (y.has(w)) inter++;
  return inter / (x.size + y.size - inter);
}

/**
 * Two entries say the same thing: the same answer once normalised, or answers sharing at least 85% of
 * their content words with questions sharing at least half. (Near-duplicates within one page, such as
 * a price asked from a price list and from a sentence, are merged by the engine: see
 * `mergeNearDuplicates`.)
 */
export function sameEntry(
  a: { question: string; answer: string },
  b: { question: string; answer: string },
): boolean {
  if (normalizeText(a.answer) === normalizeText(b.answer)) return true;
  // The same question, one answer saying part of the other ("Phone 03 555 0147" and "Phone 03 555
  // 0147, e-mail …" from two pages' footers): one fact, not two entries.
  const qa = contentWords(a.question);
  const qb = contentWords(b.question);
  if (qa.length > 0 && jaccard(qa, qb) === 1) {
    const [short, long] = a.answer.length <= b.answer.length ? [a.answer, b.answer] : [b.answer, a.answer];
    const longWords = new Set(contentWords(long));
    const shortWords = contentWords(short);
    if (shortWords.length > 0 && shortWords.every((w) => longWords.has(w))) return true;
  }
  return (
    jaccard(contentWords(a.answer), contentWords(b.answer)) >= 0.85 &&
    jaccard(contentWords(a.question), contentWords(b.question)) >= 0.5
  );
}

/**
 * Stores one page's extraction in the caller's transaction: the storage-side support check (the
 * second wall after the engine's), cross-page merging, entities, the extraction record and the
 * search index.
 */
export async function writePageKnowledge(
  app: AppServices,
  tx: Executor,
  tenantId: string,
  page: StoredPage,
  extraction: PageExtraction,
): Promise<ExtractionSummary> {
  const now = app.clock.iso();
  await repo.lockKnowledgeWrites(tx, app.db.dialect, tenantId);
  const text: PageText = { markdown: page.markdown, structured: page.structured };
  const dropped = [...extraction.dropped];
  const entries: ExtractedEntry[] = [];
  for (const e of extraction.entries) {
    const check = checkSupport(text, e.answer, e.support);
    if (check.status === 'unsupported' || !check.span) {
      dropped.push({ question: e.question, reason: check.problems.join('; ') });
      continue;
    }
    entries.push({
      ...e,
      support: check.span,
      entities: e.entities.flatMap((x) => supportedEntity(text, x)),
    });
  }
  const entities = extraction.entities.flatMap((x) => supportedEntity(text, x));

  // Entries ----------------------------------------------------------------------------------------
  // Known facts: every entry as it reads now and every source as extraction first read it (so an
  // entry a person has reworded still absorbs the same fact instead of getting a twin).
  const known = [
    ...(await repo.listEntryFingerprints(tx, tenantId)),
    ...(await repo.listSourceFingerprints(tx, tenantId)),
  ];
  const affected = new Set(await repo.deleteEntrySourcesOfPage(tx, tenantId, page.id));
  for (const e of entries) {
    // What this page states: the source row, and the entry's own columns when it is new.
    const stated = {
      question: e.question,
      answer: e.answer,
      category: e.category,
      category_confidence: e.categoryConfidence,
      confidence: e.confidence,
      kind: e.kind,
      engine: extraction.engine,
      model: extraction.model,
      ...supportColumns(e.support),
      heading_path: writeJson(e.headingPath),
      chunk_refs: writeJson(chunkRefsFor(page, e.support)),
      entities: writeJson(e.entities),
    };
    let target = known.find((k) => sameEntry(k, e));
    if (!target) {
      const id = newId();
      await repo.insertEntry(tx, {
        id,
        tenant_id: tenantId,
        ...stated,
        origin: 'extracted',
        page_id: page.id,
        source_url: page.url,
        ...machineMade,
        hidden: 0,
        created_at: now,
        updated_at: now,
      });
      target = { id, question: e.question, answer: e.answer, category: e.category };
      known.push(target);
    }
    affected.add(target.id);
    await repo.insertEntrySource(tx, {
      id: newId(),
      tenant_id: tenantId,
      entry_id: target.id,
      page_id: page.id,
      url: page.url,
      ...stated,
      created_at: now,
    });
  }
  await settleEntries(app, tx, tenantId, [...affected], now);

  // Entities ---------------------------------------------------------------------------------------
  const affectedEntities = new Set(await repo.deleteEntitySourcesOfPage(tx, tenantId, page.id));
  for (const entity of entities) {
    const key = entityKey(entity);
    const stated = {
      data: writeJson(entity),
      confidence: entity.confidence,
      ...supportColumns(entity.support),
    };
    let row = await repo.findEntityByKey(tx, tenantId, key);
    // The same product keyed by its SKU on one page and by its name on another is one product.
    if (!row && (entity.type === 'product' || entity.type === 'service'))
      row = await repo.findProductByName(tx, tenantId, entity.name);
    if (!row) {
      const id = newId();
      await repo.insertEntity(tx, {
        id,
        tenant_id: tenantId,
        type: entity.type,
        key,
        name: entity.name,
        ...stated,
        origin: 'extracted',
        page_id: page.id,
        source_url: page.url,
        ...machineMade,
        hidden: 0,
        created_at: now,
        updated_at: now,
      });
      row = await repo.findEntityByKey(tx, tenantId, key);
    }
    if (!row) continue;
    affectedEntities.add(row.id);
    await repo.insertEntitySource(tx, {
      id: newId(),
      tenant_id: tenantId,
      entity_id: row.id,
      page_id: page.id,
      url: page.url,
      ...stated,
      created_at: now,
    });
  }
  await settleEntities(tx, tenantId, [...affectedEntities], now);

  await repo.upsertPageExtraction(tx, {
    tenant_id: tenantId,
    page_id: page.id,
    url: page.url,
    content_hash: page.content_hash,
    engine: extraction.engine,
    model: extraction.model,
    category: extraction.pageCategory.category,
    category_confidence: extraction.pageCategory.confidence,
    entry_count: entries.length,
    entity_count: entities.length,
    dropped: writeJson(dropped),
    page_changed_at: page.changed_at,
    extracted_at: now,
  });
  return {
    pageId: page.id,
    engine: extraction.engine,
    model: extraction.model,
    entries: entries.length,
    entities: entities.length,
    dropped: dropped.length,
    category: extraction.pageCategory.category,
  };
}

function supportedEntity(text: PageText, entity: Entity): Entity[] {
  const parsed = EntitySchema.safeParse(entity);
  if (!parsed.success) return [];
  const span = spanInPage(text, parsed.data.support);
  return span ? [{ ...parsed.data, support: span }] : [];
}

/**
 * Brings entries in line with their remaining sources: machine entries without a source go; others
 * take the best-supported source as their face (person-edited text stays as the person wrote it).
 */
async function settleEntries(
  app: AppServices,
  tx: Executor,
  tenantId: string,
  ids: string[],
  now: string,
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await repo.findEntries(tx, tenantId, ids);
  const sources = await repo.listEntrySources(tx, tenantId, ids);
  for (const row of rows) {
    const mine = sources.filter((s) => s.entry_id === row.id);
    const best = bestSource(mine);
    if (!best) {
      if (row.origin === 'extracted' && row.edited === 0 && row.hidden === 0) {
        await app.knowledgeIndex.removeBySource(tx, tenantId, 'entry', row.id);
        await repo.deleteEntry(tx, tenantId, row.id);
        continue;
      }
      if (row.origin === 'extracted' && row.hidden === 1 && row.edited === 1) continue; // tombstone
      await repo.updateEntry(tx, tenantId, row.id, {
        page_id: null,
        source_url: null,
        chunk_refs: '[]',
        updated_at: now,
      });
      continue;
    }
    const face = { ...faceOf(best, now), chunk_refs: best.chunk_refs };
    if (row.edited === 1 || row.origin === 'manual') await repo.updateEntry(tx, tenantId, row.id, face);
    else
      await repo.updateEntry(tx, tenantId, row.id, {
        ...face,
        question: best.question,
        answer: best.answer,
        category: best.category,
        category_confidence: best.category_confidence,
        confidence: mergedConfidence(best, mine.length),
        kind: best.kind,
        engine: best.engine,
        model: best.model,
        heading_path: best.heading_path,
        entities: best.entities,
      });
  }
  await syncEntryIndex(app, tx, tenantId, ids);
}

/** Puts entries into the search index as `entry` chunks (hidden or deleted ones are removed). */
export async function syncEntryIndex(
  app: AppServices,
  tx: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<void> {
  const rows = await repo.findEntries(tx, tenantId, ids);
  const chunks: IndexChunk[] = [];
  for (const id of ids) await app.knowledgeIndex.removeBySource(tx, tenantId, 'entry', id);
  for (const row of rows) {
    if (row.hidden === 1) continue;
    const text = `${row.question}\n${row.answer}`;
    chunks.push({
      id: `entry:${row.id}`,
      sourceType: 'entry',
      sourceId: row.id,
      url: row.source_url,
      title: row.question,
      headingPath: readJson<string[]>(row.heading_path, []),
      category: row.category,
      position: 0,
      text,
      tokenCount: countTokens(text),
    });
  }
  if (chunks.length > 0) await app.knowledgeIndex.indexChunks(tx, tenantId, chunks);
}

async function settleEntities(tx: Executor, tenantId: string, ids: string[], now: string): Promise<void> {
  if (ids.length === 0) return;
  const rows = await repo.findEntities(tx, tenantId, ids);
  const sources = await repo.listEntitySources(tx, tenantId, ids);
  for (const row of rows) {
    const mine = sources.filter((s) => s.entity_id === row.id);
    const best = bestSource(mine);
    if (!best) {
      if (row.origin === 'extracted' && row.edited === 0) await repo.deleteEntity(tx, tenantId, row.id);
      else
        await repo.updateEntity(tx, tenantId, row.id, { page_id: null, source_url: null, updated_at: now });
      continue;
    }
    const face = faceOf(best, now);
    // A person's correction is never overwritten by what a page says.
    if (row.edited === 1 || row.origin === 'manual') await repo.updateEntity(tx, tenantId, row.id, face);
    else {
      let data = readJson<Entity>(best.data, {} as Entity);
      if (data.type === 'product' || data.type === 'service') {
        // A product seen on several pages: the fullest description leads, the others fill it in.
        const all = mine
          .map((s) => readJson<Entity>(s.data, {} as Entity))
          .filter((d): d is ProductEntity => d.type === 'product' || d.type === 'service');
        data = mergeProductSources(all) ?? data;
      }
      await repo.updateEntity(tx, tenantId, row.id, {
        ...face,
        name: data.name,
        data: writeJson(data),
        confidence: mergedConfidence(best, mine.length),
      });
    }
  }
}

/** Removes a deleted page's contribution, inside the transaction that deletes the page. */
export async function removePageKnowledge(
  app: AppServices,
  tx: Executor,
  tenantId: string,
  pageId: string,
): Promise<void> {
  const now = app.clock.iso();
  await repo.lockKnowledgeWrites(tx, app.db.dialect, tenantId);
  await settleEntries(app, tx, tenantId, await repo.deleteEntrySourcesOfPage(tx, tenantId, pageId), now);
  await settleEntities(tx, tenantId, await repo.deleteEntitySourcesOfPage(tx, tenantId, pageId), now);
  await repo.deletePageExtraction(tx, tenantId, pageId);
}

// ---------------------------------------------------------------------------------------------
// Entry services for the operations

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
