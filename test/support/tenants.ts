import type { Db } from '../../src/db/connect.js';
import { insertTenant } from '../../src/modules/tenancy/repository.js';

/**
 * Adds a bare tenant row (no keys, no members) for tests that work below the operation layer and only need
 * the tenant to exist for foreign keys and row-level security. Tests of the API use `createTestApp().tenant()`.
 */
export async function insertTestTenant(db: Db, id: string, name: string = id): Promise<void> {
  const now = new Date().toISOString();
  await db.system((tx) =>
    insertTenant(tx, {
      id,
      name,
      slug: id,
      time_zone: 'UTC',
      locale: 'en',
      plan: 'free',
      limits: '{}',
      created_at: now,
      updated_at: now,
    }),
  );
}
