import { describe, expect, it } from 'vitest';
import { extractPage } from './extract-page.js';
import { products } from './test-support/page-products.js';

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

  it('builder stock shapes: a badge before the next card’s title stays with that card; hidden badges say nothing', () => {
    const card = (name: string, price: string, mark = '', after = '') =>
      `<div class="ProductList-item"><a href="/p"><div class="ProductList-image-wrapper"><img src="a.jpg">${mark}</div><h1 class="ProductList-title">${name}</h1><div class="ProductList-price"><div class="product-price">${price}</div></div>${after}</a></div>`;
    const squarespace = `<div class="ProductList-grid">${card('Tide Pool Mug', '$42.00', '', '<div class="product-scarcity">Only 2 left!</div>')}${card('Kelp Bowl', '$120.00', '<div class="product-mark sold-out">sold out</div>')}${card('Driftwood Vase', '<span class="sale-price">$68.00</span> <span class="original-price">$85.00</span>')}${card('Storm Plates', '$160.00', '<div class="product-mark">Pre-order</div>')}${card('Salt Cellar', '$28.00', '', '<div class="product-status">Back in stock on 12 March</div>')}</div>`;
    expect(products(squarespace)).toEqual([
      'Tide Pool Mug 42 (in_stock)',
      'Kelp Bowl 120 (out_of_stock)',
      'Driftwood Vase 68 (was 85)',
      'Storm Plates 160 (preorder)',
      'Salt Cellar 28 (out_of_stock, --03-12)',
    ]);
    const item = (name: string, body: string) =>
      `<div role="listitem" class="product-item w-dyn-item"><a href="/p" class="w-inline-block">${body.replace('NAME', `<h3 class="product-name">${name}</h3>`)}</a></div>`;
    const webflow = `<div class="w-dyn-list"><div role="list" class="w-dyn-items">
${item('Highland Breakfast', '<div class="badge sold-out w-condition-invisible">Sold out</div>NAME<div class="product-price">£9.50 GBP</div><div class="stock-note">Only 4 left</div>')}
${item('Smoky Lapsang', '<div class="badge sold-out">Sold out</div>NAME<div class="product-price">£11.00 GBP</div><div class="stock-note w-condition-invisible">Only 0 left</div>')}
${item('Chamomile', 'NAME<div class="price-wrap"><div class="product-price">£7.50 GBP</div><div class="compare-at-price">£9.00 GBP</div></div>')}
${item('Teapot', 'NAME<div class="product-price">£45.00 GBP</div><div class="notify">Notify me when available</div>')}
</div></div>`;
    expect(products(webflow, 'https://shop.example/shop', 'en-GB')).toEqual([
      'Highland Breakfast 9.5 (in_stock)',
      'Smoky Lapsang 11 (out_of_stock)',
      'Chamomile 7.5 (was 9)',
      'Teapot 45 (out_of_stock)',
    ]);
  });

  it('an add-to-cart form says sold out only through its words; the stock meta tag names the page’s product', () => {
    const soldOut = `<h1 class="product__title">Kelp Bowl</h1><div class="price"><span class="price-item price-item--regular">$120.00</span></div>
<form method="post" action="/cart/add" class="form"><input type="hidden" name="id" value="1"><button type="submit" name="add" class="product-form__submit" disabled><span>Sold out</span></button></form>`;
    expect(products(soldOut)).toEqual(['Kelp Bowl 120 (out_of_stock)']);
    // WooCommerce disables the button until an option is chosen: no stock from that.
    const disabled = `<h1 class="product_title">Salt Cellar</h1><p class="price">$28.00</p><form class="cart"><button type="submit" class="single_add_to_cart_button" disabled>Add to cart</button></form>`;
    expect(products(disabled)).toEqual(['Salt Cellar 28']);
    const page = extractPage(
      '<html lang="en"><head><meta property="product:availability" content="oos"></head><body><main><h1>Salt Cellar</h1><p class="price">$28.00</p></main></body></html>',
      'https://shop.example/p/salt-cellar',
    );
    expect(page.structured.products[0]?.offers[0]?.availability).toBe('out_of_stock');
  });

  it('variant pickers that name sold-out options; the same item listed twice keeps the stock of either', () => {
    const select = `<div class="product__info-container"><h1 class="product__title">Kids Surf Camp</h1><div class="price"><span class="price-item price-item--regular">A$450.00</span></div>
<form action="/cart/add"><select name="options[Week]"><option value="a">6–10 January - Sold out</option><option value="b">13–17 January</option></select><button type="submit">Add to cart</button></form></div>`;
    expect(products(select, 'https://shop.example/p/camp', 'en-AU')).toEqual([
      'Kids Surf Camp 450',
      'Kids Surf Camp [6–10 January] 450 (out_of_stock)',
      'Kids Surf Camp [13–17 January] 450',
    ]);
    const radios = `<h1 class="product__title">Board Hire</h1><p class="price">$35.00</p><form action="/cart/add"><fieldset><legend>Length</legend>
<input type="radio" id="r1" name="L" value="7ft"><label for="r1">7ft</label><input type="radio" id="r2" name="L" value="8ft" class="disabled"><label for="r2">8ft<span class="visually-hidden">Variant sold out or unavailable</span></label></fieldset></form>`;
    expect(products(radios)).toEqual([
      'Board Hire 35',
      'Board Hire [7ft] 35',
      'Board Hire [8ft] 35 (out_of_stock)',
    ]);
    // Dawn: the title block prints the name twice, the radios sit outside the form (tied by `form`),
    // every label carries the same screen-reader words and only `disabled` marks the sold-out date,
    // the no-JS select writes "date - Sold out - price".
    const label = (i: number, date: string, disabled: boolean) =>
      `<input type="radio" id="w${i}" name="Week" value="${date}" form="product-form-main"${disabled ? ' class="disabled"' : ''}><label for="w${i}">${date}<span class="visually-hidden">Variant sold out or unavailable</span></label>`;
    const dawn = `<div class="product__info-container"><div class="product__title"><h1>Grom Surf Camp</h1><a href="#" class="product__title"><h2 class="h1">Grom Surf Camp</h2></a></div>
<div class="price"><span class="price-item price-item--regular">A$495.00</span></div>
<form id="product-form-main" action="/cart/add"><select name="id" class="no-js"><option value="1">5–9 Jan 2027 - Sold out - A$495.00</option><option value="2">12–16 Jan 2027 - A$495.00</option></select><button type="submit" name="add">Add to cart</button></form>
<variant-radios><fieldset class="js product-form__input"><legend>Camp week</legend>${label(0, '5–9 Jan 2027', true)}${label(1, '12–16 Jan 2027', false)}</fieldset></variant-radios></div>`;
    expect(products(dawn, 'https://shop.example/products/grom-surf-camp', 'en-AU')).toEqual([
      'Grom Surf Camp 495',
      'Grom Surf Camp [5–9 Jan 2027] 495 (out_of_stock)',
      'Grom Surf Camp [12–16 Jan 2027] 495',
    ]);
    const twice = `<table><thead><tr><th>Dish</th><th>Price</th></tr></thead><tbody><tr><td>Oyster Plate</td><td>€16.00</td></tr></tbody></table>
<ul><li class="fdm-item"><p class="fdm-item-title">Oyster Plate</p><div class="fdm-item-price">€16.00</div><div class="fdm-item-content"><p>Six oysters. <em>Off the menu until September.</em></p></div></li></ul>`;
    expect(products(twice, 'https://shop.example/food', 'en-IE')).toEqual([
      'Oyster Plate 16 (out_of_stock, --09)',
    ]);
  });

  it('bare range ends, and charges for late cancellation, are read as such', () => {
    const html = `<ul><li>Extraction: $150-300</li><li>Filling: $85 – $120</li></ul><p>Late cancellations are charged $40.</p>`;
    expect(products(html)).toEqual(['Extraction 150 (to 300)', 'Filling 85 (to 120)']);
  });

  it('a price that varies or is given on request names an item without a price', () => {
    const html = `<h2>Fees</h2><table><thead><tr><th>Treatment</th><th>Fee</th></tr></thead><tbody><tr><td>Cleaning</td><td>$120</td></tr><tr><td>Dental implants</td><td>Varies</td></tr><tr><td>Invisalign</td><td>Price on consultation</td></tr></tbody></table>
<h3>Oysters</h3><p>Market price</p>`;
    expect(products(html)).toEqual([
      'Cleaning 120',
      'Dental implants none',
      'Invisalign none',
      'Oysters none',
    ]);
  });

  it('BigCommerce MSRP, Magento special/old price, PrestaShop flags: reference prices and stock', () => {
    const bigcommerce = `<ul class="productGrid"><li class="product"><article class="card"><figure class="card-figure"><figcaption class="card-figcaption"><a class="button card-figcaption-button" href="/p">Out of stock</a></figcaption></figure><div class="card-body"><h3 class="card-title"><a href="/p">Birch Syrup 250ml</a></h3><div class="card-text"><div class="price-section rrp-price--withoutTax"><span>MSRP:</span><span class="price price--rrp">$24.00</span></div><div class="price-section price-section--withoutTax"><span class="price-label">Price:</span><span class="price price--withoutTax">$19.00</span></div></div></div></article></li></ul>`;
    expect(products(bigcommerce)).toEqual(['Birch Syrup 250ml 19 (was 24, out_of_stock)']);
    const prestashop = `<article class="product-miniature"><ul class="product-flags"><li class="product-flag out_of_stock">Out-of-Stock</li></ul><h2 class="h3 product-title"><a href="/p">Wool Socks</a></h2><div class="product-price-and-shipping"><span class="regular-price">€18.00</span><span class="discount-percentage">-20%</span><span class="price">€14.40</span></div></article>`;
    expect(products(prestashop, 'https://shop.example/socks', 'en-IE')).toEqual([
      'Wool Socks 14.4 (was 18, out_of_stock)',
    ]);
  });
  it('Food and Drink Menu items: labelled prices are variants, a discount price comes before the regular one', () => {
    const item = (title: string, prices: string, content: string, cls = '') =>
      `<li class="fdm-item fdm-item-has-price${cls}"><div class="fdm-item-panel"><p class="fdm-item-title">${title}</p><div class="fdm-item-price-wrapper">${prices}</div><div class="fdm-item-content"><p>${content}</p></div></div></li>`;
    const html = `<ul class="fdm-section fdm-section-mains"><li class="fdm-section-header"><h3 class="fdm-section-title">Mains</h3></li>
${item('Cornish mussels', '<div class="fdm-item-price">Starter £9.00</div><div class="fdm-item-price">Main £17.00</div>', 'Cider, leeks and cream.')}
${item('Crispy squid', '<div class="fdm-item-price-discount">£6.00</div><div class="fdm-item-price">£8.50</div>', 'Lime and chilli mayo.', ' fdm-item-has-price-discount')}
${item('Venison &amp; ale pie', '<div class="fdm-item-price">£18.00</div>', 'Sold out tonight, sorry! Back on Thursday.')}
</ul><p>Bring your own? Corkage is £15 a bottle. Changes made less than 48 hours before your booking cost £10.</p>`;
    expect(products(html, 'https://pub.example/food/', 'en-GB')).toEqual([
      'Cornish mussels [Starter] 9',
      'Cornish mussels [Main] 17',
      'Crispy squid 6 (was 8.5)',
      'Venison & ale pie 18 (out_of_stock)',
    ]);
  });
  it('a kind of visit or class in a sentence defers to the heading that names the offer; parking is a fee', () => {
    const html = `<h2>New patient special</h2><p>Your first visit – a 60-minute evaluation and treatment – is $79 (regularly $140) when you book online.</p>
<h2>Reformer Pilates</h2><p>Small classes of four. Drop-in classes are $28 each, or join the membership.</p>
<h2>Back-care workshop</h2><p>Three hours on lifting and sitting. $45 per person.</p>
<ul><li>Saturday 14 March, 9am – 12pm — Full</li><li>Saturday 11 April, 9am – 12pm — 5 spots left</li><li>Saturday 9 May, 9am – 12pm — Registration opens April 15</li></ul>
<p>Street parking on State Street is $2 per hour.</p>`;
    expect(products(html, 'https://clinic.example/classes/', 'en-US')).toEqual([
      'New patient special 79 (was 140)',
      'Reformer Pilates 28 (per each)',
      'Back-care workshop [Saturday 14 March] 45 (per person, out_of_stock)',
      'Back-care workshop [Saturday 11 April] 45 (per person, in_stock)',
      'Back-care workshop [Saturday 9 May] 45 (per person, coming_soon, --04-15)',
    ]);
  });
  it('Wix: a gallery card showing "Out of stock" instead of a price; a custom size dropdown with a sold-out option', () => {
    const card = (name: string, inner: string) =>
      `<li data-hook="product-list-grid-item"><div data-hook="product-item-root"><a href="/p" data-hook="product-item-container"><div data-hook="product-item-name">${name}</div>${inner}</a></div></li>`;
    const gallery = `<ul data-hook="product-list-wrapper">${card('Wax Comb', '<div data-hook="product-item-price"><span data-hook="product-item-price-to-pay">A$4.00</span></div>')}${card('Board Bag', '<span data-hook="product-item-out-of-stock">Out of stock</span>')}</ul>`;
    expect(products(gallery, 'https://surf.example/shop.html', 'en-AU')).toEqual([
      'Wax Comb 4',
      'Board Bag none (out_of_stock)',
    ]);
    const productPage = `<div data-hook="product-page"><h1 data-hook="product-title">Spring Suit 2mm</h1><span data-hook="formatted-primary-price">A$189.00</span>
<div data-hook="product-options"><label>Size</label><div data-hook="dropdown" role="listbox"><div role="option">S</div><div role="option" aria-disabled="true">M - Out of stock</div><div role="option" aria-disabled="true">L</div></div></div>
<button data-hook="add-to-cart">Add to Cart</button></div>`;
    expect(products(productPage, 'https://surf.example/product-page/spring-suit.html', 'en-AU')).toEqual([
      'Spring Suit 2mm 189',
      'Spring Suit 2mm [S] 189',
      'Spring Suit 2mm [M] 189 (out_of_stock)',
      'Spring Suit 2mm [L] 189 (out_of_stock)',
    ]);
  });
});

