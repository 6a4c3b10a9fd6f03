/**
 * Variant pickers that say which options are sold out: a product's `<select>` (or a custom listbox of
 * `role="option"` elements) whose options read
 * "Large - Sold out", "13–17 January (Sold out)", "Storm — Unavailable", "Medium (2 left)" (Shopify
 * Dawn, Square, Wix and WooCommerce themes render them so), and radio pickers whose disabled inputs
 * carry the same words in their labels. Each option becomes a variant offer of the page's product
 * with its stock; its price is the option's own when it shows one, else the product's (filled in
 * after merging, see `fillOptionPrices`).
 *
 * Read from the untouched document, because the full-body content drops forms and selects. A picker
 * in which no option says anything about stock or its own price is left alone: an option list alone
 * is not a catalogue.
 */
import { findPrices } from '../entries/patterns.js';
import { dateLabel } from './dated-sessions.js';
import { collapseWhitespace } from './dom.js';
import { mentionsOf, namesOneWithStock } from './option-mentions.js';
import { pageProduct } from './page-product.js';
import { readStock } from './stock.js';
import type { Offer, Product } from './types.js';

/** Placeholder options: "Select size", "Choose an option", "— Please choose —". */
const PLACEHOLDER = /^(?:[-–—\s]*)(?:select|choose|pick|please)\b|^\s*[-–—]+\s*$/i;
/** The stock words at an option's end, after a dash or in parentheses. */
const STOCK_SUFFIX = /\s*(?:[-–—|:·]\s*|\(\s*)([^()\-–—|:·]{2,40}?)\s*\)?\s*$/;

interface OptionReading {
  name: string;
  price: number | null;
  currency: string | null;
  /** What the option adds to the product's price ("7 gal (+$75.00)"), as written. */
  surcharge: string | null;
  stock: ReturnType<typeof readStock>;
}

