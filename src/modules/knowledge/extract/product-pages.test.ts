import { describe, expect, it } from 'vitest';
import { extractPage } from './extract-page.js';
import { products } from './test-support/page-products.js';

/** A whole page with a JSON-LD Product, as shop platforms print them. */
function page(body: string, ld: Record<string, unknown>): string {
  return `<!doctype html><html lang="en-CA"><head><title>T</title><script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', ...ld })}</script></head><body><main>${body}</main></body></html>`;
}

const stockOf = (html: string, url = 'https://shop.example.ca/p/') =>
  extractPage(html, url).structured.products.map((p) => ({
    name: p.name,
    offers: p.offers.map((o) => [o.name, o.price, o.availability]),
  }));

describe('shop product pages and cards (BigCommerce Cornerstone and the like)', () => {
  it("a brand line above or below the name is who made it, not the item's name, and bounds no card", () => {
    const card = (name: string, price: string, flag: string) =>
      `<li class="product"><article class="card"><figure class="card-figure">${flag}<a href="/x"><img src="a.jpg" alt="${name}"></a><figcaption class="card-figcaption"><a href="/c" class="button">Add to Cart</a></figcaption></figure><div class="card-body"><p class="card-text" data-test-info-type="brandName">Stillwater</p><h3 class="card-title"><a href="/x">${name}</a></h3><div class="card-text"><span class="price price--withoutTax">${price}</span></div></div></article></li>`;
    const grid = `<ul class="productGrid">${card('Musky Rod', '$389.00', '')}${card('Spinning Combo', '$119.99', '<div class="sold-out-flag-side"><span class="sold-out-text">Sold out</span></div>')}</ul>`;
    // The next card's badge, printed before its title, is that card's.
    expect(products(grid, 'https://shop.example.ca/tackle/', 'en-CA')).toEqual([
      'Musky Rod 389',
      'Spinning Combo 119.99 (out_of_stock)',
    ]);
    const view = `<section class="productView-details"><div class="productView-product"><h1 class="productView-title">Musky Rod XH</h1><h2 class="productView-brand"><a href="/b"><span>Stillwater Custom</span></a></h2><div class="productView-price"><span class="price price--withoutTax">$389.00</span></div><dl class="productView-info"><dt>SKU:</dt><dd>SW-MR86XH</dd><dt>Availability:</dt><dd>Backordered — ships in 3 weeks</dd></dl></div></section>`;
    expect(products(view, 'https://shop.example.ca/rod/', 'en-CA')).toEqual(['Musky Rod XH 389 (preorder)']);
  });

  it('a back-ordered item the page says so of is on pre-order, though its structured data says InStock', () => {
    const view = `<h1 class="productView-title">Musky Rod XH</h1><div class="productView-price"><span class="price">$389.00</span></div><dl><dt>Availability:</dt><dd>Backordered — ships in 3 weeks</dd></dl>`;
    const ld = {
      name: 'Musky Rod XH',
      offers: {
        '@type': 'Offer',
        price: '389.00',
        priceCurrency: 'CAD',
        availability: 'https://schema.org/InStock',
      },
    };
    expect(stockOf(page(view, ld))).toEqual([{ name: 'Musky Rod XH', offers: [[null, 389, 'preorder']] }]);
  });

  it("an option whose label the theme marks unavailable is sold out; a title split at its dash is structured data's one product", () => {
    const option = (id: number, date: string, extra = '') =>
      `<div class="form-option-wrapper"><input class="form-radio" type="radio" id="a_${id}" name="attribute[219]" value="${id}"><label class="form-option${extra}" for="a_${id}"><span class="form-option-variant">${date}</span></label></div>`;
    const view = `<h1 class="productView-title">Ice Fishing Day – Heated Shack</h1><div class="productView-price"><span class="price">$195.00</span></div><form class="form" method="post" action="/cart.php" data-cart-item-add><div class="form-field" data-product-attribute="set-rectangle" role="radiogroup"><label class="form-label">Ice day:</label>${option(1, 'Sat Jan 9, 2027')}${option(2, 'Sat Jan 23, 2027', ' unavailable')}</div></form>`;
    const ld = {
      name: 'Ice Fishing Day – Heated Shack',
      offers: { '@type': 'Offer', price: '195.00', priceCurrency: 'CAD' },
    };
    expect(stockOf(page(view, ld))).toEqual([
      {
        name: 'Ice Fishing Day – Heated Shack',
        offers: [
          [null, 195, null],
          ['Sat Jan 9, 2027', 195, null],
          ['Sat Jan 23, 2027', 195, 'out_of_stock'],
        ],
      },
    ]);
  });

  it('what an authority charges is no item of the shop', () => {
    const html = `<h2>Licences</h2><p>We don't sell licences. Non-residents pay the province $32.70 for a one-day sport fishing licence plus $11.42 for the Outdoors Card.</p><h2>Half-Day Walleye Trip</h2><p>Four hours on the lake with a guide.</p><p>$425 per boat</p>`;
    expect(products(html, 'https://shop.example.ca/trips/', 'en-CA')).toEqual([
      'Half-Day Walleye Trip 425 (per boat)',
    ]);
    // The next sentence may say where the money goes.
    const faq = `<h3>Is there a marine park fee?</h3><p>Yes – Moalboal charges ₱100 per diver per day. It goes to the town's marine sanctuaries and is paid in cash.</p><h3>Fun Dive</h3><p>₱1,800 per dive</p>`;
    expect(products(faq, 'https://dive.example.ph/faq', 'en-PH')).toEqual(['Fun Dive 1800 (per dive)']);
  });

  it("a description's sentence about one size's stock is that size's, not its siblings'", () => {
    const oneLine = `<h1>Speckled Mug</h1><p>The 12 oz is C$38 and holds a good coffee. The 16 oz is C$44 and holds a big tea. The 16 oz size is sold out for now.</p>`;
    const ownLine = `<h1>Speckled Mug</h1><p>The 12 oz is C$38 and holds a good coffee. The 16 oz is C$44 and holds a big tea.</p><p><strong>The 16 oz size is sold out for now.</strong></p>`;
    for (const html of [oneLine, ownLine])
      expect(products(html, 'https://clay.example.ca/mug', 'en-CA')).toEqual([
        'Speckled Mug [12 oz] 38',
        'Speckled Mug [16 oz] 44 (out_of_stock)',
      ]);
    // A sentence naming no size is the product's, every size's.
    expect(
      products(
        `<h1>Speckled Mug</h1><p>The 12 oz is C$38. The 16 oz is C$44.</p><p>Sold out for now.</p>`,
        'https://clay.example.ca/mug',
        'en-CA',
      ),
    ).toEqual(['Speckled Mug [12 oz] 38 (out_of_stock)', 'Speckled Mug [16 oz] 44 (out_of_stock)']);
  });

  it("a card title the theme cut short is written out whole from its link's address", () => {
    const card = `<article class="product-miniature"><h2 class="h3 product-title"><a href="https://www.olivar.example/olive-oils/14-64-hojiblanca-estate-extra-virgin-olive-oil.html">Hojiblanca Estate Extra...</a></h2><div class="product-price-and-shipping"><span class="price">9,50 €</span></div></article>`;
    expect(products(card, 'https://www.olivar.example/3-oils.html', 'en-ES')).toEqual([
      'Hojiblanca Estate Extra Virgin Olive Oil 9.5',
    ]);
    // An address that says other words leaves the title as it is.
    const other = card.replace('14-64-hojiblanca-estate-extra-virgin-olive-oil', '14-estate-oil');
    expect(products(other, 'https://www.olivar.example/3-oils.html', 'en-ES')).toEqual([
      'Hojiblanca Estate Extra... 9.5',
    ]);
  });

  it('dates offered as options that say nothing of their stock take it from the description that does', () => {
    const radio = (v: number, date: string) =>
      `<li class="input-container"><label><input class="input-radio" type="radio" name="group[5]" value="${v}" title="${date}"><span class="radio-label">${date}</span></label></li>`;
    const view = `<h1 class="h1">Mill Tour and Tasting</h1><div class="current-price"><span class="current-price-value">18,00 €</span></div><div class="product-description"><p>Tours run on Saturdays at 11:00:</p><ul><li>Saturday 7 November – FULL</li><li>Saturday 14 November – only 4 places left</li><li>Saturday 28 November</li></ul></div><form action="/cart" method="post"><div class="product-variants"><span class="control-label">Tour date</span><ul id="group_5">${radio(20, 'Saturday 7 November')}${radio(21, 'Saturday 14 November')}${radio(23, 'Saturday 28 November')}</ul></div><button class="add-to-cart" type="submit">Add to cart</button></form>`;
    const ld = {
      name: 'Mill Tour and Tasting',
      offers: { '@type': 'Offer', price: '18.00', priceCurrency: 'EUR' },
    };
    expect(stockOf(page(view, ld), 'https://www.olivar.example/visits/40-mill-tour.html')).toEqual([
      {
        name: 'Mill Tour and Tasting',
        offers: [
          [null, 18, null],
          ['Saturday 7 November', 18, 'out_of_stock'],
          ['Saturday 14 November', 18, 'in_stock'],
          ['Saturday 28 November', 18, null],
        ],
      },
    ]);
  });
});
