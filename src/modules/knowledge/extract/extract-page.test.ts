import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AppError, isAppError } from '../../../core/errors.js';
import { extractPage } from './extract-page.js';
import { markdownToText } from './plain-text.js';
import type { ExtractedPage } from './types.js';

function fixture(name: string): string {
  return readFileSync(new URL(`../../../../fixtures/html/${name}.html`, import.meta.url), 'utf8');
}

function extractFixture(name: string, url = `https://northbridge.example/pages/${name}`): ExtractedPage {
  return extractPage(fixture(name), url);
}

function errorOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (isAppError(error)) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

/** Markdown rules that hold for every page. */
function expectCleanMarkdown(markdown: string): void {
  expect(markdown).not.toMatch(/\]\((?!https?:|mailto:|tel:)/); // every link and image is absolute
  expect(markdown).not.toMatch(/(?<!!)\[\s*\]\(/); // no empty links
  expect(markdown).not.toContain('data:image');
  expect(markdown).not.toMatch(/\n{3,}/);
  expect(markdown).not.toMatch(/[ \t]+$/m);
  expect(markdown).not.toMatch(/<\/?(table|div|script|style|form)\b/i);
}

describe('extractPage: article', () => {
  const page = extractFixture('article', 'https://northbridge.example/blog/galvanising-i-beams');

  it('takes the article and leaves the site chrome', () => {
    expect(page.method).toBe('article');
    expect(page.markdown).toContain('## Cleaning comes first');
    expect(page.markdown).toContain('### Why the angle matters');
    expect(page.markdown).toContain('dipped in molten zinc at 450 °C');
    for (const chrome of ['Popular posts', 'Weathering steel explained', '© 2026', 'Privacy']) {
      expect(page.markdown).not.toContain(chrome);
    }
    expectCleanMarkdown(page.markdown);
  });

  it('keeps the metadata a reader would look for', () => {
    expect(page).toMatchObject({
      title: 'How we galvanise steel I-beams',
      description:
        'A look inside our hot-dip galvanising line and why it doubles the life of structural steel.',
      language: 'en-GB',
      publishedAt: '2026-03-14T08:30:00.000Z',
      siteName: 'Northbridge Steel',
      byline: 'Maria Keller',
      leadImage: 'https://northbridge.example/media/galvanising-line.jpg',
      // relative canonical resolved, fragment dropped
      canonicalUrl: 'https://northbridge.example/blog/galvanising-i-beams?utm_source=newsletter',
    });
  });

  it('makes links and images absolute, keeps alt text, drops data: images and dead links', () => {
    expect(page.markdown).toContain(
      '[design guide](https://northbridge.example/guides/design-for-galvanising)',
    );
    expect(page.markdown).toContain('[Email our sales team](mailto:sales@northbridge.example)');
    expect(page.markdown).toContain('or skip straight to'); // the href="#" link became plain text
    expect(page.images).toEqual([
      {
        src: 'https://northbridge.example/media/zinc-bath.jpg',
        alt: 'An I-beam being lowered into the zinc bath',
        caption: 'The zinc bath holds 300 tonnes of molten zinc.',
      },
      // lazy-loaded: the real image from data-src, not the placeholder
      {
        src: 'https://northbridge.example/media/cooling-rack.jpg',
        alt: 'Beams cooling on the rack',
        caption: null,
      },
    ]);
    // an article's captions stay with their images, out of the article text
    expect(page.markdown).not.toContain('300 tonnes');
    expect(page.links.map((l) => l.url)).toContain('https://northbridge.example/products');
  });
});

describe('extractPage: pages that are not articles', () => {
  it('keeps every product of a grid with its price, without banners or buttons', () => {
    const page = extractFixture('product-grid');
    expect(page.method).toBe('full-body');
    for (const text of [
      'HEB 200 I-beam, 6 m',
      '£389.00',
      'from £142.50',
      '£214.00',
      'IPE 300 I-beam, 12 m',
      '£1,120.00',
    ]) {
      expect(page.markdown).toContain(text);
    }
    for (const chrome of ['We use cookies', 'Accept all', 'Add to basket', 'About us', 'Canal Road']) {
      expect(page.markdown).not.toContain(chrome);
    }
    expectCleanMarkdown(page.markdown);
    expect(page.images.map((i) => i.alt)).toEqual([
      'HEB 200 I-beam',
      'UPN 120 channel',
      'SHS 100 hollow section',
      'IPE 300 I-beam',
    ]);
  });

  it('reads products and offers from JSON-LD item lists, and the cards JSON-LD leaves out', () => {
    const { products, pageProducts } = extractFixture('product-grid').structured;
    expect(pageProducts).toBe(true);
    expect(products.map((p) => [p.name, p.source])).toEqual([
      ['HEB 200 I-beam, 6 m', 'json-ld'],
      ['UPN 120 channel, 6 m', 'json-ld'],
      ['SHS 100x100x5 hollow section, 6 m', 'json-ld'],
      // Only on the page: its card's title, price and stock line.
      ['IPE 300 I-beam, 12 m', 'page'],
    ]);
    expect(products[3]?.offers[0]).toMatchObject({
      price: 1120,
      priceText: '£1,120.00',
      currency: 'GBP',
      availability: 'in_stock',
    });
    expect(products[0]).toMatchObject({
      sku: 'HEB200-6',
      brand: 'Northbridge',
      images: ['https://northbridge.example/media/heb200.jpg'],
      offers: [
        {
          type: 'Offer',
          price: 389,
          priceText: '389.00',
          currency: 'GBP',
          // schema.org values become one vocabulary; the card's own words are kept beside it.
          availability: 'in_stock',
          availabilityText: 'In stock',
          url: 'https://northbridge.example/products/heb-200',
        },
      ],
    });
    expect(products[1]?.offers[0]).toMatchObject({
      type: 'AggregateOffer',
      lowPrice: 142.5,
      highPrice: 168,
      offerCount: 3,
    });
    expect(products[2]?.offers[0]).toMatchObject({ price: 214, availability: 'preorder' });
  });

  it('writes a pricing table as a GFM table with every cell', () => {
    const page = extractFixture('pricing-table');
    expect(page.markdown).toContain('| Plan | Price | Seats | Storage |\n| --- | --- | --- | --- |');
    expect(page.markdown).toContain('| Team | $49 / month | 15 | 500 GB |');
    expect(page.markdown).toContain('| **Business** | $129 / month | 50 | 2 TB |');
    expect(page.markdown).toContain('| Enterprise | Contact us | Unlimited | Custom |');
    // a table without a header row gets an empty one; a list inside a cell stays in the cell
    expect(page.markdown).toContain('| Extra seat | $6 / month |');
    expect(page.markdown).toContain('| Priority phone support | • $30 / month<br>• free on Business |');
    expect(page.title).toBe('Lumen Studio pricing');
    expect(page.description).toBe('Simple plans for teams of every size.');
    expectCleanMarkdown(page.markdown);
  });

  it('keeps FAQ questions with their answers and reads FAQPage pairs', () => {
    const page = extractFixture('faq');
    expect(page.method).toBe('full-body');
    expect(page.methodReason).toContain('FAQPage');
    expect(page.markdown).toContain(
      '**Do you deliver on Saturdays?**\n\nYes, Saturday delivery is available within 40 miles of Leeds for a £35 surcharge.',
    );
    expect(page.markdown).toContain(
      '**Which cards do you accept?**\n\nVisa, Mastercard and American Express.',
    );
    expect(page.structured.faq).toEqual([
      {
        question: 'Do you deliver on Saturdays?',
        answer: 'Yes, Saturday delivery is available within 40 miles of Leeds for a £35 surcharge.',
      },
      {
        question: 'Can you cut beams to length?',
        answer: 'Every beam is cut to the millimetre at no extra cost.\nTolerance is ±2 mm.',
      },
      {
        question: 'What is the minimum order?',
        answer: 'There is no minimum order, but orders under £100 carry a £15 handling fee.',
      },
    ]);
  });

  it('reads a local business: address, phone, opening hours; drops the contact form', () => {
    const page = extractFixture('contact', 'https://northbridge.example/about/visit');
    expect(page.canonicalUrl).toBe('https://northbridge.example/about/contact');
    const [store] = page.structured.localBusinesses;
    expect(store).toMatchObject({
      type: 'HardwareStore',
      name: 'Northbridge Steel',
      telephone: '+44 113 496 0000',
      email: 'sales@northbridge.example',
      priceRange: '££',
      geo: { latitude: 53.7935, longitude: -1.5801 },
      address: {
        streetAddress: 'Unit 4 Canal Road',
        locality: 'Leeds',
        postalCode: 'LS12 2PL',
        country: 'GB',
      },
    });
    expect(store?.openingHours.map((h) => [h.days.join(','), h.opens, h.closes])).toEqual([
      ['Monday,Tuesday,Wednesday,Thursday,Friday', '07:30', '17:00'],
      ['Saturday', '08:00', '12:30'],
      ['Sunday', '10:00', '12:00'],
    ]);
    // the hours table's first row (an empty corner cell, then "Hours") is its header
    expect(page.markdown).toContain('| | Hours |\n| --- | --- |\n| Monday–Friday | 07:30–17:00 |');
    expect(page.markdown).toContain('| Saturday | 08:00–12:30 |');
    expect(page.markdown).toContain('[0113 496 0000](tel:+441134960000)');
    for (const form of ['Your name', 'Send message']) expect(page.markdown).not.toContain(form);
  });

  it('skips malformed JSON-LD with a note, repairs common faults, and resolves @graph references', () => {
    const page = extractFixture('malformed-jsonld', 'https://fernhill.example/about');
    expect(page.notes).toEqual([
      expect.stringMatching(/^JSON-LD block 1 skipped: not valid JSON/),
      'JSON-LD block 2 had syntax errors (trailing commas or line breaks in strings) and was repaired',
    ]);
    expect(page.structured.jsonLd).toHaveLength(2);
    expect(page.structured.products[0]).toMatchObject({
      name: 'Sourdough loaf',
      description: 'Baked every morning with rye starter',
      offers: [{ price: 4.5, priceText: '4,50', currency: 'EUR' }],
    });
    expect(page.structured.organizations).toEqual([
      expect.objectContaining({
        name: 'Fernhill Bakery',
        logo: 'https://fernhill.example/logo.png',
        telephone: '+49 30 1234567',
        sameAs: ['https://www.instagram.com/fernhillbakery'],
      }),
    ]);
    expect(page.siteName).toBe('Fernhill Bakery');
    // a product card called "cookie-card" is content, not a cookie banner
    expect(page.markdown).toContain('Our oat cookies cost €2.20 each.');
  });

  it('keeps another language intact and reads its locale', () => {
    const page = extractFixture('german', 'https://nordbrueck.example/traeger');
    expect(page.language).toBe('de-AT');
    expect(page.title).toBe('Unsere Stahlträger – Nordbrück Stahlhandel');
    expect(page.markdown).toContain('# Stahlträger ab Lager');
    expect(page.markdown).toContain('| HEB 200 | 12 m | 1.299,00 € |');
    expect(page.markdown).toContain('Größere Mengen auf Anfrage.');
    expect(page.structured.products[0]?.offers[0]).toMatchObject({ price: 1299, priceText: '1.299,00' });
  });
});

describe('extractPage: boilerplate', () => {
  const paragraph = (n: number) =>
    `<p>Paragraph ${n}: our galvanising line treats structural steel for coastal sites, where salt spray would otherwise rust bare steel within a few years, and every beam is inspected by hand.</p>`;

  it('drops share bars, newsletter boxes and stock lines from an article', () => {
    const html = `<html><head><meta property="og:type" content="article"><title>Zinc</title></head><body>
      <article><h1>Zinc</h1>${paragraph(1)}
        <div class="share-bar"><a href="https://x.example/share">Share on X</a> <a href="https://f.example/s">Facebook</a></div>
        <p>Advertisement</p>${paragraph(2)}
        <div class="newsletter-signup"><h3>Get our weekly steel prices</h3><p>Sign up for the newsletter.</p></div>
        ${paragraph(3)}<p><a href="/more">Read more</a></p>${paragraph(4)}</article></body></html>`;
    const page = extractPage(html, 'https://northbridge.example/blog/zinc');
    expect(page.method).toBe('article');
    for (const n of [1, 2, 3, 4]) expect(page.markdown).toContain(`Paragraph ${n}:`);
    for (const noise of ['Share on X', 'Advertisement', 'weekly steel prices', 'Read more']) {
      expect(page.markdown).not.toContain(noise);
    }
  });

  it('keeps a promotion on a business page', () => {
    const html = `<html><head><title>Offers</title><script type="application/ld+json">{"@type":"Store","name":"Northbridge"}</script></head>
      <body><main><h1>This month</h1><div class="promo-banner"><p>20% off all galvanised channels until 31 March.</p></div>
      <p>Credit: 0% over 12 months on orders above £500.</p><p>Advertisement</p>
      <div class="social-links"><a href="https://x.example/nb">Follow us on X</a></div></main></body></html>`;
    const page = extractPage(html, 'https://northbridge.example/offers');
    expect(page.method).toBe('full-body');
    expect(page.markdown).toContain('20% off all galvanised channels until 31 March.');
    expect(page.markdown).toContain('Credit: 0% over 12 months on orders above £500.');
    expect(page.markdown).not.toContain('Advertisement');
    expect(page.markdown).not.toContain('Follow us on X');
  });
});

describe('extractPage: og:type article', () => {
  const menu = (meta: string) =>
    `<html><head><meta property="og:type" content="article">${meta}<title>Food</title></head><body><main><h1>Food</h1>
      <h3>Salt Spring mussels</h3><p>White wine, garlic, grilled bread.</p><p>$19</p>
      <h3>Oarlock burger</h3><p>Brioche bun, aged cheddar.</p><p>$22</p></main></body></html>`;

  it('is no post without a publication time: a menu page under an SEO plugin keeps its prices', () => {
    const page = extractPage(menu(''), 'https://pub.example/menu/');
    expect(page.structured.products.map((p) => p.name)).toEqual(['Salt Spring mussels', 'Oarlock burger']);
  });

  it('with a publication time is a post whose prices are not the catalogue', () => {
    const page = extractPage(
      menu('<meta property="article:published_time" content="2026-03-02T10:00:00+00:00">'),
      'https://pub.example/menu/',
    );
    expect(page.structured.products).toEqual([]);
  });
});

describe('extractPage: choosing and forcing the method', () => {
  it('lets a caller force either method and says so', () => {
    const article = extractPage(fixture('article'), 'https://northbridge.example/blog/x', {
      method: 'full-body',
    });
    expect(article.method).toBe('full-body');
    expect(article.methodReason).toBe('full-body extraction was requested');
    expect(article.markdown).toContain('# How we galvanise steel I-beams'); // the full body keeps the h1
    const grid = extractPage(fixture('product-grid'), 'https://northbridge.example/p', { method: 'article' });
    expect(grid.method).toBe('article');
    expect(grid.methodReason).toBe('article extraction was requested');
    const shell = extractPage(
      '<html><body><div id="app"></div></body></html>',
      'https://northbridge.example/p',
      {
        method: 'article',
      },
    );
    expect(shell.method).toBe('full-body'); // Readability has no article to give
    expect(shell.methodReason).toMatch(/^article extraction was requested, but Readability found no article/);
  });
});

describe('extractPage: bad input', () => {
  const url = 'https://northbridge.example/x';

  it('answers empty, binary and oversized content with typed errors', () => {
    expect(errorOf(() => extractPage('', url))).toMatchObject({
      code: 'knowledge.extract_empty',
      status: 422,
    });
    expect(errorOf(() => extractPage(' \n\t ', url)).code).toBe('knowledge.extract_empty');
    expect(errorOf(() => extractPage('%PDF-1.7\n%âãÏÓ\n1 0 obj', url))).toMatchObject({
      code: 'knowledge.extract_not_html',
      status: 415,
    });
    expect(errorOf(() => extractPage('\u0000\u0001\u0002binary', url)).code).toBe(
      'knowledge.extract_not_html',
    );
    const big = `<html><body>${'<p>steel</p>'.repeat(1000)}</body></html>`;
    expect(errorOf(() => extractPage(big, url, { maxHtmlChars: 1000 }))).toMatchObject({
      code: 'knowledge.extract_too_large',
      status: 413,
      details: { url, chars: big.length, limit: 1000 },
    });
    expect(errorOf(() => extractPage('<p>x</p>', 'not a url')).code).toBe('knowledge.extract_invalid_url');
    expect(errorOf(() => extractPage('<p>x</p>', 'ftp://example.com/file')).code).toBe(
      'knowledge.extract_invalid_url',
    );
    expect(errorOf(() => extractPage(42 as unknown as string, url)).code).toBe(
      'knowledge.extract_invalid_input',
    );
  });

  it('returns an empty result with a note for a page that needs JavaScript', () => {
    const page = extractPage(
      '<!doctype html><html><head><title>App</title></head><body><div id="root"></div><script src="/app.js"></script></body></html>',
      url,
    );
    expect(page.markdown).toBe('');
    expect(page.title).toBe('App');
    expect(page.notes).toContain('the page shows no text; it may need JavaScript to render its content');
  });

  it('copes with fragments, broken nesting and stray table parts', () => {
    const page = extractPage(
      '<h2>Prices</h2><p>Bolts <b>€2<p>each</b><td>orphan cell</td><tr><td>row</td></tr>',
      url,
    );
    expect(markdownToText(page.markdown)).toContain('Bolts');
    expect(page.markdown).toContain('orphan cell');
    // A huge listing would take Readability seconds; the full body is used instead, with a note.
    const listing = `<html><body><main>${Array.from({ length: 30_500 }, (_, i) => `<p>Part ${i}</p>`).join('')}</main></body></html>`;
    const listingPage = extractPage(listing, url);
    expect(listingPage.method).toBe('full-body');
    expect(listingPage.notes).toContain('the page has more than 30000 elements; the full body was used');
    expect(listingPage.markdown).toContain('Part 30499');
    // Deep nesting would take Readability minutes; the full body is used instead, with a note.
    const deep = `<html><body>${'<div>'.repeat(3000)}deep text${'</div>'.repeat(3000)}</body></html>`;
    const deepPage = extractPage(deep, url);
    expect(deepPage.markdown).toBe('deep text');
    expect(deepPage.notes).toContain('the page nests elements more than 120 deep; the full body was used');
  });

  it("keeps a class's name that sits beside an empty box (a booking widget's unset level)", () => {
    // Readability weighed the name and the empty box as clutter and dropped both (our Mindbody probe).
    const html = readFileSync(
      new URL(
        '../../../../fixtures/business-sites/tembusu-dance-singapore/schedule/index.html',
        import.meta.url,
      ),
      'utf8',
    );
    const page = extractPage(html, 'https://tembusudance.sg/schedule/');
    expect(page.markdown.match(/Contemporary Open Level/g)?.length).toBe(2);
    expect(page.markdown).toContain('Heels Choreo');
  });

  it("a product page's buy button labelled Pre-order outweighs the structured data's InStock", () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Driftline Hoodie',
      offers: ['S', 'M'].map((sku) => ({
        '@type': 'Offer',
        sku,
        price: 89,
        priceCurrency: 'NZD',
        availability: 'https://schema.org/InStock',
      })),
    });
    const page = (button: string) =>
      extractPage(
        `<html><head><script type="application/ld+json">${ld}</script></head><body><h1>Driftline Hoodie</h1><p><strong>Pre-order – ships 20 Feb.</strong></p><div class="sqs-add-to-cart-button" role="button"><div class="sqs-add-to-cart-button-inner">${button}</div></div></body></html>`,
        'https://driftline.example/shop/p/driftline-hoodie',
      ).structured.products.flatMap((p) => p.offers.map((o) => o.availability));
    expect(page('Pre-order')).toEqual(['preorder', 'preorder']);
    expect(page('Add to cart')).toEqual(['in_stock', 'in_stock']);
  });

  it('rows of side-by-side text boxes (Google Sites columns) read as a table; a blank box is a blank cell', () => {
    const box = (text: string) =>
      `<div class="cell"><div class="inner">${text ? `<p>${text}</p>` : ''}</div></div>`;
    const row = (...cells: string[]) => `<div class="row">${cells.map(box).join('')}</div>`;
    const html = `<!doctype html><html lang="en-IE"><head><title>Junior sailing</title></head><body><main><h1>Junior sailing</h1><p>Every week costs €210 per child.</p><div class="rows">${row('Week', 'Dates', 'Places')}${row('Week 1', '28 June – 2 July', 'Registration closed')}${row('Week 2', '5 – 9 July', 'FULL – waitlist only')}${row('Week 5', '26 – 30 July', '')}</div><div class="rows">${row('Find us', '')}</div></main></body></html>`;
    const md = extractPage(html, 'https://club.example.ie/junior').markdown;
    expect(md).toContain('| Week | Dates | Places |');
    expect(md).toContain('| Week 1 | 28 June – 2 July | Registration closed |');
    expect(md).toMatch(/\| Week 5 \| 26 – 30 July \|\s*\|/);
    expect(md).not.toContain('| Find us');
  });
});

