import { describe, expect, it } from 'vitest';
import { parseHtmlDocument } from './dom.js';
import { readSiteContact } from './site-contact.js';

describe('contact facts outside the page content', () => {
  it('reads tel:, sms: and mailto: links, the footer address and hours, and says where each was', () => {
    const doc = parseHtmlDocument(`<!doctype html><html><body>
<header><a href="tel:+18285550199">Call us</a></header>
<main><p>Text orders: <a href="sms:+15035550177">(503) 555-0177</a></p></main>
<footer><p>De Wieldokter<br>Brouwerssteeg 14<br>3511 AB Utrecht</p><p>Mon–Fri 8:30–18:00</p>
<p><a href="mailto:werkplaats@dewieldokter.nl?subject=Hi">Mail</a> · Fax 030 231 4400</p></footer>
<div class="cookie-banner"><a href="mailto:privacy@tracker.example">privacy</a></div>
</body></html>`);
    const c = readSiteContact(doc);
    expect(c.phones).toEqual([
      { value: '+18285550199', text: null, via: 'tel', where: 'header' },
      { value: '+15035550177', text: '(503) 555-0177', via: 'sms', where: 'content' },
    ]);
    expect(c.emails).toEqual([{ value: 'werkplaats@dewieldokter.nl', via: 'mailto', where: 'footer' }]);
    expect(c.addresses).toEqual([
      {
        text: 'Brouwerssteeg 14, 3511 AB Utrecht',
        postalCode: '3511 AB',
        country: 'NL',
        via: 'text',
        where: 'footer',
      },
    ]);
    expect(c.hours).toEqual([{ text: 'Mon–Fri 8:30–18:00', where: 'footer' }]);
  });

  it("reads a site builder's footer section as the footer", () => {
    const doc = parseHtmlDocument(`<!doctype html><html><body><main><p>Yarn.</p></main>
<section data-qa="builder-section-footer"><p><strong>Bramble &amp; Purl</strong></p><p>218 North Higgins Avenue<br>Missoula, MT 59802</p></section>
</body></html>`);
    expect(readSiteContact(doc).addresses).toMatchObject([
      { text: '218 North Higgins Avenue, Missoula, MT 59802', country: 'US', where: 'footer' },
    ]);
  });
});

describe('contact facts in captions, microdata and footer rows', () => {
  it('reads an address in an image caption and in a microdata PostalAddress', () => {
    const doc = parseHtmlDocument(`<!doctype html><html><body><main>
<figure><img src="/map.png" alt="Map"><figcaption>Ironbark Hardware &amp; Timber, 41 Forest Street, Castlemaine VIC 3450 — parking at the rear</figcaption></figure>
<div itemscope itemtype="https://schema.org/Person"><dl itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
<dd><span itemprop="streetAddress">4410 Lindell Blvd, Suite 210</span></dd><dd><span itemprop="addressLocality">St. Louis</span></dd>
<dd><span itemprop="addressRegion">MO</span></dd><dd><span itemprop="postalCode">63108</span></dd></dl></div>
</main></body></html>`);
    expect(readSiteContact(doc).addresses.map((a) => [a.text, a.country])).toEqual([
      ['4410 Lindell Blvd, Suite 210, St. Louis, MO 63108', 'US'],
      ['41 Forest Street, Castlemaine VIC 3450', 'AU'],
    ]);
  });

  it('reads a footer list of days and times in blocks of their own as rules', () => {
    const doc = parseHtmlDocument(`<!doctype html><html><body><footer>
<h4>Opening hours</h4><div><div><p>Monday</p></div><div><p>07.00–23.00</p></div></div>
<div><div><p>Saturday</p></div><div><p>09.00–20.00</p></div></div></footer></body></html>`);
    expect(readSiteContact(doc).hours.map((h) => h.text)).toEqual([
      'Monday 07.00–23.00',
      'Saturday 09.00–20.00',
    ]);
  });
});
