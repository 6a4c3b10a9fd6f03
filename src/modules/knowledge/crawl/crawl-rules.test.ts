import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../core/clock.js';
import { canonicalizeUrl } from './canonical-url.js';
import { readPage } from './page-facts.js';
import { createHostPacer } from './politeness.js';
import { parseRetryAfter, retryDelayMs } from './retry.js';
import { parseRobots, robotsToken } from './robots.js';
import { createScope } from './scope.js';
import { maybeGunzip, parseSitemap } from './sitemap.js';

describe('canonicalizeUrl', () => {
  it.each([
    ['HTTP://Example.COM:80/a/./b/../c?b=2&a=1#top', 'http://example.com/a/c?a=1&b=2'],
    ['https://example.com:443/', 'https://example.com/'],
    ['https://example.com/p?utm_source=x&utm_Medium=y&id=7&gclid=abc&fbclid=z', 'https://example.com/p?id=7'],
    ['https://example.com/p?utm_source=x', 'https://example.com/p'],
    ['https://user:pw@example.com./x', 'https://example.com/x'],
    ['https://example.com/about', 'https://example.com/about'],
    ['https://example.com/about/', 'https://example.com/about/'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['https://example.com/p?tag=b&tag=a', 'https://example.com/p?tag=b&tag=a'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('resolves relative links and refuses non-web ones', () => {
    expect(canonicalizeUrl('../x.html#f', 'https://example.com/a/b/')).toBe('https://example.com/a/x.html');
    expect(canonicalizeUrl('mailto:a@b.c')).toBeUndefined();
    expect(canonicalizeUrl('javascript:void(0)', 'https://example.com/')).toBeUndefined();
    expect(canonicalizeUrl('http://[bad')).toBeUndefined();
  });
});

describe('crawl scope', () => {
  const start = new URL('https://example.com/');
  it('is the start host with or without www, on http or https', () => {
    const scope = createScope(start);
    expect(scope.onSite(new URL('https://www.example.com/x'))).toBe(true);
    expect(scope.onSite(new URL('http://example.com/x'))).toBe(true);
    expect(scope.onSite(new URL('https://blog.example.com/x'))).toBe(false);
    expect(scope.onSite(new URL('https://example.com:8443/x'))).toBe(false);
    expect(scope.onSite(new URL('https://notexample.com/x'))).toBe(false);
    expect(createScope(start, { allowSubdomains: true }).onSite(new URL('https://blog.example.com/x'))).toBe(
      true,
    );
  });

  it('applies globs to the path and regular expressions to path and query', () => {
    const scope = createScope(start, {
      include: ['/blog/**', '/products/*.html'],
      exclude: ['/blog/drafts/**', '/[?&]print=1/'],
    });
    const allows = (p: string) => scope.allows(new URL(p, start));
    expect(allows('/blog')).toBe(true);
    expect(allows('/blog/2026/hello')).toBe(true);
    expect(allows('/products/beam.html')).toBe(true);
    expect(allows('/products/steel/beam.html')).toBe(false);
    expect(allows('/blog/drafts/x')).toBe(false);
    expect(allows('/blog/post?print=1')).toBe(false);
    expect(allows('/about')).toBe(false);
    expect(scope.patternVerdict(new URL('/blog/drafts/x', start))).toBe('excluded by /blog/drafts/**');
  });

  it('refuses patterns it cannot use, saying how to write them', () => {
    expect(() => createScope(start, { include: ['blog/*'] })).toThrow(/starting with "\/"/);
    expect(() => createScope(start, { exclude: ['/(unclosed/'] })).toThrow(/not a valid regular expression/);
  });
});

describe('Retry-After and backoff', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 25 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('honours Retry-After up to the cap, else backs off exponentially', () => {
    const policy = { baseMs: 1000, maxMs: 30_000 };
    expect(retryDelayMs(1, 5000, policy)).toBe(5000);
    expect(retryDelayMs(1, 3_600_000, policy)).toBe(30_000);
    expect(retryDelayMs(1, undefined, policy, () => 0)).toBe(1000);
    expect(retryDelayMs(3, undefined, policy, () => 0)).toBe(4000);
    expect(retryDelayMs(3, undefined, policy, () => 1)).toBe(5000);
    expect(retryDelayMs(10, undefined, policy, () => 0)).toBe(30_000);
  });
});

describe('host pacing', () => {
  it('spaces requests to one host and pauses it after a rate limit, leaving other hosts alone', async () => {
    const clock = new ManualClock();
    const waits: Array<[string, number]> = [];
    let host = '';
    const pacer = createHostPacer(250, clock, async (ms) => {
      waits.push([host, ms]);
    });
    const take = (h: string) => {
      host = h;
      return pacer.take(h);
    };
    await take('a');
    await take('a');
    await take('a');
    await take('b');
    pacer.pause('b', 5000);
    await take('b');
    pacer.setDelay('c', 2000);
    await take('c');
    await take('c');
    expect(waits).toEqual([
      ['a', 250],
      ['a', 500],
      ['b', 5000],
      ['c', 2000],
    ]);
  });
});

describe('robots.txt', () => {
  const body = `User-agent: *\nDisallow: /private/\n\nUser-agent: dify-agent\nDisallow: /no-bots/\nCrawl-delay: 2\n\nSitemap: https://example.com/sm.xml\n`;
  it('applies our product token group, with its crawl delay and sitemaps', () => {
    expect(robotsToken('dify-agent/0.1 (+https://x)')).toBe('dify-agent');
    const robots = parseRobots('https://example.com/robots.txt', body, 'dify-agent/0.1 (+https://x)');
    expect(robots.allows('https://example.com/no-bots/x')).toBe(false);
    // Our group replaces the * group rather than adding to it (RFC 9309).
    expect(robots.allows('https://example.com/private/x')).toBe(true);
    expect(robots.crawlDelayMs).toBe(2000);
    expect(robots.sitemaps).toEqual(['https://example.com/sm.xml']);
    const other = parseRobots('https://example.com/robots.txt', body, 'other-bot/1.0');
    expect(other.allows('https://example.com/private/x')).toBe(false);
  });
});

describe('sitemaps', () => {
  it('reads url sets, sitemap indexes, plain text lists and gzip', () => {
    const urlset = Buffer.from(
      `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> https://e.com/a?x=1&amp;y=2 </loc><lastmod>2026-01-02</lastmod></url><url><loc>https://e.com/b</loc></url></urlset>`,
    );
    expect(parseSitemap(urlset, 'u')).toEqual({
      kind: 'urlset',
      urls: [{ loc: 'https://e.com/a?x=1&y=2', lastmod: '2026-01-02' }, { loc: 'https://e.com/b' }],
    });
    const index = Buffer.from(
      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://e.com/s1.xml</loc></sitemap></sitemapindex>',
    );
    expect(parseSitemap(maybeGunzip(gzipSync(index), 'u', 1e6), 'u')).toEqual({
      kind: 'index',
      sitemaps: ['https://e.com/s1.xml'],
    });
    expect(parseSitemap(Buffer.from('https://e.com/x\nhttps://e.com/y\n'), 'u')).toMatchObject({
      urls: [{ loc: 'https://e.com/x' }, { loc: 'https://e.com/y' }],
    });
  });

  it('refuses what is not a sitemap, entity declarations and gzip bombs', () => {
    expect(() => parseSitemap(Buffer.from('<html><body>hi</body></html>'), 'u')).toThrow(/neither <urlset>/);
    expect(() =>
      parseSitemap(
        Buffer.from('<!DOCTYPE x [<!ENTITY a "aaaa">]><urlset><url><loc>&a;</loc></url></urlset>'),
        'u',
      ),
    ).toThrow(/entities/);
    expect(() => maybeGunzip(gzipSync(Buffer.alloc(100_000)), 'u', 1000)).toThrow(/more than 1000 bytes/);
  });
});

describe('readPage', () => {
  it('finds links (honouring <base>), canonical, robots directives and title', () => {
    const facts = readPage(
      `<html><head><title> Beams </title><base href="/shop/"><link rel="canonical" href="/beams">
       <meta name="robots" content="NOINDEX, follow"><meta http-equiv="refresh" content="5; url=/next"></head>
       <body><a href="a.html">A</a><a href="#top">top</a><a href="https://x.com/">x</a><area href="/map">
       <script>document.write('<a href="/no">')</script><p>Steel beams for builders, cut to length.</p></body></html>`,
      'https://e.com/p/q.html',
    );
    expect(facts.title).toBe('Beams');
    expect(facts.links).toEqual([
      'https://e.com/shop/a.html',
      'https://x.com/',
      'https://e.com/map',
      'https://e.com/next',
    ]);
    expect(facts.canonical).toBe('https://e.com/beams');
    expect(facts.noindex).toBe(true);
    expect(facts.nofollow).toBe(false);
  });

  it('hashes visible text, so markup-only differences are the same page', () => {
    const text = '<p>Universal beams in S355, from 127 mm to 914 mm, cut to length.</p>';
    const a = readPage(
      `<html><head><title>T</title><link rel=canonical href=/a></head><body>${text}</body></html>`,
      'https://e.com/a',
    );
    const b = readPage(
      `<html><head><title>T</title></head><body class="x"><div>${text}</div></body></html>`,
      'https://e.com/b',
    );
    const c = readPage(
      `<html><head><title>T</title></head><body>${text}<p>And columns.</p></body></html>`,
      'https://e.com/c',
    );
    expect(a.contentHash).toBe(b.contentHash);
    expect(a.contentHash).not.toBe(c.contentHash);
    // Script-rendered shells with no text are told apart by their markup.
    const shell1 = readPage(
      '<html><body><div id="app" data-page="1"></div></body></html>',
      'https://e.com/1',
    );
    const shell2 = readPage(
      '<html><body><div id="app" data-page="2"></div></body></html>',
      'https://e.com/2',
    );
    expect(shell1.contentHash).not.toBe(shell2.contentHash);
    expect(readPage('plain text, no markup at all', 'https://e.com/t').links).toEqual([]);
  });
});
