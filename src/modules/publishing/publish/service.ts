/**
 * Publishing content: one publication per selected account, each with its own state machine, attempt log
 * and idempotency key (`content:account`: the same content is never published twice to one account).
 * Publications are written and their jobs enqueued in one transaction. Also scheduling (now, at a time
 * in the tenant's zone, or the next free slot of each account's posting schedule), rescheduling,
 * cancelling, retrying, listing, the calendar.
 */

import { AppError, conflict, notFound } from '../../../core/errors.js';
import { newPrefixedId } from '../../../core/ids.js';
import type { Platform } from '../../../core/platforms.js';
import type { Executor } from '../../../db/connect.js';
import { readJson, writeJson } from '../../../db/dialect.js';
import { keysetPage } from '../../../db/paging.js';
import type { OperationContext } from '../../../operations/define.js';
import type { AppServices } from '../../../operations/services.js';
import { type Candidate, type Content, loadContent } from '../../generation/index.js';
import { getTenant, recordEvent } from '../../tenancy/index.js';
import { accountNotActive, findAccountOrThrow } from '../accounts/service.js';
import { openTokens } from '../accounts/vault.js';
import { isPlatformError } from '../platforms/errors.js';
import type { PreparedPost } from '../platforms/types.js';
import * as repo from '../repository.js';
import { adapterFor, httpFor, openSession } from '../runtime.js';
import { nextFreeSlot, type PostingSchedule } from '../schedule/slots.js';
import { parseWhen } from '../schedule/time-zone.js';
import type { Publication } from '../schemas.js';
import { bodyOf, partsOf, toAttempt, toPublication } from './view.js';

async function timeZoneOf(ctx: OperationContext): Promise<string> {
  return (await getTenant(ctx)).timeZone;
}

const publicationNotFound = (id: string) => notFound('publishing.publication_not_found', `publication ${id}`);

