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
import { normaliseBuilderMarkup } from './builder-markup.js';
import { collapseWhitespace, NON_CONTENT_ELEMENTS } from './dom.js';
import { readStock } from './stock.js';

const ALWAYS_REMOVED = [
  ...NON_CONTENT_ELEMENTS,
  'link',
  'meta',
  'nav',
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
/**
 * Classes that hide an element in every layout: Webflow's conditional visibility
 * (`w-condition-invisible`, e.g. a "Sold out" badge on an item in stock) and empty-list state,
 * Bootstrap's `d-none`, Tailwind's `hidden`, `is-hidden`/`hide`. A responsive variant beside it
 * (`d-md-block`, `md:flex`) shows the element on some screens, so it stays.
 */
const HIDDEN_CLASS = /(?:^|\s)(?:w-condition-invisible|w-dyn-hide|d-none|hidden|is-hidden|hide)(?:\s|$)/;
const RESPONSIVE_SHOW = /(?:^|\s)(?:d-(?:sm|md|lg|xl|xxl)-(?!none)\S+|(?:sm|md|lg|xl|2xl):(?!hidden)\S+)/;

function hiddenByClass(el: Element): boolean {
  const classes = el.getAttribute('class') ?? '';
  return HIDDEN_CLASS.test(classes) && !RESPONSIVE_SHOW.test(classes);
}

/** A shop's add-to-cart form (Shopify `/cart/add`, WooCommerce `form.cart`, Webflow commerce). */
const PURCHASE_FORM = /cart|basket|checkout|product[-_]?form|variations_form|commerce|add[-_]?to/i;

/**
 * An add-to-cart form is part of its product: its button and notes may be the only place that says
 * "Sold out" or "Pre-order". It stays, without its controls and without buttons that say nothing
 * about stock ("Add to cart"; a disabled one too: themes disable it until an option is chosen).
 */
function isPurchaseForm(form: Element): boolean {
  const marks = `${form.getAttribute('action') ?? ''} ${form.getAttribute('class') ?? ''} ${form.getAttribute('id') ?? ''} ${form.getAttribute('data-type') ?? ''} ${form.getAttribute('data-node-type') ?? ''}`;
  return PURCHASE_FORM.test(marks);
}

/** Its controls and option pickers go (pickers are read from the untouched page: option-stock.ts). */
function cleanPurchaseForm(form: Element): void {
  for (const control of form.querySelectorAll('fieldset, input, select, textarea, label, output, legend'))
    control.remove();
  for (const button of form.querySelectorAll('button, [role="button"]')) {
    if (!readStock(collapseWhitespace(button.textContent ?? ''))) button.remove();
  }
}
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
  // A sidebar goes; an aside inside an item's card is that card's (Eventbrite's image badge "Sold
  // out", its urgency signal "Sales end soon"): a few words inside an article or a list item.
  for (const el of body.querySelectorAll('aside')) {
    const card = el.closest('article, li');
    if (!card || card === body || collapseWhitespace(el.textContent ?? '').length > 40) el.remove();
  }
  if (!options.keepAriaHidden) removeAriaHidden(body);
  for (const el of body.querySelectorAll('[style]')) {
    if (HIDDEN_STYLE.test(el.getAttribute('style') ?? '')) el.remove();
  }
  for (const el of body.querySelectorAll('[class]')) {
    if (el.nodeName !== 'BODY' && el.nodeName !== 'MAIN' && hiddenByClass(el)) el.remove();
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
  // A theme may place a purchase form's pickers outside it, tied by the `form` attribute (Dawn's
  // `variant-radios`): they go with the form's controls.
  for (const control of Array.from(body.querySelectorAll('input[form], select[form]'))) {
    const form = body.ownerDocument.getElementById(control.getAttribute('form') ?? '');
    if (!form || form.nodeName !== 'FORM' || !isPurchaseForm(form)) continue;
    const id = control.getAttribute('id');
    const label = id ? body.querySelector(`label[for="${id.replace(/"/g, '')}"]`) : null;
    const group = control.closest('fieldset');
    if (group) group.remove();
    else {
      label?.remove();
      control.remove();
    }
  }
  const bodyText = Math.max(1, textLength(body));
  for (const form of body.querySelectorAll('form')) {
    // Some frameworks (ASP.NET WebForms) wrap the whole page in one form: keep its content then.
    const holdsContent =
      form.querySelector('main, article, h1') !== null || textLength(form) / bodyText > 0.5;
    const purchase = isPurchaseForm(form);
    if (purchase) cleanPurchaseForm(form);
    if (holdsContent || purchase) form.replaceWith(...Array.from(form.childNodes));
    else form.remove();
  }
  normaliseBuilderMarkup(body);
  const mains = body.querySelectorAll('main, [role="main"]');
  const main = mains.length === 1 ? mains[0] : undefined;
  // A "main" that holds little of the page is mislabelled (GoDaddy marks its header widget
  // `role="main"`): the content is elsewhere in the body.
  const mainText = main ? textLength(main) : 0;
  if (main && mainText > 0 && mainText >= textLength(body) / 3) return main;
  return body;
}
