import type { Insertable } from 'kysely';
import { AppError } from '../core/errors.js';
import type { Db, Executor } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { NormalizedJob } from './enqueue-input.js';
import { explainEnqueueError } from './errors.js';
import type { EnqueueResult } from './queue.js';

/** The tables an enqueue writes to: `jobs` (database driver) or `job_outbox` (BullMQ driver). */
export type EnqueueTable = 'jobs' | 'job_outbox';

/**
 * Runs one statement outside any caller transaction. SQLite runs a single statement atomically on its
 * own (and holds the write lock for the shortest time); PostgreSQL needs a system transaction so
 * row-level security lets the queue see every tenant's jobs.
 */
export function outsideTransaction<T>(db: Db, fn: (e: Executor) => Promise<T>): Promise<T> {
  return db.dialect === 'sqlite' ? fn(db.kysely) : db.system(fn);
}

/**
 * Inserts an enqueued job's row in the caller's transaction, once per idempotency key: a second enqueue
 * with the same key in the same scope returns the first row's id, marked deduplicated.
 */
export async function insertOnce<T extends EnqueueTable>(
  tx: Executor,
  table: T,
  values: Insertable<Database[T]>,
  job: NormalizedJob,
): Promise<EnqueueResult> {
  // Both tables have the columns used here; kysely cannot see that through a generic table name.
  const inserted = await tx
    .insertInto(table as 'jobs')
    .values(values as Insertable<Database['jobs']>)
    .onConflict((oc) => oc.columns(['dedupe_scope', 'idempotency_key']).doNothing())
    .returning('id')
    .executeTakeFirst()
    .catch((error: unknown) => {
      throw explainEnqueueError(error, job.name, job.tenantId);
    });
  if (inserted) return { id: inserted.id, deduplicated: false };
  const existing = await tx
    .selectFrom(table as 'jobs')
    .select('id')
    .where('dedupe_scope', '=', job.dedupeScope ?? '')
    .where('idempotency_key', '=', job.idempotencyKey ?? '')
    .executeTakeFirst();
  if (!existing) {
    throw new AppError(
      'jobs.idempotency_conflict',
      409,
      `a job with idempotency key "${job.idempotencyKey}" exists but is not visible here; enqueue it with the tenant it belongs to`,
    );
  }
  return { id: existing.id, deduplicated: true };
}
