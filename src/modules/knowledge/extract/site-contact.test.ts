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
