/**
 * The publication state machine, run by the `publishing.publish` and `publishing.reconcile` jobs.
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

import { newId } from '../../../core/ids.js';
import type { Platform } from '../../../core/platforms.js';
import type { Executor } from '../../../db/connect.js';
import { writeJson } from '../../../db/dialect.js';
import type { JobContext } from '../../../jobs/queue.js';
import { backoffDelay } from '../../../jobs/retry.js';
import type { AppServices } from '../../../operations/services.js';
import { recordEvent } from '../../tenancy/index.js';
import { markReconnectNeeded, refreshAccount, refreshLeadMs } from '../accounts/service.js';
import { openTokens } from '../accounts/vault.js';
import { limitKey } from '../limits/store.js';
import { isPlatformError, PlatformError } from '../platforms/errors.js';
import type { LimitSignal, PublishedPart, RemotePost } from '../platforms/types.js';
import * as repo from '../repository.js';
import { adapterFor, httpFor, openSession, type Publishing } from '../runtime.js';
import { textFingerprint } from './fingerprint.js';
import { enqueuePublish, enqueueReconcile } from './service.js';
import { bodyOf, partsOf } from './view.js';

/** Checks of an account that must find the post absent before it is sent again (platforms list new posts late). */
const ABSENT_CHECKS = 2;
/** Checks that could not read the account at all before the publication is left unconfirmed for a person. */
const MAX_RECONCILE_CHECKS = 8;
/**
 * A reconcile reads the account's posts from a day before the send: our clock and the platform's may
 * disagree, and missing our own post for that reason would re-send it. Older look-alikes cannot be taken
 * for ours: the posts our other publications own are excluded, and the platforms refuse identical text
 * within a day anyway.
 */
const READ_BACK_MS = 86_400_000;

interface Loaded {
  pub: repo.PublicationRow;
  account: repo.AccountRow;
}

