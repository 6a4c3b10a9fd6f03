import { setImmediate } from 'node:timers';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Runs the reads of one event-loop turn on SQLite's read connection in one read transaction.
 *
 * In WAL mode every read outside a transaction takes and drops a shared lock on the WAL index: two
 * `fcntl` system calls, about 6 % of a served API read on a VM where system calls are dear. Under load
 * Node answers many requests in one turn (about fifteen with sixteen busy connections), and they can
 * share one snapshot: the transaction begins at the turn's first read and ends right after the turn
 * (`setImmediate`, taken from `node:timers` so a test's fake timers cannot hold it open).
 *
 * A snapshot must never hide this process's own writes: `afterWrite` ends the transaction whenever the
 * write connection has been used, so a read after a commit (even in the same turn) sees it. Another
 * process's commit becomes visible at the next turn at the latest, as if the read had come a moment
 * earlier.
 */
export class SqliteReadBatch {
  readonly #conn: BetterSqlite3.Database;
  readonly #begin: BetterSqlite3.Statement;
  readonly #commit: BetterSqlite3.Statement;
  /**
   * Whether this turn's transaction is open (a JS flag: the connection's own is a native call). The
   * connection may have left it already (SQLite rolls back on some errors), which `end` allows for.
   */
  #open = false;

  constructor(conn: BetterSqlite3.Database) {
    this.#conn = conn;
    this.#begin = conn.prepare('BEGIN');
    this.#commit = conn.prepare('COMMIT');
  }

  /** Called before each read: joins the turn's transaction, or begins it. */
  enter(): void {
    if (this.#open) return;
    this.#begin.run();
    this.#open = true;
    setImmediate(this.#endOfTurn);
  }

  /**
   * Ends the snapshot now (after a write, before closing). Never throws: it runs as the write connection
   * is given back, after the write committed, and that write must not be reported as failed.
   */
  end(): void {
    if (!this.#open) return;
    try {
      if (this.#conn.inTransaction) this.#commit.run();
      this.#open = false;
    } catch {
      // Only a statement still running could refuse a read transaction's COMMIT; the turn's end retries.
    }
  }

  readonly #endOfTurn = (): void => {
    this.end();
    if (this.#open) setImmediate(this.#endOfTurn);
  };
}
