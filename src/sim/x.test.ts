import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { check, loadSpec, requestSchema, responseSchema } from '../../test/support/openapi-check.js';
import { type Answer, call, form, image, jsonBody, mp4, pkce } from '../../test/support/sim.js';
import { type RunningSimulator, startSimulator } from './index.js';

const spec = loadSpec('x/x-api-v2-openapi.json');
const oldSpec = loadSpec('x/x-api-v2-openapi-2.159.json');
if (!spec)
  console.warn('[sim] ../shared/specs/x is absent: X shapes are not checked against the OpenAPI spec');

/** Checks an answer against the spec's schema for the operation (errors against either spec's Problem). */
function conforms(route: string, method: string, res: Answer): void {
  if (!spec) return;
  const mediaType = res.headers.get('content-type')?.includes('problem+json')
    ? 'application/problem+json'
    : 'application/json';
  if (mediaType === 'application/problem+json' && oldSpec) {
    // 2.167 lists only typed problems; the `about:blank` problems X sends are in 2.159's mapping.
    const errs = [spec, oldSpec].map((s) => check(s, { $ref: '#/components/schemas/Problem' }, res.body));
    expect(
      errs.some((e) => e.length === 0),
      JSON.stringify(errs),
    ).toBe(true);
    return;
  }
  expect(check(spec, responseSchema(spec, route, method, res.status, mediaType), res.body)).toEqual([]);
}

function sentConforms(route: string, body: unknown): void {
  if (spec) expect(check(spec, requestSchema(spec, route, 'post'), body)).toEqual([]);
}

it.skipIf(!spec)('the shape checker itself rejects what the spec forbids', () => {
  if (!spec) return;
  expect(check(spec, requestSchema(spec, '/2/tweets', 'post'), { text: 'hi', colour: 'red' })).not.toEqual(
    [],
  );
  expect(
    check(spec, requestSchema(spec, '/2/tweets', 'post'), { media: { media_ids: ['abc'] } }),
  ).not.toEqual([]);
  expect(check(spec, responseSchema(spec, '/2/tweets', 'post', 201), { data: { id: '1' } })).not.toEqual([]);
  expect(
    check(spec, responseSchema(spec, '/2/tweets', 'post', 201), { data: { id: '1', text: 'ok' } }),
  ).toEqual([]);
});

let sim: RunningSimulator;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11 });
  base = `${sim.url}/x`;
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

const allScopes = 'tweet.read tweet.write users.read media.write offline.access';

