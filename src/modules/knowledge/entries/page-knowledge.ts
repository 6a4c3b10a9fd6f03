/**
 * A page's knowledge in storage: its extraction written with cross-page duplicate merging (a fact
 * stated on several pages is one entry with several sources), entities likewise, and the page's
 * contribution removed again when it is deleted (`removePageKnowledge`, inside the transaction that
 * deletes the page). Person edits are kept: a person's correction is never overwritten by a page.
 */
import { newId } from '../../../core/ids.js';
import type { Executor } from '../../../db/connect.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import type { AppServices } from '../../../operations/services.js';
import { chunkMarkdown } from '../indexing/chunking.js';
import { type Entity, EntitySchema, entityKey, type ProductEntity } from './entities.js';
import { syncEntryIndex } from './entry-index.js';
import { normalizeText } from './normalize.js';
import { mergeProductSources } from './product-sources.js';
import { bestSource, faceOf, machineMade, mergedConfidence, supportColumns } from './provenance.js';
import * as repo from './repository.js';
import { sameEntry } from './same-entry.js';
import { checkSupport, type PageText, type SupportSpan, spanInPage } from './support.js';
import { distinctQuestion } from './topics.js';
import type { ExtractedEntry, ExtractionSummary, PageExtraction, StoredPage } from './types.js';

function chunkRefsFor(page: StoredPage, span: SupportSpan): string[] {
  if (span.field !== 'markdown') return [];
  return chunkMarkdown(page.markdown, { url: page.url, title: page.title })
    .filter((c) => c.start < span.end && c.end > span.start)
    .map((c) => `${page.id}:${c.index}`);
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
  // Questions other pages' entries ask already: a new answer to one of them gets a question of its own.
  const taken = new Set(known.filter((k) => !affected.has(k.id)).map((k) => normalizeText(k.question)));
  for (const e of entries) {
    const twin = known.find((k) => sameEntry(k, e));
    const question = twin ? e.question : distinctQuestion(e, taken, normalizeText);
    taken.add(normalizeText(question));
    // What this page states: the source row, and the entry's own columns when it is new.
    const stated = {
      question,
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
    let target = twin;
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
      target = { id, question, answer: e.answer, category: e.category };
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
