import { notFound } from '../../core/errors.js';
import { newPrefixedId } from '../../core/ids.js';
import { isPlatform, type Platform } from '../../core/platforms.js';
import type { Executor } from '../../db/connect.js';
import { readJson, writeJson } from '../../db/dialect.js';
import { keysetPage } from '../../db/paging.js';
import type { OperationContext } from '../../operations/define.js';
import { runTextGuards } from './guards/index.js';
import * as repo from './repository.js';
import type {
  Candidate,
  Citation,
  Content,
  ContentStatus,
  ContentSummary,
  CreateContentInput,
  GuardResult,
  MediaRef,
} from './schemas.js';

function toCandidate(row: repo.CandidateRow): Candidate {
  return {
    id: row.id,
    platform: row.platform as Platform,
    rank: row.rank,
    text: row.text,
    scores: readJson<Record<string, number>>(row.scores, {}),
    guards: readJson<GuardResult[]>(row.guards, []),
    citations: readJson<Citation[]>(row.citations, []),
    defects: readJson<string[]>(row.defects, []),
  };
}

function toContent(row: repo.ContentRow, candidates: repo.CandidateRow[]): Content {
  return {
    id: row.id,
    status: row.status as ContentStatus,
    source: row.source as Content['source'],
    request: row.request,
    media: readJson<MediaRef[]>(row.media, []),
    engine: row.engine,
    candidates: candidates.map(toCandidate),
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    approvedAt: row.approved_at,
  };
}

const notFoundContent = (id: string) => notFound('generation.content_not_found', `content ${id}`);

/**
 * Stores a person's own text, one candidate per platform, after the same text guards generated
 * candidates go through. Approved at once unless `approve` is false: a person wrote it.
 */
export async function createContent(ctx: OperationContext, input: CreateContentInput): Promise<Content> {
  const app = ctx.app;
  const now = app.clock.iso();
  const id = newPrefixedId('cnt');
  const status: ContentStatus = input.approve ? 'approved' : 'draft';
  const candidates = Object.entries(input.texts)
    .filter((entry): entry is [Platform, string] => isPlatform(entry[0]) && typeof entry[1] === 'string')
    .map(([platform, text]) => {
      // A person's own words: reported on, never rewritten (fix: false); no facts to check claims
      // against (the claim guards say so), no CTA expected.
      const guarded = runTextGuards(platform, text, { fix: false });
      return {
        id: newPrefixedId('cand'),
        tenant_id: ctx.tenantId,
        content_id: id,
        platform,
        rank: 1,
        text: guarded.text,
        scores: writeJson({}),
        guards: writeJson(guarded.guards),
        citations: writeJson(guarded.citations),
        defects: writeJson(guarded.defects),
        created_at: now,
      };
    });
  return app.db.tenant(ctx.tenantId, async (tx) => {
    await repo.insertContent(tx, {
      id,
      tenant_id: ctx.tenantId,
      status,
      source: 'person',
      request: null,
      media: writeJson(input.media),
      engine: 'person',
      created_by: ctx.actor.id ?? ctx.actor.type,
      created_at: now,
      updated_at: now,
      approved_at: status === 'approved' ? now : null,
      rejected_reason: null,
    });
    await repo.insertCandidates(tx, candidates);
    return loadContent(tx, ctx.tenantId, id);
  });
}

/** One content with its candidates, inside the caller's transaction (publishing reads it this way). */
export async function loadContent(db: Executor, tenantId: string, id: string): Promise<Content> {
  const row = await repo.findContent(db, tenantId, id);
  if (!row) throw notFoundContent(id);
  return toContent(row, await repo.listCandidates(db, tenantId, [id]));
}

export async function getContent(ctx: OperationContext, id: string): Promise<Content> {
  return ctx.app.db.read(ctx.tenantId, (db) => loadContent(db, ctx.tenantId, id));
}

export async function listContent(
  ctx: OperationContext,
  input: { limit: number; cursor?: string | undefined; status?: ContentStatus | undefined },
): Promise<{ contents: ContentSummary[]; nextCursor: string | null }> {
  return ctx.app.db.read(ctx.tenantId, async (db) => {
    const rows = await repo.listContents(db, ctx.tenantId, input.limit + 1, {
      ...(input.cursor ? { before: input.cursor } : {}),
      ...(input.status ? { status: input.status } : {}),
    });
    const { page, nextCursor } = keysetPage(rows, input.limit);
    const candidates = await repo.listCandidates(
      db,
      ctx.tenantId,
      page.map((r) => r.id),
    );
    const contents = page.map((row) => {
      const { candidates: own, ...rest } = toContent(
        row,
        candidates.filter((c) => c.content_id === row.id),
      );
      const first = own.find((c) => c.rank === 1) ?? own[0];
      return {
        ...rest,
        platforms: [...new Set(own.map((c) => c.platform))],
        preview: first ? first.text.slice(0, 140) : '',
      };
    });
    return { contents, nextCursor };
  });
}