async function finishAttempt(
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

async function fail(
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
async function requeue(app: AppServices, tx: Executor, pub: repo.PublicationRow, at: string, reason: string) {
  await repo.updatePublication(tx, pub.tenant_id, pub.id, {
    status: pub.status === 'scheduled' ? 'scheduled' : 'queued',
    next_attempt_at: at,
    error_code: null,
    error_message: reason,
    updated_at: app.clock.iso(),
  });
  await enqueuePublish(app, tx, pub, at);
}

async function makeUnconfirmed(
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

async function markPublished(
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

async function recordSignals(
  p: Publishing,
  platform: string,
  accountId: string,
  signals: LimitSignal[],
): Promise<void> {
  for (const s of signals)
    await p.limits.block(limitKey(platform, s.scope, accountId, s.lane), s.until, s.reason);
}

/** The `publishing.publish` job: one attempt, or a wait, for one publication. */
export async function runPublish(p: Publishing, publicationId: string, job: JobContext): Promise<void> {
  const app = p.app;
  const tenantId = job.tenantId as string;
  const settings = app.config.publishing;

  // 1. Is this job still the publication's, and did an earlier run stop half-way? A read answers the
  // usual case; a run that stopped half-way, or an account that cannot publish, needs the write below.
  const quick = await app.db.read(tenantId, async (db): Promise<Loaded | 'skip' | 'write'> => {
    const pub = await repo.findPublication(db, tenantId, publicationId);
    if (!pub || pub.job_id !== job.id || !['scheduled', 'queued', 'publishing'].includes(pub.status))
      return 'skip';
    if (pub.status === 'publishing') return 'write';
    const account = await repo.findAccount(db, tenantId, pub.account_id);
    return account?.status === 'active' ? { pub, account } : 'write';
  });
  if (quick === 'skip') return;
  const loaded =
    quick !== 'write'
      ? quick
      : await app.db.tenant(tenantId, async (tx): Promise<Loaded | undefined> => {
          const pub = await repo.findPublication(tx, tenantId, publicationId);
          if (!pub || pub.job_id !== job.id) return undefined;
          if (!['scheduled', 'queued', 'publishing'].includes(pub.status)) return undefined;
          const now = app.clock.iso();
          if (pub.status === 'publishing') {
            const last = await repo.lastAttempt(tx, tenantId, pub.id);
            if (last && !last.finished_at) {
              const body = bodyOf(pub);
              if (partsOf(pub).length >= body.parts.length && body.parts.length > 0) {
                await finishAttempt(tx, tenantId, last.id, now, 'published');
                await markPublished(app, tx, pub, partsOf(pub), 'recorded before the worker stopped');
                return undefined;
              }
              if (last.sent_at) {
                await finishAttempt(tx, tenantId, last.id, now, 'unconfirmed', {
                  code: 'publishing.interrupted',
                  message: 'the worker stopped after sending; the outcome is checked on the account',
                });
                await makeUnconfirmed(
                  app,
                  tx,
                  pub,
                  'publishing.interrupted',
                  'the worker stopped after the post was sent; checking the account',
                  settings.reconcileDelayMs,
                );
                return undefined;
              }
              await finishAttempt(tx, tenantId, last.id, now, 'interrupted', {
                code: 'publishing.interrupted',
                message: 'the worker stopped before anything was sent',
              });
            }
          }
          const account = await repo.findAccount(tx, tenantId, pub.account_id);
          if (account?.status !== 'active') {
            await fail(
              app,
              tx,
              pub,
              'publishing.account_not_active',
              account?.status === 'reconnect_needed'
                ? `the account needs reconnecting (${account.status_reason ?? 'token no longer valid'}); reconnect it, then retry`
                : 'the account was disconnected',
            );
            return undefined;
          }
          return { pub, account };
        });
  if (!loaded) return;
  const { pub, account } = loaded;
  const platform = pub.platform as Platform;

  // 2. Gates that wait instead of failing: spent budgets, the daily cap, the platform's concurrency.
  const blockedUntil = await p.limits.blockedUntil([
    limitKey(platform, 'account', account.id, 'publish'),
    limitKey(platform, 'platform', account.id, 'publish'),
  ]);
  if (blockedUntil) {
    await app.db.tenant(tenantId, (tx) =>
      requeue(app, tx, pub, blockedUntil, `waiting for the ${platform} budget to reset at ${blockedUntil}`),
    );
    return;
  }
  const cap = settings.dailyCaps[platform];
  const dayAgo = new Date(app.clock.nowMs() - 86_400_000).toISOString();
  const recent = await app.db.read(tenantId, (db) =>
    repo.publishedTimesSince(db, tenantId, account.id, dayAgo),
  );
  if (recent.length >= cap) {
    const oldest = recent[recent.length - cap] as string;
    const at = new Date(Date.parse(oldest) + 86_400_000 + 1000).toISOString();
    await app.db.tenant(tenantId, (tx) =>
      requeue(
        app,
        tx,
        pub,
        at,
        `${cap} posts in 24 hours on this account (PUBLISHING_DAILY_CAPS); next at ${at}`,
      ),
    );
    return;
  }
  const holder = `${pub.id}:${job.id}`;
  // A place is held as long as a job lease: a worker that dies frees its places as soon as its jobs are
  // taken over; a live one renews them while it works.
  const ttl = Math.max(5_000, app.config.jobs.leaseMs);
  const take = () => p.limits.acquire(`platform:${platform}`, settings.concurrency, holder, ttl);
  let slot = await take();
  for (let i = 0; !slot && i < 10; i++) {
    await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 200)));
    slot = await take();
  }
  if (!slot) {
    const at = new Date(app.clock.nowMs() + 1000 + Math.floor(Math.random() * 2000)).toISOString();
    await app.db.tenant(tenantId, (tx) =>
      requeue(
        app,
        tx,
        pub,
        at,
        `${settings.concurrency} ${platform} publications in flight; waiting for a place`,
      ),
    );
    return;
  }

  const renew = setInterval(() => {
    take().catch((error: unknown) =>
      job.logger.warn({ err: (error as Error).message }, 'could not renew a publishing place'),
    );
  }, ttl / 3);
  renew.unref();
  try {
    await attempt(p, pub, account, job);
  } finally {
    clearInterval(renew);
    await p.limits.release(`platform:${platform}`, holder);
  }
}

async function attempt(
  p: Publishing,
  pub: repo.PublicationRow,
  accountRow: repo.AccountRow,
  job: JobContext,
): Promise<void> {
  const app = p.app;
  const tenantId = pub.tenant_id;
  const settings = app.config.publishing;
  const platform = pub.platform as Platform;
  const adapter = adapterFor(app, platform);

  // 3. A fresh token: renew it first when it expires soon.
  let account = accountRow;
  const expires = account.token_expires_at ? Date.parse(account.token_expires_at) : undefined;
  if (expires !== undefined && expires - app.clock.nowMs() < Math.min(refreshLeadMs(platform), 5 * 60_000)) {
    const outcome = await refreshAccount(p, tenantId, account.id, { force: true });
    if (outcome === 'reconnect_needed') {
      await app.db.tenant(tenantId, async (tx) => {
        const current = (await repo.findPublication(tx, tenantId, pub.id)) as repo.PublicationRow;
        await fail(
          app,
          tx,
          current,
          'publishing.auth_expired',
          'the account token expired and could not be renewed; reconnect the account, then retry',
        );
      });
      return;
    }
    account = (await app.db.read(tenantId, (db) =>
      repo.findAccount(db, tenantId, account.id),
    )) as repo.AccountRow;
  }

  // 4. The attempt starts (written before anything goes out).
  const attemptId = newId();
  const started = await app.db.tenant(tenantId, async (tx) => {
    const moved = await repo.updatePublication(
      tx,
      tenantId,
      pub.id,
      {
        status: 'publishing',
        attempts: pub.attempts + 1,
        next_attempt_at: null,
        updated_at: app.clock.iso(),
      },
      ['scheduled', 'queued', 'publishing'],
    );
    if (!moved) return false;
    await repo.insertAttempt(tx, {
      id: attemptId,
      tenant_id: tenantId,
      publication_id: pub.id,
      number: ((await repo.lastAttempt(tx, tenantId, pub.id))?.number ?? 0) + 1,
      kind: 'publish',
      started_at: app.clock.iso(),
      sent_at: null,
      sent_part: null,
      finished_at: null,
      outcome: null,
      error_code: null,
      error_message: null,
      http_status: null,
      retry_at: null,
    });
    return true;
  });
  if (!started) return;

  const signals: LimitSignal[] = [];
  const body = bodyOf(pub);
  let result: { parts: PublishedPart[] } | undefined;
  let failure: unknown;
  try {
    const tokens = await app.db.read(tenantId, (db) => openTokens(app.crypto, db, account));
    const session = await app.db.read(tenantId, (db) =>
      openSession(app, db, account, httpFor(app, adapter, signals, job.signal), tokens),
    );
    result = await adapter.publish(session, body, {
      done: partsOf(pub),
      beforeSend: async (index) => {
        await app.db.tenant(tenantId, (tx) =>
          repo.updateAttempt(tx, tenantId, attemptId, { sent_at: app.clock.iso(), sent_part: index }),
        );
      },
      published: async (index, part) => {
        await app.db.tenant(tenantId, async (tx) => {
          const current = (await repo.findPublication(tx, tenantId, pub.id)) as repo.PublicationRow;
          const parts = partsOf(current);
          parts[index] = part;
          await repo.updatePublication(tx, tenantId, pub.id, {
            platform_parts: writeJson(parts),
            platform_post_id: parts[0]?.id ?? part.id,
            url: parts[0]?.url ?? part.url,
          });
        });
      },
    });
  } catch (error) {
    failure = error;
  }
  await recordSignals(p, platform, account.id, signals);
  if (isPlatformError(failure) && failure.kind === 'rate_limited' && failure.retryAt) {
    // Later publications to this account wait for the reset too (outside the transaction below: the
    // limit store has its own).
    await p.limits.block(
      limitKey(platform, 'account', account.id, 'publish'),
      failure.retryAt,
      failure.message,
    );
  }

  // 5. The outcome, with the job its next step needs, in one transaction.
  await app.db.tenant(tenantId, async (tx) => {
    const current = (await repo.findPublication(tx, tenantId, pub.id)) as repo.PublicationRow;
    const now = app.clock.iso();
    if (result) {
      await finishAttempt(tx, tenantId, attemptId, now, 'published');
      await markPublished(app, tx, current, result.parts, 'answered');
      return;
    }
    if (!isPlatformError(failure)) {
      // Our own failure (the database, a bug): the queue runs the job again, which finds this attempt
      // unfinished and knows from sent_at whether to check the account first.
      throw failure;
    }
    const e = failure;
    const info = { code: e.code, message: e.message, httpStatus: e.httpStatus, retryAt: e.retryAt };
    const sent = (await repo.lastAttempt(tx, tenantId, pub.id))?.sent_at !== null;
    if (e.delivery === 'unknown' || (sent && e.kind === 'duplicate')) {
      // Sent, and no proof either way (or the platform says it already has this text): look before anything else.
      await finishAttempt(tx, tenantId, attemptId, now, 'unconfirmed', info);
      const delay = e.kind === 'duplicate' ? 0 : settings.reconcileDelayMs;
      await makeUnconfirmed(
        app,
        tx,
        current,
        e.kind === 'duplicate' ? 'publishing.duplicate' : e.code,
        e.message,
        delay,
      );
      return;
    }
    if (e.kind === 'rate_limited') {
      // Refused by a spent budget: nothing was created, and waiting does not use up an attempt.
      const at = e.retryAt ?? new Date(app.clock.nowMs() + 60_000).toISOString();
      await finishAttempt(tx, tenantId, attemptId, now, 'rate_limited', info);
      await repo.updatePublication(tx, tenantId, pub.id, { attempts: current.attempts - 1 });
      await requeue(app, tx, { ...current, status: 'queued' }, at, `rate limited by ${platform} until ${at}`);
      return;
    }
    if (e.kind === 'auth_expired') {
      await finishAttempt(tx, tenantId, attemptId, now, 'failed', info);
      const row = (await repo.findAccount(tx, tenantId, account.id)) as repo.AccountRow;
      const tokens = await openTokens(app.crypto, tx, row);
      if (tokens?.refreshToken && adapter.refresh && current.attempts < settings.maxAttempts) {
        // Renew and try again at once (the token was revoked early or expired between checks).
        await repo.updateAccount(tx, tenantId, row.id, {
          token_expires_at: new Date(app.clock.nowMs() - 1000).toISOString(),
        });
        await requeue(app, tx, { ...current, status: 'queued' }, now, 'the token was refused; renewing it');
        return;
      }
      await markReconnectNeeded(app, tx, row, `${platform} refused the token: ${e.message}`);
      await fail(app, tx, current, e.code, `${e.message}; reconnect the account, then retry`);
      return;
    }
    if (e.kind === 'transient' && current.attempts < settings.maxAttempts) {
      const delay = backoffDelay(
        {
          maxAttempts: settings.maxAttempts,
          backoffBaseMs: settings.retryBaseMs,
          backoffMaxMs: settings.retryBaseMs * 64,
          jitter: 0.5,
        },
        current.attempts,
      );
      const at = new Date(app.clock.nowMs() + delay).toISOString();
      await finishAttempt(tx, tenantId, attemptId, now, 'retry', { ...info, retryAt: at });
      await requeue(app, tx, { ...current, status: 'queued' }, at, `${e.message}; trying again at ${at}`);
      return;
    }
    await finishAttempt(tx, tenantId, attemptId, now, 'failed', info);
    await fail(
      app,
      tx,
      current,
      e.code,
      e.kind === 'transient' ? `${e.message} (after ${current.attempts} attempts)` : e.message,
    );
  });
}

/** Matches the parts not yet known against the account's posts, in order; the ids found. */
function matchParts(
  texts: string[],
  from: number,
  posts: RemotePost[],
  known: ReadonlySet<string>,
): RemotePost[] {
  const found: RemotePost[] = [];
  const used = new Set(known);
  for (let i = from; i < texts.length; i++) {
    const want = textFingerprint(texts[i] as string);
    const hit = posts
      .filter((post) => !used.has(post.id) && textFingerprint(post.text) === want)
      .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''))[0];
    if (!hit) break;
    used.add(hit.id);
    found.push(hit);
  }
  return found;
}

