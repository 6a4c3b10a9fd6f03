import { describe, expect, it } from 'vitest';
import { graphErrorMapper, graphLimitSignals } from './graph.js';

const now = Date.parse('2026-07-01T12:00:00Z');
const res = (status: number, error: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: new Headers(headers),
  body: Buffer.from(JSON.stringify({ error })),
  json: <T>() => ({ error }) as T,
});
const map = graphErrorMapper('facebook');

describe('Graph API errors and budgets (Facebook, Instagram)', () => {
  it('maps the error envelope by code and subcode', () => {
    expect(
      map(res(400, { code: 190, error_subcode: 463, type: 'OAuthException', message: 'expired' }), now).kind,
    ).toBe('auth_expired');
    expect(map(res(400, { code: 506, message: '(#506) Duplicate status message' }), now).kind).toBe(
      'duplicate',
    );
    expect(
      map(res(500, { code: 2, message: 'Service temporarily unavailable', is_transient: true }), now).kind,
    ).toBe('transient');
    expect(map(res(400, { code: 324, message: 'Missing or invalid image file' }), now).kind).toBe(
      'invalid_media',
    );
    expect(
      graphErrorMapper('instagram')(
        res(400, { code: 9004, error_subcode: 2207052, message: 'media could not be fetched' }),
        now,
      ).kind,
    ).toBe('invalid_media');
    expect(map(res(400, { code: 100, message: 'Invalid parameter' }), now)).toMatchObject({
      kind: 'permanent',
      platformCode: '100',
    });
  });

  it('waits as long as the business-use-case header says after a throttle', () => {
    const e = map(
      res(
        403,
        { code: 80001, message: 'There have been too many calls to this Page account.' },
        {
          'x-business-use-case-usage': JSON.stringify({
            '1234': [
              {
                type: 'pages',
                call_count: 100,
                total_cputime: 12,
                total_time: 30,
                estimated_time_to_regain_access: 7,
              },
            ],
          }),
        },
      ),
      now,
    );
    expect([e.kind, e.retryAt]).toEqual(['rate_limited', '2026-07-01T12:07:00.000Z']);
    expect(map(res(400, { code: 4, message: 'Application request limit reached' }), now).retryAt).toBe(
      '2026-07-01T12:10:00.000Z',
    );
  });

  it('reads spent budgets from X-App-Usage and X-Business-Use-Case-Usage, and nothing from healthy ones', () => {
    const signals = graphLimitSignals(
      'POST /v25.0/{id}/feed',
      new Headers({
        'x-app-usage': JSON.stringify({ call_count: 97, total_cputime: 10, total_time: 20 }),
        'x-business-use-case-usage': JSON.stringify({
          '1234': [
            {
              type: 'pages',
              call_count: 40,
              total_cputime: 5,
              total_time: 5,
              estimated_time_to_regain_access: 3,
            },
          ],
        }),
      }),
      now,
    );
    expect(signals.map((s) => [s.scope, s.lane, s.until])).toEqual([
      ['platform', 'publish', '2026-07-01T12:10:00.000Z'],
      ['account', 'publish', '2026-07-01T12:03:00.000Z'],
    ]);
    expect(
      graphLimitSignals(
        'GET /v25.0/{id}/feed',
        new Headers({ 'x-app-usage': JSON.stringify({ call_count: 12, total_cputime: 3, total_time: 4 }) }),
        now,
      ),
    ).toEqual([]);
  });
});
