import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from './support/app.js';
import { testDialect } from './support/db.js';
import { insertTestAccount, type Publication } from './support/publishing.js';

let t: TestApp;
let a: TestTenant;
let page: string;

async function api<T = Record<string, unknown>>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await t.request(`/api/v1${path}`, {
    method,
    key: a.keys.admin,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
}
const content = async (text: string, approve = true) =>
  (await api<{ id: string }>('POST', '/content', { texts: { facebook: text }, approve })).body.id;

beforeAll(async () => {
  // No worker: scheduling, the calendar and changes of plan are about what is stored.
  t = await createTestApp();
  a = await t.tenant('Schedule Steel');
  expect((await api('PATCH', '/tenant', { timeZone: 'Europe/London' })).status).toBe(200);
  page = await insertTestAccount(t.app, a.id, 'facebook');
});
afterAll(async () => {
  await t.cleanup();
});

describe(`scheduling (${testDialect})`, () => {
  it('fills the next free slots of the posting schedule, at the same wall-clock time in the tenant zone', async () => {
    const set = await api<{ schedule: unknown }>('PUT', `/accounts/${page}/schedule`, {
      schedule: {
        slots: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], time: '09:30' },
          { days: ['sat'], time: '17:00' },
        ],
      },
    });
    expect(set.status).toBe(200);
    const scheduled: Publication[] = [];
    for (const n of [1, 2, 3]) {
      const res = await api<{
        publications: Array<Publication & { scheduledAt: string; scheduledAtLocal: string }>;
      }>('POST', '/posts/schedule', {
        contentId: await content(`Slot post ${n}`),
        accountIds: [page],
      });
      expect(res.status).toBe(202);
      scheduled.push(...res.body.publications);
    }
    const times = scheduled.map((p) => (p as unknown as { scheduledAt: string }).scheduledAt);
    expect(new Set(times).size).toBe(3);
    expect([...times].sort()).toEqual(times);
    for (const p of scheduled) {
      expect(p.status).toBe('scheduled');
      expect((p as unknown as { scheduledAtLocal: string }).scheduledAtLocal).toMatch(/T(09:30|17:00)$/);
    }
  });

  it('reads a wall-clock time in the tenant zone, moving a time in the DST gap forward', async () => {
    const res = await api<{
      publications: Array<{ scheduledAt: string; scheduledAtLocal: string; status: string }>;
    }>('POST', '/posts', {
      contentId: await content('Spring forward'),
      accountIds: [page],
      at: '2099-03-29T01:30',
    });
    expect(res.status).toBe(202);
    // 2099-03-29 is the last Sunday of March: London goes from 01:00 GMT to 02:00 BST.
    expect(res.body.publications[0]).toMatchObject({
      status: 'scheduled',
      scheduledAt: '2099-03-29T01:30:00.000Z',
      scheduledAtLocal: '2099-03-29T02:30',
    });
    const summer = await api<{ publications: Array<{ scheduledAt: string }> }>('POST', '/posts', {
      contentId: await content('Summer post'),
      accountIds: [page],
      at: '2099-07-01T09:00',
    });
    expect(summer.body.publications[0]?.scheduledAt).toBe('2099-07-01T08:00:00.000Z');
  });

  it('publishing the same content to the same account again returns the existing publication', async () => {
    const contentId = await content('Once only');
    const first = await api<{ publications: Array<{ id: string }> }>('POST', '/posts', {
      contentId,
      accountIds: [page],
      at: '2099-01-02T10:00',
    });
    const again = await api<{ publications: Array<{ id: string }> }>('POST', '/posts', {
      contentId,
      accountIds: [page, page],
    });
    expect(again.body.publications.map((p) => p.id)).toEqual([first.body.publications[0]?.id]);
  });

  it('reschedules, cancels, and refuses changes that no longer make sense', async () => {
    const contentId = await content('Change of plan');
    const [pub] = (
      await api<{ publications: Array<{ id: string }> }>('POST', '/posts', {
        contentId,
        accountIds: [page],
        at: '2099-05-01T10:00',
      })
    ).body.publications;
    const moved = await api<{ scheduledAtLocal: string; status: string }>(
      'POST',
      `/posts/${pub?.id}/reschedule`,
      { at: '2099-05-02T11:15' },
    );
    expect(moved.body).toMatchObject({ status: 'scheduled', scheduledAtLocal: '2099-05-02T11:15' });
    const cancelled = await api<{ status: string }>('POST', `/posts/${pub?.id}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await api<{ error: { code: string } }>('POST', `/posts/${pub?.id}/cancel`)).body.error.code).toBe(
      'publishing.not_cancellable',
    );
    expect((await api<{ error: { code: string } }>('POST', `/posts/${pub?.id}/retry`)).body.error.code).toBe(
      'publishing.not_retryable',
    );
    // A cancelled publication can be published again.
    const again = await api<{ publications: Array<{ id: string; status: string }> }>('POST', '/posts', {
      contentId,
      accountIds: [page],
      at: '2099-06-01T10:00',
    });
    expect(again.body.publications[0]).toMatchObject({ id: pub?.id, status: 'scheduled' });
  });

  it('lists the calendar by time with local times, for a range and some accounts', async () => {
    const cal = await api<{
      timeZone: string;
      entries: Array<{ at: string; scheduledAtLocal: string; text: string }>;
    }>('GET', `/calendar?from=2099-03-01T00:00&to=2099-08-01T00:00&accountIds=${page}`);
    expect(cal.status).toBe(200);
    expect(cal.body.timeZone).toBe('Europe/London');
    expect(cal.body.entries.map((e) => [e.text, e.scheduledAtLocal])).toEqual([
      ['Spring forward', '2099-03-29T02:30'],
      ['Change of plan', '2099-06-01T10:00'],
      ['Summer post', '2099-07-01T09:00'],
    ]);
    const none = await api<{ entries: unknown[] }>(
      'GET',
      '/calendar?from=2099-03-01T00:00&to=2099-08-01T00:00&accountIds=acct_other',
    );
    expect(none.body.entries).toEqual([]);
  });

  it('refuses content that is not approved and accounts that cannot publish', async () => {
    const draft = await api<{ error: { code: string } }>('POST', '/posts', {
      contentId: await content('Draft', false),
      accountIds: [page],
    });
    expect([draft.status, draft.body.error.code]).toEqual([409, 'publishing.content_not_approved']);
    const other = await insertTestAccount(t.app, a.id, 'facebook', 'Old Page');
    const gone = await api<{ status: string }>('POST', `/accounts/${other}/disconnect`);
    expect(gone.body.status).toBe('disconnected');
    const refused = await api<{ error: { code: string } }>('POST', '/posts', {
      contentId: await content('To an old page'),
      accountIds: [other],
    });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'publishing.account_not_active']);
    const noText = await api<{ error: { code: string } }>('POST', '/posts', {
      contentId: (await api<{ id: string }>('POST', '/content', { texts: { x: 'Only for X' } })).body.id,
      accountIds: [page],
    });
    expect([noText.status, noText.body.error.code]).toEqual([409, 'publishing.no_candidate']);
  });
});
