import type { Selectable } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db, Executor } from '../../db/connect.js';
import { toNumber } from '../../db/dialect.js';
import type { NormalizedJob } from '../enqueue-input.js';
import type { EnqueueResult, JobLookup } from '../queue.js';
import { insertOnce, outsideTransaction } from '../store-sql.js';
import type { JobOutboxTable } from '../tables.js';

export type OutboxRow = Selectable<JobOutboxTable>;

/**
 * The SQL of the BullMQ driver's outbox, the only code that touches `job_outbox`. A row is written in
 * the caller's transaction and published to Redis after commit; it stays (marked published) so that
 * idempotency keys hold and a queued job can still be cancelled.
 */
export class OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** One statement outside any caller transaction (see `outsideTransaction`). */
  #run<T>(fn: (e: Executor) => Promise<T>): Promise<T> {
    return outsideTransaction(this.db, fn);
  }

  insert(tx: Executor, job: NormalizedJob): Promise<EnqueueResult> {
    return insertOnce(
      tx,
      'job_outbox',
      {
        id: job.id,
        name: job.name,
        tenant_id: job.tenantId,
        payload: job.payloadJson,
        priority: job.priority,
        max_attempts: job.maxAttempts,
        run_at: job.runAt,
        idempotency_key: job.idempotencyKey,
        dedupe_scope: job.dedupeScope,
        created_at: job.createdAt,
      },
      job,
    );
  }

  /** Rows not yet published, oldest first; `createdBefore` skips rows an after-commit hook is publishing. */
  unpublished(limit: number, createdBefore?: string): Promise<OutboxRow[]> {
    return this.#run((e) =>
      e
        .selectFrom('job_outbox')
        .selectAll()
        .where('published_at', 'is', null)
        .$if(createdBefore !== undefined, (q) => q.where('created_at', '<=', createdBefore ?? ''))
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute(),
    );
  }

  byIds(ids: readonly string[]): Promise<OutboxRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.#run((e) =>
      e
        .selectFrom('job_outbox')
        .selectAll()
        .where('id', 'in', [...ids])
        .execute(),
    );
  }

  /** Marks rows published; returns the ids that still existed (a missing one was cancelled meanwhile). */
  async markPublished(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const now = this.clock.iso();
    const rows = await this.#run((e) =>
      e
        .updateTable('job_outbox')
        .set({ published_at: now })
        .where('id', 'in', [...ids])
        .returning('id')
        .execute(),
    );
    return new Set(rows.map((r) => r.id));
  }

  get(id: string, lookup: JobLookup = {}): Promise<OutboxRow | undefined> {
    return this.#run((e) =>
      e
        .selectFrom('job_outbox')
        .selectAll()
        .where('id', '=', id)
        .$if(lookup.tenantId !== undefined, (q) => q.where('tenant_id', '=', lookup.tenantId ?? ''))
        .executeTakeFirst(),
    );
  }

  async delete(id: string, onlyUnpublished: boolean): Promise<boolean> {
    const result = await this.#run((e) =>
      e
        .deleteFrom('job_outbox')
        .where('id', '=', id)
        .$if(onlyUnpublished, (q) => q.where('published_at', 'is', null))
        .executeTakeFirst(),
    );
    return toNumber(result.numDeletedRows) > 0;
  }

  async countUnpublished(): Promise<number> {
    const row = await this.#run((e) =>
      e
        .selectFrom('job_outbox')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('published_at', 'is', null)
        .executeTakeFirstOrThrow(),
    );
    return toNumber(row.n);
  }

  /** Deletes published rows older than `before` (their BullMQ jobs are gone by then). */
  async prune(before: string, batch = 1000): Promise<number> {
    const result = await this.#run((e) =>
      e
        .deleteFrom('job_outbox')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('job_outbox')
            .select('id')
            .where('published_at', 'is not', null)
            .where('published_at', '<', before)
            .limit(batch),
        )
        .executeTakeFirst(),
    );
    return toNumber(result.numDeletedRows);
  }
}
