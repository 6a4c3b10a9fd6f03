import twitterText from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { fakeHttp, fakeSession, recordingHooks } from '../../test-support/fake-http.js';
import { isPlatformError } from '../errors.js';
import { createXAdapter } from './client.js';
import { mapXError, xLimitSignals } from './errors.js';

const x = createXAdapter(
  { apiBaseUrl: 'https://api.x.test', authorizeUrl: 'https://x.test/i/oauth2/authorize' },
  () => Date.parse('2026-07-01T12:00:00Z'),
);

describe('X: transform', () => {
  it('keeps a post that fits, as X counts it (URLs 23, emoji 2)', () => {
    const text = `${'a'.repeat(250)} https://example.com/a/very/long/path/that/is/counted/as/23`;
    const post = x.prepare({ text, media: [] });
    expect(post.parts).toHaveLength(1);
    expect(twitterText.parseTweet(post.parts[0]?.text ?? '').weightedLength).toBeLessThanOrEqual(280);
  });

  it('turns an over-long text into a numbered thread cut between words, each part within 280', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const post = x.prepare({ text: words, media: [{ kind: 'image', url: 'https://cdn.test/a.jpg' }] });
    const n = post.parts.length;
    expect(n).toBe(4);
    post.parts.forEach((p, i) => {
      expect(p.text.endsWith(` ${i + 1}/${n}`)).toBe(true);
      expect(twitterText.parseTweet(p.text).weightedLength).toBeLessThanOrEqual(280);
    });
    const rejoined = post.parts.map((p) => p.text.replace(/ \d+\/\d+$/, '')).join(' ');
    expect(rejoined).toBe(words);
    expect(post.notes[0]).toMatch(/thread of 4 posts/);
  });

  it('takes 4 images at most (with a note) and refuses images mixed with a video', () => {
    const images = Array.from({ length: 6 }, (_, i) => ({
      kind: 'image' as const,
      url: `https://cdn.test/${i}.jpg`,
    }));
    const post = x.prepare({ text: 'Six photos', media: images });
    expect(post.media).toHaveLength(4);
    expect(post.notes).toEqual(['2 of 6 images left out: x takes 4']);
    try {
      x.prepare({
        text: 'mixed',
        media: [images[0] as never, { kind: 'video', url: 'https://cdn.test/v.mp4' }],
      });
      expect.unreachable();
    } catch (error) {
      expect(isPlatformError(error) && error.kind).toBe('invalid_media');
    }
  });
});

