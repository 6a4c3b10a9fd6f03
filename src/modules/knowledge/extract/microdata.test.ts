import { describe, expect, it } from 'vitest';
import { extractPage } from './extract-page.js';

describe('schema.org microdata', () => {
  it('reads products with variant offers, availability links and content attributes', () => {
    const page = extractPage(
      `<!doctype html><html lang="en-CA"><head><title>Amber</title></head><body><main>
<article itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Amber Rich Maple Syrup</h1>
<table><tr itemprop="offers" itemscope itemtype="https://schema.org/Offer"><td itemprop="name">250 ml bottle</td><td><meta itemprop="priceCurrency" content="CAD"><span itemprop="price" content="14.00">CA$14.00</span></td><td><link itemprop="availability" href="https://schema.org/InStock">In stock</td></tr>
<tr itemprop="offers" itemscope itemtype="https://schema.org/Offer"><td itemprop="name">1 L tin</td><td><meta itemprop="priceCurrency" content="CAD"><span itemprop="price" content="42.00">CA$42.00</span></td><td><link itemprop="availability" href="https://schema.org/OutOfStock">Currently out of stock — next bottling in June</td></tr></table>
</article>
<address itemscope itemtype="https://schema.org/LocalBusiness"><span itemprop="name">Tamarack Hollow</span> <span itemprop="telephone">(519) 555-0188</span></address>
</main></body></html>`,
      'https://farm.example/products/amber.html',
    );
    const amber = page.structured.products.find((p) => p.name === 'Amber Rich Maple Syrup');
    expect(amber?.source).toBe('microdata');
    expect(amber?.offers.map((o) => [o.name, o.price, o.currency, o.availability])).toEqual([
      ['250 ml bottle', 14, 'CAD', 'in_stock'],
      ['1 L tin', 42, 'CAD', 'out_of_stock'],
    ]);
    // The row's own words stay beside the state, with the date it is back.
    expect(amber?.offers[1]).toMatchObject({
      availabilityText: 'Currently out of stock — next bottling in June',
      availableFrom: '--06',
    });
    expect(page.structured.localBusinesses.map((b) => [b.name, b.telephone])).toEqual([
      ['Tamarack Hollow', '(519) 555-0188'],
    ]);
  });

  it('names a product by a title link\'s words, not its address (Odoo\'s `<a itemprop="name">`)', () => {
    const card = (href: string, content: string | null, name: string) =>
      `<div itemscope itemtype="http://schema.org/Product"><h6><a itemprop="name" href="${href}"${content ? ` content="${content}"` : ''}>${name}</a></h6><div itemprop="offers" itemscope itemtype="http://schema.org/Offer"><span class="oe_currency_value">19,95</span> €<span itemprop="price" style="display:none">19.95</span><span itemprop="priceCurrency" style="display:none">EUR</span></div></div>`;
    const page = extractPage(
      `<!doctype html><html lang="en-GB"><body><main>${card('https://www.climb.example/shop/chalk-bag-7', 'Chalk Bag', 'Chalk Bag')}${card('/shop/brush-set-12', null, 'Brush Set (3)')}</main></body></html>`,
      'https://www.climb.example/shop',
    );
    expect(page.structured.products.map((p) => p.name)).toEqual(['Chalk Bag', 'Brush Set (3)']);
  });
});
