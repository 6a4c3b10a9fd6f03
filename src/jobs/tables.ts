/**
 * Row types of the job tables (migration 0002_jobs). Times are UTC ISO-8601 strings; JSON columns are
 * strings (see db/dialect.ts).
 */

/** One job of the database-backed queue. */
export interface JobsTable {
  id: string;
  name: string;
  /** Null for system jobs (scheduled maintenance and the like). */
  tenant_id: string | null;
  /** JSON payload. */
  payload: string;
  /** queued | running | succeeded | failed (waiting for its retry) | dead */
  state: string;
  /** Higher runs first. */
  priority: number;
  /** Attempts started so far, including ones lost to a crashed or stopped worker. */
  attempts: number;
  /** Overrides the handler's retry policy when set. */
  max_attempts: number | null;
  /** How often the job's lease expired (its worker vanished mid-run). */
  stalls: number;
  /** Earliest time the job may (re)start. */
  run_at: string;
  idempotency_key: string | null;
  /** Tenant id or '' for system jobs: idempotency keys are unique per scope. Null without a key. */
  dedupe_scope: string | null;
  /** Fencing token of the current claim; only its holder may heartbeat, complete or fail the job. */
  lease_token: string | null;
  lease_expires_at: string | null;
  /** Which worker holds the lease, for operators. */
  locked_by: string | null;
  last_error: string | null;
  /** JSON progress reported by the handler. */
  progress: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/**
 * Jobs of the BullMQ driver, written in the caller's transaction and published to Redis after commit.
 * The row stays (with published_at set) so idempotency keys and cancellation keep working.
 */
export interface JobOutboxTable {
  /** Also the BullMQ job id, so publishing twice adds the job once. */
  id: string;
  name: string;
  tenant_id: string | null;
  payload: string;
  priority: number;
  max_attempts: number | null;
  run_at: string;
  idempotency_key: string | null;
  dedupe_scope: string | null;
  created_at: string;
  published_at: string | null;
}

/** Named leases with an expiry: the scheduler's leader lock on SQLite. */
export interface LocksTable {
  name: string;
  owner: string;
  expires_at: string;
  acquired_at: string;
}

export interface JobTables {
  jobs: JobsTable;
  job_outbox: JobOutboxTable;
  locks: LocksTable;
}

declare module '../db/schema.js' {
  interface Database extends JobTables {}
}
