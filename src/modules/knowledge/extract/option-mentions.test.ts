import { describe, expect, it } from 'vitest';
import { extractPage } from './extract-page.js';
import { applyOptionMentions, type Mention } from './option-mentions.js';
import { pageProduct } from './page-product.js';
import { readStock } from './stock.js';
import type { Offer, Product } from './types.js';

const offer = (name: string | null, availability: string | null = null): Offer => ({
  type: 'Offer',
  name,
  price: 690,
  priceText: null,
  currency: 'ZAR',
  lowPrice: null,
  highPrice: null,
  offerCount: null,
  availability,
  availabilityText: null,
  availableFrom: null,
  url: null,
  validUntil: null,
});

const said = (text: string): Mention[] =>
  text.split(/(?<=[.!?])\s+/).map((t) => ({ text: t, stock: readStock(t) }));

const stock = (p: Product) => p.offers.map((o) => `${o.name ?? '-'}: ${o.availability ?? 'none'}`);

describe('options an owner speaks of in the description', () => {
  it('gives the one option a stock sentence names its stock, and nothing to the others', () => {
    const camp = pageProduct('Holiday Club', [
      offer(null),
      offer('15–17 Dec (3 days)', 'out_of_stock'),
      offer('5–7 Jan (3 days)'),
      offer('12–16 Jan (5 days)'),
    ]);
    applyOptionMentions(
      [camp],
      said(
        'The 3-day weeks are R690. The 12 – 16 Jan week is nearly full, so don’t wait. 15–17 Dec is back in stock soon.',
      ),
    );
    expect(stock(camp)).toEqual([
      '-: none',
      '15–17 Dec (3 days): out_of_stock',
      '5–7 Jan (3 days): none',
      '12–16 Jan (5 days): in_stock',
    ]);
  });

  it('reads no sentence naming two options, and no option named by a bare word', () => {
    const tee = pageProduct('Tee', [offer('Small'), offer('Large')]);
    const camp = pageProduct('Camp', [offer('5–7 Jan'), offer('12–16 Jan')]);
    applyOptionMentions([tee], said('Small is sold out.'));
    applyOptionMentions([camp], said('Both 5–7 Jan and 12–16 Jan are sold out.'));
    expect([...stock(tee), ...stock(camp)]).toEqual([
      'Small: none',
      'Large: none',
      '5–7 Jan: none',
      '12–16 Jan: none',
    ]);
  });

  it("an Odoo product page: radios of one name outside a fieldset, unavailable weeks by class, a table of the weeks' places", () => {
    const radio = (week: string, unavailable: boolean) =>
      `<li class="js_attribute_value${unavailable ? ' css_not_available' : ''}"><label><input type="radio" class="js_variant_change" name="ptal-21" value="${week}"><span>${week}</span></label></li>`;
    const html = `<div id="product_detail" itemscope itemtype="http://schema.org/Product"><h1 itemprop="name">Summer Camp</h1>
<table><thead><tr><th>Week</th><th>Dates</th><th>Places</th></tr></thead><tbody><tr><td>1</td><td>5 – 9 July 2027</td><td>Full</td></tr><tr><td>2</td><td>12 – 16 July 2027</td><td>3 places left</td></tr><tr><td>3</td><td>2 – 6 August 2027</td><td></td></tr></tbody></table>
<ul class="o_wsale_product_attribute">${radio('5 – 9 July 2027', true)}${radio('12 – 16 July 2027', false)}${radio('2 – 6 August 2027', false)}</ul>
<div itemprop="offers" itemscope itemtype="http://schema.org/Offer"><span itemprop="price">165.00</span><span itemprop="priceCurrency">EUR</span></div></div>`;
    const page = extractPage(html, 'https://climb.example.be/shop/summer-camp-14');
    expect(page.structured.products.flatMap((p) => stock(p)).sort()).toEqual(
      [
        '-: none',
        '5 – 9 July 2027: out_of_stock',
        '12 – 16 July 2027: in_stock',
        '2 – 6 August 2027: none',
      ].sort(),
    );
  });

  it("Big Cartel's inventory bars: each size's list item says its stock", () => {
    const bar = (size: string, count: number) =>
      `<li><div class="option-name">${size}</div><div class="inventory-bar"><span class="inventory-percentage"></span><span class="inventory-label">${count} In stock</span></div></li>`;
    const html = `<h1>Axolotl Tee</h1><div class="price">$450</div><select name="option"><option>Small</option><option>Medium</option><option disabled>Large (Sold out)</option></select>
<div class="product-inventory"><h2>Inventory</h2><ul class="inventory-bars">${bar('Small', 2)}${bar('Medium', 6)}${bar('Large', 0)}</ul></div>`;
    const page = extractPage(html, 'https://press.example.mx/product/axolotl-tee');
    expect(page.structured.products.flatMap((p) => stock(p))).toEqual([
      '-: none',
      'Small: in_stock',
      'Medium: in_stock',
      'Large: out_of_stock',
    ]);
  });
});
