/**
 * How to reach the business, wherever the page puts it: `tel:`, `sms:` and `mailto:` links (a "Call
 * us" button shows no number), `<address>` elements, microdata addresses, image captions, and the
 * site footer and header, which the page content (and so the Markdown) leaves out but which often is
 * the only place the address is written. Read from the untouched document; each fact says where it
 * was found.
 */
import { findAddresses } from '../entries/addresses.js';
import { findEmails, findHours, findPhones } from '../entries/patterns.js';
import { collapseWhitespace } from './dom.js';
import type { ContactPlace, SiteContact } from './types.js';

const BLOCK =
  /^(?:ADDRESS|ARTICLE|ASIDE|BLOCKQUOTE|BR|DD|DIV|DL|DT|FIGCAPTION|FIGURE|FOOTER|FORM|H[1-6]|HEADER|HR|LI|MAIN|NAV|OL|P|SECTION|TABLE|TD|TH|TR|UL)$/;
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'SELECT', 'BUTTON']);
const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
const CONSENT = /cookie|consent|gdpr|onetrust|cookiebot|\bcc-(?:window|banner)\b|\bcmp[-_]/i;

function hidden(el: Element): boolean {
  return (
    el.hasAttribute('hidden') ||
    HIDDEN_STYLE.test(el.getAttribute('style') ?? '') ||
    CONSENT.test(`${el.getAttribute('id') ?? ''} ${el.getAttribute('class') ?? ''}`)
  );
}

