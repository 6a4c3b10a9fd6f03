import { describe, expect, it } from 'vitest';
import { fakeHttp, fakeSession, recordingHooks } from '../../test-support/fake-http.js';
import { isPlatformError } from '../errors.js';
import { createInstagramAdapter } from './client.js';

const ig = createInstagramAdapter(
  { graphBaseUrl: 'https://graph.test', graphVersion: 'v25.0', dialogBaseUrl: 'https://www.fb.test' },
  () => 0,
);

describe('Instagram: transform', () => {
  it('needs media, caps a carousel at 10 and refuses captions the API would refuse', () => {
    expect(() => ig.prepare({ text: 'Words only', media: [] })).toThrow(/needs an image or a video/);
    const twelve = Array.from({ length: 12 }, (_, i) => ({
      kind: 'image' as const,
      url: `https://cdn.test/${i}.jpg`,
    }));
    const post = ig.prepare({ text: 'Twelve', media: twelve });
    expect(post.media).toHaveLength(10);
    expect(post.notes).toEqual(['2 of 12 media left out: instagram takes 10']);
    const tags = Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ');
    try {
      ig.prepare({ text: tags, media: twelve.slice(0, 1) });
      expect.unreachable();
    } catch (error) {
      expect(isPlatformError(error) && error.message).toMatch(/31 hashtags \(at most 30\)/);
    }
  });
});

describe('Instagram: requests', () => {
  it('creates carousel children, waits for every container, then publishes the parent once', async () => {
    let n = 0;
    const statuses: Record<string, string[]> = {};
    const http = fakeHttp(ig, [
      ['POST', /\/17841\/media$/, () => ({ json: { id: `c${++n}` } })],
      [
        'GET',
        /^\/v25\.0\/c\d$/,
        (req) => {
          const id = new URL(req.url).pathname.split('/').pop() as string;
          statuses[id] ??= ['IN_PROGRESS', 'FINISHED'];
          return { json: { status_code: statuses[id].shift() ?? 'FINISHED', id } };
        },
      ],
      ['POST', /\/media_publish$/, { json: { id: '9001' } }],
      ['GET', /^\/v25\.0\/9001$/, { json: { permalink: 'https://www.instagram.com/p/ABC/' } }],
    ]);
    const hooks = recordingHooks();
    const post = ig.prepare({
      text: 'Beams #steel',
      media: [
        { kind: 'image', url: 'https://cdn.test/a.jpg', altText: 'Beam' },
        { kind: 'video', url: 'https://cdn.test/v.mp4' },
      ],
    });
    const result = await ig.publish(fakeSession(http, { externalId: '17841' }), post, hooks);
    expect(result).toEqual({
      id: '9001',
      url: 'https://www.instagram.com/p/ABC/',
      parts: [{ id: '9001', url: 'https://www.instagram.com/p/ABC/' }],
    });
    const creates = http.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/media'));
    expect(creates.map((r) => r.form)).toEqual([
      {
        image_url: 'https://cdn.test/a.jpg',
        is_carousel_item: 'true',
        alt_text: 'Beam',
        access_token: 'token-abc',
      },
      {
        media_type: 'VIDEO',
        video_url: 'https://cdn.test/v.mp4',
        is_carousel_item: 'true',
        access_token: 'token-abc',
      },
      { media_type: 'CAROUSEL', children: 'c1,c2', caption: 'Beams #steel', access_token: 'token-abc' },
    ]);
    const publish = http.requests.find((r) => r.path.endsWith('/media_publish'));
    expect(publish?.form).toEqual({ creation_id: 'c3', access_token: 'token-abc' });
    expect(publish?.creates).toBe(true);
    expect(hooks.events).toEqual(['send 0', 'published 0 9001']);
  });

  it('reports a container Instagram could not process as invalid media, before anything is visible', async () => {
    const http = fakeHttp(ig, [
      ['POST', /\/17841\/media$/, { json: { id: 'c1' } }],
      [
        'GET',
        /^\/v25\.0\/c1$/,
        { json: { status_code: 'ERROR', status: 'Error: media type not supported' } },
      ],
    ]);
    const hooks = recordingHooks();
    const error = await ig
      .publish(
        fakeSession(http, { externalId: '17841' }),
        ig.prepare({ text: 'x', media: [{ kind: 'image', url: 'https://cdn.test/a.png' }] }),
        hooks,
      )
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'invalid_media', delivery: 'refused' });
    expect(hooks.events).toEqual([]);
  });
});
