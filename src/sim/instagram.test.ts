import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { edgeParams, enumValues, metaSpecsPresent, unknownKeys } from '../../test/support/meta-spec.js';
import { call, form, image, mediaServer, mp4 } from '../../test/support/sim.js';
import { type RunningSimulator, startSimulator } from './index.js';

let sim: RunningSimulator;
let graph: string;
let media: Awaited<ReturnType<typeof mediaServer>>;

beforeAll(async () => {
  sim = await startSimulator({ seed: 4 });
  graph = `${sim.url}/meta/v25.0`;
  const files: Record<string, Buffer> = {
    '/square.png': await image(1080, 1080, 1, 'png'),
    '/wide.jpg': await image(2000, 800, 2),
    '/reel.mp4': mp4(80_000),
    '/broken.mp4': Buffer.from('not a video at all'),
  };
  for (let i = 0; i < 12; i++) files[`/p${i}.jpg`] = await image(1080, 1350, 10 + i);
  media = await mediaServer(files);
});
afterAll(async () => {
  await sim.close();
  await media.close();
});
beforeEach(() => sim.control.reset());

function shaped(node: string, value: unknown): void {
  if (metaSpecsPresent) expect(unknownKeys(node, value as Record<string, unknown>)).toEqual([]);
}

function sent(edge: string, params: Record<string, string>): Record<string, string> {
  if (metaSpecsPresent) {
    const known = edgeParams('IGUser', 'POST', edge);
    expect(Object.keys(params).filter((k) => k !== 'access_token' && !known.has(k))).toEqual([]);
  }
  return params;
}

/** The linked Instagram account, found as an app does: page → instagram_business_account. */
async function account(): Promise<{ ig: string; token: string }> {
  const token = sim.control.mintToken({ platform: 'instagram', longLived: true }).access_token;
  const pages = await call<{ data: Array<{ id: string; name: string }> }>(
    `${graph}/me/accounts?access_token=${token}`,
  );
  const page = pages.body.data.find((p) => p.name === 'Sim Steel');
  const linked = await call<{ instagram_business_account: { id: string } }>(
    `${graph}/${page?.id}?fields=instagram_business_account&access_token=${token}`,
  );
  return { ig: linked.body.instagram_business_account.id, token };
}

async function container(ig: string, token: string, params: Record<string, string>) {
  return call<Record<string, unknown> & { id?: string; error?: { code: number; error_subcode?: number } }>(
    `${graph}/${ig}/media`,
    form(sent('media', { ...params, access_token: token })),
  );
}

async function status(id: string, token: string): Promise<string> {
  const res = await call<Record<string, unknown>>(
    `${graph}/${id}?fields=status_code,status&access_token=${token}`,
  );
  shaped('ShadowIGMediaBuilder', res.body);
  return String(res.body.status_code);
}

async function publishContainer(ig: string, token: string, id: string) {
  return call<{ id?: string; error?: { code: number; error_subcode?: number } }>(
    `${graph}/${ig}/media_publish`,
    form(sent('media_publish', { creation_id: id, access_token: token })),
  );
}

