import { describe, expect, it } from 'vitest';
import { fakeHttp, fakeSession, recordingHooks } from '../../test-support/fake-http.js';
import { createFacebookAdapter } from './client.js';

const fb = createFacebookAdapter(
  { graphBaseUrl: 'https://graph.test', graphVersion: 'v25.0', dialogBaseUrl: 'https://www.fb.test' },
  () => 0,
);

describe('Facebook Pages: requests', () => {
  it('posts text with its first link as the preview card', async () => {
    const http = fakeHttp(fb, [['POST', /^\/v25\.0\/123\/feed$/, { json: { id: '123_456' } }]]);
    const post = fb.prepare({ text: 'New beams: https://steel.example/beams. Order today!', media: [] });
    expect(post.link).toBe('https://steel.example/beams');
    const result = await fb.publish(fakeSession(http, { externalId: '123' }), post, recordingHooks());
    expect(result).toMatchObject({ id: '123_456', url: 'https://www.facebook.com/123_456' });
    expect(http.requests[0]?.form).toEqual({
      message: 'New beams: https://steel.example/beams. Order today!',
      access_token: 'token-abc',
      link: 'https://steel.example/beams',
    });
  });

  it('uploads several photos unpublished, then attaches them to one feed post', async () => {
    let n = 0;
    const http = fakeHttp(fb, [
      ['POST', /\/photos$/, () => ({ json: { id: `ph${++n}` } })],
      ['POST', /\/feed$/, { json: { id: '123_789' } }],
    ]);
    const hooks = recordingHooks();
    const post = fb.prepare({
      text: 'Two photos',
      media: [
        { kind: 'image', url: 'https://cdn.test/a.jpg', altText: 'A' },
        { kind: 'image', url: 'https://cdn.test/b.jpg' },
      ],
    });
    expect(post.link).toBeUndefined();
    await fb.publish(fakeSession(http, { externalId: '123' }), post, hooks);
    expect(http.requests.map((r) => [r.path, r.form?.published, r.creates ?? false])).toEqual([
      ['/v25.0/123/photos', 'false', false],
      ['/v25.0/123/photos', 'false', false],
      ['/v25.0/123/feed', undefined, true],
    ]);
    expect(http.requests[2]?.form).toMatchObject({
      'attached_media[0]': '{"media_fbid":"ph1"}',
      'attached_media[1]': '{"media_fbid":"ph2"}',
    });
    expect(hooks.events).toEqual(['send 0', 'published 0 123_789']);
  });
});
