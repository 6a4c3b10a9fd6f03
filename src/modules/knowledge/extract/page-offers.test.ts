import { describe, expect, it } from 'vitest';
import { extractPage } from './extract-page.js';

/** The page's products as `name [variant] price (ref, max, unit, stock)` strings. */
function products(body: string, url = 'https://shop.example/page.html', lang = 'en-US'): string[] {
  const page = extractPage(
    `<!doctype html><html lang="${lang}"><head><title>T</title></head><body><main>${body}</main></body></html>`,
    url,
  );
  return page.structured.products.flatMap((p) =>
    p.offers.map((o) => {
      const bits = [
        o.referencePrice ? `was ${o.referencePrice}` : '',
        o.highPrice ? `to ${o.highPrice}` : '',
        o.unit ? `per ${o.unit}` : '',
        o.from ? 'from' : '',
        o.availability ?? '',
        o.availableFrom ?? '',
      ].filter(Boolean);
      return `${p.name}${o.name ? ` [${o.name}]` : ''} ${o.price ?? o.lowPrice ?? 'none'}${bits.length ? ` (${bits.join(', ')})` : ''}`;
    }),
  );
}

describe('products read from the page markup', () => {
  it('WooCommerce loop: ranges, sale with its regular price, out of stock by class, backorder', () => {
    const html = `<ul class="products">
<li class="product instock"><a href="/p/a"><h2 class="woocommerce-loop-product__title">Blue Ridge Fir</h2>
<span class="price"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>18.00</bdi></span> &ndash; <span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>32.00</bdi></span><span class="screen-reader-text">Price range: &#36;18.00 through &#36;32.00</span></span></a><a class="button">Select options</a></li>
<li class="product instock sale"><a href="/p/b"><span class="onsale">Sale!</span><h2 class="woocommerce-loop-product__title">Porch Swing Lemonade</h2>
<span class="price"><del aria-hidden="true"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>24.00</bdi></span></del> <span class="screen-reader-text">Original price was: &#036;24.00.</span><ins aria-hidden="true"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>19.00</bdi></span></ins><span class="screen-reader-text">Current price is: &#036;19.00.</span></span></a></li>
<li class="product outofstock"><a href="/p/c"><h2 class="woocommerce-loop-product__title">Campfire Cedar</h2><span class="price"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">&#36;</span>26.00</bdi></span></span></a><a class="button">Read more</a></li>
<li class="product onbackorder"><a href="/p/d"><h2 class="woocommerce-loop-product__title">Winter Solstice</h2><span class="price">$28.00</span></a><a class="button">Add to cart</a></li>
</ul>`;
    expect(products(html)).toEqual([
      'Blue Ridge Fir 18 (to 32, in_stock)',
      'Porch Swing Lemonade 19 (was 24, in_stock)',
      'Campfire Cedar 26 (out_of_stock)',
      'Winter Solstice 28 (preorder)',
    ]);
  });

  it('sizes under a heading are variants of that heading, with their stock and back date', () => {
    const html = `<h3>Huila Las Flores — Colombia</h3><p>Red apple and cocoa.</p><p>12 oz bag: $19.50<br>2 lb bag: $48.00</p>
<h3>Sierra Decaf — Mexico</h3><p>12 oz bag: $18.00</p><p><em>Currently out of stock — back in March</em></p>`;
    expect(products(html)).toEqual([
      'Huila Las Flores [12 oz bag] 19.5',
      'Huila Las Flores [2 lb bag] 48',
      'Sierra Decaf [12 oz bag] 18 (out_of_stock, --03)',
    ]);
  });

  it('price lists, bare price lines under a heading, price on request, decimal commas', () => {
    const html = `<ul class="elementor-price-list"><li><div class="elementor-price-list-header"><span class="elementor-price-list-title">Flat tyre repair</span><span class="elementor-price-list-separator"></span><span class="elementor-price-list-price">from €12,50</span></div></li>
<li><div class="elementor-price-list-header"><span class="elementor-price-list-title">Workshop labour</span><span class="elementor-price-list-price">€58 per hour</span></div></li></ul>
<h3>Elopement</h3><p><strong>€9.500</strong></p><h3>Destination</h3><p><strong>Enquire for pricing</strong></p>`;
    expect(products(html)).toEqual([
      'Flat tyre repair 12.5 (from)',
      'Workshop labour 58 (per hour)',
      'Elopement 9500',
      'Destination none',
    ]);
  });

  it('tables: a Size column makes variants, a price matrix makes one variant per column', () => {
    const html = `<h1>Amber Maple Syrup</h1><table><thead><tr><th>Size</th><th>Price</th><th>Availability</th></tr></thead><tbody>
<tr><td>250 ml bottle</td><td>CA$14.00</td><td>In stock</td></tr><tr><td>1 L tin</td><td>CA$42.00</td><td>Sold out until June</td></tr></tbody></table>
<h2>Waffles</h2><table><thead><tr><th>Waffle</th><th>Single</th><th>Double</th></tr></thead><tbody>
<tr><td><strong>Liège waffle</strong> plain, with pearl sugar</td><td>€ 3,50</td><td>€ 6,00</td></tr></tbody></table>`;
    expect(products(html)).toEqual([
      'Amber Maple Syrup [250 ml bottle] 14 (in_stock)',
      'Amber Maple Syrup [1 L tin] 42 (out_of_stock, --06)',
      'Liège waffle [Single] 3.5',
      'Liège waffle [Double] 6',
    ]);
  });

  it("a professional's fee schedule is a price list: a 'Fees' heading is no shipping charge", () => {
    const html = `<h2>Our fees</h2><table class="wp-block-table"><thead><tr><th>Treatment</th><th>Starting at</th></tr></thead>
<tbody><tr><td>New patient exam &amp; X-rays</td><td>$189</td></tr><tr><td>Adult cleaning</td><td>$119</td></tr></tbody></table>
<p>A $25 late cancellation fee applies.</p>`;
    expect(products(html)).toEqual(['New patient exam & X-rays 189 (from)', 'Adult cleaning 119 (from)']);
  });

  it('div soup: a card whose name and price sit in sibling paragraphs', () => {
    const html = `<h2>Pastries</h2><div role="list"><div role="listitem"><div><p>Cardamom bun</p></div><div><p>£3.10</p></div></div>
<div role="listitem"><div><p>Apple Danish</p></div><div><p>£3.20</p></div><div><p>Sold out today</p></div></div></div>`;
    expect(products(html)).toEqual(['Cardamom bun 3.1', 'Apple Danish 3.2 (out_of_stock)']);
  });

  it('a cost sentence under a heading that names it; audiences as variants; the heading is not reused', () => {
    const html = `<h2>Candle-pouring workshops</h2><p>Workshops run on the second Saturday of every month and cost $65 per person including materials.</p>
<h2>Groups</h2><p>Waffle workshops for groups of 6 to 20 last 90 minutes and cost $32 per person.</p><p>School groups pay $18 per pupil.</p>`;
    expect(products(html)).toEqual([
      'Candle-pouring workshops 65 (per person)',
      'Waffle workshops 32 (per person)',
      'Waffle workshops [School groups] 18 (per pupil)',
    ]);
  });

  it('keeps fees, thresholds, add-ons, savings, quotes and old prices out', () => {
    const html = `<h2>Shipping</h2><table><tr><td>Contiguous US</td><td>$6.95 flat rate</td></tr><tr><td>Orders over $75</td><td>Free</td></tr></table>
<h2>Menu</h2><ul><li><b>Al Pastor Taco</b> — $4.50</li></ul><p>Add guacamole to anything for +$2.00.</p>
<h3>Pick-up &amp; delivery</h3><p>Pick-up and delivery within the ring road costs $15 each way.</p>
<h3>New patient special</h3><p><strong>$99</strong> (regularly $289) — save $190.</p>
<blockquote><p>We had quotes of up to $4,000 from other photographers.</p></blockquote>`;
    expect(products(html)).toEqual(['Al Pastor Taco 4.5', 'New patient special 99 (was 289)']);
  });

  it('reads nothing from a blog post: its prices are other people’s', () => {
    const html = `<h1>Why service matters</h1><p>A chain store quoted him €79 for a basic service.</p><h3>Basic service</h3><p><strong>€79</strong></p>`;
    expect(products(html, 'https://shop.example/blog/why-service.html')).toEqual([]);
  });
});