describe('builders that write titles without heading tags', () => {
  it('a bold or role=heading section title still makes its price list charges, not products', () => {
    for (const title of [
      '<p><strong>Shipping rates</strong></p>',
      '<div role="heading" aria-level="2">Shipping rates</div>',
      '<p><span style="font-size:26px">Shipping rates</span></p>',
    ]) {
      const html = `<p><strong>Tea caddy</strong></p><p>£18.00</p>${title}<p>UK Tracked 48: £3.95</p><p>Europe: £12.95</p>`;
      expect(products(html), title).toEqual(['Tea caddy 18']);
    }
  });

  it("a card's marked title names it, not the description or place between it and the price", () => {
    const html = `<div data-aid="MENU_ITEM0"><span data-ux="ContentHeading">Standard ski set</span><span data-ux="ContentText">Skis, boots and poles for cruising</span><div><span data-ux="Price">CHF 45.– per day</span></div></div>
<div data-aid="MENU_ITEM1"><span data-ux="ContentHeading">Snowshoes</span><span data-ux="ContentText">With poles</span><div><span data-ux="Price">CHF 18.– per day</span></div></div>`;
    expect(products(html)).toEqual(['Standard ski set 45 (per day)', 'Snowshoes 18 (per day)']);
  });

  it('columns of a layout table are cards of their own (Weebly multicol)', () => {
    const html = `<table class="wsite-multicol-table"><tbody><tr>
<td><div class="paragraph"><strong>Drop-in class</strong><br>$22<br>any mat class</div></td>
<td><div class="paragraph"><strong>10-class pass</strong><br>$185<br>valid for 6 months</div></td>
</tr></tbody></table>`;
    expect(products(html, 'https://studio.example/pricing.html', 'en-CA')).toEqual([
      'Drop-in class 22',
      '10-class pass 185',
    ]);
  });

  it('a size in a grid cell of its own is a variant of the title above', () => {
    const html = `<h1>Amber Rich Maple Syrup</h1><div class="grid"><div class="row"><div class="cell">250 ml glass bottle</div><div class="cell">CA$14.00</div></div>
<div class="row"><div class="cell">500 ml glass bottle</div><div class="cell">CA$24.00</div></div></div>`;
    expect(products(html, 'https://farm.example/syrup.html', 'en-CA')).toEqual([
      'Amber Rich Maple Syrup [250 ml glass bottle] 14',
      'Amber Rich Maple Syrup [500 ml glass bottle] 24',
    ]);
  });

  it('the sale price after the regular one (Weebly), and prices split into spans', () => {
    expect(
      products(`<div class="wsite-com-category-product-name">Crew Sweatshirt</div>
<div class="wsite-com-product-price"><div class="wsite-com-price">$85.00</div><div class="wsite-com-sale-price">$68.00</div></div>`),
    ).toEqual(['Crew Sweatshirt 68 (was 85)']);
    expect(
      products(
        '<div><span data-ux="ContentHeading">Merino neck gaiter</span></div><div><span>CHF</span><span>24</span><span>.90</span></div>',
        'https://shop.example.ch/shop/',
        'de-CH',
      ),
    ).toEqual(['Merino neck gaiter 24.9']);
  });

  it('a "main" that holds only the header (GoDaddy) does not hide the page', () => {
    const page = extractPage(
      `<!doctype html><html lang="en"><head><title>T</title></head><body><div role="main" data-ux="Header"><a href="/">Brunnistock Sport</a></div>
<div><p data-ux="SectionHeading">Rental prices</p><div><span data-ux="ContentHeading">Touring set</span><span>Skins and poles included with every pair</span><div><span>CHF 72.– per day</span></div></div></div></body></html>`,
      'https://shop.example.ch/rentals/',
    );
    expect(page.structured.products.map((p) => `${p.name} ${p.offers[0]?.price}`)).toEqual([
      'Touring set 72',
    ]);
  });

  it("Shopify legacy cards: a <dt> price label names nothing, and a badge printed on every card counts only with its card's state", () => {
    const card = (
      name: string,
      state: string,
    ) => `<div class="grid-view-item product-card"><div class="h4 grid-view-item__title" aria-hidden="true">${name}</div>
<dl class="price price--listing${state}"><div class="price__regular"><dt><span class="visually-hidden">Regular price</span></dt><dd><span class="price-item price-item--regular">7,20 €</span></dd></div>
<div class="price__badges"><span class="price__badge price__badge--sale"><span>Sale</span></span><span class="price__badge price__badge--sold-out"><span>Sold out</span></span></div></dl></div>`;
    expect(
      products(
        `<ul class="grid"><li>${card('Green Cardamom Pods', ' price--sold-out')}</li><li>${card('Piri-Piri Flakes', '')}</li></ul>`,
        'https://spice.example/collections/all/',
        'pt-PT',
      ),
    ).toEqual(['Green Cardamom Pods 7.2 (out_of_stock)', 'Piri-Piri Flakes 7.2']);
  });

  it("a card's promotion label, a quote-only price and a bold stock line stay with the card's title", () => {
    const blurb = (title: string, text: string) =>
      `<div class="et_pb_blurb"><div class="et_pb_blurb_container"><h4 class="et_pb_module_header"><span>${title}</span></h4><div class="et_pb_blurb_description">${text}</div></div></div>`;
    expect(
      products(
        blurb(
          'Gas boiler service',
          '<p>Full service and safety check.</p><p><strong>Spring offer:</strong> <del>€110</del> €95 until 30 April.</p>',
        ) +
          blurb(
            'Heat pump health check',
            '<p>Annual check of your heat pump. €145.</p><p><strong>Fully booked until 6 May</strong></p>',
          ) +
          blurb(
            'Bathroom installation',
            '<p>Full bathrooms and wet rooms. Priced on survey: free home visit and written quote.</p>',
          ),
        'https://plumber.example/services/',
        'en-IE',
      ),
    ).toEqual([
      'Gas boiler service 95 (was 110)',
      'Heat pump health check 145 (out_of_stock, --05-06)',
      'Bathroom installation none',
    ]);
  });

  it("a card's title names the price its description sentence states (Divi blurbs)", () => {
    const blurb = (title: string, text: string) =>
      `<div class="et_pb_blurb"><div class="et_pb_blurb_container"><h4 class="et_pb_module_header"><span>${title}</span></h4><div class="et_pb_blurb_description"><p>${text}</p></div></div></div>`;
    expect(
      products(
        blurb('Radiator replacement', 'Like-for-like radiators supplied and fitted from €220 per radiator.') +
          blurb('Digital gift card', 'Choose any amount from €50 to €300.'),
        'https://plumber.example/services/',
        'en-IE',
      ),
    ).toEqual(['Radiator replacement 220 (per radiator, from)', 'Digital gift card 50 (to 300, from)']);
  });

  it("Shopify's product JSON gives each variant its price and stock; option titles give Jimdo's prices", () => {
    const json = JSON.stringify({
      title: 'Ceylon Cinnamon Quills',
      variants: [
        { title: '50 g', price: 680, compare_at_price: null, available: false },
        { title: '100 g', price: 1240, compare_at_price: 1500, available: true },
      ],
    });
    expect(
      products(
        `<h1 class="product-single__title">Ceylon Cinnamon Quills</h1><script type="application/json" id="ProductJson-product-template">${json}</script>`,
        'https://spice.example/products/ceylon/',
        'pt-PT',
      ),
    ).toEqual([
      'Ceylon Cinnamon Quills [50 g] 6.8 (out_of_stock)',
      'Ceylon Cinnamon Quills [100 g] 12.4 (was 15, in_stock)',
    ]);
    // Prestige wraps the product: `{"product": {…}, "selected_variant_id": …}`.
    expect(
      products(
        `<h1 class="ProductMeta__Title">Ceylon Cinnamon Quills</h1><script type="application/json" data-product-json>${JSON.stringify({ product: JSON.parse(json), selected_variant_id: 1 })}</script>`,
        'https://spice.example/products/ceylon/',
        'pt-PT',
      ),
    ).toEqual([
      'Ceylon Cinnamon Quills [50 g] 6.8 (out_of_stock)',
      'Ceylon Cinnamon Quills [100 g] 12.4 (was 15, in_stock)',
    ]);
    expect(
      products(
        `<div class="j-product"><h4 class="fn">Flower honey</h4><select class="j-product__variants"><option title="250 g jar – 5,20 €">250 g jar</option><option title="500 g jar – 8,90 €">500 g jar</option></select></div>`,
        'https://honey.example/shop/',
        'de-AT',
      ),
    ).toEqual(['Flower honey [250 g jar] 5.2', 'Flower honey [500 g jar] 8.9']);
  });

  it('an event card\'s date line over its "Tickets €25" is the date the tickets are for', () => {
    const html = `<h2>Coming up</h2>
<div class="event-card"><h3>New Year’s Eve Céilí</h3><p>Thursday 31 December, 9pm till late, with the Céilí Band.</p><p>Tickets €25, including a glass of bubbles at midnight.</p><p><mark>Sold out</mark></p></div>
<div class="event-card"><h3>Comedy in the Snug</h3><p>Saturday, 22 August 2026</p><p>20:30 – 22:30</p><p>The bar (map)</p><p>Three comics and an MC. Tickets €15. Few tickets left — ring the bar.</p></div>`;
    expect(products(html, 'https://pub.example.ie/whats-on/', 'en-IE')).toEqual([
      'New Year’s Eve Céilí tickets [Thursday 31 December] 25 (out_of_stock)',
      'Comedy in the Snug tickets [Saturday, 22 August 2026] 15 (in_stock)',
    ]);
  });

  it("a picker on a page whose title is only a sized paragraph belongs to the page's one structured product", () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Trail Pack 12L',
      offers: { '@type': 'Offer', price: 64, priceCurrency: 'GBP' },
    });
    const html = `<script type="application/ld+json">${ld}</script><p><span style="font-size:40px">Trail Pack 12L</span></p><p>£64.00</p><select><option>Choose a colour</option><option>Moss</option><option>Ember - Sold out</option></select>`;
    expect(products(html, 'https://shop.example.co.uk/product-page/trail-pack', 'en-GB')).toEqual([
      'Trail Pack 12L 64',
      'Trail Pack 12L [Moss] 64',
      'Trail Pack 12L [Ember] 64 (out_of_stock)',
    ]);
  });

  it("booking widgets: a card's tagline marked 'headline' names nothing; a session table's Book button is no name", () => {
    const html = `<h2>Book online</h2><div class="fh-item-grid__item"><span class="fh-item-grid__badge">Limited spots</span><h3 class="fh-item-grid__name">Group Surf Lesson</h3><p class="fh-item-grid__headline">Our classic lesson for first-timers. Board and wetsuit included.</p><div class="fh-item-grid__meta"><span>2 hours</span> <span class="fh-item-grid__price">From <strong>NZ$89</strong></span></div></div>
<h3 class="rezdy-product__name">Sunset SUP Tour</h3><table><thead><tr><th>Date</th><th>Time</th><th>Price</th><th>Seats</th><th><span class="screen-reader-text">Book</span></th></tr></thead><tbody>
<tr><td>Sat 19 Dec 2026</td><td>7:30 pm</td><td>NZ$89.00</td><td>Fully booked</td><td><button disabled>Book</button></td></tr>
<tr><td>Sun 20 Dec 2026</td><td>7:30 pm</td><td>NZ$89.00</td><td>2 seats left</td><td><button>Book</button></td></tr></tbody></table>`;
    expect(products(html, 'https://surf.example.co.nz/lessons', 'en-NZ')).toEqual([
      'Group Surf Lesson [2 hours] 89 (from, in_stock)',
      'Sunset SUP Tour [Sat 19 Dec 2026] 89 (out_of_stock)',
      'Sunset SUP Tour [Sun 20 Dec 2026] 89 (in_stock)',
    ]);
  });

  it("a price split into its bold whole part and ',50' (Odoo's comparison snippet) is one price", () => {
    const html = `<div class="card"><h4 class="card-header">Day pass</h4><div class="card-body"><h2 class="card-title"><sup class="s_comparisons_currency">€&nbsp;</sup><span class="s_comparisons_price"><b>13</b></span><span class="s_comparisons_decimal">,50</span></h2><p class="card-text">per visit, climb as long as you like</p></div></div>`;
    expect(products(html, 'https://climb.example.be/prices.html', 'en-GB')).toEqual(['Day pass 13.5']);
  });

  it("Dawn's variants in its picker: each date's price and stock, the owner's typed state before `available`", () => {
    const variant = (title: string, price: number, available: boolean) => ({
      title,
      name: `Skate Camp - ${title}`,
      public_title: title,
      price,
      available,
    });
    const json = JSON.stringify([
      variant('6–8 Jan (3 days) – FULL', 24000, true),
      variant('13–17 Jan (5 days)', 38000, true),
      variant('20–22 Jan (3 days)', 24000, false),
    ]);
    expect(
      products(
        `<h1 class="product__title">Skate Camp</h1><p class="price">A$240.00</p><variant-radios><fieldset><legend>Dates</legend></fieldset><script type="application/json">${json}</script></variant-radios>`,
        'https://surf.example.com.au/products/skate-camp',
        'en-AU',
      ),
    ).toEqual([
      'Skate Camp 240',
      'Skate Camp [6–8 Jan (3 days)] 240 (out_of_stock)',
      'Skate Camp [13–17 Jan (5 days)] 380 (in_stock)',
      'Skate Camp [20–22 Jan (3 days)] 240 (out_of_stock)',
    ]);
  });

  it('options on one line after a variant are variants of the same item ("Junior $65 / Senior $85 / Director $110")', () => {
    expect(
      products(
        '<p><strong>Men’s cut</strong></p><p>30 min</p><p>Junior $38 / Senior $48 / Director $58</p><p><strong>Shipping</strong></p><p>$12 / month</p>',
        'https://salon.example/services/',
        'en-AU',
      ),
    ).toEqual(['Men’s cut [Junior] 38', 'Men’s cut [Senior] 48', 'Men’s cut [Director] 58']);
  });

  it('an amount and its currency in sibling blocks, "kr" named by the business\'s phone country', () => {
    const page = extractPage(
      `<!doctype html><html lang="en"><head><title>T</title></head><body><main><div class="t-store__card"><div class="js-store-prod-name">Anemone bunch</div><div class="t-store__card__price"><div class="js-product-price">279</div><div class="t-store__card__price-currency">kr</div></div></div></main><footer><a href="tel:+46312458170">031-245 81 70</a></footer></body></html>`,
      'http://127.0.0.1:8080/shop/',
    );
    expect(
      page.structured.products.map((p) => `${p.name} ${p.offers[0]?.price} ${p.offers[0]?.currency}`),
    ).toEqual(['Anemone bunch 279 SEK']);
  });

  it("other sellers' prices, a price's history and a named fee are not products", () => {
    const html = `<p><strong>How do we compare?</strong><br>Most downtown studios charge $25 to $28 for a drop-in.</p>
<p>Our drop-in went from $20 to $22 on January 1.</p>
<p>Monthly unlimited can be paused for a $10 pause fee each time.</p>
<p>Express service the same day costs $20 extra.</p>
<p>Bring back clean jars: we pay you $0.20 per jar.</p>
<p>Earn 5 points per $1 spent.</p>
<p>A mug at a big-box store is about $12. The clay and glaze in one of ours cost us about $4.</p>`;
    expect(products(html)).toEqual([]);
  });

  it("a share of each sale given away, a swap-in, an extra added or extended for a price, a prize and a minimum spend are not the items' prices", () => {
    const html = `<h3>On tap</h3><ul><li><p><b>Oak Street Pilsner</b></p><p>Pint $6.50</p><p>Crisp and lagered. $1 from every pint goes to the Valley Trails Fund.</p></li></ul>
<h3>Mains</h3><p>Burgers come with fries. Swap in a side salad for $2.</p><ul><li><p><b>Osprey burger</b> $17.00</p></li></ul>
<h2>How booking works</h2><ul><li>There's no room fee. Instead we ask for a minimum food and drink spend of $1,200 on Fridays and $600 on other days.</li></ul>
<h3>Gorge Day</h3><p>Helmet and harness included; add boots and waterproofs for $25.</p><p>$90 per person</p>
<h3>Ten-class pack</h3><p>$150</p><p>Need more time on a pack? Extend it by one month for $20, once per pack.</p>
<h3>Open Water course</h3><p>$420</p><p>Private instruction for any course adds $350 per day.</p>
<h3>Quiz night</h3><p>Free to play. The winning team takes home a $50 bar tab.</p>
<h3>Home brewing class</h3><p>Two hours on pour-over, with a bag of coffee to take home: $45 per person.</p>`;
    expect(products(html)).toEqual([
      'Oak Street Pilsner [Pint] 6.5',
      'Osprey burger 17',
      'Gorge Day 90 (per person)',
      'Ten-class pack 150',
      'Open Water course 420',
      'Home brewing class 45 (per person)',
    ]);
  });
  it('a deposit in the next sentence is no part of the price; a stock note may close a tagline', () => {
    const html = `<h2>Planting Service</h2><p>We plant what you buy from us. From $85 per hour for a crew of two. A $50 deposit is required when you book.</p>
<div class="card"><h2>Youth Squad</h2><p>Term 1 · Wednesdays 4pm · 2 spots left</p><p>NZ$240</p></div>`;
    expect(products(html, 'https://shop.example/page.html', 'en-NZ')).toEqual([
      'Planting Service 85 (per hour, from)',
      'Youth Squad 240 (in_stock)',
    ]);
  });

  it("options listed in a description belong to the page's product, past its option picker's label and a bold stock line", () => {
    const html = `<h1>Limelight Hydrangea</h1><div>$44.99</div><h2>Pot size</h2><div>2 gal</div><div><strong>Only 4 left</strong></div>
<p>Pot sizes and prices: 2 gal $44.99 · 3 gal $64.99 · 7 gal $119.99.</p><p>Gift wrapping is $4.50 per item.</p>`;
    const got = products(html, 'https://nursery.example/shop/limelight.html', 'en-CA');
    expect(got).toContain('Limelight Hydrangea [3 gal] 64.99');
    expect(got).toContain('Limelight Hydrangea [7 gal] 119.99');
    expect(got.some((p) => /^(?:2 gal|Pot size|Only 4 left|Gift wrapping)/.test(p))).toBe(false);
  });

  it("a picker's surcharges add to the product's price; a sold-out option keeps its stock", () => {
    const html = `<div class="product-details"><h1>Limelight Hydrangea</h1><div class="price">$44.99</div>
<select aria-label="Pot size"><option>2 gal</option><option>3 gal (+$20.00)</option><option disabled>7 gal (+$75.00) (sold out)</option></select></div>`;
    const got = products(html, 'https://nursery.example/shop/limelight.html', 'en-CA');
    expect(got).toContain('Limelight Hydrangea [3 gal] 64.99');
    expect(got).toContain('Limelight Hydrangea [7 gal] 119.99 (out_of_stock)');
  });

  it('menu servings and sizes: "Cup $9 · Bowl $14", a glass size above its bare price and the bottle in the text', () => {
    const item = (name: string, size: string, text: string, price: string) =>
      `<div class="mprm-item"><h3>${name}</h3>${size ? `<p><span>${size}</span></p>` : ''}<p>${text}</p><div><span class="mprm-price">${price}</span></div></div>`;
    const html = `<h2>Menu</h2>${item('Smoked salmon chowder', '', 'Hot-smoked sockeye, clams, dill. Cup $9 · Bowl $14', '')}
${item('Okanagan Pinot Gris', '6 oz', 'Pear, lemon peel. Bottle $46.', '$12.00')}
${item('Spruce Tip Gimlet', '2 oz', 'Gin, spruce tip cordial, lime. Not available until the spring harvest.', '$15.00')}
${item('Affogato', '', 'Vanilla ice cream, a double espresso. Add a shot of amaretto for $5.', '$9.00')}
<p>Weekdays 3–5 pm: Fanny Bay oysters at $2.50 each.</p><p>Bring your own cake: we plate it for a cake fee of $3 per guest.</p>`;
    expect(products(html, 'https://pub.example/menu/', 'en-CA')).toEqual([
      'Smoked salmon chowder [Cup] 9',
      'Smoked salmon chowder [Bowl] 14',
      'Okanagan Pinot Gris [Bottle] 46',
      'Okanagan Pinot Gris [6 oz] 12',
      'Spruce Tip Gimlet [2 oz] 15 (out_of_stock)',
      'Affogato 9',
      'Fanny Bay oysters 2.5 (per each)',
    ]);
  });

  it("a bare amount in a theme's money element is a price in the page's currency (Squarespace 7.0)", () => {
    const card = (name: string, prices: string) =>
      `<div class="ProductList-item"><div class="ProductList-meta"><h1 class="ProductList-title">${name}</h1><div class="ProductList-price"><div class="product-price">${prices}</div></div></div></div>`;
    const html = `${card('Southern Right Hoodie', '<span class="sqs-money-native">650.00</span>')}${card('Bucket Hat', '<span class="sale-price"><span class="sqs-money-native">220.00</span></span> <span class="original-price"><span class="sqs-money-native">290.00</span></span>')}
<p>Rated <span class="rating-amount">4</span> by 12 guests.</p>`;
    expect(products(html, 'https://whales.example/shop/', 'en-ZA')).toEqual([
      'Southern Right Hoodie 650',
      'Bucket Hat 220 (was 290)',
    ]);
  });

  it("on an item's own page, the priced lines under its option picker's label are its options", () => {
    const html = `<h1>Peony bouquet</h1><p>595 kr</p><h2>Size</h2><p>Pink and coral peonies.</p><p>Classic, 10 stems — 595 kr</p><p>Grand, 25 stems — 895 kr</p>`;
    expect(products(html, 'https://flowers.example/tproduct/peony/', 'sv-SE')).toEqual([
      'Peony bouquet 595',
      'Peony bouquet [Classic, 10 stems] 595',
      'Peony bouquet [Grand, 25 stems] 895',
    ]);
  });

  it("a custom dropdown's option with its stock in a subtitle of its own (Wix)", () => {
    const option = (name: string, subtitle = '', disabled = false) =>
      `<div role="option"${disabled ? ' aria-disabled="true"' : ''}><div><span data-hook="option-text">${name}</span>${subtitle ? `<span data-hook="option-subtitle">${subtitle}</span>` : ''}</div></div>`;
    const html = `<div class="product-page"><h1>Riding Jersey</h1><span>£35.00</span><div role="listbox">${option('Large')}${option('X-Large', 'Out of stock', true)}</div></div>`;
    expect(products(html, 'https://mtb.example/product-page/jersey', 'en-GB')).toContain(
      'Riding Jersey [X-Large] 35 (out_of_stock)',
    );
  });

  it('a portion before its price ("Full €17.00") is a variant, not a booking\'s "Full"; "Free entry" is a price of 0', () => {
    const html = `<h2>Mains</h2><div class="fdm-item"><h4>Lissadell Mussels</h4><div class="fdm-item-price"><div>Half €9.50</div><div>Full €17.00</div></div><p>Rope-grown mussels.</p></div>
<h2>Music</h2><div class="event"><h3>Thursday Trad Session</h3><p>Every Thursday from 9pm.</p><p>Free entry</p></div>`;
    expect(products(html, 'https://pub.example/menu/', 'en-IE')).toEqual([
      'Lissadell Mussels [Half] 9.5',
      'Lissadell Mussels [Full] 17',
      'Thursday Trad Session 0',
    ]);
  });

  it('a gift card is named by the sentence that sells it, not the heading over it', () => {
    const html = `<h2>Give them a night out</h2><p>Our gift cards come in any amount from $25 to $200 and never expire.</p>
<h2>Treat someone</h2><p>Gift vouchers are available from £20 to £150.</p>`;
    expect(products(html, 'https://pub.example/gift-cards/', 'en-CA')).toEqual([
      'Gift card 25 (to 200, from)',
      'Gift voucher 20 (to 150, from)',
    ]);
  });

  it('an event page: "The course is $220" is the page\'s item, an extra person is a charge, the details\' field headings name nothing', () => {
    const html = `<h1 class="mec-single-title">Puppy Preschool</h1><p>Four one-hour Tuesday classes for pups.</p>
<p>The course is <strong>$220</strong> for the puppy and one handler. Add more of the family for $15 each, and everyone under 16 comes free.</p>
<div class="mec-single-event-time"><h3 class="mec-time">Time</h3><dl><dd>6:30 pm - 7:30 pm</dd></dl></div>
<div class="mec-event-cost"><h3 class="mec-cost">Cost</h3><dl><dd class="mec-events-event-cost">$220</dd></dl></div>`;
    expect(products(html, 'https://dogs.example/events/puppy-preschool/', 'en-AU')).toEqual([
      'Puppy Preschool 220',
    ]);
  });

  it('a booking card\'s detail lines that say when ("Sat, Sun", "Starts 3 Apr") name nothing: its title does', () => {
    const card = (title: string, details: string[], price: string) =>
      `<li data-hook="Grid-item"><section data-hook="service-card-default-card"><div data-hook="card-info"><div><div><a data-hook="service-info-title-link"><h2 data-hook="service-info-title-text">${title}</h2></a></div><p data-hook="service-info-tagline">A short tagline.</p><a data-hook="more-info-button-root"><span>Read More</span></a></div><div>${details.map((d) => `<p data-hook="details-root">${d}</p>`).join('')}<p data-hook="details-root" data-type="price">${price}</p></div></div></section></li>`;
    const html = `<h1>Book Online</h1><ul>${card('Abseil Taster', ['2 hr', 'Sat, Sun'], '€45')}${card('Family Climb', ['3 hr', 'Starts 3 Apr'], '€150')}</ul>`;
    expect(products(html, 'https://climb.example/book-online.html', 'en-IE')).toEqual([
      'Abseil Taster 45',
      'Family Climb 150',
    ]);
  });

  it("a theme's in-stock class gives way to the owner's words in the card; an out-of-stock class does not", () => {
    const card = (cls: string, name: string, price: string, excerpt: string) =>
      `<li class="product type-product ${cls} product-type-booking"><h2 class="woocommerce-loop-product__title"><a href="#">${name}</a></h2><span class="price"><span class="woocommerce-Price-amount amount"><bdi><span class="woocommerce-Price-currencySymbol">CA&#36;</span>${price}</bdi></span></span><div class="entry-excerpt">${excerpt}</div><a class="button product_type_booking add_to_cart_button">Book now</a></li>`;
    const html = `<ul class="products">${card('instock', 'Sourdough Weekend Intensive', '240.00', 'Two weekend mornings with Tom. Fully booked until May – join the waitlist.')}${card('instock', 'Thai Street Food Night', '105.00', 'Pad see ew over a screaming wok. Fridays 6–9 pm.')}${card('outofstock', 'Whetstone', '89.00', 'A two-sided stone.')}</ul>`;
    expect(products(html, 'https://cook.example/classes/', 'en-CA')).toEqual([
      'Sourdough Weekend Intensive 240 (out_of_stock, --05)',
      'Thai Street Food Night 105 (in_stock)',
      'Whetstone 89 (out_of_stock)',
    ]);
  });

  it('a specials board: a dish named in bold before what comes with it; sizes named once in a list header', () => {
    const board = `<h3>On the board this week</h3><p><strong>Pie of the week:</strong> steak &amp; ale pie, creamed mash, buttered greens – £16.50</p><p><strong>Whole lemon sole</strong>, brown shrimp &amp; caper butter, new potatoes – £24<br><strong>Sold out tonight</strong></p>`;
    expect(products(board, 'https://pub.example/food/', 'en-GB')).toEqual([
      'steak & ale pie 16.5',
      'Whole lemon sole 24 (out_of_stock)',
    ]);
    const cask = `<h2>On cask</h2><h6>half / pint</h6><ul><li><h4>Lightship Pale 3.9%</h4><p>£2.60 / £5.10</p><p>Our house pale.</p></li><li><h4>Headland Best 4.2%</h4><p>£2.70 / £5.30</p></li></ul>`;
    expect(products(cask, 'https://pub.example/drinks/', 'en-GB')).toEqual([
      'Lightship Pale 3.9% [half] 2.6',
      'Lightship Pale 3.9% [pint] 5.1',
      'Headland Best 4.2% [half] 2.7',
      'Headland Best 4.2% [pint] 5.3',
    ]);
  });

  it("Squarespace's menu block: each price printed above and below its item, sizes in the section's title", () => {
    const item = (title: string, description: string, price: string) =>
      `<div class="menu-item"><span class="menu-item-price-top">${price}</span><div class="menu-item-title">${title}</div><div class="menu-item-description">${description}</div><div class="menu-item-price-bottom">${price}</div></div>`;
    const section = (title: string, items: string) =>
      `<div class="menu-section"><div class="menu-section-header"><div class="menu-section-title"><span>${title}</span></div></div><div class="menu-items">${items}</div></div>`;
    const html = `<div class="menu-block">${section('Starters', `${item('Soup of the day', 'Always vegetarian.', '<span class="currency-sign">€</span>7.50')}${item('Crab claws in garlic butter (86)', 'Kilkee crab claws.', '<span class="currency-sign">€</span>18.00')}`)}${section('Wine — glass / bottle', item('Albariño', 'Crisp, saline.', '9.50 / 38'))}</div>`;
    expect(products(html, 'https://pub.example/menu.html', 'en-IE')).toEqual([
      'Soup of the day 7.5',
      'Crab claws in garlic butter 18 (out_of_stock)',
      'Albariño [glass] 9.5',
      'Albariño [bottle] 38',
    ]);
  });

  it('a menu marking stock in the name, by footnote legends and by striking the dish out', () => {
    const item = (name: string, price: string) =>
      `<li class="menu-item"><p class="menu-item__heading" role="heading" aria-level="3">${name}</p><p class="menu-item__details--description">Made here.</p><p class="menu-item__details--price"><strong>${price}</strong></p></li>`;
    const html = `<section><h2 role="heading" aria-level="2">Raw Bar</h2><ul>${item('Oysters (sold out tonight)', '$3.50')}${item('Burrata †', '$15')}${item('Deviled eggs*', '$8')}${item('Seared scallops ‡', '$36')}${item('<s>Lobster roll</s>', '<s>$32</s>')}${item('Fried pickles*', '$8')}</ul>
      <p>† Off the menu until June — it comes back with the tomatoes.</p><p>* Limited — ask your server.</p><p>‡ Back when the boats go out again in April.</p>
      <p>*Consuming raw or undercooked meats may increase your risk of foodborne illness.</p></section>`;
    expect(products(html, 'https://bistro.example/menus.html')).toEqual([
      'Oysters 3.5 (out_of_stock)',
      'Burrata 15 (out_of_stock, --06)',
      'Deviled eggs 8 (in_stock)',
      'Seared scallops 36 (out_of_stock, --04)',
      'Lobster roll 32 (out_of_stock)',
      'Fried pickles 8 (in_stock)',
    ]);
    // A mark whose legend says nothing of stock gives the dish none.
    expect(
      products(
        `<h2>Mains</h2><ul>${item('Steak frites*', '$34')}</ul><p>*Consuming raw or undercooked meats may increase your risk.</p>`,
      ),
    ).toEqual(['Steak frites 34']);
  });

  it('a drinks table priced "45,-" in kroner: sizes as columns, one size left unpriced, a stock note after the price; a swap is an add-on', () => {
    const html = `<p>All prices in Danish kroner.</p><h2>On draught</h2><table><thead><tr><th>Beer</th><th>½ pint</th><th>Pint</th><th></th></tr></thead><tbody>
<tr><td><strong>Guinness</strong></td><td>45,-</td><td>79,-</td><td></td></tr>
<tr><td><strong>Wexford strawberry cider</strong></td><td>–</td><td>75,-</td><td><em>Back in June.</em></td></tr></tbody></table>
<h2>Mains</h2><p>Swap your chips for champ for 20 kr.</p>`;
    expect(products(html, 'https://bar.example.dk/drinks/', 'en-GB')).toEqual([
      'Guinness [½ pint] 45',
      'Guinness [Pint] 79',
      'Wexford strawberry cider [Pint] 75 (out_of_stock, --06)',
    ]);
  });
});