/** Text of an element with a line break at every block boundary. */
export function blockText(root: Element): string {
  let out = '';
  const visit = (node: Node) => {
    if (node.nodeType === 3) {
      out += (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const el = node as Element;
    if (SKIP.has(el.nodeName) || hidden(el)) return;
    const block = BLOCK.test(el.nodeName);
    if (block) out += '\n';
    for (const child of Array.from(el.childNodes)) visit(child);
    if (block) out += '\n';
  };
  visit(root);
  return out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join('\n');
}

function placeOf(el: Element): ContactPlace {
  if (el.closest(FOOTER)) return 'footer';
  if (el.closest(HEADER)) return 'header';
  if (el.closest('nav, aside, [role="navigation"], [role="complementary"]')) return 'aside';
  return 'content';
}

function isVisible(el: Element): boolean {
  for (let e: Element | null = el; e; e = e.parentElement) if (hidden(e)) return false;
  return true;
}

/**
 * The site's footer and header; themes that predate `<footer>` (Weebly's `div.footer`) and site
 * builders that render sections (Hostinger's `section[data-qa="builder-section-footer"]`) mark them by
 * class, id or test attribute.
 */
const FOOTER = [
  'footer',
  '[role="contentinfo"]',
  '#footer',
  '.footer',
  '.site-footer',
  '#site-footer',
  'section[id*="footer" i]',
  'section[class*="footer" i]',
  'section[data-qa*="footer" i]',
  '[data-testid*="site-footer" i]',
].join(', ');
const HEADER = 'header, [role="banner"], #header, .site-header';
const CHROME = `${FOOTER}, ${HEADER}`;

/** Contact facts of a document. Call before the document is cleaned for its content. */
export function readSiteContact(doc: Document): SiteContact {
  const contact: SiteContact = { phones: [], emails: [], addresses: [], hours: [] };
  const addPhone = (p: SiteContact['phones'][number]) => {
    const digits = p.value.replace(/\D/g, '').slice(-9);
    if (!contact.phones.some((x) => x.value.replace(/\D/g, '').slice(-9) === digits)) contact.phones.push(p);
  };
  const addEmail = (e: SiteContact['emails'][number]) => {
    if (!contact.emails.some((x) => x.value.toLowerCase() === e.value.toLowerCase())) contact.emails.push(e);
  };
  const addAddress = (a: SiteContact['addresses'][number]) => {
    if (!contact.addresses.some((x) => x.text === a.text)) contact.addresses.push(a);
  };
  for (const a of doc.querySelectorAll('a[href]')) {
    if (!isVisible(a)) continue;
    const href = (a.getAttribute('href') ?? '').trim();
    const scheme = /^(tel|sms|mailto):/i.exec(href)?.[1]?.toLowerCase();
    if (!scheme) continue;
    let value: string;
    try {
      value =
        decodeURIComponent(href.slice(scheme.length + 1))
          .split('?')[0]
          ?.trim() ?? '';
    } catch {
      continue;
    }
    const text = collapseWhitespace(a.textContent ?? '');
    if (scheme === 'mailto') {
      if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(value)) addEmail({ value, via: 'mailto', where: placeOf(a) });
      continue;
    }
    const digits = value.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    // The number as the link shows it ("24/7 Emergency: (303) 555-0187" shows "(303) 555-0187").
    const shown = findPhones(text)[0]?.text ?? (/^[\d\s()+./-]{7,}$/.test(text) ? text : null);
    addPhone({
      value,
      text: shown,
      via: scheme === 'sms' ? 'sms' : 'tel',
      where: placeOf(a),
    });
  }
  for (const el of doc.querySelectorAll('address')) {
    if (!isVisible(el)) continue;
    const text = blockText(el);
    for (const a of findAddresses(text))
      contact.addresses.push({ ...pick(a), via: 'address', where: placeOf(el) });
  }
  // A schema.org PostalAddress in microdata (Joomla's contact component, WordPress business-profile
  // plugins): its parts, each in a block of its own on the page, as one line.
  for (const el of doc.querySelectorAll('[itemscope][itemtype*="PostalAddress" i]')) {
    if (!isVisible(el)) continue;
    const part = (name: string) =>
      collapseWhitespace(
        Array.from(el.querySelectorAll(`[itemprop="${name}"]`))
          .map((p) => p.getAttribute('content') ?? p.textContent ?? '')
          .join(' '),
      ).replace(/,$/, '');
    const street = part('streetAddress');
    const locality = part('addressLocality');
    if (!street || !locality) continue;
    const region = part('addressRegion');
    const code = part('postalCode');
    const text = [street, locality, [region, code].filter((x) => x !== '').join(' '), part('addressCountry')]
      .filter((x) => x !== '')
      .join(', ');
    const read = findAddresses(text)[0];
    addAddress({
      text,
      postalCode: read?.postalCode ?? (code || null),
      country: read?.country ?? null,
      via: 'address',
      where: placeOf(el),
    });
  }
  // A map's or photo's caption ("Ironbark Hardware, 41 Forest Street, Castlemaine VIC 3450 — parking
  // at the rear"): article extraction keeps captions with their images, out of the text.
  for (const el of doc.querySelectorAll('figcaption')) {
    if (!isVisible(el)) continue;
    for (const a of findAddresses(blockText(el))) addAddress({ ...pick(a), via: 'text', where: placeOf(el) });
  }
  const chrome = doc.querySelectorAll(CHROME);
  for (const el of chrome) {
    if (!isVisible(el) || el.parentElement?.closest(CHROME)) continue;
    const where = placeOf(el);
    const text = blockText(el);
    for (const p of findPhones(text)) {
      if (/\bfax\b[^\n]{0,12}$/i.test(text.slice(Math.max(0, p.start - 16), p.start))) continue;
      addPhone({ value: p.text, text: p.text, via: 'text', where });
    }
    for (const e of findEmails(text)) addEmail({ value: e.text, via: 'text', where });
    for (const a of findAddresses(text)) addAddress({ ...pick(a), via: 'text', where });
    const lines = text.split('\n');
    const ruled = lines.map((line) => findHours(line).length > 0);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as string;
      if (ruled[i]) contact.hours.push({ text: line, where });
      else if (i + 1 < lines.length && !ruled[i + 1]) {
        // A day and its times in blocks of their own ("Monday" / "07.00–23.00"), as a footer's
        // list of rows renders them.
        const pair = `${line} ${lines[i + 1]}`;
        if (findHours(pair).length > 0) {
          contact.hours.push({ text: pair, where });
          i++;
        }
      }
    }
  }
  return contact;
}

function pick(a: { text: string; postalCode: string | null; country: string | null }) {
  return { text: a.text, postalCode: a.postalCode, country: a.country };
}
