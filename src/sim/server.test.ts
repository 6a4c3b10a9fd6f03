import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, form, jsonBody } from '../../test/support/sim.js';
import { type RunningSimulator, startSimulator } from './index.js';

let sim: RunningSimulator;
let xToken: string;
let page: { id: string; token: string };
let liToken: string;
let liAuthor: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 2 });
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.control.reset();
  xToken = sim.control.mintToken({ platform: 'x' }).access_token;
  const fbPage = sim.control.accounts('facebook').find((a) => a.name === 'Sim Steel');
  page = {
    id: fbPage?.id ?? '',
    token: sim.control.mintToken({ platform: 'facebook', pageId: fbPage?.id ?? '' }).access_token,
  };
  liToken = sim.control.mintToken({ platform: 'linkedin' }).access_token;
  liAuthor = sim.control.account('linkedin').urn ?? '';
  sim.control.configure({ linkedinVersions: { oldest: '202601', newest: '202612' } });
});

const tweet = (text: string, signal?: AbortSignal) =>
  call(`${sim.url}/x/2/tweets`, {
    ...jsonBody({ text }, { authorization: `Bearer ${xToken}` }),
    ...(signal ? { signal } : {}),
  });
const fbPost = (message: string) =>
  call(`${sim.url}/meta/v25.0/${page.id}/feed`, form({ message, access_token: page.token }));
const liPost = (commentary: string) =>
  call(
    `${sim.url}/linkedin/rest/posts`,
    jsonBody(
      {
        author: liAuthor,
        commentary,
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED' },
        lifecycleState: 'PUBLISHED',
      },
      {
        authorization: `Bearer ${liToken}`,
        'linkedin-version': '202606',
        'x-restli-protocol-version': '2.0.0',
      },
    ),
  );

function livePosts(platform: 'x' | 'facebook' | 'linkedin'): number {
  const id = platform === 'facebook' ? page.id : sim.control.account(platform).id;
  return sim.control.posts(platform, id).length;
}

