/**
 * One publish attempt once a place is held: a fresh token, the attempt written down before anything
 * goes out (and `sent_at` before each part that makes a post visible), the send, then its outcome
 * (outcome.ts).
 */
import { newId } from '../../../core/ids.js';
import type { Platform } from '../../../core/platforms.js';
import { writeJson } from '../../../db/dialect.js';
import type { JobContext } from '../../../jobs/queue.js';
import { refreshAccount, refreshLeadMs } from '../accounts/service.js';
import { openTokens } from '../accounts/vault.js';
import { limitKey, recordSignals } from '../limits/store.js';
import { isPlatformError } from '../platforms/errors.js';
import type { LimitSignal, PublishedPart } from '../platforms/types.js';
import * as repo from '../repository.js';
import { adapterFor, httpFor, openSession, type Publishing } from '../runtime.js';
import { settleAttempt } from './outcome.js';
import { fail } from './transitions.js';
import { bodyOf, partsOf } from './view.js';

export async function attempt(
  p: Publishing,
  pub: repo.PublicationRow,
  accountRow: repo.AccountRow,
  job: JobContext,
): Promise<void> {
  const app = p.app;
  const tenantId = pub.tenant_id;
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
  await recordSignals(p.limits, platform, account.id, signals);
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
  await settleAttempt(p, { pub, accountId: account.id, adapter, attemptId }, { result, failure });
}
