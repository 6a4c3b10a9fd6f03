import { describe, expect, it } from 'vitest';
import { fakeHttp, fakeSession, recordingHooks } from '../../test-support/fake-http.js';
import { createLinkedInAdapter } from './client.js';
import { escapeLittleText, unescapeLittleText } from './transform.js';

const li = createLinkedInAdapter(
  {
    apiBaseUrl: 'https://api.li.test',
    oauthBaseUrl: 'https://www.li.test/oauth/v2',
    version: '202603',
    scopes: ['openid', 'w_member_social'],
  },
  () => Date.parse('2026-07-01T12:00:00Z'),
);
const session = (http: ReturnType<typeof fakeHttp>) =>
  fakeSession(http, { externalId: 'urn:li:person:abc', details: { authorUrn: 'urn:li:person:abc' } });

describe('LinkedIn: little text', () => {
  it('escapes every reserved character but keeps hashtags', () => {
    expect(escapeLittleText('Beams (S355) @ £12 | 50% off* #steel #S355_beams C# ~now~ <b> [x]{y}\\')).toBe(
      'Beams \\(S355\\) \\@ £12 \\| 50% off\\* #steel #S355\\_beams C\\# \\~now\\~ \\<b\\> \\[x\\]\\{y\\}\\\\',
    );
    const text = 'Q&A (today) #Steel @team';
    expect(unescapeLittleText(escapeLittleText(text))).toBe(text);
  });

  it('refuses more than 3,000 characters instead of cutting a person’s words', () => {
    expect(() => li.prepare({ text: 'a'.repeat(3001), media: [] })).toThrow(
      /3001 characters; LinkedIn takes 3000/,
    );
    expect(li.prepare({ text: 'a'.repeat(3000), media: [] }).parts[0]?.text).toHaveLength(3000);
  });
});

describe('LinkedIn: publishing requests', () => {
  it('uploads each image, then posts a multi-image post with the versioned headers', async () => {
    let n = 0;
    const http = fakeHttp(li, [
      [
        'POST',
        /^\/rest\/images$/,
        () => ({
          json: { value: { uploadUrl: `https://upload.li.test/${++n}`, image: `urn:li:image:${n}` } },
        }),
      ],
      ['PUT', /^\/\d$/, { status: 201 }],
      ['POST', /^\/rest\/posts$/, { status: 201, headers: { 'x-restli-id': 'urn:li:share:777' } }],
    ]);
    const hooks = recordingHooks();
    const post = li.prepare({
      text: 'Two beams (S355)',
      media: [
        { kind: 'image', url: 'https://cdn.test/a.jpg', altText: 'Beam A' },
        { kind: 'image', url: 'https://cdn.test/b.jpg' },
      ],
    });
    const result = await li.publish(session(http), post, hooks);
    expect(result.id).toBe('urn:li:share:777');
    expect(result.url).toBe('https://www.linkedin.com/feed/update/urn:li:share:777/');
    expect(http.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /rest/images',
      'PUT /1',
      'POST /rest/images',
      'PUT /2',
      'POST /rest/posts',
    ]);
    const create = http.requests.at(-1);
    expect(create?.headers).toMatchObject({
      'linkedin-version': '202603',
      'x-restli-protocol-version': '2.0.0',
    });
    expect(create?.json).toMatchObject({
      author: 'urn:li:person:abc',
      commentary: 'Two beams \\(S355\\)',
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      content: {
        multiImage: { images: [{ id: 'urn:li:image:1', altText: 'Beam A' }, { id: 'urn:li:image:2' }] },
      },
    });
    expect(http.requests[0]?.json).toEqual({ initializeUploadRequest: { owner: 'urn:li:person:abc' } });
    expect(hooks.events).toEqual(['send 0', 'published 0 urn:li:share:777']);
  });

  it('maps LinkedIn errors: 401, 429 (15 minutes without Retry-After), duplicate, media, 5xx', () => {
    const res = (status: number, json: unknown, headers: Record<string, string> = {}) => ({
      status,
      headers: new Headers(headers),
      body: Buffer.from(JSON.stringify(json)),
      json: <T>() => json as T,
    });
    const now = Date.parse('2026-07-01T12:00:00Z');
    expect(
      li.mapError(
        res(401, { status: 401, serviceErrorCode: 65601, code: 'EXPIRED_ACCESS_TOKEN', message: 'expired' }),
        now,
      ).kind,
    ).toBe('auth_expired');
    const limited = li.mapError(res(429, { status: 429, message: 'throttled' }), now);
    expect([limited.kind, limited.retryAt]).toEqual(['rate_limited', '2026-07-01T12:15:00.000Z']);
    expect(li.mapError(res(429, { status: 429 }, { 'retry-after': '60' }), now).retryAt).toBe(
      '2026-07-01T12:01:00.000Z',
    );
    expect(
      li.mapError(res(422, { status: 422, message: 'Content is a duplicate of urn:li:share:1' }), now).kind,
    ).toBe('duplicate');
    expect(li.mapError(res(400, { status: 400, message: 'Invalid image urn' }), now).kind).toBe(
      'invalid_media',
    );
    expect(li.mapError(res(502, { status: 502, message: 'Bad gateway' }), now).kind).toBe('transient');
    expect(li.mapError(res(426, { status: 426, message: 'version is no longer supported' }), now).kind).toBe(
      'permanent',
    );
  });
});
