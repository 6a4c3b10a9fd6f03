/**
 * The publication state machine's moves, used by the `publishing.publish` job (publish-job.ts,
 * attempt.ts, outcome.ts) and the `publishing.reconcile` job (reconcile-job.ts). Each move writes the
 * row, its event and the job the next step needs inside the caller's transaction.
 *
 *   scheduled/queued ──▶ publishing ──▶ published
 *                              │ ├──▶ queued (a safe retry: backoff with jitter; or a spent budget: its reset)
 *                              │ ├──▶ failed (permanent, invalid media, attempts spent, account needs reconnecting)
 *                              │ └──▶ unconfirmed (sent, no definite answer) ──reconcile──▶ published | queued | failed
 *
 * Nothing is posted twice: the moment before the call that makes a post visible is written down
 * (`sent_at`), so after a timeout, a lost answer or a worker killed mid-call the outcome is looked up on
 * the account (its recent posts) before anything is sent again. Only an answer that proves nothing was
 * created (refused, never sent, rate-limited) or a post confirmed absent on the account is retried.
 */

import type { Executor } from '../../../db/connect.js';
import { writeJson } from '../../../db/dialect.js';
import type { AppServices } from '../../../operations/services.js';
import { recordEvent } from '../../tenancy/index.js';
import type { PublishedPart } from '../platforms/types.js';
import * as repo from '../repository.js';
import { enqueuePublish, enqueueReconcile } from './service.js';

export async function finishAttempt(
  tx: Executor,
  tenantId: string,
  attemptId: string,
  nowIso: string,
  outcome: string,
  error?: { code: string; message: string; httpStatus?: number | undefined; retryAt?: string | undefined },
): Promise<void> {
  await repo.updateAttempt(tx, tenantId, attemptId, {
    finished_at: nowIso,
    outcome,
    error_code: error?.code ?? null,
    error_message: error?.message.slice(0, 2000) ?? null,
    http_status: error?.httpStatus ?? null,
    retry_at: error?.retryAt ?? null,
  });
}

async function event(
  tx: Executor,
  pub: repo.PublicationRow,
  type: string,
  at: string,
  data: Record<string, unknown> = {},
) {
  await recordEvent(tx, {
    tenantId: pub.tenant_id,
    type,
    subjectId: pub.id,
    data: { platform: pub.platform, accountId: pub.account_id, contentId: pub.content_id, ...data },
    at,
  });
}

export async function fail(
  app: AppServices,
  tx: Executor,
  pub: repo.PublicationRow,
  code: string,
  message: string,
): Promise<void> {
  const now = app.clock.iso();
  await repo.updatePublication(tx, pub.tenant_id, pub.id, {
    status: 'failed',
    error_code: code,
    error_message: message.slice(0, 2000),
    next_attempt_at: null,
    job_id: null,
    updated_at: now,
  });
  await event(tx, pub, 'publishing.failed', now, { code, message });
}

/** Waits a publication (no attempt spent) and runs it again at `at`. */
export async function requeue(
  app: AppServices,
  tx: Executor,
  pub: repo.PublicationRow,
  at: string,
  reason: string,
) {
  await repo.updatePublication(tx, pub.tenant_id, pub.id, {
    status: pub.status === 'scheduled' ? 'scheduled' : 'queued',
    next_attempt_at: at,
    error_code: null,
    error_message: reason,
    updated_at: app.clock.iso(),
  });
  await enqueuePublish(app, tx, pub, at);
}

export async function makeUnconfirmed(
  app: AppServices,
  tx: Executor,
  pub: repo.PublicationRow,
  code: string,
  message: string,
  delayMs: number,
) {
  const now = app.clock.iso();
  await repo.updatePublication(tx, pub.tenant_id, pub.id, {
    status: 'unconfirmed',
    error_code: code,
    error_message: message.slice(0, 2000),
    next_attempt_at: new Date(app.clock.nowMs() + delayMs).toISOString(),
    updated_at: now,
  });
  await event(tx, pub, 'publishing.unconfirmed', now, { code, message });
  await enqueueReconcile(app, tx, pub, delayMs);
}

export async function markPublished(
  app: AppServices,
  tx: Executor,
  pub: repo.PublicationRow,
  parts: PublishedPart[],
  how: string,
) {
  const now = app.clock.iso();
  const first = parts[0] as PublishedPart;
  await repo.updatePublication(tx, pub.tenant_id, pub.id, {
    status: 'published',
    platform_post_id: first.id,
    platform_parts: writeJson(parts),
    url: first.url,
    error_code: null,
    error_message: null,
    next_attempt_at: null,
    job_id: null,
    published_at: pub.published_at ?? now,
    updated_at: now,
  });
  await event(tx, pub, 'publishing.published', now, { postId: first.id, url: first.url, how });
}
