import { type Selectable, sql } from 'kysely';
import { type Clock, isoAfter } from '../core/clock.js';
import { AppError, conflict } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Db, Executor } from '../db/connect.js';
import { readJson, toNumber, writeJson } from '../db/dialect.js';
import type { NormalizedJob } from './enqueue-input.js';
import { explainEnqueueError, jobNotFound } from './errors.js';
import type { EnqueueResult, JobInfo, JobLookup, JobProgress, JobState, ListDeadOptions } from './queue.js';
import type { JobsTable } from './tables.js';

export type JobRow = Selectable<JobsTable>;

export interface ClaimedJob {
  row: JobRow;
  /** Fencing token of this claim: every later write must present it. */
  token: string;
}

export interface ReapedJob {
  id: string;
  name: string;
  state: string;
}

const lostWorkerError =
  'the worker running this job stopped responding (its lease expired); the job was handed to another worker';

/**
 * The SQL of the database-backed queue, the only code that touches the `jobs` table.
 *
 * Every write after the claim is fenced: it matches `lease_token`, so a worker whose lease was taken
 * over changes nothing. Claims are one atomic statement: on PostgreSQL the candidate rows are locked with
 * `FOR UPDATE SKIP LOCKED` so concurrent workers never wait on or double-claim a row; on SQLite the single
 * `UPDATE … WHERE id IN (SELECT … LIMIT n) RETURNING *` takes the write lock before it reads.
 */
