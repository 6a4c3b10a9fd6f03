import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { edgeParams, metaSpecsPresent, unknownKeys } from '../../test/support/meta-spec.js';
import { call, form, image, mediaServer, mp4 } from '../../test/support/sim.js';
import { type RunningSimulator, startSimulator } from './index.js';

if (!metaSpecsPresent)
  console.warn('[sim] ../shared/specs/meta is absent: Graph shapes are not checked against the field lists');

let sim: RunningSimulator;
let graph: string;
let media: Awaited<ReturnType<typeof mediaServer>>;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3 });
  graph = `${sim.url}/meta/v25.0`;
  media = await mediaServer({
    '/beam.jpg': await image(1080, 1080, 1),
    '/beam2.jpg': await image(1080, 1080, 2),
    '/beam3.jpg': await image(1080, 1080, 3),
    '/notes.txt': Buffer.from('not an image'),
    '/mill.mp4': mp4(50_000),
  });
});
afterAll(async () => {
  await sim.close();
  await media.close();
});
beforeEach(() => sim.control.reset());

/** Keys the node specs list (fields or edges); fails the test on any other. */
function shaped(node: string, value: unknown): void {
  if (metaSpecsPresent) expect(unknownKeys(node, value as Record<string, unknown>)).toEqual([]);
}

function sent(node: string, edge: string, params: Record<string, string>): Record<string, string> {
  if (metaSpecsPresent) {
    const known = edgeParams(node, 'POST', edge);
    expect(
      Object.keys(params).filter((k) => k !== 'access_token' && !known.has(k.replace(/\[\d+\]$/, ''))),
    ).toEqual([]);
  }
  return params;
}

async function connect(
  scope = 'pages_show_list,pages_read_engagement,pages_manage_posts,read_insights,instagram_basic,instagram_content_publish,instagram_manage_insights',
) {
  const dialog = await call(
    `${graph}/dialog/oauth?client_id=sim-meta-client&redirect_uri=${encodeURIComponent('https://app.test/fb')}&state=s9&scope=${scope}`,
  );
  expect(dialog.status).toBe(302);
  const location = new URL(dialog.headers.get('location') ?? '');
  expect(location.hash).toBe('#_=_');
  expect(location.searchParams.get('state')).toBe('s9');
  const short = await call<{ access_token: string; expires_in: number }>(
    `${graph}/oauth/access_token?client_id=sim-meta-client&client_secret=sim-meta-secret&redirect_uri=${encodeURIComponent('https://app.test/fb')}&code=${location.searchParams.get('code')}`,
  );
  expect(short.status).toBe(200);
  const long = await call<{ access_token: string; expires_in: number }>(
    `${graph}/oauth/access_token?grant_type=fb_exchange_token&client_id=sim-meta-client&client_secret=sim-meta-secret&fb_exchange_token=${short.body.access_token}`,
  );
  expect(long.body.expires_in).toBeGreaterThan(50 * 86_400);
  const accounts = await call<{
    data: Array<{
      id: string;
      name: string;
      access_token: string;
      instagram_business_account?: { id: string };
    }>;
  }>(
    `${graph}/me/accounts?fields=id,name,access_token,instagram_business_account&access_token=${long.body.access_token}`,
  );
  const page = accounts.body.data.find((p) => p.name === 'Sim Steel');
  if (!page) throw new Error('no page');
  return { short: short.body, user: long.body.access_token, page, pages: accounts.body.data };
}

async function publish(pageId: string, edge: string, params: Record<string, string>) {
  return call<Record<string, string>>(`${graph}/${pageId}/${edge}`, form(sent('Page', edge, params)));
}

describe('Facebook login and page tokens', () => {
  it('exchanges the code for a short-lived token, then a long-lived one whose Page tokens never expire', async () => {
    const { short, user, page, pages } = await connect();
    expect(short.expires_in).toBeLessThan(3 * 3600);
    expect(pages.map((p) => p.name).sort()).toEqual(['Sim Bakery', 'Sim Steel']);
    expect(page.instagram_business_account?.id).toMatch(/^\d+$/);
    const debug = await call<{
      data: { is_valid: boolean; expires_at: number; type: string; profile_id: string };
    }>(`${graph}/debug_token?input_token=${page.access_token}&access_token=sim-meta-client|sim-meta-secret`);
    expect(debug.body.data).toMatchObject({
      is_valid: true,
      expires_at: 0,
      type: 'PAGE',
      profile_id: page.id,
    });
    const me = await call<Record<string, unknown>>(`${graph}/me?access_token=${user}`);
    expect(me.body.name).toBe('Sam Sim');
    shaped('User', me.body);
  });

  it('answers code 190 for an expired token and revokes everything on DELETE /me/permissions', async () => {
    const token = sim.control.mintToken({ platform: 'facebook', expiresInSec: 60 });
    sim.control.advanceClock(61_000);
    const expired = await call(`${graph}/me?access_token=${token.access_token}`);
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ error: { code: 190, error_subcode: 463, type: 'OAuthException' } });
    const { user, page } = await connect();
    expect((await call(`${graph}/me/permissions?access_token=${user}`, { method: 'DELETE' })).body).toEqual({
      success: true,
    });
    const after = await publish(page.id, 'feed', {
      message: 'after revoke',
      access_token: page.access_token,
    });
    expect(after.body).toMatchObject({ error: { code: 190, error_subcode: 458 } });
  });
});