describe('injected faults', () => {
  it('answers 5xx in each platform’s format and creates nothing', async () => {
    sim.control.addFault({ kind: '5xx', status: 503, count: 3 });
    const x = await tweet('a');
    expect(x.status).toBe(503);
    expect(x.body).toMatchObject({ title: 'Service Unavailable', status: 503, type: 'about:blank' });
    const fb = await fbPost('a');
    expect(fb.status).toBe(503);
    expect(fb.body).toMatchObject({
      error: { code: 2, is_transient: true, type: 'OAuthException', fbtrace_id: expect.any(String) },
    });
    const li = await liPost('a');
    expect(li.status).toBe(503);
    expect(li.body).toMatchObject({ status: 503 });
    expect(livePosts('x') + livePosts('facebook') + livePosts('linkedin')).toBe(0);
    expect((await tweet('a')).status).toBe(201);
  });

  it('answers 429 in each platform’s format with its headers', async () => {
    sim.control.addFault({ kind: '429', count: 3 });
    const x = await tweet('a');
    expect(x.status).toBe(429);
    expect(x.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(x.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const fb = await fbPost('a');
    expect(fb.status).toBe(403);
    expect(fb.body).toMatchObject({ error: { code: 80001 } });
    expect(JSON.parse(fb.headers.get('x-business-use-case-usage') ?? '{}')[page.id][0].call_count).toBe(100);
    const li = await liPost('a');
    expect(li.status).toBe(429);
    expect(li.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
  });

  it('answers the duplicate-content error without creating a post', async () => {
    sim.control.addFault({ kind: 'duplicate', method: 'POST', count: 3 });
    expect((await tweet('fresh')).status).toBe(403);
    expect((await fbPost('fresh')).body).toMatchObject({ error: { code: 506 } });
    expect(JSON.stringify((await liPost('fresh')).body)).toContain('DUPLICATE_POST');
    expect(livePosts('x') + livePosts('facebook') + livePosts('linkedin')).toBe(0);
  });

  it('holds the answer on timeout until the client gives up; nothing is created', async () => {
    sim.control.addFault({ kind: 'timeout', platform: 'x', path: '/2/tweets', count: 1 });
    await expect(tweet('held', AbortSignal.timeout(300))).rejects.toThrow();
    expect(livePosts('x')).toBe(0);
    const logged = sim.control.calls({ platform: 'x', path: '/2/tweets' });
    expect(logged.at(-1)).toMatchObject({ status: 0, faults: [expect.stringContaining('timeout')] });
    sim.control.addFault({ kind: 'timeout', platform: 'x', count: 1, holdMs: 50 });
    expect((await tweet('gateway')).status).toBe(504);
  });

  it('loses the answer after creating the post: dropped connection, 500, or silence', async () => {
    sim.control.addFault({
      kind: 'lost_response',
      platform: 'x',
      method: 'POST',
      path: '/2/tweets',
      count: 1,
    });
    await expect(tweet('created then dropped')).rejects.toThrow();
    expect(livePosts('x')).toBe(1);
    const dropped = sim.control.calls({ platform: 'x', method: 'POST' }).at(-1);
    expect(dropped?.postId).toBe(sim.control.posts('x', sim.control.account('x').id)[0]?.id);

    sim.control.addFault({ kind: 'lost_response', platform: 'facebook', lostMode: 'error', count: 1 });
    expect((await fbPost('created then 500')).status).toBe(500);
    expect(livePosts('facebook')).toBe(1);

    sim.control.addFault({ kind: 'lost_response', platform: 'linkedin', lostMode: 'hold', count: 1 });
    await expect(
      call(`${sim.url}/linkedin/rest/posts`, {
        ...jsonBody(
          {
            author: liAuthor,
            commentary: 'created then silence',
            visibility: 'PUBLIC',
            distribution: { feedDistribution: 'MAIN_FEED' },
            lifecycleState: 'PUBLISHED',
          },
          {
            authorization: `Bearer ${liToken}`,
            'linkedin-version': '202606',
            'x-restli-protocol-version': '2.0.0',
          },
        ),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    expect(livePosts('linkedin')).toBe(1);
  });

  it('delays slow calls and every call by the configured latency', async () => {
    sim.control.addFault({ kind: 'slow', delayMs: 150, count: 1 });
    let started = performance.now();
    expect((await tweet('slow one')).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    sim.control.configure({ latencyMs: 60 });
    started = performance.now();
    await call(`${sim.url}/x/2/users/me`, { headers: { authorization: `Bearer ${xToken}` } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('hits the same calls for the same seed (20% of 50 posts)', async () => {
    const pattern = async () => {
      sim.control.reset();
      const token = sim.control.mintToken({ platform: 'x' }).access_token;
      sim.control.addFault({ kind: '5xx', platform: 'x', probability: 0.2 });
      const out: number[] = [];
      for (let i = 0; i < 50; i++)
        out.push(
          (
            await call(
              `${sim.url}/x/2/tweets`,
              jsonBody({ text: `post ${i}` }, { authorization: `Bearer ${token}` }),
            )
          ).status,
        );
      return out;
    };
    const a = await pattern();
    expect(await pattern()).toEqual(a);
    expect(a.filter((s) => s === 503).length).toBeGreaterThan(3);
    expect(a.filter((s) => s === 503).length).toBeLessThan(20);
  });
});

describe('duplicate accounting', () => {
  it('counts identical content published twice to one account when the platform does not refuse it', async () => {
    sim.control.configure({ rejectDuplicates: { x: false } });
    await tweet('blind re-post');
    await tweet('blind re-post');
    await tweet('something else');
    const state = sim.control.state();
    expect(state.duplicates).toBe(1);
    const posts = state.postsByAccount[`x:${sim.control.account('x').id}`] ?? [];
    expect(posts.filter((p) => p.duplicateOf)).toHaveLength(1);
  });

  it('does not count the same text on two different accounts', async () => {
    sim.control.configure({ rejectDuplicates: { x: false } });
    const other = sim.control.addAccount({ platform: 'x', username: 'second' });
    const token = sim.control.mintToken({ platform: 'x', identityId: other.identity.id }).access_token;
    await tweet('shared announcement');
    await call(
      `${sim.url}/x/2/tweets`,
      jsonBody({ text: 'shared announcement' }, { authorization: `Bearer ${token}` }),
    );
    expect(sim.control.duplicates).toBe(0);
  });
});

describe('control API over HTTP', () => {
  it('adds faults, reads state and calls, moves the clock, adds accounts, mints tokens and resets', async () => {
    const c = `${sim.url}/__sim`;
    const added = await call<{ faults: Array<{ id: string }> }>(
      `${c}/faults`,
      jsonBody({ rules: [{ kind: '5xx', platform: 'x', path: '/2/tweets', count: 1 }] }),
    );
    expect(added.status).toBe(201);
    expect((await tweet('x')).status).toBe(503);
    const state = await call<{
      calls: Array<{ path: string; status: number; faults: string[] }>;
      faults: Array<{ applied: number }>;
    }>(`${c}/state`);
    expect(state.body.faults[0]?.applied).toBe(1);
    expect(state.body.calls.at(-1)).toMatchObject({ path: '/2/tweets', status: 503 });
    expect((await call(`${c}/faults`, jsonBody({ kind: 'nope' }))).status).toBe(400);

    const clock = await call<{ now: string }>(
      `${c}/clock`,
      jsonBody({ set: '2027-01-01T00:00:00Z', frozen: true }),
    );
    expect(clock.body.now).toBe('2027-01-01T00:00:00.000Z');
    expect((await call<{ now: string }>(`${c}/clock`, jsonBody({ advanceMs: 1000 }))).body.now).toBe(
      '2027-01-01T00:00:01.000Z',
    );

    const account = await call<{
      identity: { id: string };
      accounts: Array<{ platform: string; id: string }>;
    }>(
      `${c}/accounts`,
      jsonBody({
        platform: 'facebook',
        name: 'Ada Agency',
        pages: [{ name: 'Client Cafe', followers: 300, instagram: { username: 'clientcafe' } }],
      }),
    );
    expect(account.body.accounts.map((a) => a.platform)).toEqual(['facebook', 'instagram']);
    const minted = await call<{ access_token: string }>(
      `${c}/tokens`,
      jsonBody({ platform: 'facebook', identityId: account.body.identity.id, longLived: true }),
    );
    const pages = await call<{ data: Array<{ name: string }> }>(
      `${sim.url}/meta/me/accounts?access_token=${minted.body.access_token}`,
    );
    expect(pages.body.data.map((p) => p.name)).toEqual(['Client Cafe']);
    expect((await call(`${c}/tokens/expire`, jsonBody({ token: minted.body.access_token }))).status).toBe(
      200,
    );
    expect((await call(`${sim.url}/meta/me?access_token=${minted.body.access_token}`)).body).toMatchObject({
      error: { code: 190 },
    });

    const env = await call<Record<string, string>>(`${c}/env`);
    expect(env.body.X_API_BASE_URL).toBe(`${sim.url}/x`);
    await call(`${c}/reset`, { method: 'POST' });
    const after = await call<{ accounts: unknown[]; faults: unknown[]; callCount: number }>(`${c}/state`);
    expect(after.body.faults).toEqual([]);
    expect(after.body.accounts).toHaveLength(6);
  });

  it('reports the model’s engagement for a post, equal to what the platform answers, and follows audience changes', async () => {
    const id = ((await tweet('Engagement check')).body as { data: { id: string } }).data.id;
    sim.control.advanceClock(5 * 3600_000);
    xToken = sim.control.mintToken({ platform: 'x' }).access_token;
    const model = await call<{ likes: number; impressions: number }>(
      `${sim.url}/__sim/posts/${id}/engagement`,
    );
    const platform = await call<{
      data: { public_metrics: { like_count: number; impression_count: number } };
    }>(`${sim.url}/x/2/tweets/${id}?tweet.fields=public_metrics`, {
      headers: { authorization: `Bearer ${xToken}` },
    });
    expect(platform.body.data.public_metrics).toMatchObject({
      like_count: model.body.likes,
      impression_count: model.body.impressions,
    });
    const account = sim.control.account('x');
    const updated = await call<{ followers: number }>(
      `${sim.url}/__sim/accounts/${account.id}`,
      jsonBody({ followers: account.followers * 10 }, {}, 'PATCH'),
    );
    expect(updated.body.followers).toBe(account.followers * 10);
    const bigger = sim.control.engagement(id);
    expect(bigger.impressions).toBeGreaterThan(5 * model.body.impressions);
  });

  it('releases held answers on reset', async () => {
    sim.control.addFault({ kind: 'timeout', platform: 'x' });
    const pending = tweet('held forever');
    await new Promise((r) => setTimeout(r, 100));
    sim.control.reset();
    await expect(pending).rejects.toThrow();
  });
});