describe('extractPage: paragraphs written as spans', () => {
  it("keeps Carrd's paragraph spans apart", () => {
    const page = extractPage(
      `<!doctype html><html lang="en"><head><title>Find us</title></head><body><main><h2>Find us</h2>
<p class="style2"><span class="p">2nd floor, 231 James St N<br>Hamilton, ON L8R 2L2</span><span class="p">Side door next to the record shop.</span></p></main></body></html>`,
      'https://tattoo.example/',
    );
    expect(page.markdown).toContain('Hamilton, ON L8R 2L2\nSide door next to the record shop.');
  });
});

describe('extractPage: the currency of a page served from no country domain', () => {
  it("reads it from the business's own e-mail address", () => {
    const page = extractPage(
      `<!doctype html><html lang="en"><head><title>Coffee</title></head><body><main><h1>Coffee</h1>
<div class="product-thumb"><h4><a href="/coffee/k">Kenya Nyeri AA 250g</a></h4><p class="price">R195.00</p></div>
<div class="product-thumb"><h4><a href="/coffee/e">Ethiopia Guji 250g</a></h4><p class="price">R185.00</p></div></main>
<footer><p>41 Church Street, Graaff-Reinet, 6280 · roast@karookettle.co.za</p></footer></body></html>`,
      'http://127.0.0.1:8080/coffee',
    );
    expect(page.structured.products.map((p) => [p.name, p.offers[0]?.price, p.offers[0]?.currency])).toEqual([
      ['Kenya Nyeri AA 250g', 195, 'ZAR'],
      ['Ethiopia Guji 250g', 185, 'ZAR'],
    ]);
  });
});