describe('X: publishing requests', () => {
  it('uploads images, sets alt text, posts with media ids and records the visible call', async () => {
    let n = 0;
    const http = fakeHttp(x, [
      ['POST', /^\/2\/media\/upload$/, () => ({ json: { data: { id: `77${++n}`, media_key: `3_77${n}` } } })],
      ['POST', /^\/2\/media\/metadata$/, { json: { data: { associated_metadata: true } } }],
      ['POST', /^\/2\/tweets$/, { status: 201, json: { data: { id: '1001', text: 'Hello' } } }],
    ]);
    const hooks = recordingHooks();
    const post = x.prepare({
      text: 'Hello',
      media: [
        { kind: 'image', url: 'https://cdn.test/a.jpg', altText: 'A steel beam' },
        { kind: 'image', url: 'https://cdn.test/b.png' },
      ],
    });
    const result = await x.publish(fakeSession(http), post, hooks);
    expect(result).toEqual({
      id: '1001',
      url: 'https://x.com/acme/status/1001',
      parts: [{ id: '1001', url: 'https://x.com/acme/status/1001' }],
    });
    expect(http.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /2/media/upload',
      'POST /2/media/metadata',
      'POST /2/media/upload',
      'POST /2/tweets',
    ]);
    const upload = http.requests[0];
    expect(upload?.headers?.authorization).toBe('Bearer token-abc');
    expect(upload?.multipart?.map((f) => [f.name, typeof f.value === 'string' ? f.value : 'bytes'])).toEqual([
      ['media', 'bytes'],
      ['media_category', 'tweet_image'],
    ]);
    expect(http.requests[1]?.json).toEqual({ id: '771', metadata: { alt_text: { text: 'A steel beam' } } });
    expect(http.requests[3]?.json).toEqual({ text: 'Hello', media: { media_ids: ['771', '772'] } });
    expect(http.requests[3]?.creates).toBe(true);
    expect(hooks.events).toEqual(['send 0', 'published 0 1001']);
  });

  it('posts a thread as replies, and resumes after the parts already out', async () => {
    let id = 2000;
    const http = fakeHttp(x, [
      ['POST', /^\/2\/tweets$/, () => ({ status: 201, json: { data: { id: String(++id) } } })],
    ]);
    const post = {
      parts: [{ text: 'one 1/3' }, { text: 'two 2/3' }, { text: 'three 3/3' }],
      media: [],
      notes: [],
    };
    const hooks = recordingHooks([{ id: '1999', url: null }]);
    const result = await x.publish(fakeSession(http), post, hooks);
    expect(http.requests.map((r) => r.json)).toEqual([
      { text: 'two 2/3', reply: { in_reply_to_tweet_id: '1999' } },
      { text: 'three 3/3', reply: { in_reply_to_tweet_id: '2001' } },
    ]);
    expect(result.parts.map((p) => p.id)).toEqual(['1999', '2001', '2002']);
    expect(hooks.events).toEqual(['send 1', 'published 1 2001', 'send 2', 'published 2 2002']);
  });

  it('uploads video in chunks and waits for processing', async () => {
    const states = ['pending', 'in_progress', 'succeeded'];
    const http = fakeHttp(x, [
      [
        'POST',
        /initialize$/,
        { json: { data: { id: '555', media_key: '7_555', expires_after_secs: 86400 } } },
      ],
      ['POST', /\/555\/append$/, { status: 204 }],
      [
        'POST',
        /\/555\/finalize$/,
        { json: { data: { id: '555', processing_info: { state: 'pending', check_after_secs: 1 } } } },
      ],
      [
        'GET',
        /^\/2\/media\/upload$/,
        () => ({ json: { data: { id: '555', processing_info: { state: states.shift() } } } }),
      ],
      ['POST', /^\/2\/tweets$/, { status: 201, json: { data: { id: '3001' } } }],
    ]);
    await x.publish(
      fakeSession(http),
      x.prepare({ text: 'Clip', media: [{ kind: 'video', url: 'https://cdn.test/v.mp4' }] }),
      recordingHooks(),
    );
    expect(http.requests[0]?.json).toMatchObject({ media_type: 'video/mp4', media_category: 'tweet_video' });
    expect(
      http.requests
        .filter((r) => r.path === '/2/media/upload')
        .map((r) => new URL(r.url).searchParams.get('command')),
    ).toEqual(['STATUS', 'STATUS', 'STATUS']);
    expect(http.requests.at(-1)?.json).toEqual({ text: 'Clip', media: { media_ids: ['555'] } });
  });
});

