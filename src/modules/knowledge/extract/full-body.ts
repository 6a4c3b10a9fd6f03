/**
 * The full-body path: the page's content without the site chrome around it, for pages that are
 * not articles (product grids, price lists, FAQs, contact and opening-hours pages), where
 * Readability would keep one block and drop the rest.
 *
 * Removed: scripts and other non-content elements, hidden elements, navigation, site header and
 * footer (those inside `<main>`/`<article>` stay, they often hold the page heading), sidebars,
 * search boxes, dialogs, cookie/consent banners, forms that are not the page's content, skip
 * links. When the page marks its main content (`<main>` or `role="main"`), only that is kept.
 */
import { collapseWhitespace, NON_CONTENT_ELEMENTS } from './dom.js';

const ALWAYS_REMOVED = [
  ...NON_CONTENT_ELEMENTS,
  'link',
  'meta',
  'nav',
  'aside',
  'dialog',
  '[hidden]',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="search"]',
  '[role="dialog"]',
  '[role="alertdialog"]',
].join(', ');

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i;
// Consent banners by their usual ids/classes. "cookie" alone is not enough: a bakery's product
// cards may well be called `cookie-card`.
const CONSENT_MARKER =
  /cookie[-_]?(?:banner|notice|consent|bar|popup|law|message|policy|warning|alert|box|modal|wrapper|container|overlay)|consent|gdpr|onetrust|cookiebot|\bcc-(?:window|banner)\b|\bcmp[-_]/i;
const MAX_BANNER_TEXT = 3000;

/**
 * Removes what is hidden from assistive technology (decorative icons, duplicated visuals). Called
 * after reading products when the caller kept them: a struck-through price is often `aria-hidden`,
 * with screen-reader text saying the same in words.
 */
export function removeAriaHidden(root: Element): void {
  for (const el of root.querySelectorAll('[aria-hidden="true"]')) el.remove();
}

function textLength(node: Node): number {
  return collapseWhitespace(node.textContent ?? '').length;
}

function isInsideContent(element: Element): boolean {
  return element.parentElement?.closest('main, article, [role="main"]') != null;
}

/**
 * The page's main content element, cleaned of chrome: a fresh element detached from `doc`'s
 * tree (the document itself is changed; pass a copy if it is still needed).
 */
export function fullBodyContent(doc: Document, options: { keepAriaHidden?: boolean } = {}): Element {
  const body = doc.body;
  for (const el of body.querySelectorAll(ALWAYS_REMOVED)) el.remove();
  if (!options.keepAriaHidden) removeAriaHidden(body);
  for (const el of body.querySelectorAll('[style]')) {
    if (HIDDEN_STYLE.test(el.getAttribute('style') ?? '')) el.remove();
  }
  for (const el of body.querySelectorAll('header, footer')) {
    if (!isInsideContent(el)) el.remove();
  }
  for (const el of body.querySelectorAll('[id], [class]')) {
    const marker = `${el.getAttribute('id') ?? ''} ${el.getAttribute('class') ?? ''}`;
    if (
      CONSENT_MARKER.test(marker) &&
      el.nodeName !== 'BODY' &&
      el.nodeName !== 'MAIN' &&
      textLength(el) < MAX_BANNER_TEXT
    ) {
      el.remove();
    }
  }
  for (const a of body.querySelectorAll('a')) {
    if (/^\s*skip to\b/i.test(a.textContent ?? '')) a.remove();
  }
  const bodyText = Math.max(1, textLength(body));
  for (const form of body.querySelectorAll('form')) {
    // Some frameworks (ASP.NET WebForms) wrap the whole page in one form: keep its content then.
    const holdsContent =
      form.querySelector('main, article, h1') !== null || textLength(form) / bodyText > 0.5;
    if (holdsContent) form.replaceWith(...Array.from(form.childNodes));
    else form.remove();
  }
  const mains = body.querySelectorAll('main, [role="main"]');
  const main = mains.length === 1 ? mains[0] : undefined;
  if (main && textLength(main) > 0) return main;
  return body;
}