describe('prices in sentences that name nothing for sale', () => {
  it('leaves out quotations, clauses cut off mid-sentence and what the price does not include', () => {
    expect(
      products(`<h2>Gion Evening Walk</h2><p>¥6,500 per adult</p>
<p>Entry to Kennin-ji (¥800) is not included.</p>
<p>“The big coach tours did Arashiyama for ¥18,000 with forty people and a flag.”</p>
<p>You’ll see it at CHF 42 in the department stores.</p>
<p>XL frames have a longer dropper post, hence the extra $45.</p>`),
    ).toEqual(['Gion Evening Walk 6500 (per adult)']);
  });

  it('reads a header over two lines as one phrase ("Small" / "up to 10 kg")', () => {
    expect(
      products(
        `<h2>Grooming prices</h2><table><thead><tr><th>Service</th><th>Small<br>up to 10 kg</th><th>Large<br>25–40 kg</th></tr></thead>
<tbody><tr><td>Bath &amp; Brush</td><td>R280</td><td>R450</td></tr></tbody></table>`,
        'https://groom.example/prices',
        'en-ZA',
      ),
    ).toEqual(['Bath & Brush [Small up to 10 kg] 280', 'Bath & Brush [Large 25–40 kg] 450']);
  });
});

describe('add-ons and compare-at prices', () => {
  it('leaves out a joining fee', () => {
    expect(
      products(
        `<h2>Rates</h2><p>City bike: €12,50 per day</p>
<h2>Membership</h2><table><tr><td>Membership, per month</td><td>€40</td></tr><tr><td>Joining fee (once)</td><td>€30</td></tr></table>`,
        'https://bikes.example/rates',
        'nl-NL',
      ),
    ).toEqual(['City bike 12.5 (per day)', 'Membership, per month 40']);
  });

  it("reads a theme's compare-at price glued to the sale price as the reference price", () => {
    expect(
      products(
        `<div class="ProductItem"><h2><a href="/p/a">Celadon Serving Bowl</a></h2><div class="ProductItem__PriceList"><span class="Price Price--highlight">890 kr</span><span class="Price Price--compareAt">1 100 kr</span></div></div>`,
        'https://studio.example/collections/all',
        'sv-SE',
      ),
    ).toEqual(['Celadon Serving Bowl 890 (was 1100)']);
  });
});