function readOption(text: string, currencyHint: string | null): OptionReading | null {
  let rest = collapseWhitespace(text);
  if (rest === '' || PLACEHOLDER.test(rest)) return null;
  let stock: ReturnType<typeof readStock> = null;
  const suffix = STOCK_SUFFIX.exec(rest);
  if (suffix) {
    stock = readStock(suffix[1] as string);
    if (stock) rest = rest.slice(0, suffix.index).trim();
  }
  const found = findPrices(rest, currencyHint);
  const price = found.find((p) => p.role === 'price') ?? null;
  const addon = price ? null : (found.find((p) => p.role === 'addon') ?? null);
  const amount = price ?? addon;
  if (amount) {
    rest = `${rest.slice(0, amount.start)} ${rest.slice(amount.end)}`
      .replace(/\(\s*[+]?\s*\)/g, ' ')
      .replace(/[\s\-–—|:·,(+]+$/, '')
      .trim();
  }
  // The stock before the price ("5–9 Jan 2027 - Sold out - A$495.00", Shopify's no-JS select).
  const before = stock ? null : STOCK_SUFFIX.exec(rest);
  const inner = before ? readStock(before[1] as string) : null;
  if (before && inner) {
    stock = inner;
    rest = rest.slice(0, before.index).trim();
  }
  rest = rest.replace(/[\s\-–—|:·,]+$/, '').trim();
  if (!/[\p{L}\p{N}]/u.test(rest)) return null;
  return {
    name: rest,
    price: price?.amount ?? null,
    currency: amount?.currency ?? null,
    surcharge: addon ? `+${addon.amount}` : null,
    stock,
  };
}

/** The product a picker belongs to: the title of its product block, else the page's one `<h1>`. */
function productTitle(picker: Element, doc: Document): string | null {
  const BLOCK = '[class*="product"], [data-hook*="product"], [id^="product"], article, form, main';
  const TITLE =
    'h1, .product_title, .product__title, [class*="product-title"], [data-hook="product-title"], [itemprop="name"], .fn';
  // The nearest product block around the picker (not the picker itself) that holds a title.
  let title: Element | null = null;
  for (let block = picker.parentElement?.closest(BLOCK); block && !title; ) {
    title = block.querySelector(TITLE);
    block = block.parentElement?.closest(BLOCK) ?? null;
  }
  title ??= doc.querySelectorAll('h1').length === 1 ? doc.querySelector('h1') : null;
  // A title block may print the name twice (Dawn's `product__title`: the `<h1>` and a link's copy).
  const heading = title && title.nodeName !== 'H1' ? title.querySelector('h1') : null;
  const text = collapseWhitespace((heading ?? title)?.textContent ?? '');
  return text === '' ? null : text;
}

/** A picker of extras, not of the product's sizes: "Extras", "Add-ons", "Upgrades", "Gift wrap". */
const ADD_ON_LABEL = /\b(?:extras?|add-?ons?|upgrades?|gift ?wrap(?:ping)?|candles|message|engraving)\b/i;

/** A picker of sizes ("Size", "Weight", "Serves"), by its label. */
const SIZE_LABEL =
  /\b(?:sizes?|weights?|volumes?|serves|servings?|portions?|packs?|pack sizes?|capacity|lengths?|formats?|quantity)\b/i;
/** A measure in an option's name ("Serves 10 (3.6 kg)", "500 ml", "12 inch"). */
const MEASURE =
  /\d\s?(?:kg|g|gr|mg|lb|lbs|oz|ml|cl|l|ltr|litres?|liters?|cm|mm|m|in|inch(?:es)?|"|ft|people|persons|guests|servings|pcs|pieces|pack)\b/i;

/** What a picker is labelled: its `<label for>`, its `aria-label`, or its fieldset's legend. */
function pickerLabel(picker: Element, doc: Document): string {
  const id = picker.getAttribute('id');
  const label = id ? doc.querySelector(`label[for="${id.replace(/"/g, '')}"]`) : null;
  return collapseWhitespace(
    label?.textContent ??
      picker.getAttribute('aria-label') ??
      picker.querySelector('legend')?.textContent ??
      picker.parentElement?.querySelector('label')?.textContent ??
      '',
  );
}

/** An option's item marked as not for sale by its theme (Odoo's `css_not_available`). */
const UNAVAILABLE_CLASS =
  /(?:^|\s)(?:css_not_available|not-available|unavailable|is-unavailable|sold-?out|out-of-stock)(?:\s|$)/i;

function offerOf(o: OptionReading): Offer {
  return {
    type: 'Offer',
    name: o.name,
    price: o.price,
    // A surcharge waits here for the product's price (fillOptionPrices).
    priceText: o.surcharge,
    currency: o.currency,
    lowPrice: null,
    highPrice: null,
    offerCount: null,
    availability: o.stock?.state ?? null,
    availabilityText: o.stock?.text ?? null,
    availableFrom: o.stock?.availableFrom ?? null,
    url: null,
    validUntil: null,
  };
}

/** An option's text, or its `title` when that says more about the same option ("500 g jar – 8,90 €"). */
function optionText(option: Element): string {
  const text = collapseWhitespace(option.textContent ?? '');
  const title = collapseWhitespace(option.getAttribute('title') ?? '');
  return title.length > text.length && title.startsWith(text) ? title : text;
}

/** The texts of an element's leaf elements, in order, without its screen-reader-only parts. */
function leafTexts(el: Element): string[] {
  return Array.from(el.querySelectorAll('*'))
    .filter(
      (e) =>
        e.children.length === 0 &&
        !/visually-hidden|sr-only|screen-reader-text/.test(e.getAttribute('class') ?? ''),
    )
    .map((e) => collapseWhitespace(e.textContent ?? ''))
    .filter((t) => t !== '');
}

/** A label's text without its screen-reader-only parts. */
function labelText(label: Element): string {
  const copy = label.cloneNode(true) as Element;
  for (const e of copy.querySelectorAll('.visually-hidden, .sr-only, .screen-reader-text')) e.remove();
  return copy.textContent ?? '';
}

/** Variant pickers with stock words, as products with one offer per option. */
/**
 * `pageTitle` names the page's product when no title is marked as one (a builder that styles its
 * title as a sized paragraph): the structured data's one product, or the page's social title.
 */
export function readOptionStock(
  doc: Document,
  currencyHint: string | null,
  pageTitle: string | null = null,
): Product[] {
  const out: Product[] = [];
  const add = (picker: Element, options: OptionReading[], pricesCount = true) => {
    // Options that say their stock, or their own prices (Jimdo puts "500 g jar – 8,90 €" in each
    // option's title): the picker is the product's variants.
    const priced = pricesCount && options.filter((o) => o.price !== null).length >= 2;
    // Dates that say nothing of their stock, of which the description does ("Saturday 7 November –
    // FULL"): the dates are the product's sessions, their stock read from the description later.
    const described = () =>
      options.filter((o) => dateLabel(o.name)).length >= 2 &&
      namesOneWithStock(
        mentionsOf(doc.body),
        options.map((o) => o.name),
      );
    // Options that cost more than the first ("Serves 10 (3.6 kg) (+₹1,650.00)") are sizes of the
    // product; a choice of extras ("No candles" / "Gold candles (+$45)") is not.
    // Only a picker of sizes: a booking's resource ("Garden kitchen (+CA$10.00)") is a surcharge.
    const label = pickerLabel(picker, doc);
    const surcharged =
      options.some((o) => o.surcharge) &&
      !options.some((o) => /^(?:no|none|without)\b/i.test(o.name)) &&
      !ADD_ON_LABEL.test(label) &&
      (SIZE_LABEL.test(label) || options.every((o) => MEASURE.test(o.name)));
    if (options.length < 2 || (!options.some((o) => o.stock) && !priced && !surcharged && !described()))
      return;
    const name = productTitle(picker, doc) ?? pageTitle;
    if (!name) return;
    out.push(pageProduct(name, options.map(offerOf)));
  };
  for (const select of doc.querySelectorAll('select')) {
    const options = Array.from(select.querySelectorAll('option'))
      .map((o) => readOption(optionText(o), currencyHint))
      .filter((o): o is OptionReading => o !== null);
    add(select, options);
  }
  // Custom dropdowns (Wix, headless themes): a listbox of `role="option"` elements; an option marked
  // `aria-disabled` cannot be bought, whatever it says.
  for (const listbox of doc.querySelectorAll('[role="listbox"]')) {
    const options: OptionReading[] = [];
    for (const option of listbox.querySelectorAll('[role="option"]')) {
      // An option's name and its subtitle in elements of their own ("X-Large" / "Out of stock").
      const parts = leafTexts(option);
      const reading = readOption(parts.length > 1 ? (parts[0] as string) : labelText(option), currencyHint);
      if (!reading) continue;
      if (parts.length > 1) reading.stock ??= readStock(parts.slice(1).join(' '));
      if (!reading.stock && option.getAttribute('aria-disabled') === 'true')
        reading.stock = { state: 'out_of_stock', text: 'unavailable', availableFrom: null };
      options.push(reading);
    }
    add(listbox, options);
  }
  // Radio pickers: a fieldset of inputs, each with its label, or the inputs of one name outside a
  // fieldset (Odoo's `ul.o_wsale_product_attribute`); a disabled input, or one whose option the
  // theme marks unavailable, is an option that cannot be bought, whatever its label says.
  const groups: [Element, Element[]][] = Array.from(doc.querySelectorAll('fieldset')).map((f) => [
    f,
    Array.from(f.querySelectorAll('input[type="radio"]')),
  ]);
  const byName = new Map<string, Element[]>();
  for (const radio of doc.querySelectorAll('input[type="radio"][name]')) {
    if (radio.closest('fieldset')) continue;
    const name = radio.getAttribute('name') as string;
    byName.set(name, [...(byName.get(name) ?? []), radio]);
  }
  for (const radios of byName.values()) {
    const first = radios[0] as Element;
    groups.push([first.closest('ul, ol, [role="radiogroup"]') ?? (first.parentElement as Element), radios]);
  }
  for (const [fieldset, radios] of groups) {
    if (radios.length < 2) continue;
    const options: OptionReading[] = [];
    const labelOf = (radio: Element) => {
      const id = radio.getAttribute('id');
      return (
        (id ? fieldset.querySelector(`label[for="${id.replace(/"/g, '')}"]`) : null) ?? radio.closest('label')
      );
    };
    // Screen-reader words ("Variant sold out or unavailable") say the stock, not the name.
    const hiddenOf = (label: Element | null) =>
      label
        ? collapseWhitespace(
            Array.from(label.querySelectorAll('.visually-hidden, .sr-only, .screen-reader-text'))
              .map((e) => e.textContent ?? '')
              .join(' '),
          )
        : '';
    // The same words under every option are the theme's, shown by its stylesheet only beside a
    // disabled input (Dawn prints them in every label): then only the disabled state says.
    const hiddenTexts = radios.map((r) => hiddenOf(labelOf(r)));
    const everywhere = hiddenTexts[0] !== '' && hiddenTexts.every((t) => t === hiddenTexts[0]);
    for (const radio of radios) {
      const label = labelOf(radio);
      const hiddenText = everywhere ? '' : hiddenOf(label);
      // A swatch's name and its subtitle in elements of their own ("15–17 Dec (3 days)" / "Sold out").
      const parts = label ? leafTexts(label) : [];
      const subtitle = parts.length > 1 ? readStock(parts[parts.length - 1] as string) : null;
      const visible = subtitle
        ? parts.slice(0, -1).join(' ')
        : label
          ? labelText(label)
          : (radio.getAttribute('value') ?? '');
      const reading = readOption(visible, currencyHint);
      if (!reading) continue;
      reading.stock ??= subtitle ?? (hiddenText ? readStock(hiddenText) : null);
      const disabled =
        radio.hasAttribute('disabled') ||
        /(?:^|\s)disabled(?:\s|$)/.test(radio.getAttribute('class') ?? '') ||
        UNAVAILABLE_CLASS.test(radio.closest('li, [class*="option"]')?.getAttribute('class') ?? '') ||
        // BigCommerce marks the option's label (`label.form-option.unavailable`).
        UNAVAILABLE_CLASS.test(label?.getAttribute('class') ?? '');
      if (!reading.stock && disabled)
        reading.stock = { state: 'out_of_stock', text: 'unavailable', availableFrom: null };
      options.push(reading);
    }
    // Radios outside a form's fieldset may be a booking widget's choice of service, each with its
    // price ("Bouquet Class @ 65"): only their stock makes them a product's options.
    add(fieldset, options, fieldset.nodeName === 'FIELDSET');
  }
  return out;
}

/**
 * Options without a price of their own cost what the product costs, when it has one price, plus
 * their surcharge when they state one ("3 gal (+$20.00)").
 */
export function fillOptionPrices(products: Product[]): void {
  for (const p of products) {
    const base = p.offers.filter((o) => !o.name && o.price !== null);
    const prices = new Set(base.map((o) => o.price));
    if (prices.size !== 1) continue;
    const [own] = base as [Offer];
    for (const o of p.offers) {
      if (!o.name || o.price !== null) continue;
      const surcharge = /^\+(\d+(?:\.\d+)?)$/.exec(o.priceText ?? '');
      o.price = surcharge
        ? Math.round(((own.price as number) + Number(surcharge[1])) * 100) / 100
        : own.price;
      if (surcharge) o.priceText = null;
      o.currency ??= own.currency;
      o.unit ??= own.unit ?? null;
    }
  }
}
