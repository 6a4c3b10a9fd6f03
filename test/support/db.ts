import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appMigrations } from '../../src/app/modules.js';
import { type Config, loadConfig } from '../../src/config/load.js';
import { type Db, openDatabase } from '../../src/db/connect.js';

export type TestDialect = 'sqlite' | 'postgres';

/** The dialect this test run uses: set per Vitest project (see vitest.config.ts). */
export const testDialect: TestDialect = process.env.TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  db: Db;
  config: Config;
  dataDir: string;
  /** The database URL, e.g. for a child process that must open the same database. */
  url: string;
  cleanup(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or a new PostgreSQL database
 * created on TEST_POSTGRES_URL's server and dropped afterwards.
 */
export async function createTestDatabase(
  extraEnv: Record<string, string> = {},
  dialect: TestDialect = testDialect,
): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'dify-agent-test-'));
  let url: string;
  let dropDatabase = async () => {};
  if (dialect === 'postgres') {
    const base = process.env.TEST_POSTGRES_URL;
    if (!base) throw new Error('TEST_POSTGRES_URL is not set; the PostgreSQL suite cannot run');
    const name = `da_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
    dropDatabase = async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
  } else {
    url = `sqlite:${path.join(dataDir, 'test.db')}`;
  }
  const config = loadConfig({
    env: { DATA_DIR: dataDir, DATABASE_URL: url, LOG_LEVEL: 'silent', ...extraEnv },
    cwd: dataDir,
  });
  const db = await openDatabase(config.database, { migrations: appMigrations() });
  return {
    db,
    config,
    dataDir,
    url,
    async cleanup() {
      await db.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
