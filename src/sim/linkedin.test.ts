import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Answer, call, form, image, jsonBody, mp4 } from '../../test/support/sim.js';
import { type RunningSimulator, startSimulator } from './index.js';
import { renderLittleText } from './linkedin.js';

let sim: RunningSimulator;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 5 });
  base = `${sim.url}/linkedin`;
});
afterAll(() => sim.close());
beforeEach(() => sim.control.reset());

const scopes =
  'openid profile email w_member_social r_member_social w_organization_social r_organization_social rw_organization_admin r_member_postAnalytics';
const version = { 'linkedin-version': '202603', 'x-restli-protocol-version': '2.0.0' };

async function connect(scope = scopes): Promise<{ access: string; refresh?: string; expiresIn: number }> {
  sim.control.configure({ linkedinVersions: { oldest: '202512', newest: '202612' } });
  const redirect = await call(
    `${base}/oauth/v2/authorization?response_type=code&client_id=sim-linkedin-client&redirect_uri=${encodeURIComponent('https://app.test/li')}&state=abc&scope=${encodeURIComponent(scope)}`,
  );
  expect(redirect.status).toBe(302);
  const location = new URL(redirect.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('abc');
  const token = await call<Record<string, string | number>>(
    `${base}/oauth/v2/accessToken`,
    form({
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      client_id: 'sim-linkedin-client',
      client_secret: 'sim-linkedin-secret',
      redirect_uri: 'https://app.test/li',
    }),
  );
  expect(token.status).toBe(200);
  return {
    access: String(token.body.access_token),
    refresh: token.body.refresh_token as string | undefined,
    expiresIn: Number(token.body.expires_in),
  };
}

const headers = (token: string) => ({ authorization: `Bearer ${token}`, ...version });

async function post(token: string, body: Record<string, unknown>): Promise<Answer> {
  return call(`${base}/rest/posts`, jsonBody(body, headers(token)));
}

function textPost(
  author: string,
  commentary: string,
  content?: Record<string, unknown>,
): Record<string, unknown> {
  return {
    author,
    commentary,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...(content ? { content } : {}),
  };
}

async function uploadImage(token: string, owner: string, seed: number): Promise<string> {
  const init = await call<{ value: { uploadUrl: string; image: string } }>(
    `${base}/rest/images?action=initializeUpload`,
    jsonBody({ initializeUploadRequest: { owner } }, headers(token)),
  );
  expect(init.status).toBe(200);
  const put = await fetch(init.body.value.uploadUrl, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}` },
    body: new Uint8Array(await image(1200, 627, seed)),
  });
  expect(put.status).toBe(201);
  return init.body.value.image;
}

describe('LinkedIn OAuth and identity', () => {
  it('connects (60-day token, refresh token for partner apps), reads userinfo and the organizations the member administers', async () => {
    const { access, refresh, expiresIn } = await connect();
    expect(expiresIn).toBe(60 * 86_400);
    expect(refresh).toBeTruthy();
    const me = await call<Record<string, unknown>>(`${base}/v2/userinfo`, {
      headers: { authorization: `Bearer ${access}` },
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      sub: sim.control.account('linkedin').id,
      name: 'Sam Sim',
      email_verified: true,
    });
    const acls = await call<{ elements: Array<{ organization: string; role: string }> }>(
      `${base}/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`,
      { headers: headers(access) },
    );
    expect(acls.body.elements).toEqual([
      expect.objectContaining({
        role: 'ADMINISTRATOR',
        organization: expect.stringMatching(/^urn:li:organization:\d+$/),
      }),
    ]);
  });

  it('refreshes without extending the refresh token, and answers 401 once the access token has expired', async () => {
    const { access, refresh } = await connect();
    sim.control.advanceClock(61 * 86_400_000);
    const expired = await call(`${base}/v2/userinfo`, { headers: { authorization: `Bearer ${access}` } });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({
      status: 401,
      code: 'EXPIRED_ACCESS_TOKEN',
      serviceErrorCode: 65601,
    });
    const refreshed = await call<Record<string, string | number>>(
      `${base}/oauth/v2/accessToken`,
      form({
        grant_type: 'refresh_token',
        refresh_token: refresh ?? '',
        client_id: 'sim-linkedin-client',
        client_secret: 'sim-linkedin-secret',
      }),
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).toBe(refresh);
    expect(Number(refreshed.body.refresh_token_expires_in)).toBeLessThanOrEqual(365 * 86_400 - 61 * 86_400);
    const introspect = await call<Record<string, unknown>>(
      `${base}/oauth/v2/introspectToken`,
      form({
        token: String(refreshed.body.access_token),
        client_id: 'sim-linkedin-client',
        client_secret: 'sim-linkedin-secret',
      }),
    );
    expect(introspect.body).toMatchObject({ active: true, status: 'active' });
  });

  it('requires the version headers on /rest and refuses inactive versions', async () => {
    const { access } = await connect();
    const author = sim.control.account('linkedin').urn ?? '';
    const missing = await call(
      `${base}/rest/posts`,
      jsonBody(textPost(author, 'hi'), {
        authorization: `Bearer ${access}`,
        'x-restli-protocol-version': '2.0.0',
      }),
    );
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: 'VERSION_MISSING' });
    const old = await call(
      `${base}/rest/posts`,
      jsonBody(textPost(author, 'hi'), { ...headers(access), 'linkedin-version': '202301' }),
    );
    expect(old.status).toBe(426);
    const noRestli = await call(
      `${base}/rest/posts`,
      jsonBody(textPost(author, 'hi'), { authorization: `Bearer ${access}`, 'linkedin-version': '202603' }),
    );
    expect(noRestli.status).toBe(400);
  });
});

describe('LinkedIn publishing', () => {
  it('creates a text post (201 + x-restli-id) as the member and as the organization', async () => {
    const { access } = await connect();
    const member = sim.control.account('linkedin');
    const org = sim.control.accounts('linkedin').find((a) => a.kind === 'linkedin_organization');
    const res = await post(access, textPost(member.urn ?? '', 'Hello from the simulator'));
    expect(res.status).toBe(201);
    expect(res.headers.get('x-restli-id')).toMatch(/^urn:li:share:\d{19}$/);
    const asOrg = await post(access, textPost(org?.urn ?? '', 'Hello from the company'));
    expect(asOrg.status).toBe(201);
    const someoneElse = await post(access, textPost('urn:li:person:SOMEONE', 'not me'));
    expect(someoneElse.status).toBe(403);
    const urn = res.headers.get('x-restli-id') ?? '';
    const got = await call<Record<string, unknown>>(`${base}/rest/posts/${encodeURIComponent(urn)}`, {
      headers: headers(access),
    });
    expect(got.body).toMatchObject({
      id: urn,
      author: member.urn,
      commentary: 'Hello from the simulator',
      lifecycleState: 'PUBLISHED',
    });
    const raw = await call(`${base}/rest/posts/${urn}`, { headers: headers(access) });
    expect(raw.status).toBe(400);
  });

  it('renders little text: escaped reserved characters show, an unescaped one silently truncates', async () => {
    expect(renderLittleText('Price \\(net\\): 5 \\* 3 \\#1 #steel @[Sim Steel](urn:li:organization:1)')).toBe(
      'Price (net): 5 * 3 #1 #steel Sim Steel',
    );
    expect(renderLittleText('Our range (new) is here')).toBe('Our range ');
    expect(renderLittleText('snake_case breaks it')).toBe('snake');
    const { access } = await connect();
    const member = sim.control.account('linkedin');
    await post(access, textPost(member.urn ?? '', 'Beams (HEB 200) in stock'));
    expect(sim.control.posts('linkedin', member.id)[0]?.renderedText).toBe('Beams ');
  });

  it('posts a single image, several images and a video', async () => {
    const { access } = await connect();
    const member = sim.control.account('linkedin');
    const owner = member.urn ?? '';
    const img = await uploadImage(access, owner, 1);
    const status = await call<{ status: string }>(`${base}/rest/images/${encodeURIComponent(img)}`, {
      headers: headers(access),
    });
    expect(status.body.status).toBe('AVAILABLE');
    expect(
      (await post(access, textPost(owner, 'One image', { media: { id: img, altText: 'Beams' } }))).status,
    ).toBe(201);

    const images = [
      await uploadImage(access, owner, 2),
      await uploadImage(access, owner, 3),
      await uploadImage(access, owner, 4),
    ];
    const multi = await post(
      access,
      textPost(owner, 'Three images', { multiImage: { images: images.map((id) => ({ id, altText: 'x' })) } }),
    );
    expect(multi.status).toBe(201);
    expect(
      (
        await post(
          access,
          textPost(owner, 'One is not multi', { multiImage: { images: [{ id: images[0] }] } }),
        )
      ).status,
    ).toBe(422);

    const video = mp4(5 * 1024 * 1024 + 10);
    const init = await call<{
      value: {
        video: string;
        uploadToken: string;
        uploadInstructions: Array<{ uploadUrl: string; firstByte: number; lastByte: number }>;
      };
    }>(
      `${base}/rest/videos?action=initializeUpload`,
      jsonBody(
        {
          initializeUploadRequest: {
            owner,
            fileSizeBytes: video.length,
            uploadCaptions: false,
            uploadThumbnail: false,
          },
        },
        headers(access),
      ),
    );
    expect(init.body.value.uploadInstructions).toHaveLength(2);
    const etags: string[] = [];
    for (const part of init.body.value.uploadInstructions) {
      const res = await fetch(part.uploadUrl, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: new Uint8Array(video.subarray(part.firstByte, part.lastByte + 1)),
      });
      etags.push(res.headers.get('etag') ?? '');
    }
    const finalize = await call(
      `${base}/rest/videos?action=finalizeUpload`,
      jsonBody(
        {
          finalizeUploadRequest: {
            video: init.body.value.video,
            uploadToken: init.body.value.uploadToken,
            uploadedPartIds: etags,
          },
        },
        headers(access),
      ),
    );
    expect(finalize.status).toBe(200);
    const seen: string[] = [];
    for (let i = 0; i < 4 && seen.at(-1) !== 'AVAILABLE'; i++) {
      seen.push(
        (
          await call<{ status: string }>(`${base}/rest/videos/${encodeURIComponent(init.body.value.video)}`, {
            headers: headers(access),
          })
        ).body.status,
      );
    }
    expect(seen).toEqual(['PROCESSING', 'AVAILABLE']);
    const res = await post(
      access,
      textPost(owner, 'Our mill', { media: { title: 'Mill', id: init.body.value.video } }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('x-restli-id')).toMatch(/^urn:li:ugcPost:/);
    const kinds = sim.control.posts('linkedin', member.id).map((p) => p.media.map((m) => m.kind).join('+'));
    expect(kinds).toEqual(['video', 'image+image+image', 'image']);
  });

  it('refuses an image owned by someone else and an image that failed processing', async () => {
    const { access } = await connect();
    const member = sim.control.account('linkedin').urn ?? '';
    const org = sim.control.accounts('linkedin').find((a) => a.kind === 'linkedin_organization')?.urn ?? '';
    const orgImage = await uploadImage(access, org, 9);
    expect((await post(access, textPost(member, 'not my image', { media: { id: orgImage } }))).status).toBe(
      403,
    );
    const init = await call<{ value: { uploadUrl: string; image: string } }>(
      `${base}/rest/images?action=initializeUpload`,
      jsonBody({ initializeUploadRequest: { owner: member } }, headers(access)),
    );
    await fetch(init.body.value.uploadUrl, {
      method: 'PUT',
      headers: { authorization: `Bearer ${access}` },
      body: new TextEncoder().encode('not an image'),
    });
    expect(
      (
        await call<{ status: string }>(`${base}/rest/images/${encodeURIComponent(init.body.value.image)}`, {
          headers: headers(access),
        })
      ).body.status,
    ).toBe('PROCESSING_FAILED');
    expect(
      (await post(access, textPost(member, 'broken image', { media: { id: init.body.value.image } }))).status,
    ).toBe(422);
  });

  it('answers 422 DUPLICATE_POST for the same content, and 429 once the daily member limit is spent', async () => {
    const { access } = await connect();
    sim.control.configure({ limits: { linkedinMemberPostsPerDay: 3 } });
    const member = sim.control.account('linkedin').urn ?? '';
    const first = await post(access, textPost(member, 'Same again'));
    const dup = await post(access, textPost(member, 'Same again'));
    expect(dup.status).toBe(422);
    expect(JSON.stringify(dup.body)).toContain('DUPLICATE_POST');
    expect(JSON.stringify(dup.body)).toContain(first.headers.get('x-restli-id') ?? 'none');
    expect((await post(access, textPost(member, 'second of the day'))).status).toBe(201);
    const limited = await post(access, textPost(member, 'third of the day'));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'TOO_MANY_REQUESTS' });
    const now = Date.parse(sim.control.now());
    sim.control.advanceClock(86_400_000 - (now % 86_400_000) + 1000);
    const { access: fresh } = await connect();
    expect((await post(fresh, textPost(member, 'third of the day'))).status).toBe(201);
  });
});

describe('LinkedIn read-back and metrics', () => {
  it('lists an author’s posts, and reports reactions, comments and share statistics that grow', async () => {
    const { access } = await connect();
    const org = sim.control.accounts('linkedin').find((a) => a.kind === 'linkedin_organization');
    const urns: string[] = [];
    for (const text of ['First update', 'Second update with a link https://example.com']) {
      urns.push((await post(access, textPost(org?.urn ?? '', text))).headers.get('x-restli-id') ?? '');
    }
    const list = await call<{ elements: Array<{ id: string }>; paging: { total: number } }>(
      `${base}/rest/posts?q=author&author=${encodeURIComponent(org?.urn ?? '')}&count=10`,
      { headers: headers(access) },
    );
    expect(list.body.elements.map((e) => e.id)).toEqual([...urns].reverse());
    sim.control.advanceClock(2 * 86_400_000);
    const social = await call<{
      reactionSummaries: Record<string, { count: number }>;
      commentSummary: { count: number };
    }>(`${base}/rest/socialMetadata/${encodeURIComponent(urns[0] ?? '')}`, { headers: headers(access) });
    expect(social.status).toBe(200);
    const stats = await call<{
      elements: Array<{
        totalShareStatistics: { impressionCount: number; likeCount: number; engagement: number };
      }>;
    }>(
      `${base}/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${encodeURIComponent(org?.urn ?? '')}&shares=List(${urns.map(encodeURIComponent).join(',')})`,
      { headers: headers(access) },
    );
    expect(stats.body.elements).toHaveLength(2);
    const s0 = stats.body.elements.find(
      (e) => (e as unknown as { share: string }).share === urns[0],
    )?.totalShareStatistics;
    expect(s0?.impressionCount).toBeGreaterThan(0);
    const likes = Object.values(social.body.reactionSummaries).reduce((n, r) => n + r.count, 0);
    expect(likes).toBe(s0?.likeCount);
  });

  it('answers member post analytics for the member’s own posts', async () => {
    const { access } = await connect();
    const member = sim.control.account('linkedin');
    const urn =
      (await post(access, textPost(member.urn ?? '', 'Member analytics'))).headers.get('x-restli-id') ?? '';
    sim.control.advanceClock(3 * 86_400_000);
    const res = await call<{ elements: Array<{ count: number; metricType: string }> }>(
      `${base}/rest/memberCreatorPostAnalytics?q=entity&entity=(share:${encodeURIComponent(urn)})&queryType=IMPRESSION&aggregation=TOTAL`,
      { headers: headers(access) },
    );
    expect(res.status).toBe(200);
    expect(res.body.elements[0]?.count).toBeGreaterThan(0);
  });
});
