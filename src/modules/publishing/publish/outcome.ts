/**
 * The end of a publish attempt: what the platform's answer means for the publication — published,
 * look on the account first (sent without proof), wait for a spent budget, renew a refused token, retry
 * with backoff, or fail — written with the job its next step needs in one transaction, so a worker that
 * stops half-way leaves either the old state or the new one.
 */
import type { Platform } from '../../../core/platforms.js';
import { backoffDelay } from '../../../jobs/retry.js';
import { markReconnectNeeded } from '../accounts/service.js';
import { openTokens } from '../accounts/vault.js';
import { isPlatformError } from '../platforms/errors.js';
import type { PlatformAdapter, PublishedPart } from '../platforms/types.js';
import * as repo from '../repository.js';
import type { Publishing } from '../runtime.js';
import { fail, finishAttempt, makeUnconfirmed, markPublished, requeue } from './transitions.js';

export async function settleAttempt(
  p: Publishing,
  attempt: { pub: repo.PublicationRow; accountId: string; adapter: PlatformAdapter; attemptId: string },
  sent: { result: { parts: PublishedPart[] } | undefined; failure: unknown },
): Promise<void> {
  const app = p.app;
  const { pub, accountId, adapter, attemptId } = attempt;
  const { result, failure } = sent;
  const tenantId = pub.tenant_id;
  const settings = app.config.publishing;
  const platform = pub.platform as Platform;
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
      const row = (await repo.findAccount(tx, tenantId, accountId)) as repo.AccountRow;
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