describe('Facebook publishing', () => {
  it('publishes text to the feed with a Page token, and refuses a user token', async () => {
    const { user, page } = await connect();
    const res = await publish(page.id, 'feed', {
      message: 'Fresh coils arrived today.',
      access_token: page.access_token,
    });
    expect(res.status).toBe(200);
    expect(res.body.id).toMatch(new RegExp(`^${page.id}_\\d+$`));
    const asUser = await publish(page.id, 'feed', { message: 'as a user', access_token: user });
    expect(asUser.body).toMatchObject({ error: { code: 200 } });
    const node = await call<Record<string, unknown>>(
      `${graph}/${res.body.id}?fields=id,message,created_time,permalink_url,status_type,shares,is_published&access_token=${page.access_token}`,
    );
    expect(node.body).toMatchObject({
      id: res.body.id,
      message: 'Fresh coils arrived today.',
      is_published: true,
    });
    expect(node.body.shares).toBeUndefined();
    shaped('PagePost', node.body);
  });

  it('publishes one photo by URL, several photos with attached_media, and refuses what is not an image', async () => {
    const { page } = await connect();
    const one = await publish(page.id, 'photos', {
      url: `${media.url}/beam.jpg`,
      caption: 'One beam',
      access_token: page.access_token,
    });
    expect(one.body.post_id).toMatch(new RegExp(`^${page.id}_`));
    const photo = await call<Record<string, unknown>>(
      `${graph}/${one.body.id}?fields=id,images,created_time&access_token=${page.access_token}`,
    );
    shaped('Photo', photo.body);
    const ids: string[] = [];
    for (const f of ['beam2.jpg', 'beam3.jpg']) {
      const up = await publish(page.id, 'photos', {
        url: `${media.url}/${f}`,
        published: 'false',
        access_token: page.access_token,
      });
      expect(up.body.post_id).toBeUndefined();
      ids.push(up.body.id ?? '');
    }
    const multi = await publish(page.id, 'feed', {
      message: 'Two beams',
      'attached_media[0]': JSON.stringify({ media_fbid: ids[0] }),
      'attached_media[1]': JSON.stringify({ media_fbid: ids[1] }),
      access_token: page.access_token,
    });
    expect(multi.status).toBe(200);
    const node = await call<{
      attachments: { data: Array<{ media_type: string; subattachments: { data: unknown[] } }> };
    }>(`${graph}/${multi.body.id}?fields=attachments&access_token=${page.access_token}`);
    expect(node.body.attachments.data[0]?.media_type).toBe('album');
    expect(node.body.attachments.data[0]?.subattachments.data).toHaveLength(2);
    const reused = await publish(page.id, 'feed', {
      message: 'again',
      attached_media: JSON.stringify([{ media_fbid: ids[0] }]),
      access_token: page.access_token,
    });
    expect(reused.body).toMatchObject({ error: { code: 100 } });
    const bad = await publish(page.id, 'photos', {
      url: `${media.url}/notes.txt`,
      access_token: page.access_token,
    });
    expect(bad.body).toMatchObject({ error: { code: 324 } });
    const missing = await publish(page.id, 'photos', {
      url: `${media.url}/nothing.jpg`,
      access_token: page.access_token,
    });
    expect(missing.body).toMatchObject({ error: { code: 324 } });
    const kinds = sim.control.posts('facebook', page.id).map((p) => p.media.length);
    expect(kinds).toEqual([2, 1]);
  });

  it('publishes a video by file_url and reports processing, then ready', async () => {
    const { page } = await connect();
    const res = await publish(page.id, 'videos', {
      file_url: `${media.url}/mill.mp4`,
      title: 'The mill',
      description: 'Rolling mill',
      access_token: page.access_token,
    });
    expect(res.body.id).toMatch(/^\d+$/);
    const states: string[] = [];
    for (let i = 0; i < 4 && states.at(-1) !== 'ready'; i++) {
      const v = await call<{ status: { video_status: string }; post_id: string }>(
        `${graph}/${res.body.id}?fields=status,post_id&access_token=${page.access_token}`,
      );
      shaped('AdVideo', v.body);
      states.push(v.body.status.video_status);
    }
    expect(states).toEqual(['processing', 'ready']);
  });

  it('schedules a post that shows in scheduled_posts until its time, then in the feed', async () => {
    const { page } = await connect();
    const at = Math.floor(Date.parse(sim.control.now()) / 1000) + 3600;
    const res = await publish(page.id, 'feed', {
      message: 'Later',
      published: 'false',
      scheduled_publish_time: String(at),
      access_token: page.access_token,
    });
    expect(res.status).toBe(200);
    const tooSoon = await publish(page.id, 'feed', {
      message: 'Too soon',
      published: 'false',
      scheduled_publish_time: String(at - 3300),
      access_token: page.access_token,
    });
    expect(tooSoon.body).toMatchObject({ error: { code: 100 } });
    const list = async (edge: string) =>
      (
        await call<{ data: Array<{ id: string }> }>(
          `${graph}/${page.id}/${edge}?access_token=${page.access_token}`,
        )
      ).body.data.map((p) => p.id);
    expect(await list('scheduled_posts')).toEqual([res.body.id]);
    expect(await list('published_posts')).toEqual([]);
    sim.control.advanceClock(3601_000);
    expect(await list('published_posts')).toEqual([res.body.id]);
  });

  it('answers #506 for a duplicate status and throttles with usage headers', async () => {
    const { page, user } = await connect();
    expect(
      (await publish(page.id, 'feed', { message: 'Twice', access_token: page.access_token })).status,
    ).toBe(200);
    const dup = await publish(page.id, 'feed', { message: 'Twice', access_token: page.access_token });
    expect(dup.status).toBe(400);
    expect(dup.body).toMatchObject({ error: { code: 506, message: '(#506) Duplicate status message' } });
    expect(sim.control.state().duplicates).toBe(0);

    const usage = await call(`${graph}/me?access_token=${user}`);
    expect(JSON.parse(usage.headers.get('x-app-usage') ?? '{}')).toMatchObject({
      call_count: expect.any(Number),
      total_time: expect.any(Number),
    });
    sim.control.configure({ limits: { metaPageCallsPerDay: 3 } });
    let last = await call<{ error?: { code: number } }>(
      `${graph}/${page.id}/feed?access_token=${page.access_token}`,
    );
    for (let i = 0; i < 3 && !last.body.error; i++)
      last = await call(`${graph}/${page.id}/feed?access_token=${page.access_token}`);
    expect(last.status).toBe(403);
    expect(last.body.error?.code).toBe(80001);
    const buc = JSON.parse(last.headers.get('x-business-use-case-usage') ?? '{}') as Record<
      string,
      Array<{ call_count: number; estimated_time_to_regain_access: number; type: string }>
    >;
    expect(buc[page.id]?.[0]).toMatchObject({ type: 'pages', call_count: 100 });
    expect(buc[page.id]?.[0]?.estimated_time_to_regain_access).toBeGreaterThan(0);
  });
});