async function findPublicationOrThrow(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<repo.PublicationRow> {
  const row = await repo.findPublication(db, tenantId, id);
  if (!row) throw publicationNotFound(id);
  return row;
}

/** Enqueues the publication's next publish run (at `runAt`, or now) and makes it the one that counts. */
export async function enqueuePublish(
  app: AppServices,
  tx: Executor,
  row: repo.PublicationRow,
  runAt?: string,
): Promise<string> {
  const job = await app.queue.enqueue(
    tx,
    'publishing.publish',
    { publicationId: row.id },
    { tenantId: row.tenant_id, ...(runAt && runAt > app.clock.iso() ? { runAt } : {}) },
  );
  await repo.updatePublication(tx, row.tenant_id, row.id, { job_id: job.id });
  return job.id;
}

export async function enqueueReconcile(
  app: AppServices,
  tx: Executor,
  row: repo.PublicationRow,
  delayMs: number,
): Promise<string> {
  const job = await app.queue.enqueue(
    tx,
    'publishing.reconcile',
    { publicationId: row.id },
    { tenantId: row.tenant_id, ...(delayMs > 0 ? { delayMs } : {}) },
  );
  await repo.updatePublication(tx, row.tenant_id, row.id, { job_id: job.id });
  return job.id;
}

function pickCandidate(
  content: Content,
  platform: Platform,
  candidateIds: readonly string[] | undefined,
): Candidate {
  const own = content.candidates.filter((c) => c.platform === platform);
  if (candidateIds?.length) {
    const chosen = own.find((c) => candidateIds.includes(c.id));
    if (chosen) return chosen;
  }
  const top = [...own].sort((a, b) => a.rank - b.rank)[0];
  if (!top) {
    throw conflict(
      'publishing.no_candidate',
      `content ${content.id} has no ${platform} text; add one or leave the ${platform} account out`,
      { contentId: content.id, platform },
    );
  }
  return top;
}

export interface PublishInput {
  contentId: string;
  accountIds: string[];
  candidateIds?: string[] | undefined;
  at?: string | undefined;
}

type When = { kind: 'now' } | { kind: 'at'; value: string } | { kind: 'slot' };

/**
 * Creates one publication per account for the content (or returns the one that exists: publishing the
 * same content to the same account again changes nothing), each with its job, in one transaction.
 * Text the platform cannot take (an Instagram post without media) makes that publication `failed` with
 * the reason; the others go ahead.
 */
async function createPublications(
  ctx: OperationContext,
  input: PublishInput,
  when: When,
): Promise<{ publications: Publication[] }> {
  const app = ctx.app;
  const timeZone = await timeZoneOf(ctx);
  const accountIds = [...new Set(input.accountIds)];
  const rows = await app.db.tenant(ctx.tenantId, async (tx) => {
    const content = await loadContent(tx, ctx.tenantId, input.contentId);
    if (content.status !== 'approved') {
      throw conflict(
        'publishing.content_not_approved',
        `content ${content.id} is ${content.status}; approve it before publishing`,
        {
          contentId: content.id,
          status: content.status,
        },
      );
    }
    const accounts = [];
    for (const id of accountIds) {
      const account = await findAccountOrThrow(tx, ctx.tenantId, id);
      if (account.status !== 'active') throw accountNotActive(account);
      accounts.push(account);
    }
    const now = app.clock.iso();
    const out: repo.PublicationRow[] = [];
    for (const account of accounts) {
      const platform = account.platform as Platform;
      const key = `${content.id}:${account.id}`;
      const existing = await repo.findPublicationByKey(tx, ctx.tenantId, key);
      if (existing && existing.status !== 'cancelled') {
        out.push(existing);
        continue;
      }
      const candidate = pickCandidate(content, platform, input.candidateIds);
      let scheduledAt = now;
      if (when.kind === 'at') scheduledAt = parseWhen(when.value, timeZone).utc.toISOString();
      else if (when.kind === 'slot') scheduledAt = await slotFor(tx, account, timeZone, app.clock.nowMs());
      let body: PreparedPost;
      let failure: { code: string; message: string } | undefined;
      try {
        body = adapterFor(app, platform).prepare({ text: candidate.text, media: content.media });
      } catch (error) {
        if (!isPlatformError(error)) throw error;
        body = { parts: [{ text: candidate.text }], media: content.media, notes: [] };
        failure = { code: error.code, message: error.message };
      }
      const status = failure ? 'failed' : scheduledAt > now ? 'scheduled' : 'queued';
      const fields = {
        candidate_id: candidate.id,
        platform,
        status,
        body: writeJson(body),
        scheduled_at: scheduledAt,
        next_attempt_at: failure ? null : scheduledAt,
        attempts: 0,
        reconcile_checks: 0,
        platform_post_id: null,
        platform_parts: writeJson([]),
        url: null,
        error_code: failure?.code ?? null,
        error_message: failure?.message ?? null,
        job_id: null,
        requested_by: ctx.actor.id ?? ctx.actor.type,
        updated_at: now,
        published_at: null,
      };
      // The row as written, without reading it back: this transaction is the request's whole cost.
      const row: repo.PublicationRow = existing
        ? { ...existing, ...fields }
        : {
            id: newPrefixedId('pub'),
            tenant_id: ctx.tenantId,
            content_id: content.id,
            account_id: account.id,
            idempotency_key: key,
            created_at: now,
            ...fields,
          };
      if (existing) await repo.updatePublication(tx, ctx.tenantId, row.id, fields);
      else await repo.insertPublication(tx, row);
      if (failure) {
        await recordEvent(tx, {
          tenantId: ctx.tenantId,
          type: 'publishing.failed',
          subjectId: row.id,
          data: { platform, accountId: account.id, code: failure.code, message: failure.message },
          at: now,
        });
      } else {
        row.job_id = await enqueuePublish(app, tx, row, scheduledAt);
        await recordEvent(tx, {
          tenantId: ctx.tenantId,
          type: status === 'scheduled' ? 'publishing.scheduled' : 'publishing.queued',
          subjectId: row.id,
          data: { platform, accountId: account.id, contentId: content.id, scheduledAt },
          at: now,
        });
      }
      out.push(row);
    }
    return out;
  });
  return { publications: rows.map((r) => toPublication(r, timeZone)) };
}

/** The next free slot of an account's schedule, a minute from now at the earliest. */
async function slotFor(
  tx: Executor,
  account: repo.AccountRow,
  timeZone: string,
  nowMs: number,
): Promise<string> {
  const schedule = readJson<PostingSchedule | null>(account.schedule, null);
  if (!schedule || schedule.slots.length === 0) {
    throw conflict(
      'publishing.no_schedule',
      `account ${account.id} (${account.platform} ${account.name}) has no posting schedule; set one with accounts.set_schedule or give a time`,
      { accountId: account.id },
    );
  }
  const from = nowMs + 60_000;
  const taken = new Set(
    (await repo.takenTimes(tx, account.tenant_id, account.id, new Date(from).toISOString())).map((t) =>
      Date.parse(t),
    ),
  );
  const slot = nextFreeSlot(schedule, timeZone, from, taken);
  if (!slot) {
    throw conflict('publishing.no_free_slot', `account ${account.id} has no free slot in the next 60 days`, {
      accountId: account.id,
    });
  }
  return slot.toISOString();
}

export function publishContent(ctx: OperationContext, input: PublishInput) {
  return createPublications(ctx, input, input.at ? { kind: 'at', value: input.at } : { kind: 'now' });
}

export function scheduleContent(ctx: OperationContext, input: PublishInput) {
  return createPublications(ctx, input, input.at ? { kind: 'at', value: input.at } : { kind: 'slot' });
}

const waiting = ['scheduled', 'queued'];

/** Moves a publication that has not started to another time (or the account's next free slot). */
export async function reschedulePublication(
  ctx: OperationContext,
  id: string,
  at: string | undefined,
): Promise<Publication> {
  const app = ctx.app;
  const timeZone = await timeZoneOf(ctx);
  const row = await app.db.tenant(ctx.tenantId, async (tx) => {
    const pub = await findPublicationOrThrow(tx, ctx.tenantId, id);
    if (!waiting.includes(pub.status)) {
      throw conflict(
        'publishing.not_reschedulable',
        `publication ${id} is ${pub.status}; only scheduled or queued ones can be moved`,
        {
          status: pub.status,
        },
      );
    }
    const account = await findAccountOrThrow(tx, ctx.tenantId, pub.account_id);
    // The publication's own slot is free for it: take it out of the account's taken times.
    await repo.updatePublication(tx, ctx.tenantId, id, { scheduled_at: null });
    const scheduledAt = at
      ? parseWhen(at, timeZone).utc.toISOString()
      : await slotFor(tx, account, timeZone, app.clock.nowMs());
    const now = app.clock.iso();
    await repo.updatePublication(tx, ctx.tenantId, id, {
      status: scheduledAt > now ? 'scheduled' : 'queued',
      scheduled_at: scheduledAt,
      next_attempt_at: scheduledAt,
      updated_at: now,
    });
    await enqueuePublish(
      app,
      tx,
      (await repo.findPublication(tx, ctx.tenantId, id)) as repo.PublicationRow,
      scheduledAt,
    );
    await recordEvent(tx, {
      tenantId: ctx.tenantId,
      type: 'publishing.rescheduled',
      subjectId: id,
      data: { scheduledAt },
      at: now,
    });
    return {
      row: (await repo.findPublication(tx, ctx.tenantId, id)) as repo.PublicationRow,
      oldJob: pub.job_id,
    };
  });
  await cancelJob(app, ctx.tenantId, row.oldJob);
  return toPublication(row.row, timeZone);
}

/**
 * Drops the job a publication was waiting on, after the change that replaced it committed (the queue
 * has its own transaction). A job that already started finds it is no longer the publication's, and stops.
 */
async function cancelJob(app: AppServices, tenantId: string, jobId: string | null): Promise<void> {
  if (!jobId) return;
  try {
    await app.queue.cancel(jobId, { tenantId });
  } catch {
    // Running or gone: the handler checks that it is still the publication's job.
  }
}

export async function cancelPublication(ctx: OperationContext, id: string): Promise<Publication> {
  const app = ctx.app;
  const timeZone = await timeZoneOf(ctx);
  const row = await app.db.tenant(ctx.tenantId, async (tx) => {
    const pub = await findPublicationOrThrow(tx, ctx.tenantId, id);
    if (!waiting.includes(pub.status)) {
      throw conflict(
        'publishing.not_cancellable',
        pub.status === 'publishing'
          ? `publication ${id} is being published right now and cannot be stopped`
          : `publication ${id} is ${pub.status}; only scheduled or queued ones can be cancelled`,
        { status: pub.status },
      );
    }
    const now = app.clock.iso();
    await repo.updatePublication(
      tx,
      ctx.tenantId,
      id,
      { status: 'cancelled', job_id: null, next_attempt_at: null, updated_at: now },
      waiting,
    );
    await recordEvent(tx, {
      tenantId: ctx.tenantId,
      type: 'publishing.cancelled',
      subjectId: id,
      data: {},
      at: now,
    });
    return {
      row: (await repo.findPublication(tx, ctx.tenantId, id)) as repo.PublicationRow,
      oldJob: pub.job_id,
    };
  });
  await cancelJob(app, ctx.tenantId, row.oldJob);
  return toPublication(row.row, timeZone);
}

/**
 * Tries again: a failed publication is queued with fresh attempts (its text prepared again); an
 * unconfirmed one is checked on the account now — never re-posted without that check.
 */
export async function retryPublication(ctx: OperationContext, id: string): Promise<Publication> {
  const app = ctx.app;
  const timeZone = await timeZoneOf(ctx);
  const row = await app.db.tenant(ctx.tenantId, async (tx) => {
    const pub = await findPublicationOrThrow(tx, ctx.tenantId, id);
    const now = app.clock.iso();
    if (pub.status === 'unconfirmed') {
      await repo.updatePublication(tx, ctx.tenantId, id, {
        reconcile_checks: 0,
        next_attempt_at: now,
        updated_at: now,
      });
      await enqueueReconcile(app, tx, pub, 0);
    } else if (pub.status === 'failed') {
      const account = await findAccountOrThrow(tx, ctx.tenantId, pub.account_id);
      if (account.status !== 'active') throw accountNotActive(account);
      const content = await loadContent(tx, ctx.tenantId, pub.content_id);
      const candidate = content.candidates.find((c) => c.id === pub.candidate_id);
      if (!candidate)
        throw conflict(
          'publishing.no_candidate',
          `the candidate ${pub.candidate_id} is gone from content ${pub.content_id}`,
        );
      let body: PreparedPost;
      try {
        body = adapterFor(app, pub.platform as Platform).prepare({
          text: candidate.text,
          media: content.media,
        });
      } catch (error) {
        if (!isPlatformError(error)) throw error;
        throw new AppError(error.code, 422, error.message, error.details);
      }
      const done = partsOf(pub);
      await repo.updatePublication(
        tx,
        ctx.tenantId,
        id,
        {
          status: 'queued',
          // A thread that failed half-way keeps the parts that are out, and continues after them.
          body: writeJson(done.length > 0 ? bodyOf(pub) : body),
          attempts: 0,
          reconcile_checks: 0,
          error_code: null,
          error_message: null,
          next_attempt_at: now,
          updated_at: now,
        },
        ['failed'],
      );
      await enqueuePublish(app, tx, pub);
      await recordEvent(tx, {
        tenantId: ctx.tenantId,
        type: 'publishing.retried',
        subjectId: id,
        data: {},
        at: now,
      });
    } else {
      throw conflict(
        'publishing.not_retryable',
        `publication ${id} is ${pub.status}; only failed or unconfirmed ones can be retried`,
        {
          status: pub.status,
        },
      );
    }
    return (await repo.findPublication(tx, ctx.tenantId, id)) as repo.PublicationRow;
  });
  return toPublication(row, timeZone);
}

export interface ListInput {
  status?: string | undefined;
  accountId?: string | undefined;
  contentId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export async function listPublications(ctx: OperationContext, input: ListInput) {
  const timeZone = await timeZoneOf(ctx);
  const rows = await ctx.app.db.read(ctx.tenantId, (db) =>
    repo.listPublications(
      db,
      ctx.tenantId,
      {
        ...(input.status ? { statuses: [input.status] } : {}),
        ...(input.accountId ? { accountId: input.accountId } : {}),
        ...(input.contentId ? { contentId: input.contentId } : {}),
        ...(input.cursor ? { before: input.cursor } : {}),
      },
      input.limit + 1,
    ),
  );
  const { page, nextCursor } = keysetPage(rows, input.limit);
  return { publications: page.map((r) => toPublication(r, timeZone)), nextCursor };
}

export async function getPublication(ctx: OperationContext, id: string, withMetrics: boolean) {
  const app = ctx.app;
  const timeZone = await timeZoneOf(ctx);
  const { row, attempts, account } = await app.db.read(ctx.tenantId, async (db) => {
    const row = await findPublicationOrThrow(db, ctx.tenantId, id);
    const attempts = await repo.listAttempts(db, ctx.tenantId, [id]);
    const account = await repo.findAccount(db, ctx.tenantId, row.account_id);
    return { row, attempts, account };
  });
  let metrics = null;
  if (withMetrics && row.status === 'published' && row.platform_post_id && account?.status === 'active') {
    const adapter = adapterFor(app, row.platform as Platform);
    const tokens = await app.db.read(ctx.tenantId, (db) => openTokens(app.crypto, db, account));
    const session = await app.db.read(ctx.tenantId, (db) =>
      openSession(app, db, account, httpFor(app, adapter, []), tokens),
    );
    metrics = await adapter.metrics(session, row.platform_post_id);
  }
  return { ...toPublication(row, timeZone), attemptLog: attempts.map(toAttempt), metrics };
}

export interface CalendarInput {
  from?: string | undefined;
  to?: string | undefined;
  accountIds?: string[] | undefined;
  limit: number;
}

const DAY = 86_400_000;

/** Publications by time (published, scheduled or created), with local times, for a calendar view. */
export async function listCalendar(ctx: OperationContext, input: CalendarInput) {
  const app = ctx.app;
  const timeZone = await timeZoneOf(ctx);
  const now = app.clock.nowMs();
  const from = input.from
    ? parseWhen(input.from, timeZone).utc.toISOString()
    : new Date(now - 7 * DAY).toISOString();
  const to = input.to
    ? parseWhen(input.to, timeZone).utc.toISOString()
    : new Date(now + 30 * DAY).toISOString();
  if (to <= from) throw new AppError('publishing.invalid_range', 400, '`to` must be after `from`');
  const rows = await app.db.read(ctx.tenantId, (db) =>
    repo.listPublications(
      db,
      ctx.tenantId,
      {
        from,
        to,
        statuses: ['scheduled', 'queued', 'publishing', 'published', 'unconfirmed', 'failed'],
        ...(input.accountIds?.length ? { accountIds: input.accountIds } : {}),
      },
      input.limit,
    ),
  );
  return {
    timeZone,
    from,
    to,
    entries: rows.map((r) => {
      const p = toPublication(r, timeZone);
      return { ...p, at: r.published_at ?? r.scheduled_at ?? r.created_at };
    }),
  };
}
