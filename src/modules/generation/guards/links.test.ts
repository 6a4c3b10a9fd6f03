import { describe, expect, it } from 'vitest';
import { checkLinks, type LinkFetcher, linksOf } from './check-links.js';
import { linksGuard as guard, malformedUrls } from './links.js';
import { runOne } from './test-support/bakery.js';

describe('links (sync)', () => {
  it('finds malformed URLs', () => {
    expect(malformedUrls('Order at http//shop.com/order today')).toEqual(['http//shop.com/order']);
    expect(malformedUrls('See https:/shop.com.')).toEqual(['https:/shop.com']);
    expect(malformedUrls('See htps://shop.com')).toEqual(['htps://shop.com']);
    expect(malformedUrls('Visit www.shop now')).toEqual(['www.shop']);
    expect(malformedUrls('See https://shop.com/menu?x=1, or shop.com.')).toEqual([]);
  });

  it('fails a malformed link and passes links to other hosts', () => {
    expect(runOne(guard, 'Order at http//shop.com').defects).toEqual(['broken_link']);
    expect(runOne(guard, 'As featured on https://news.example.org/bakeries').result.status).toBe('pass');
  });

  it('fails when the required link is missing, in any spelling of the same URL', () => {
    const context = { link: 'https://www.shop.com/rye/' };
    expect(runOne(guard, 'Fresh rye today.', context).result.status).toBe('fail');
    expect(runOne(guard, 'Fresh rye today: shop.com/rye', context).result.status).toBe('pass');
  });

  it('fails a link in an Instagram caption, where it cannot be clicked', () => {
    expect(runOne(guard, 'Order at https://shop.com', {}, 'instagram').result.status).toBe('fail');
    expect(runOne(guard, 'Link in bio!', {}, 'instagram').result.status).toBe('pass');
  });
});

describe('checkLinks (async)', () => {
  it('reports answering and broken links through the given fetcher, HEAD then GET', async () => {
    const calls: string[] = [];
    const fetcher: LinkFetcher = async (url, init) => {
      calls.push(`${init.method} ${url}`);
      if (url.includes('gone')) return { status: 404 };
      if (url.includes('nohead')) return { status: init.method === 'HEAD' ? 405 : 200 };
      if (url.includes('down')) throw new Error('ECONNREFUSED');
      return { status: 200 };
    };
    const text = 'See https://shop.com/a and shop.com/nohead and https://shop.com/gone and https://down.com';
    const r = await checkLinks(linksOf(text), fetcher);
    expect(r.status).toBe('fail');
    expect(r.evidence?.defect).toBe('broken_link');
    const links = r.evidence?.links as { url: string; ok: boolean }[];
    expect(links.map((l) => l.ok)).toEqual([true, true, false, false]);
    expect(calls).toContain('GET https://shop.com/nohead');
    const ok = await checkLinks(['https://shop.com/a'], fetcher);
    expect(ok.status).toBe('pass');
  });
});
