import { type Selectable, sql, type Updateable } from 'kysely';
import { type Clock, isoAfter } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { Db, Executor } from '../../db/connect.js';
import { readJson, toNumber, writeJson } from '../../db/dialect.js';
import type { NormalizedJob } from '../enqueue-input.js';
import { jobNotCancellable, jobNotDead, jobNotFound } from '../errors.js';
import {
  deadListLimit,
  type EnqueueResult,
  type JobInfo,
  type JobLookup,
  type JobProgress,
  type JobState,
  type ListDeadOptions,
} from '../queue.js';
import { insertOnce, outsideTransaction } from '../store-sql.js';
import type { JobsTable } from '../tables.js';

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

  /** One statement outside any caller transaction (see `outsideTransaction`). */
  #write<T>(fn: (e: Executor) => Promise<T>): Promise<T> {
    return outsideTransaction(this.db, fn);
  }

  insert(tx: Executor, job: NormalizedJob): Promise<EnqueueResult> {
    return insertOnce(
      tx,
      'jobs',
      {
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
      },
      job,
    );
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

  /**
   * Updates a running job only while `token` still holds its lease (the fence every write after the
   * claim goes through); false when the lease is no longer this token's.
   */
  async #fenced(id: string, token: string, set: Updateable<JobsTable>): Promise<boolean> {
    const result = await this.#write((e) =>
      e
        .updateTable('jobs')
        .set(set)
        .where('id', '=', id)
        .where('lease_token', '=', token)
        .where('state', '=', 'running')
        .executeTakeFirst(),
    );
    return toNumber(result.numUpdatedRows) > 0;
  }

  /** Extends the lease; false when it is no longer this token's. */
  heartbeat(id: string, token: string, leaseMs: number): Promise<boolean> {
    return this.#fenced(id, token, {
      lease_expires_at: isoAfter(this.clock, leaseMs),
      updated_at: this.clock.iso(),
    });
  }

  progress(id: string, token: string, value: JobProgress): Promise<boolean> {
    return this.#fenced(id, token, { progress: writeJson(value), updated_at: this.clock.iso() });
  }

  /** Marks the job succeeded, if this token still holds it. */
  complete(id: string, token: string): Promise<boolean> {
    const now = this.clock.iso();
    return this.#fenced(id, token, {
      state: 'succeeded',
      lease_token: null,
      lease_expires_at: null,
      finished_at: now,
      updated_at: now,
    });
  }

  /** Records a failed attempt: retried at `retryAt`, or dead when it is null. Fenced like `complete`. */
  fail(id: string, token: string, error: string, retryAt: string | null): Promise<boolean> {
    const now = this.clock.iso();
    return this.#fenced(id, token, {
      state: retryAt === null ? 'dead' : 'failed',
      last_error: error,
      lease_token: null,
      lease_expires_at: null,
      finished_at: retryAt === null ? now : null,
      updated_at: now,
      ...(retryAt === null ? {} : { run_at: retryAt }),
    });
  }

  /** Hands a running job back to the queue at once (a stopping worker's deadline passed). */
  release(id: string, token: string): Promise<boolean> {
    return this.#fenced(id, token, {
      state: 'queued',
      lease_token: null,
      lease_expires_at: null,
      locked_by: null,
      updated_at: this.clock.iso(),
    });
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
    const limit = deadListLimit(options);
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
      throw jobNotDead(id, await stateOf(tx, id, lookup));
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
      throw jobNotCancellable(id, await stateOf(tx, id, lookup));
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

/** The state of a job the caller may see; not found when it does not exist or is another tenant's. */
async function stateOf(tx: Executor, id: string, lookup: JobLookup): Promise<string> {
  const current = await tx
    .selectFrom('jobs')
    .select('state')
    .where('id', '=', id)
    .$if(lookup.tenantId !== undefined, (q) => q.where('tenant_id', '=', lookup.tenantId ?? ''))
    .executeTakeFirst();
  if (!current) throw jobNotFound(id);
  return current.state;
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
