import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.js';
import { createTenantCrypto } from '../src/db/crypto.js';
import { createTenant } from '../src/modules/tenancy/tenants.js';
import { createTestApp, type TestApp } from './support/app.js';
import { runCli } from './support/cli.js';
import { testDialect } from './support/db.js';

const oldKey = randomBytes(32).toString('hex');
const newKey = randomBytes(32).toString('hex');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ env: { MASTER_KEY: oldKey } });
});
afterAll(async () => {
  await t.cleanup();
});

const cli = (args: string[], env: Record<string, string>) => runCli(t.t, args, env);

describe(`master key rotation from the CLI (${testDialect})`, () => {
  it('re-wraps every data key so data written under the old key reads under the new one alone', async () => {
    const { tenant } = await createTenant(t.app, {
      name: 'Secret Co',
      timeZone: 'UTC',
      locale: 'en',
      plan: 'free',
    });
    const sealed = await t.app.db.tenant(tenant.id, (tx) =>
      t.app.crypto.encrypt(tx, tenant.id, 'the recipe', 'test'),
    );

    const refused = await cli(['rotate-master-key', '--json'], { MASTER_KEY: newKey });
    expect(refused.code).toBe(5); // the old key is needed to read the data keys
    expect(JSON.parse(refused.stdout).unreadable.length).toBeGreaterThan(0);

    const rotated = await cli(['rotate-master-key', '--json'], {
      MASTER_KEY: newKey,
      MASTER_KEY_PREVIOUS: oldKey,
    });
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(JSON.parse(rotated.stdout)).toMatchObject({ rewrapped: 1, unreadable: [] });

    const withNewOnly = await createTenantCrypto(
      loadConfig({
        env: { DATA_DIR: t.t.dataDir, DATABASE_URL: t.t.url, MASTER_KEY: newKey },
        cwd: t.t.dataDir,
      }),
    );
    const plain = await t.app.db.tenant(tenant.id, (tx) =>
      withNewOnly.decryptText(tx, tenant.id, sealed, 'test'),
    );
    expect(plain).toBe('the recipe');
  }, 60_000);
});