describe('Instagram containers and publishing', () => {
  it('publishes a JPEG image: container FINISHED, media_publish, then the media reads back', async () => {
    const { ig, token } = await account();
    const profile = await call<Record<string, unknown>>(
      `${graph}/${ig}?fields=id,username,followers_count,media_count&access_token=${token}`,
    );
    expect(profile.body.username).toBe('simsteel');
    shaped('IGUser', profile.body);
    const c = await container(ig, token, {
      image_url: `${media.url}/p0.jpg`,
      caption: 'Beams, stacked. #steel',
      alt_text: 'Steel beams',
    });
    expect(c.body.id).toMatch(/^\d+$/);
    expect(await status(c.body.id ?? '', token)).toBe('FINISHED');
    const published = await publishContainer(ig, token, c.body.id ?? '');
    expect(published.body.id).toMatch(/^\d+$/);
    expect(await status(c.body.id ?? '', token)).toBe('PUBLISHED');
    const node = await call<Record<string, unknown>>(
      `${graph}/${published.body.id}?fields=id,caption,media_type,media_product_type,permalink,timestamp,like_count,comments_count,username&access_token=${token}`,
    );
    expect(node.body).toMatchObject({
      caption: 'Beams, stacked. #steel',
      media_type: 'IMAGE',
      media_product_type: 'FEED',
    });
    expect(String(node.body.permalink)).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    shaped('IGMedia', node.body);
    const list = await call<{ data: Array<{ id: string }> }>(
      `${graph}/${ig}/media?fields=id,caption,timestamp&access_token=${token}`,
    );
    expect(list.body.data.map((m) => m.id)).toEqual([published.body.id]);
  });

  it('refuses non-JPEG images and unsupported aspect ratios with Instagram’s codes', async () => {
    const { ig, token } = await account();
    const png = await container(ig, token, { image_url: `${media.url}/square.png`, caption: 'png' });
    expect(png.body.error).toMatchObject({ code: 9004, error_subcode: 2207052 });
    const wide = await container(ig, token, { image_url: `${media.url}/wide.jpg`, caption: 'too wide' });
    expect(wide.body.error).toMatchObject({ code: 36003, error_subcode: 2207009 });
    const caption = await container(ig, token, {
      image_url: `${media.url}/p1.jpg`,
      caption: Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' '),
    });
    expect(caption.body.error?.code).toBe(100);
  });

  it('publishes a carousel of up to ten children and refuses eleven', async () => {
    const { ig, token } = await account();
    const children: string[] = [];
    for (let i = 0; i < 11; i++) {
      const child = await container(ig, token, {
        image_url: `${media.url}/p${i}.jpg`,
        is_carousel_item: 'true',
      });
      children.push(child.body.id ?? '');
    }
    const tooMany = await container(ig, token, {
      media_type: 'CAROUSEL',
      children: children.join(','),
      caption: 'eleven',
    });
    expect(tooMany.body.error?.code).toBe(100);
    const parent = await container(ig, token, {
      media_type: 'CAROUSEL',
      children: children.slice(0, 3).join(','),
      caption: 'Three views of the yard',
    });
    expect(parent.body.id).toBeTruthy();
    const states: string[] = [];
    for (let i = 0; i < 4 && states.at(-1) !== 'FINISHED'; i++)
      states.push(await status(parent.body.id ?? '', token));
    expect(states).toEqual(['IN_PROGRESS', 'FINISHED']);
    const published = await publishContainer(ig, token, parent.body.id ?? '');
    const node = await call<{ media_type: string; children: { data: unknown[] } }>(
      `${graph}/${published.body.id}?fields=media_type,children&access_token=${token}`,
    );
    expect(node.body.media_type).toBe('CAROUSEL_ALBUM');
    expect(node.body.children.data).toHaveLength(3);
    expect(sim.control.posts('instagram', ig)[0]?.media).toHaveLength(3);
  });

  it('processes a reel: publishing early fails with 9007, polling reaches FINISHED, a broken video ends in ERROR', async () => {
    const { ig, token } = await account();
    const reel = await container(ig, token, {
      media_type: 'REELS',
      video_url: `${media.url}/reel.mp4`,
      caption: 'The mill',
      share_to_feed: 'true',
    });
    const early = await publishContainer(ig, token, reel.body.id ?? '');
    expect(early.body.error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    let s = '';
    for (let i = 0; i < 4 && s !== 'FINISHED'; i++) s = await status(reel.body.id ?? '', token);
    expect(s).toBe('FINISHED');
    const published = await publishContainer(ig, token, reel.body.id ?? '');
    const node = await call<Record<string, unknown>>(
      `${graph}/${published.body.id}?fields=media_type,media_product_type,permalink&access_token=${token}`,
    );
    expect(node.body).toMatchObject({ media_type: 'VIDEO', media_product_type: 'REELS' });
    const broken = await container(ig, token, { media_type: 'REELS', video_url: `${media.url}/broken.mp4` });
    let b = '';
    for (let i = 0; i < 4 && b !== 'ERROR'; i++) b = await status(broken.body.id ?? '', token);
    expect(b).toBe('ERROR');
    const legacy = await container(ig, token, { media_type: 'VIDEO', video_url: `${media.url}/reel.mp4` });
    expect(legacy.body.error?.code).toBe(100);
  });

  it('expires containers after 24 hours and enforces the publishing quota it reports', async () => {
    const { ig, token } = await account();
    const stale = await container(ig, token, { image_url: `${media.url}/p2.jpg` });
    sim.control.advanceClock(24 * 3600_000 + 1000);
    expect(await status(stale.body.id ?? '', token)).toBe('EXPIRED');
    sim.control.configure({ limits: { instagramPublishPerDay: 1 } });
    const limit = await call<{
      data: Array<{ quota_usage: number; config: { quota_total: number; quota_duration: number } }>;
    }>(`${graph}/${ig}/content_publishing_limit?fields=quota_usage,config&access_token=${token}`);
    expect(limit.body.data[0]).toEqual({ quota_usage: 0, config: { quota_total: 1, quota_duration: 86400 } });
    shaped('ContentPublishingLimitResponse', limit.body.data[0]);
    const a = await container(ig, token, { image_url: `${media.url}/p3.jpg`, caption: 'first' });
    expect((await publishContainer(ig, token, a.body.id ?? '')).body.id).toBeTruthy();
    const b = await container(ig, token, { image_url: `${media.url}/p4.jpg`, caption: 'second' });
    expect((await publishContainer(ig, token, b.body.id ?? '')).body.error).toMatchObject({
      code: 9,
      error_subcode: 2207042,
    });
  });
});

