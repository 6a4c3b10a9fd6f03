import { sql } from 'kysely';
import type { Db } from './connect.js';

/**
 * After rows were deleted for good (a tenant's erasure), makes sure their text survives nowhere in the
 * SQLite files. `secure_delete` (on for every connection, see connect.ts) zeroes what a DELETE frees,
 * but the text can still sit in: full-text index segments (FTS5 keeps deleted terms until segments
 * merge), older page versions in the write-ahead log, and free pages left by earlier updates made
 * before secure_delete was on. So: merge every FTS5 index, checkpoint and truncate the WAL, VACUUM
 * (rewrites every live page and drops the free ones; in WAL mode it goes through the WAL), and
 * checkpoint and truncate again. PostgreSQL keeps dead tuples until its own VACUUM; see docs/security.md.
 */
export async function scrubDeletedData(db: Db): Promise<void> {
  if (db.dialect !== 'sqlite') return;
  const virtual = await sql<{ name: string; sql: string }>`
    SELECT name, sql FROM sqlite_master WHERE type = 'table' AND lower(sql) LIKE '%using fts5%'`.execute(
    db.kysely,
  );
  // The FTS5 tables themselves, not their fts5vocab views (those are read-only).
  for (const { name } of virtual.rows.filter((r) => /\busing\s+fts5\s*\(/i.test(r.sql))) {
    await sql`INSERT INTO ${sql.table(name)}(${sql.ref(name)}) VALUES ('optimize')`.execute(db.kysely);
  }
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
  await sql`VACUUM`.execute(db.kysely);
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db.kysely);
}
