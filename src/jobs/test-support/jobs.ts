/**
 * Job types used only by the queue's own tests (contract suite and crash worker), declared the same way
 * a module declares its jobs.
 */
import type { Db } from '../../db/connect.js';
import { writeJson } from '../../db/dialect.js';

declare module '../catalog.js' {
  interface JobCatalog {
    'test.work': { key: string };
    'test.other': { key: string };
    'test.crash': { markFile: string; releaseFile?: string };
  }
}

/** Creates tenant rows the tests' jobs can reference (jobs.tenant_id is a foreign key). */
export async function ensureTenants(db: Db, ids: readonly string[]): Promise<void> {
  const now = new Date().toISOString();
  await db.system(async (tx) => {
    for (const id of ids) {
      await tx
        .insertInto('tenants')
        .values({
          id,
          name: id,
          slug: id,
          time_zone: 'UTC',
          locale: 'en',
          plan: 'free',
          limits: writeJson({}),
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
  });
}

/**
 * Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. The
 * limit stops a wait that will never end; it is not a speed check: a child process that starts in 2 s
 * alone took more than 25 s on the shared 2-core machine with two suites running.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 90_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