/** The `publishing.reconcile` job: looks for an unconfirmed publication's post on the account. */
export async function runReconcile(p: Publishing, publicationId: string, job: JobContext): Promise<void> {
  const app = p.app;
  const tenantId = job.tenantId as string;
  const settings = app.config.publishing;
  const loaded = await app.db.read(tenantId, async (db) => {
    const pub = await repo.findPublication(db, tenantId, publicationId);
    if (!pub || pub.job_id !== job.id || pub.status !== 'unconfirmed') return undefined;
    const account = await repo.findAccount(db, tenantId, pub.account_id);
    const attempts = await repo.listAttempts(db, tenantId, [pub.id]);
    const firstSent =
      attempts
        .map((a) => a.sent_at)
        .filter((s): s is string => s !== null)
        .sort()[0] ?? pub.created_at;
    const since = new Date(Date.parse(firstSent) - READ_BACK_MS).toISOString();
    // Posts our other publications own are never this one's, however alike their text.
    const claimed = await repo.claimedPostIds(db, tenantId, pub.account_id, pub.id, since);
    return { pub, account, attempts, since, claimed };
  });
  if (!loaded) return;
  const { pub, account, attempts, since, claimed } = loaded;
  const platform = pub.platform as Platform;
  const number = (attempts.at(-1)?.number ?? 0) + 1;
  const startedAt = app.clock.iso();

  const done = partsOf(pub);
  const texts = bodyOf(pub).parts.map((part) => part.text);
  let posts: RemotePost[] | undefined;
  let readError: PlatformError | undefined;
  if (account?.status !== 'active') {
    readError = new PlatformError({
      platform,
      kind: 'auth_expired',
      delivery: 'not_sent',
      message: 'the account is not connected',
    });
  } else {
    const blocked = await p.limits.blockedUntil([
      limitKey(platform, 'account', account.id, 'read'),
      limitKey(platform, 'platform', account.id, 'read'),
    ]);
    if (blocked) {
      readError = new PlatformError({
        platform,
        kind: 'rate_limited',
        delivery: 'not_sent',
        message: 'read budget spent',
        retryAt: blocked,
      });
    } else {
      const signals: LimitSignal[] = [];
      const adapter = adapterFor(app, platform);
      try {
        const session = await app.db.read(tenantId, (db) =>
          openSession(app, db, account, httpFor(app, adapter, signals, job.signal)),
        );
        posts = await adapter.recentPosts(session, since);
      } catch (error) {
        if (!isPlatformError(error)) throw error;
        readError = error;
      }
      await recordSignals(p, platform, account.id, signals);
    }
  }

  await app.db.tenant(tenantId, async (tx) => {
    const current = await repo.findPublication(tx, tenantId, pub.id);
    if (!current || current.job_id !== job.id || current.status !== 'unconfirmed') return;
    const now = app.clock.iso();
    const log = async (
      outcome: string,
      error?: { code: string; message: string; retryAt?: string | undefined },
    ) => {
      await repo.insertAttempt(tx, {
        id: newId(),
        tenant_id: tenantId,
        publication_id: pub.id,
        number,
        kind: 'reconcile',
        started_at: startedAt,
        sent_at: null,
        sent_part: null,
        finished_at: now,
        outcome,
        error_code: error?.code ?? null,
        error_message: error?.message ?? null,
        http_status: null,
        retry_at: error?.retryAt ?? null,
      });
    };
    const checks = current.reconcile_checks + 1;

    if (readError) {
      await log('unreadable', {
        code: readError.code,
        message: readError.message,
        retryAt: readError.retryAt,
      });
      if (readError.kind === 'auth_expired' && account)
        await markReconnectNeeded(app, tx, account, readError.message);
      if (
        checks >= MAX_RECONCILE_CHECKS ||
        readError.kind === 'auth_expired' ||
        readError.kind === 'permanent'
      ) {
        await repo.updatePublication(tx, tenantId, pub.id, {
          reconcile_checks: checks,
          error_message: `could not check the account (${readError.message}); look at the account, then use posts.retry to check again`,
          next_attempt_at: null,
          job_id: null,
          updated_at: now,
        });
        return;
      }
      const delay = readError.retryAt
        ? Math.max(0, Date.parse(readError.retryAt) - app.clock.nowMs())
        : settings.reconcileDelayMs * 2 ** Math.min(checks, 6);
      await repo.updatePublication(tx, tenantId, pub.id, {
        reconcile_checks: checks,
        next_attempt_at: new Date(app.clock.nowMs() + delay).toISOString(),
        updated_at: now,
      });
      await enqueueReconcile(app, tx, current, delay);
      return;
    }

    const found = matchParts(
      texts,
      done.length,
      posts ?? [],
      new Set([...claimed, ...done.map((d) => d.id)]),
    );
    const parts = [...done, ...found.map((f) => ({ id: f.id, url: f.url }))];
    if (parts.length >= texts.length) {
      await log('found');
      await markPublished(app, tx, current, parts, 'found on the account');
      return;
    }
    if (found.length > 0) {
      await repo.updatePublication(tx, tenantId, pub.id, {
        platform_parts: writeJson(parts),
        platform_post_id: parts[0]?.id ?? null,
        url: parts[0]?.url ?? null,
      });
    }
    await log('absent');
    if (current.error_code === 'publishing.duplicate') {
      await fail(
        app,
        tx,
        current,
        'publishing.duplicate',
        `${platform} refused the post as a duplicate of one already on the account, and that post is not one of ours; change the text to publish it`,
      );
      return;
    }
    if (checks < ABSENT_CHECKS) {
      await repo.updatePublication(tx, tenantId, pub.id, {
        reconcile_checks: checks,
        next_attempt_at: new Date(app.clock.nowMs() + settings.reconcileDelayMs).toISOString(),
        updated_at: now,
      });
      await enqueueReconcile(app, tx, current, settings.reconcileDelayMs);
      return;
    }
    // Absent at every check: the post was not created, so sending it again is safe.
    if (current.attempts >= settings.maxAttempts) {
      await fail(
        app,
        tx,
        current,
        'publishing.not_published',
        `not on the account after ${current.attempts} attempts: ${current.error_message ?? ''}`,
      );
      return;
    }
    await repo.updatePublication(tx, tenantId, pub.id, {
      status: 'queued',
      reconcile_checks: 0,
      error_message: `not on the account after ${checks} checks; sending again`,
      updated_at: now,
    });
    await enqueuePublish(app, tx, { ...current, status: 'queued' });
  });
}
