/**
 * The `publishing.reconcile` job: an unconfirmed publication (sent, no definite answer) is looked for
 * among the account's recent posts before anything is sent again. Found: published. Absent at every
 * check: sending again is safe. Unreadable: checked again later, or left for a person.
 */
import { newId } from '../../../core/ids.js';
import type { Platform } from '../../../core/platforms.js';
import { writeJson } from '../../../db/dialect.js';
import type { JobContext } from '../../../jobs/queue.js';
import { markReconnectNeeded } from '../accounts/service.js';
import { limitKey, recordSignals } from '../limits/store.js';
import { isPlatformError, PlatformError } from '../platforms/errors.js';
import type { LimitSignal, RemotePost } from '../platforms/types.js';
import * as repo from '../repository.js';
import { adapterFor, httpFor, openSession, type Publishing } from '../runtime.js';
import { textFingerprint } from './fingerprint.js';
import { enqueuePublish, enqueueReconcile } from './service.js';
import { fail, markPublished } from './transitions.js';
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
      await recordSignals(p.limits, platform, account.id, signals);
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