describe('Facebook read-back and insights', () => {
  it('lists the page’s posts and reports insights that grow; refuses deprecated metrics', async () => {
    const { page } = await connect();
    const ids: string[] = [];
    for (const m of ['First', 'Second https://example.com'])
      ids.push(
        (await publish(page.id, 'feed', { message: m, access_token: page.access_token })).body.id ?? '',
      );
    const feed = await call<{ data: Array<Record<string, unknown>> }>(
      `${graph}/${page.id}/feed?fields=id,message,created_time,permalink_url&access_token=${page.access_token}`,
    );
    expect(feed.body.data.map((p) => p.id)).toEqual([...ids].reverse());
    for (const p of feed.body.data) shaped('PagePost', p);
    const read = async () =>
      call<{ data: Array<{ name: string; period: string; values: Array<{ value: number }> }> }>(
        `${graph}/${ids[1]}/insights?metric=post_impressions,post_total_media_view_unique,post_clicks&period=lifetime&access_token=${page.access_token}`,
      );
    sim.control.advanceClock(3600_000);
    const early = await read();
    for (const d of early.body.data) shaped('InsightsResult', d);
    sim.control.advanceClock(48 * 3600_000);
    const late = await read();
    expect(late.body.data[0]?.values[0]?.value).toBeGreaterThan(early.body.data[0]?.values[0]?.value ?? 0);
    const deprecated = await call(
      `${graph}/${ids[1]}/insights?metric=post_impressions_unique&access_token=${page.access_token}`,
    );
    expect(deprecated.body).toMatchObject({ error: { code: 100 } });
    const reactions = await call<{
      reactions: { summary: { total_count: number } };
      comments: { summary: { total_count: number } };
    }>(
      `${graph}/${ids[1]}?fields=reactions.summary(total_count).limit(0),comments.summary(true).limit(0),shares&access_token=${page.access_token}`,
    );
    expect(reactions.body.reactions.summary.total_count).toBeGreaterThanOrEqual(0);
    expect(reactions.body.comments.summary.total_count).toBeGreaterThanOrEqual(0);
  });
});