describe('X: errors and budgets', () => {
  const res = (status: number, json: unknown, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers(headers),
    body: Buffer.from(JSON.stringify(json)),
    json: <T>() => json as T,
  });

  it('maps 429 to rate_limited with the reset of the spent window', () => {
    const e = mapXError(
      res(
        429,
        { title: 'Too Many Requests', type: 'about:blank', status: 429, detail: 'Too Many Requests' },
        {
          'x-rate-limit-limit': '100',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': '1782907200',
        },
      ),
      0,
    );
    expect(e.kind).toBe('rate_limited');
    expect(e.retryAt).toBe(new Date(1782907200 * 1000).toISOString());
    const legacy = mapXError(
      res(429, { errors: [{ code: 88, message: 'Rate limit exceeded' }] }),
      Date.parse('2026-07-01T12:00:00Z'),
    );
    expect(legacy.retryAt).toBe('2026-07-01T12:15:00.000Z');
  });

  it('maps the duplicate-content 403, 401, media problems, 5xx and the rest', () => {
    expect(
      mapXError(
        res(403, {
          detail: 'You are not allowed to create a Tweet with duplicate content.',
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
        }),
        0,
      ).kind,
    ).toBe('duplicate');
    expect(
      mapXError(
        res(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }),
        0,
      ).kind,
    ).toBe('auth_expired');
    expect(
      mapXError(
        res(400, {
          title: 'Invalid Request',
          detail: 'Your media IDs are invalid.',
          type: 'https://api.x.com/2/problems/invalid-request',
        }),
        0,
      ).kind,
    ).toBe('invalid_media');
    expect(mapXError(res(503, { title: 'Service Unavailable' }), 0)).toMatchObject({
      kind: 'transient',
      delivery: 'refused',
    });
    expect(mapXError(res(400, { title: 'Invalid Request', detail: 'text is too long' }), 0).kind).toBe(
      'permanent',
    );
  });

  it('a server error on the create call leaves the outcome unknown', async () => {
    const http = fakeHttp(x, [
      ['POST', /^\/2\/tweets$/, { status: 503, json: { title: 'Service Unavailable' } }],
    ]);
    const error = await x
      .publish(fakeSession(http), x.prepare({ text: 'Hi', media: [] }), recordingHooks())
      .catch((e) => e);
    expect(error).toMatchObject({ kind: 'transient', delivery: 'unknown' });
  });

  it('reads spent user and app budgets from the headers', () => {
    const signals = xLimitSignals(
      'POST /2/tweets',
      new Headers({
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': '1782907200',
        'x-app-limit-24hour-remaining': '0',
        'x-app-limit-24hour-reset': '1782990000',
        'x-user-limit-24hour-remaining': '12',
      }),
    );
    expect(signals.map((s) => [s.scope, s.lane, s.until])).toEqual([
      ['account', 'publish', new Date(1782907200000).toISOString()],
      ['platform', 'publish', new Date(1782990000000).toISOString()],
    ]);
    expect(xLimitSignals('GET /2/users/{id}/tweets', new Headers({ 'x-rate-limit-remaining': '3' }))).toEqual(
      [],
    );
  });
});

describe('X: OAuth', () => {
  const app = { clientId: 'cid', clientSecret: 'secret', redirectUri: 'https://app.test/connect/callback' };

  it('sends people to the consent page with state, scopes and an S256 challenge', () => {
    const url = new URL(x.authorizationUrl(app, { state: 'st', codeChallenge: 'ch' }));
    expect(url.origin + url.pathname).toBe('https://x.test/i/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'https://app.test/connect/callback',
      scope: 'tweet.read tweet.write users.read media.write offline.access',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
    expect(x.pkce).toBe(true);
  });

  it('exchanges the code with the verifier and Basic auth, and keeps the refresh token on refresh', async () => {
    const http = fakeHttp(x, [
      [
        'POST',
        /oauth2\/token$/,
        (req) =>
          req.form?.grant_type === 'authorization_code'
            ? {
                json: {
                  access_token: 'at1',
                  refresh_token: 'rt1',
                  expires_in: 7200,
                  scope: 'tweet.read offline.access',
                  token_type: 'bearer',
                },
              }
            : { json: { access_token: 'at2', expires_in: 7200 } },
      ],
    ]);
    const tokens = await x.exchangeCode(http, app, { code: 'c0de', codeVerifier: 'v3rifier' });
    expect(tokens).toEqual({
      accessToken: 'at1',
      refreshToken: 'rt1',
      expiresAt: '2026-07-01T14:00:00.000Z',
      scopes: ['tweet.read', 'offline.access'],
    });
    expect(http.requests[0]?.form).toMatchObject({
      code: 'c0de',
      code_verifier: 'v3rifier',
      grant_type: 'authorization_code',
    });
    expect(http.requests[0]?.headers?.authorization).toBe(
      `Basic ${Buffer.from('cid:secret').toString('base64')}`,
    );
    const refreshed = await x.refresh?.(http, app, tokens);
    expect(refreshed).toMatchObject({ accessToken: 'at2', refreshToken: 'rt1' });
    expect(http.requests[1]?.form).toMatchObject({ grant_type: 'refresh_token', refresh_token: 'rt1' });
  });
});