async function connect(scope = allScopes): Promise<{ access: string; refresh?: string; user: string }> {
  const { verifier, challenge } = pkce();
  const authorize = new URL(`${base}/i/oauth2/authorize`);
  authorize.search = new URLSearchParams({
    response_type: 'code',
    client_id: 'sim-x-client',
    redirect_uri: 'https://app.test/callback',
    scope,
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  const redirect = await call(authorize.toString());
  expect(redirect.status).toBe(302);
  const location = new URL(redirect.headers.get('location') ?? '');
  expect(location.origin + location.pathname).toBe('https://app.test/callback');
  expect(location.searchParams.get('state')).toBe('state-123');
  const token = await call<Record<string, string>>(`${base}/2/oauth2/token`, {
    ...form({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: 'https://app.test/callback',
      code_verifier: verifier,
    }),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('sim-x-client:sim-x-secret').toString('base64')}`,
    },
  });
  expect(token.status).toBe(200);
  return {
    access: token.body.access_token as string,
    refresh: token.body.refresh_token,
    user: sim.control.account('x').id,
  };
}

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function tweet(token: string, body: Record<string, unknown>): Promise<Answer> {
  sentConforms('/2/tweets', body);
  const res = await call(`${base}/2/tweets`, jsonBody(body, auth(token)));
  conforms('/2/tweets', 'post', res);
  return res;
}

async function uploadImage(token: string, seed: number): Promise<string> {
  const res = await call<{ data: { id: string } }>(
    `${base}/2/media/upload`,
    jsonBody(
      { media: (await image(640, 480, seed)).toString('base64'), media_category: 'tweet_image' },
      auth(token),
    ),
  );
  expect(res.status).toBe(200);
  conforms('/2/media/upload', 'post', res);
  return res.body.data.id;
}

describe('X OAuth 2.0 with PKCE', () => {
  it('connects, reads the identity, and refuses a wrong verifier, a reused or late code', async () => {
    const { access, refresh } = await connect();
    expect(refresh).toBeTruthy();
    const me = await call<{ data: { id: string; username: string } }>(
      `${base}/2/users/me?user.fields=public_metrics,created_at`,
      { headers: auth(access) },
    );
    expect(me.status).toBe(200);
    expect(me.body.data.username).toBe('simsteel');
    conforms('/2/users/me', 'get', me);

    const { challenge } = pkce();
    const url = `${base}/i/oauth2/authorize?response_type=code&client_id=sim-x-client&redirect_uri=https://app.test/cb&scope=tweet.read&state=s&code_challenge=${challenge}&code_challenge_method=S256`;
    const code = new URL((await call(url)).headers.get('location') ?? '').searchParams.get('code') ?? '';
    const wrong = await call(
      `${base}/2/oauth2/token`,
      form({
        grant_type: 'authorization_code',
        code,
        client_id: 'sim-x-client',
        redirect_uri: 'https://app.test/cb',
        code_verifier: 'not-the-verifier',
      }),
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_request' });

    const late = new URL((await call(url)).headers.get('location') ?? '').searchParams.get('code') ?? '';
    sim.control.advanceClock(31_000);
    const expired = await call(
      `${base}/2/oauth2/token`,
      form({
        grant_type: 'authorization_code',
        code: late,
        client_id: 'sim-x-client',
        redirect_uri: 'https://app.test/cb',
        code_verifier: 'x',
      }),
    );
    expect(expired.status).toBe(400);
  });

  it('requires PKCE and state on the authorize page, and denies when the person says no', async () => {
    const noPkce = await call(
      `${base}/i/oauth2/authorize?response_type=code&client_id=sim-x-client&redirect_uri=https://app.test/cb&scope=tweet.read&state=s`,
    );
    expect(noPkce.status).toBe(400);
    sim.control.setLogin('x', { decision: 'deny' });
    const { challenge } = pkce();
    const denied = await call(
      `${base}/i/oauth2/authorize?response_type=code&client_id=sim-x-client&redirect_uri=https://app.test/cb&scope=tweet.read&state=s1&code_challenge=${challenge}&code_challenge_method=S256`,
    );
    const location = new URL(denied.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('s1');
  });

  it('expires access tokens after two hours; a refresh rotates both tokens; revoke ends the grant', async () => {
    const { access, refresh } = await connect();
    sim.control.advanceClock(2 * 3600_000 + 1000);
    const expired = await call(`${base}/2/users/me`, { headers: auth(access) });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ title: 'Unauthorized', type: 'about:blank', status: 401 });
    conforms('/2/users/me', 'get', expired);

    const refreshed = await call<Record<string, string>>(
      `${base}/2/oauth2/token`,
      form({ grant_type: 'refresh_token', refresh_token: refresh ?? '', client_id: 'sim-x-client' }),
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(refresh);
    const again = await call(
      `${base}/2/oauth2/token`,
      form({ grant_type: 'refresh_token', refresh_token: refresh ?? '', client_id: 'sim-x-client' }),
    );
    expect(again.status).toBe(400);
    expect(
      (await call(`${base}/2/users/me`, { headers: auth(refreshed.body.access_token ?? '') })).status,
    ).toBe(200);

    const revoked = await call(
      `${base}/2/oauth2/revoke`,
      form({ token: refreshed.body.access_token ?? '', client_id: 'sim-x-client' }),
    );
    expect(revoked.body).toEqual({ revoked: true });
    expect(
      (await call(`${base}/2/users/me`, { headers: auth(refreshed.body.access_token ?? '') })).status,
    ).toBe(401);
  });

  it('issues no refresh token without offline.access, and refuses calls the scopes do not cover', async () => {
    const { access, refresh } = await connect('tweet.read users.read');
    expect(refresh).toBeUndefined();
    const res = await call(`${base}/2/tweets`, jsonBody({ text: 'no write scope' }, auth(access)));
    expect(res.status).toBe(403);
  });
});

describe('X publishing', () => {
  it('posts text (201, id, t.co-wrapped links) and threads as replies', async () => {
    const { access } = await connect();
    const first = await tweet(access, { text: 'New I-beams in stock: https://example.com/beams #steel' });
    expect(first.status).toBe(201);
    const data = (first.body as { data: { id: string; text: string } }).data;
    expect(data.text).toMatch(/^New I-beams in stock: https:\/\/t\.co\/[A-Za-z0-9]{10} #steel$/);
    const reply = await tweet(access, {
      text: '2/ Cut to length on request.',
      reply: { in_reply_to_tweet_id: data.id },
    });
    expect(reply.status).toBe(201);
    const lookup = await call(
      `${base}/2/tweets/${(reply.body as { data: { id: string } }).data.id}?tweet.fields=conversation_id,referenced_tweets,in_reply_to_user_id,author_id,created_at,entities`,
      { headers: auth(access) },
    );
    conforms('/2/tweets/{id}', 'get', lookup);
    expect(lookup.body).toMatchObject({
      data: { conversation_id: data.id, referenced_tweets: [{ type: 'replied_to', id: data.id }] },
    });
    const state = sim.control.posts('x', sim.control.account('x').id);
    expect(state).toHaveLength(2);
    expect(state[1]?.text).toBe('New I-beams in stock: https://example.com/beams #steel');
  });

  it('refuses over-long text, unknown fields, too many media and replies to unknown posts', async () => {
    const { access } = await connect();
    expect((await tweet(access, { text: 'x'.repeat(281) })).status).toBe(400);
    expect(
      (await call(`${base}/2/tweets`, jsonBody({ text: 'hi', colour: 'red' }, auth(access)))).status,
    ).toBe(400);
    expect(
      (
        await call(
          `${base}/2/tweets`,
          jsonBody({ text: 'hi', media: { media_ids: ['1', '2', '3', '4', '5'] } }, auth(access)),
        )
      ).status,
    ).toBe(400);
    expect(
      (await tweet(access, { text: 'media ids that do not exist', media: { media_ids: ['123'] } })).status,
    ).toBe(400);
    expect((await tweet(access, { text: 'orphan', reply: { in_reply_to_tweet_id: '42' } })).status).toBe(403);
    // 280 weighted characters: CJK counts 2, so 140 of them fit and 141 do not.
    expect((await tweet(access, { text: '漢'.repeat(140) })).status).toBe(201);
    expect((await tweet(access, { text: '字'.repeat(141) })).status).toBe(400);
  });

  it('answers a repeated text with 403 duplicate content and counts nothing twice', async () => {
    const { access } = await connect();
    expect((await tweet(access, { text: 'Same words' })).status).toBe(201);
    const dup = await tweet(access, { text: 'Same words' });
    expect(dup.status).toBe(403);
    expect(dup.body).toMatchObject({
      detail: 'You are not allowed to create a Tweet with duplicate content.',
    });
    const state = sim.control.state();
    expect(state.duplicates).toBe(0);
    expect(state.duplicateRejections).toBe(1);
  });

  it('posts one image and four images (simple upload, alt text)', async () => {
    const { access } = await connect();
    const one = await uploadImage(access, 1);
    const meta = await call(
      `${base}/2/media/metadata`,
      jsonBody({ id: one, metadata: { alt_text: { text: 'Stacked steel beams' } } }, auth(access)),
    );
    expect(meta.status).toBe(200);
    conforms('/2/media/metadata', 'post', meta);
    expect((await tweet(access, { text: 'One photo', media: { media_ids: [one] } })).status).toBe(201);
    const four = [
      await uploadImage(access, 2),
      await uploadImage(access, 3),
      await uploadImage(access, 4),
      await uploadImage(access, 5),
    ];
    const res = await tweet(access, { text: 'Four photos', media: { media_ids: four } });
    expect(res.status).toBe(201);
    const id = (res.body as { data: { id: string } }).data.id;
    const lookup = await call<{
      data: { attachments: { media_keys: string[] } };
      includes: { media: unknown[] };
    }>(
      `${base}/2/tweets/${id}?tweet.fields=attachments&expansions=attachments.media_keys&media.fields=width,height`,
      { headers: auth(access) },
    );
    conforms('/2/tweets/{id}', 'get', lookup);
    expect(lookup.body.data.attachments.media_keys).toHaveLength(4);
    expect(lookup.body.includes.media).toHaveLength(4);
  });

  it('uploads a video in chunks, reports processing until it succeeds, then posts it', async () => {
    const { access } = await connect();
    const video = mp4(300_000);
    const init = { media_type: 'video/mp4', total_bytes: video.length, media_category: 'tweet_video' };
    sentConforms('/2/media/upload/initialize', init);
    const started = await call<{ data: { id: string } }>(
      `${base}/2/media/upload/initialize`,
      jsonBody(init, auth(access)),
    );
    expect(started.status).toBe(200);
    conforms('/2/media/upload/initialize', 'post', started);
    const id = started.body.data.id;
    const chunks = [video.subarray(0, 200_000), video.subarray(200_000)];
    for (const [i, chunk] of chunks.entries()) {
      const fd = new FormData();
      fd.set('media', new Blob([new Uint8Array(chunk)]), 'chunk');
      fd.set('segment_index', String(i));
      const appended = await call(`${base}/2/media/upload/${id}/append`, {
        method: 'POST',
        headers: auth(access),
        body: fd,
      });
      expect(appended.status).toBe(200);
      conforms('/2/media/upload/{id}/append', 'post', appended);
    }
    const finalized = await call<{ data: { processing_info: { state: string } } }>(
      `${base}/2/media/upload/${id}/finalize`,
      { method: 'POST', headers: auth(access) },
    );
    conforms('/2/media/upload/{id}/finalize', 'post', finalized);
    expect(finalized.body.data.processing_info.state).toBe('pending');
    expect((await tweet(access, { text: 'Too early', media: { media_ids: [id] } })).status).toBe(400);
    const states: string[] = [];
    for (let i = 0; i < 5; i++) {
      const status = await call<{ data: { processing_info: { state: string } } }>(
        `${base}/2/media/upload?media_id=${id}&command=STATUS`,
        { headers: auth(access) },
      );
      conforms('/2/media/upload', 'get', status);
      states.push(status.body.data.processing_info.state);
      if (states.at(-1) === 'succeeded') break;
    }
    expect(states).toEqual(['in_progress', 'succeeded']);
    expect(
      (await tweet(access, { text: 'Our rolling mill at work', media: { media_ids: [id] } })).status,
    ).toBe(201);
  });

  it('fails media that is not what its category says', async () => {
    const { access } = await connect();
    const notImage = await call(
      `${base}/2/media/upload`,
      jsonBody(
        { media: Buffer.from('plain text, no image').toString('base64'), media_category: 'tweet_image' },
        auth(access),
      ),
    );
    expect(notImage.status).toBe(400);
    conforms('/2/media/upload', 'post', notImage);
    const init = await call<{ data: { id: string } }>(
      `${base}/2/media/upload/initialize`,
      jsonBody({ media_type: 'video/mp4', total_bytes: 20, media_category: 'tweet_video' }, auth(access)),
    );
    const fd = new FormData();
    fd.set('media', new Blob([new Uint8Array(20).fill(7)]), 'x');
    fd.set('segment_index', '0');
    await call(`${base}/2/media/upload/${init.body.data.id}/append`, {
      method: 'POST',
      headers: auth(access),
      body: fd,
    });
    await call(`${base}/2/media/upload/${init.body.data.id}/finalize`, {
      method: 'POST',
      headers: auth(access),
    });
    let state = '';
    for (let i = 0; i < 3 && state !== 'failed'; i++) {
      state = (
        await call<{ data: { processing_info: { state: string } } }>(
          `${base}/2/media/upload?media_id=${init.body.data.id}&command=STATUS`,
          { headers: auth(access) },
        )
      ).body.data.processing_info.state;
    }
    expect(state).toBe('failed');
  });
});

describe('X limits, read-back and metrics', () => {
  it('sends x-rate-limit headers and answers 429 with the reset time when the window is spent', async () => {
    const { access } = await connect();
    sim.control.configure({ limits: { x: { 'POST /2/tweets': { limit: 2, windowSec: 900 } } } });
    const a = await tweet(access, { text: 'one' });
    expect(a.headers.get('x-rate-limit-limit')).toBe('2');
    expect(a.headers.get('x-rate-limit-remaining')).toBe('1');
    await tweet(access, { text: 'two' });
    const limited = await tweet(access, { text: 'three' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    expect(reset * 1000).toBeGreaterThan(Date.parse(sim.control.now()));
    sim.control.advanceClock(901_000);
    expect((await tweet(access, { text: 'three' })).status).toBe(201);
  });

  it('lists recent posts newest first with pagination, and hides deleted ones', async () => {
    const { access, user } = await connect();
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(
        ((await tweet(access, { text: `post number ${i}` })).body as { data: { id: string } }).data.id,
      );
    const del = await call(`${base}/2/tweets/${ids[0]}`, { method: 'DELETE', headers: auth(access) });
    conforms('/2/tweets/{id}', 'delete', del);
    const page1 = await call<{
      data: Array<{ id: string }>;
      meta: { next_token?: string; result_count: number };
    }>(`${base}/2/users/${user}/tweets?max_results=5&tweet.fields=created_at`, { headers: auth(access) });
    conforms('/2/users/{id}/tweets', 'get', page1);
    expect(page1.body.data.map((d) => d.id)).toEqual(ids.slice(2).reverse());
    const page2 = await call<{ data: Array<{ id: string }>; meta: { result_count: number } }>(
      `${base}/2/users/${user}/tweets?max_results=5&pagination_token=${page1.body.meta.next_token}`,
      { headers: auth(access) },
    );
    expect(page2.body.data.map((d) => d.id)).toEqual([ids[1]]);
  });

  /** A token that outlives the clock jumps of these tests (a real one lasts 2 hours). */
  const longToken = () => sim.control.mintToken({ platform: 'x', expiresInSec: null }).access_token;

  it('grows public and non-public metrics over time and refuses non-public metrics after 30 days', async () => {
    const access = longToken();
    const id = ((await tweet(access, { text: 'Metrics please?' })).body as { data: { id: string } }).data.id;
    const read = async () =>
      call<{
        data: Array<{
          public_metrics: { impression_count: number; like_count: number };
          non_public_metrics?: { engagements: number };
        }>;
        errors?: unknown[];
      }>(`${base}/2/tweets?ids=${id}&tweet.fields=public_metrics,non_public_metrics,organic_metrics`, {
        headers: auth(access),
      });
    const early = await read();
    conforms('/2/tweets', 'get', early);
    sim.control.advanceClock(6 * 3600_000);
    const later = await read();
    expect(later.body.data[0]?.public_metrics.impression_count).toBeGreaterThan(
      early.body.data[0]?.public_metrics.impression_count ?? 0,
    );
    sim.control.advanceClock(31 * 86_400_000);
    const old = await read();
    conforms('/2/tweets', 'get', old);
    expect(old.body.data[0]?.non_public_metrics).toBeUndefined();
    expect(old.body.errors).toHaveLength(2);
  });

  it('answers analytics in daily buckets that add up to the total', async () => {
    sim.control.setClock('2026-03-02T09:00:00Z', true);
    const token = longToken();
    const id = ((await tweet(token, { text: 'Analytics sample' })).body as { data: { id: string } }).data.id;
    sim.control.advanceClock(3 * 86_400_000);
    const q = `ids=${id}&start_time=2026-03-02T00:00:00Z&end_time=2026-03-05T00:00:00Z&analytics.fields=impressions,likes,engagements`;
    const total = await call<{ data: Array<{ impressions: number }> }>(
      `${base}/2/tweets/analytics?${q}&granularity=total`,
      { headers: auth(token) },
    );
    conforms('/2/tweets/analytics', 'get', total);
    const daily = await call<{
      data: Array<{ timestamped_metrics: Array<{ metrics: { impressions: number } }> }>;
    }>(`${base}/2/tweets/analytics?${q}&granularity=daily`, { headers: auth(token) });
    conforms('/2/tweets/analytics', 'get', daily);
    const buckets = daily.body.data[0]?.timestamped_metrics ?? [];
    expect(buckets).toHaveLength(3);
    expect(buckets.reduce((s, b) => s + b.metrics.impressions, 0)).toBe(total.body.data[0]?.impressions);
  });
});