describe('dated cards under one heading', () => {
  it("reads each date's badge between its date heading and its price", () => {
    const card = (date: string, badge: string) =>
      `<div class="wixui-repeater__item" role="listitem"><div><h3>${date}</h3></div>${badge ? `<div class="wixui-box"><p>${badge}</p></div>` : ''}<div><p>€495 per person</p></div><div><a href="/book-online"><span>Book this week</span></a></div></div>`;
    expect(
      products(
        `<h2>Surf Camp Weeks 2026</h2><div role="list">${card('6 – 13 June 2026', 'Sold out')}${card('13 – 20 June 2026', 'Last few places')}${card('5 – 12 September 2026', '')}</div>`,
        'https://surf.example/surf-camps',
        'en-PT',
      ),
    ).toEqual([
      'Surf Camp Weeks 2026 [6 – 13 June 2026] 495 (per person, out_of_stock)',
      'Surf Camp Weeks 2026 [13 – 20 June 2026] 495 (per person, in_stock)',
      'Surf Camp Weeks 2026 [5 – 12 September 2026] 495 (per person)',
    ]);
  });
});

describe('pack sizes', () => {
  it('reads "Case of 6: CHF 195.00" under a wine as its variant', () => {
    expect(
      products(
        `<h1>Dézaley Grand Cru 2022</h1><p>CHF 34.00</p><p>Case of 6: CHF 195.00 (you save CHF 9.00).</p>`,
        'https://wine.example/dezaley-grand-cru-2022/',
        'fr-CH',
      ),
    ).toEqual(['Dézaley Grand Cru 2022 34', 'Dézaley Grand Cru 2022 [Case of 6] 195']);
  });
});

