import type { Platform } from '../../core/platforms.js';
import type { JobHandlers } from '../../jobs/queue.js';
import { defineSchedule, type Schedule } from '../../jobs/schedule.js';
import type { AppServices } from '../../operations/services.js';
import { refreshAccount, refreshLeadMs } from './accounts/service.js';
import { runPublish } from './publish/publish-job.js';
import { runReconcile } from './publish/reconcile-job.js';
import * as repo from './repository.js';
import { publishingRuntime } from './runtime.js';

declare module '../../jobs/catalog.js' {
  interface JobCatalog {
    'publishing.publish': { publicationId: string };
    'publishing.reconcile': { publicationId: string };
    'publishing.token_refresh': { accountId: string };
    'publishing.token_refresh_scan': Record<string, never>;
  }
}

/** The longest refresh lead of any platform: accounts expiring within it are looked at. */
const SCAN_HORIZON_MS = 7 * 86_400_000;

/**
 * The publishing jobs. The publish and reconcile handlers own their retries (the state machine in
 * publish/ — an attempt's outcome.ts and reconcile-job.ts — decides what is safe to retry and enqueues
 * the next step itself); the queue's own retries only cover failures of ours (the database), after
 * which the state machine picks up where the attempt log says it stopped.
 */
export function publishingJobHandlers(app: AppServices): JobHandlers {
  const p = publishingRuntime(app);
  const ours = { maxAttempts: 10, backoffBaseMs: 2_000, backoffMaxMs: 120_000, jitter: 0.5 };
  return {
    'publishing.publish': { retry: ours, run: (payload, ctx) => runPublish(p, payload.publicationId, ctx) },
    'publishing.reconcile': {
      retry: ours,
      run: (payload, ctx) => runReconcile(p, payload.publicationId, ctx),
    },
    'publishing.token_refresh': {
      retry: { maxAttempts: 5, backoffBaseMs: 30_000, backoffMaxMs: 600_000, jitter: 0.5 },
      async run(payload, ctx) {
        const outcome = await refreshAccount(p, ctx.tenantId as string, payload.accountId);
        // Another worker is refreshing this account right now: run again shortly to see its result.
        if (outcome === 'busy')
          throw new Error(`account ${payload.accountId} is being refreshed by another worker`);
      },
    },
    'publishing.token_refresh_scan': {
      retry: { maxAttempts: 2, backoffBaseMs: 30_000, backoffMaxMs: 60_000, jitter: 0.5 },
      run: async () => {
        await scanExpiringTokens(app);
      },
    },
  };
}

/** Enqueues a refresh for every account whose token is due (once per token: the key names its expiry). */
export async function scanExpiringTokens(app: AppServices): Promise<number> {
  const now = app.clock.nowMs();
  const due = await app.db.system((tx) =>
    repo.accountsExpiringBefore(tx, new Date(now + SCAN_HORIZON_MS).toISOString(), 1000),
  );
  let enqueued = 0;
  for (const account of due) {
    const row = await app.db.read(account.tenant_id, (db) =>
      repo.findAccount(db, account.tenant_id, account.id),
    );
    if (!row?.token_expires_at) continue;
    if (Date.parse(row.token_expires_at) - now > refreshLeadMs(row.platform as Platform)) continue;
    await app.db.tenant(account.tenant_id, (tx) =>
      app.queue.enqueue(
        tx,
        'publishing.token_refresh',
        { accountId: account.id },
        { tenantId: account.tenant_id, idempotencyKey: `refresh:${account.id}:${row.token_expires_at}` },
      ),
    );
    enqueued++;
  }
  return enqueued;
}

export function publishingSchedules(): Schedule[] {
  return [
    defineSchedule({
      name: 'publishing.token_refresh_scan',
      job: 'publishing.token_refresh_scan',
      everyMs: 5 * 60_000,
      payload: () => ({}),
    }),
  ];
}