describe('Instagram insights', () => {
  it('has no insights before anyone saw the post, then growing ones; refuses deprecated and misplaced metrics', async () => {
    const { ig, token } = await account();
    const c = await container(ig, token, { image_url: `${media.url}/p5.jpg`, caption: 'Insights?' });
    const { body } = await publishContainer(ig, token, c.body.id ?? '');
    const read = () =>
      call<{ data?: Array<{ name: string; values: Array<{ value: number }> }>; error?: { code: number } }>(
        `${graph}/${body.id}/insights?metric=views,reach,likes,saved,total_interactions&access_token=${token}`,
      );
    expect((await read()).body.error?.code).toBe(10);
    sim.control.advanceClock(6 * 3600_000);
    const mid = await read();
    for (const d of mid.body.data ?? []) shaped('InstagramInsightsResult', d);
    sim.control.advanceClock(3 * 86_400_000);
    const late = await read();
    const value = (r: typeof late, name: string) =>
      r.body.data?.find((d) => d.name === name)?.values[0]?.value ?? 0;
    expect(value(late, 'views')).toBeGreaterThan(value(mid, 'views'));
    expect(value(late, 'reach')).toBeLessThanOrEqual(value(late, 'views'));
    if (metaSpecsPresent) {
      const names = enumValues('shadowigmediainsights_metric_enum_param');
      for (const d of late.body.data ?? []) expect(names).toContain(d.name);
    }
    expect(
      (
        await call<{ error: { code: number } }>(
          `${graph}/${body.id}/insights?metric=impressions&access_token=${token}`,
        )
      ).body.error.code,
    ).toBe(100);
    expect(
      (
        await call<{ error: { code: number } }>(
          `${graph}/${body.id}/insights?metric=ig_reels_avg_watch_time&access_token=${token}`,
        )
      ).body.error.code,
    ).toBe(100);
  });

  it.skipIf(!metaSpecsPresent)('the field-list check itself rejects unknown keys', () => {
    expect(unknownKeys('IGMedia', { id: '1', caption: 'x', bogus: true })).toEqual(['bogus']);
  });
});
