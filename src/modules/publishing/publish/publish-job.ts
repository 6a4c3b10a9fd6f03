/**
 * The `publishing.publish` job up to the attempt: is this job still the publication's (and did an
 * earlier run stop half-way), then the gates that wait instead of failing — spent budgets, the daily
 * cap, a place among the platform's publications in flight — held for as long as the attempt runs.
 */
import type { Platform } from '../../../core/platforms.js';
import type { JobContext } from '../../../jobs/queue.js';
import { limitKey } from '../limits/store.js';
import * as repo from '../repository.js';
import type { Publishing } from '../runtime.js';
import { attempt } from './attempt.js';
import { fail, finishAttempt, makeUnconfirmed, markPublished, requeue } from './transitions.js';
import { bodyOf, partsOf } from './view.js';

interface Loaded {
  pub: repo.PublicationRow;
  account: repo.AccountRow;
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
