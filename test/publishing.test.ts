import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from './support/db.js';
import {
  type Account,
  type Publication,
  type PublishingWorld,
  publishingWorld,
} from './support/publishing.js';

let w: PublishingWorld;

/** The simulator's id of an account (LinkedIn's externalId is the URN). */
const simAccountId = (a: Account) =>
  w.sim.control.accounts(a.platform).find((s) => s.id === a.externalId || s.urn === a.externalId)
    ?.id as string;
const accounts: Partial<Record<string, Account>> = {};

beforeAll(async () => {
  w = await publishingWorld();
});
afterAll(async () => {
  await w?.close();
});

describe(`publishing against the simulator (${testDialect})`, () => {
  it('connects X through OAuth with PKCE and reads the account from the platform', async () => {
    const [x] = await w.connect('x');
    expect(x).toMatchObject({ platform: 'x', status: 'active', canRefresh: true });
    expect(x?.externalId).toBe(w.sim.control.account('x').id);
    accounts.x = x;
  });

  it('connects LinkedIn (the member and the Page they administer), the Facebook Page chosen among two, and Instagram through Facebook Login', async () => {
    let offeredLi: string[] = [];
    const linkedin = await w.connect('linkedin', (choices) => {
      offeredLi = choices.map((c) => `${c.kind} ${c.name}`);
      return choices.map((c) => c.externalId);
    });
    expect(offeredLi).toEqual(['person Sam Sim', 'organization Sim Steel GmbH']);
    const li = linkedin.find((a) => a.externalId.startsWith('urn:li:person:'));
    const org = linkedin.find((a) => a.externalId.startsWith('urn:li:organization:'));
    expect(li).toMatchObject({ platform: 'linkedin', status: 'active' });
    expect(org).toMatchObject({ platform: 'linkedin', status: 'active', name: 'Sim Steel GmbH' });
    accounts.linkedin = li;
    accounts.linkedinPage = org;
    let offered: string[] = [];
    const pages = await w.connect('facebook', (choices) => {
      offered = choices.map((c) => c.name);
      return choices.filter((c) => c.name === 'Sim Steel').map((c) => c.externalId);
    });
    expect(offered.sort()).toEqual(['Sim Bakery', 'Sim Steel']);
    expect(pages.map((p) => p.name)).toEqual(['Sim Steel']);
    accounts.facebook = pages[0];
    const [ig] = await w.connect('instagram');
    expect(ig).toMatchObject({ platform: 'instagram', name: expect.any(String) });
    expect(ig?.externalId).toBe(w.sim.control.account('instagram').id);
    accounts.instagram = ig;
  });

  const kinds = {
    text: () => [],
    image: () => [{ kind: 'image' as const, url: `${w.media.url}/img0.jpg`, altText: 'A stack of I-beams' }],
    'multi-image': () =>
      [1, 2, 3].map((i) => ({ kind: 'image' as const, url: `${w.media.url}/img${i}.jpg` })),
    video: () => [{ kind: 'video' as const, url: `${w.media.url}/clip.mp4` }],
  };
  const cases = (['x', 'linkedin', 'facebook', 'instagram'] as const).flatMap((platform) =>
    (Object.keys(kinds) as (keyof typeof kinds)[])
      .filter((kind) => !(platform === 'instagram' && kind === 'text'))
      .map((kind) => [platform, kind] as const),
  );

  it.each(cases)('publishes to %s: %s', async (platform, kind) => {
    const account = accounts[platform] as Account;
    const media = kinds[kind]();
    const text = `${kind} post for ${platform}: beams cut to length, delivered next day (${Math.random().toString(36).slice(2, 7)})`;
    const contentId = await w.content({ [platform]: text }, media);
    const { publications } = await w.api<{ publications: Publication[] }>('POST', '/posts', {
      contentId,
      accountIds: [account.id],
    });
    const [done] = await w.settle(publications.map((p) => p.id));
    expect(done, done?.error?.message).toMatchObject({ status: 'published', attempts: 1 });
    expect(done?.url).toMatch(/^https:\/\//);
    const post = w.sim.control
      .posts(platform, simAccountId(account))
      .find((p) => p.id === done?.platformPostId);
    expect(post, `post ${done?.platformPostId} on the simulator`).toBeDefined();
    expect(post?.renderedText).toContain(`${kind} post for ${platform}`);
    const expected = media.map((m) => (m.kind === 'video' ? 'video' : 'image'));
    expect(post?.media.map((m) => (m.kind.toLowerCase().includes('video') ? 'video' : 'image'))).toEqual(
      expected,
    );
    expect(w.sim.control.state().duplicates).toBe(0);
  });

  it.each(['x', 'linkedin', 'facebook', 'instagram'] as const)(
    'reads the metrics of a %s post',
    async (platform) => {
      const { publications } = await w.api<{ publications: Publication[] }>(
        'GET',
        `/posts?status=published&accountId=${accounts[platform]?.id}&limit=1`,
      );
      const detail = await w.api<{ metrics: Record<string, number | null> | null }>(
        'GET',
        `/posts/${publications[0]?.id}?metrics=true`,
      );
      expect(detail.metrics).not.toBeNull();
      const figures = ['impressions', 'likes', 'comments', 'shares'].map((k) => detail.metrics?.[k]);
      expect(
        figures.some((v) => typeof v === 'number'),
        JSON.stringify(detail.metrics),
      ).toBe(true);
    },
  );

  it('publishes as the LinkedIn Page, the organization as author', async () => {
    const page = accounts.linkedinPage as Account;
    const contentId = await w.content({ linkedin: 'Sim Steel GmbH: new S355 beams in stock (as the Page).' });
    const { publications } = await w.api<{ publications: Publication[] }>('POST', '/posts', {
      contentId,
      accountIds: [page.id],
    });
    const [done] = await w.settle(publications.map((p) => p.id));
    expect(done?.status).toBe('published');
    const post = w.sim.control
      .posts('linkedin', simAccountId(page))
      .find((p) => p.id === done?.platformPostId);
    expect(post?.renderedText).toContain('as the Page');
  });

  it('refuses an Instagram post without media before calling the platform, and says why', async () => {
    const contentId = await w.content({ instagram: 'Words only' });
    const { publications } = await w.api<{ publications: Publication[] }>('POST', '/posts', {
      contentId,
      accountIds: [accounts.instagram?.id],
    });
    expect(publications[0]).toMatchObject({ status: 'failed', error: { code: 'publishing.invalid_media' } });
    expect(publications[0]?.error?.message).toMatch(/needs an image or a video/);
  });
});
