import type { TestApp, TestTenant } from './app.js';

/**
 * For every operation that takes the id of a tenant-owned object: how to make such an object in another
 * tenant and the input naming it. The registry test uses this to prove that a key of tenant A gets 404
 * (not 403) for tenant B's objects; it fails for any operation with an id input and no entry here.
 */
export type CrossTenantFixture = (t: TestApp, owner: TestTenant) => Promise<Record<string, unknown>>;

async function json(res: Response): Promise<Record<string, unknown>> {
  if (!res.ok) throw new Error(`fixture request failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function keyIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  const created = await json(
    await t.request('/api/v1/keys', {
      method: 'POST',
      key: owner.keys.admin,
      body: JSON.stringify({ name: 'fixture', role: 'viewer' }),
    }),
  );
  return created.id as string;
}

async function memberIdOf(t: TestApp, owner: TestTenant): Promise<string> {
  const member = await json(
    await t.request('/api/v1/members', {
      method: 'POST',
      key: owner.keys.admin,
      body: JSON.stringify({
        email: `fixture-${Math.random().toString(36).slice(2)}@example.com`,
        role: 'editor',
      }),
    }),
  );
  return member.userId as string;
}

export const crossTenantFixtures: Record<string, CrossTenantFixture> = {
  'keys.create': async (t, owner) => ({ name: 'k', role: 'viewer', userId: await memberIdOf(t, owner) }),
  'keys.rotate': async (t, owner) => ({ id: await keyIdOf(t, owner) }),
  'keys.revoke': async (t, owner) => ({ id: await keyIdOf(t, owner) }),
  'members.set_role': async (t, owner) => ({ userId: await memberIdOf(t, owner), role: 'viewer' }),
  'members.remove': async (t, owner) => ({ userId: await memberIdOf(t, owner) }),
};

/** Id-named inputs that only filter the caller's own data (a foreign id matches nothing), with why. */
export const idFiltersOnly: Record<string, string> = {
  'audit.list': "actorId filters the tenant's own audit log",
};