describe('size pickers whose options cost more', () => {
  it('reads options with a surcharge as sizes, not a choice of extras', () => {
    expect(
      products(
        `<div class="product-details"><h1>Chicken Dum Biryani Handi</h1><p>₹1,850.00</p>
<label for="size">Size</label><select id="size"><option>Serves 5 (1.8 kg)</option><option>Serves 10 (3.6 kg) (+₹1,650.00)</option></select>
<label for="extras">Extras</label><select id="extras"><option>No raita</option><option>Raita (+₹150.00)</option></select></div>`,
        'https://catering.example/store/biryani-handi',
        'en-IN',
      ),
    ).toEqual([
      'Chicken Dum Biryani Handi 1850',
      'Chicken Dum Biryani Handi [Serves 5 (1.8 kg)] 1850',
      'Chicken Dum Biryani Handi [Serves 10 (3.6 kg)] 3500',
    ]);
  });
});

describe('more words of a sentence that name nothing for sale', () => {
  it('leaves out clauses led by "if" or "after", or with "we" in them, and tax-free copies of a price', () => {
    expect(
      products(`<h2>Daycare</h2><p>Full day: $48</p>
<p>If your vet asks for a $45 wellness exam first, we can recommend one.</p>
<p>Every December we give $2 from each pass to the shelter.</p>
<div class="product-thumb"><h4><a href="/coffee/k">Kenya Nyeri AA 250g</a></h4><p class="price">$19.50 <span class="price-tax">Ex Tax: $16.96</span></p></div>`),
    ).toEqual(['Daycare [Full day] 48', 'Kenya Nyeri AA 250g 19.5']);
  });
});

describe('fares on the way there', () => {
  it('leaves out the prices under "Getting here"', () => {
    expect(
      products(
        `<h2>Day Pass</h2><p>R$ 280 with lunch</p><h2>Getting here</h2><p>The bus from Rio is R$ 150 each way.</p>`,
        'https://yoga.example/',
        'pt-BR',
      ),
    ).toEqual(['Day Pass 280']);
  });
});