export class DbJobStore {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs one statement outside any caller transaction. SQLite runs a single statement atomically on its
   * own (and holds the write lock for the shortest time); PostgreSQL needs a system transaction so
   * row-level security lets the queue see every tenant's jobs.
   */
  #write<T>(fn: (e: Executor) => Promise<T>): Promise<T> {
    return this.db.dialect === 'sqlite' ? fn(this.db.kysely) : this.db.system(fn);
  }

  async insert(tx: Executor, job: NormalizedJob): Promise<EnqueueResult> {
    const inserted = await tx
      .insertInto('jobs')
      .values({
        id: job.id,
        name: job.name,
        tenant_id: job.tenantId,
        payload: job.payloadJson,
        state: 'queued',
        priority: job.priority,
        attempts: 0,
        max_attempts: job.maxAttempts,
        stalls: 0,
        run_at: job.runAt,
        idempotency_key: job.idempotencyKey,
        dedupe_scope: job.dedupeScope,
        created_at: job.createdAt,
        updated_at: job.createdAt,
      })
      .onConflict((oc) => oc.columns(['dedupe_scope', 'idempotency_key']).doNothing())
      .returning('id')
      .executeTakeFirst()
      .catch((error: unknown) => {
        throw explainEnqueueError(error, job.name, job.tenantId);
      });
    if (inserted) return { id: inserted.id, deduplicated: false };
    const existing = await tx
      .selectFrom('jobs')
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

  /** Claims up to `limit` due jobs among `names` for `leaseMs`, highest priority and oldest first. */
  async claim(
    names: readonly string[],
    limit: number,
    leaseMs: number,
    owner: string,
  ): Promise<ClaimedJob[]> {
    if (names.length === 0 || limit <= 0) return [];
    const now = this.clock.iso();
    const token = newId(this.clock.nowMs());
    const expires = isoAfter(this.clock, leaseMs);
    const pg = this.db.dialect === 'postgres';
    const rows = await this.#write((e) => {
      const due = e
        .selectFrom('jobs')
        .select('id')
        .where('state', 'in', ['queued', 'failed'])
        .where('run_at', '<=', now)
        .where('name', 'in', [...names])
        .orderBy('priority', 'desc')
        .orderBy('run_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit);
      return e
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          lease_token: token,
          lease_expires_at: expires,
          locked_by: owner,
          attempts: eb('attempts', '+', 1),
          started_at: now,
          updated_at: now,
        }))
        .where(
          pg
            ? // ARRAY(…) runs the locking subquery exactly once. A plain `IN (…)` may be re-run by the
              // planner, and with SKIP LOCKED each re-run finds other rows, claiming more than `limit`.
              sql<boolean>`id = ANY(ARRAY(${due.forUpdate().skipLocked()}))`
            : sql<boolean>`id IN (${due})`,
        )
        .returningAll()
        .execute();
    });
    rows.sort(
      (a, b) => b.priority - a.priority || a.run_at.localeCompare(b.run_at) || a.id.localeCompare(b.id),
    );
    return rows.map((row) => ({ row, token }));
  }

  /** Extends the lease; false when it is no longer this token's. */
  async heartbeat(id: string, token: string, leaseMs: number): Promise<boolean> {
    const result = await this.#write((e) =>
      e
        .updateTable('jobs')
        .set({ lease_expires_at: isoAfter(this.clock, leaseMs), updated_at: this.clock.iso() })
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .where('state', '=', 'running')
        .executeTakeFirst(),
    );
    return toNumber(result.numUpdatedRows) > 0;
  }

  async progress(id: string, token: string, value: JobProgress): Promise<boolean> {
    const result = await this.#write((e) =>
      e
        .updateTable('jobs')
        .set({ progress: writeJson(value), updated_at: this.clock.iso() })
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .where('state', '=', 'running')
        .executeTakeFirst(),
    );
    return toNumber(result.numUpdatedRows) > 0;
  }

  /** Marks the job succeeded, if this token still holds it. */
  async complete(id: string, token: string): Promise<boolean> {
    const now = this.clock.iso();
    const result = await this.#write((e) =>
      e
        .updateTable('jobs')
        .set({
          state: 'succeeded',
          lease_token: null,
          lease_expires_at: null,
          finished_at: now,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .where('state', '=', 'running')
        .executeTakeFirst(),
    );
    return toNumber(result.numUpdatedRows) > 0;
  }

  /** Records a failed attempt: retried at `retryAt`, or dead when it is null. Fenced like `complete`. */
  async fail(id: string, token: string, error: string, retryAt: string | null): Promise<boolean> {
    const now = this.clock.iso();
    const result = await this.#write((e) =>
      e
        .updateTable('jobs')
        .set({
          state: retryAt === null ? 'dead' : 'failed',
          last_error: error,
          lease_token: null,
          lease_expires_at: null,
          finished_at: retryAt === null ? now : null,
          updated_at: now,
          ...(retryAt === null ? {} : { run_at: retryAt }),
        })
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .where('state', '=', 'running')
        .executeTakeFirst(),
    );
    return toNumber(result.numUpdatedRows) > 0;
  }

  /** Hands a running job back to the queue at once (a stopping worker's deadline passed). */
  async release(id: string, token: string): Promise<boolean> {
    const now = this.clock.iso();
    const result = await this.#write((e) =>
      e
        .updateTable('jobs')
        .set({ state: 'queued', lease_token: null, lease_expires_at: null, locked_by: null, updated_at: now })
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .where('state', '=', 'running')
        .executeTakeFirst(),
    );
    return toNumber(result.numUpdatedRows) > 0;
  }

  /**
   * Takes back jobs whose lease expired (their worker crashed or hung): they run again at once, unless
   * this happened more than `maxStalls` times, which makes them dead (the job may be what kills workers).
   */
  async reapExpired(maxStalls: number): Promise<ReapedJob[]> {
    const now = this.clock.iso();
    return this.#write((e) =>
      e
        .updateTable('jobs')
        .set((eb) => ({
          state: eb.case().when('stalls', '>=', maxStalls).then('dead').else('queued').end(),
          finished_at: eb.case().when('stalls', '>=', maxStalls).then(now).else(null).end(),
          stalls: eb('stalls', '+', 1),
          last_error: lostWorkerError,
          lease_token: null,
          lease_expires_at: null,
          locked_by: null,
          updated_at: now,
        }))
        .where('state', '=', 'running')
        .where('lease_expires_at', '<=', now)
        .returning(['id', 'name', 'state'])
        .execute(),
    );
  }

  /** Deletes finished jobs past their retention, a bounded batch at a time. */
  async prune(succeededBefore: string, deadBefore: string, batch = 1000): Promise<number> {
    const result = await this.#write((e) =>
      e
        .deleteFrom('jobs')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where((w) =>
              w.or([
                w.and([w('state', '=', 'succeeded'), w('finished_at', '<', succeededBefore)]),
                w.and([w('state', '=', 'dead'), w('finished_at', '<', deadBefore)]),
              ]),
            )
            .limit(batch),
        )
        .executeTakeFirst(),
    );
    return toNumber(result.numDeletedRows);
  }

  async get(id: string, lookup: JobLookup = {}): Promise<JobInfo | undefined> {
    const row = await this.db.system((tx) =>
      tx
        .selectFrom('jobs')
        .selectAll()
        .where('id', '=', id)
        .$if(lookup.tenantId !== undefined, (q) => q.where('tenant_id', '=', lookup.tenantId ?? ''))
        .executeTakeFirst(),
    );
    return row ? toJobInfo(row) : undefined;
  }

  async listDead(options: ListDeadOptions = {}): Promise<JobInfo[]> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const rows = await this.db.system((tx) =>
      tx
        .selectFrom('jobs')
        .selectAll()
        .where('state', '=', 'dead')
        .$if(options.name !== undefined, (q) => q.where('name', '=', options.name ?? ''))
        .$if(options.tenantId !== undefined, (q) => q.where('tenant_id', '=', options.tenantId ?? ''))
        .orderBy('finished_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),
    );
    return rows.map(toJobInfo);
  }

  async retryDead(id: string, lookup: JobLookup = {}): Promise<JobInfo> {
    const now = this.clock.iso();
    const row = await this.db.system(async (tx) => {
      const updated = await tx
        .updateTable('jobs')
        .set({
          state: 'queued',
          attempts: 0,
          stalls: 0,
          run_at: now,
          last_error: null,
          progress: null,
          started_at: null,
          finished_at: null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('state', '=', 'dead')
        .$if(lookup.tenantId !== undefined, (q) => q.where('tenant_id', '=', lookup.tenantId ?? ''))
        .returningAll()
        .executeTakeFirst();
      if (updated) return updated;
      const current = await tx
        .selectFrom('jobs')
        .select('state')
        .where('id', '=', id)
        .$if(lookup.tenantId !== undefined, (q) => q.where('tenant_id', '=', lookup.tenantId ?? ''))
        .executeTakeFirst();
      if (!current) throw jobNotFound(id);
      throw conflict('jobs.not_dead', `job ${id} is ${current.state}; only dead jobs can be retried`);
    });
    return toJobInfo(row);
  }

  async cancel(id: string, lookup: JobLookup = {}): Promise<void> {
    await this.db.system(async (tx) => {
      const deleted = await tx
        .deleteFrom('jobs')
        .where('id', '=', id)
        .where('state', 'in', ['queued', 'failed'])
        .$if(lookup.tenantId !== undefined, (q) => q.where('tenant_id', '=', lookup.tenantId ?? ''))
        .returning('id')
        .executeTakeFirst();
      if (deleted) return;
      const current = await tx
        .selectFrom('jobs')
        .select('state')
        .where('id', '=', id)
        .$if(lookup.tenantId !== undefined, (q) => q.where('tenant_id', '=', lookup.tenantId ?? ''))
        .executeTakeFirst();
      if (!current) throw jobNotFound(id);
      throw conflict(
        'jobs.not_cancellable',
        `job ${id} is ${current.state}; only jobs that have not started can be cancelled`,
      );
    });
  }

  async counts(): Promise<Record<JobState, number>> {
    const rows = await this.db.system((tx) =>
      tx
        .selectFrom('jobs')
        .select((eb) => ['state', eb.fn.countAll().as('n')])
        .groupBy('state')
        .execute(),
    );
    const out: Record<JobState, number> = { queued: 0, running: 0, succeeded: 0, failed: 0, dead: 0 };
    for (const row of rows) {
      if (row.state in out) out[row.state as JobState] = toNumber(row.n);
    }
    return out;
  }
}

export function toJobInfo(row: JobRow): JobInfo {
  return {
    id: row.id,
    name: row.name,
    tenantId: row.tenant_id,
    state: row.state as JobState,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    priority: row.priority,
    payload: parseStored(row.payload),
    idempotencyKey: row.idempotency_key,
    runAt: row.run_at,
    lastError: row.last_error,
    progress: parseStored(row.progress) as JobProgress | null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A stored JSON column, or its raw text when the row is damaged (so operators can still see it). */
function parseStored(text: string | null): unknown {
  try {
    return readJson<unknown>(text, null);
  } catch {
    return text;
  }
}
