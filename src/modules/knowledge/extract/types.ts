/**
 * What extraction returns for one web page, whichever extractor produced it (the built-in
 * Readability/Turndown pipeline or a hosted reader such as Firecrawl or Jina Reader).
 */

/**
 * How the Markdown was produced:
 * - `article`: Mozilla Readability picked the main article, converted to Markdown;
 * - `full-body`: the whole body minus site chrome (navigation, header, footer, sidebars, forms,
 *   cookie banners), for pages that are not articles: product grids, price lists, FAQs, contact pages;
 * - `firecrawl` / `jina`: a hosted reader produced the Markdown.
 */
export type ExtractionMethod = 'article' | 'full-body' | 'firecrawl' | 'jina';

export interface PageImage {
  /** Absolute http(s) URL. */
  src: string;
  /** Alternative text as the page gives it ('' when the page gives none). */
  alt: string;
  /** The `<figcaption>` of the image's figure, or null. */
  caption: string | null;
}

export interface PageLink {
  /** Absolute http(s) URL without its fragment. */
  url: string;
  /** The link's visible text, whitespace collapsed ('' for image-only links). */
  text: string;
}

export interface PostalAddress {
  streetAddress: string | null;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  /** One-line form for display and search, e.g. "Hafenstraße 3, 20457 Hamburg, DE". */
  text: string;
}

export type DayOfWeek = 'Monday' | 'Tuesday' | 'Wednesday' | 'Thursday' | 'Friday' | 'Saturday' | 'Sunday';

/** One opening-hours rule: on these days, open from `opens` to `closes` (24-hour `HH:MM`). */
export interface OpeningHours {
  days: DayOfWeek[];
  opens: string;
  closes: string;
  validFrom: string | null;
  validThrough: string | null;
}

export interface Offer {
  /** `Offer` (one price) or `AggregateOffer` (a price range across sellers or variants). */
  type: 'Offer' | 'AggregateOffer';
  /** The price as a number when it can be read as one (`"1.299,00"` → 1299). */
  price: number | null;
  /** The price exactly as the page states it, for quoting. */
  priceText: string | null;
  currency: string | null;
  lowPrice: number | null;
  highPrice: number | null;
  offerCount: number | null;
  /** schema.org availability without its URL prefix, e.g. `InStock`. */
  availability: string | null;
  url: string | null;
  validUntil: string | null;
  /** The variant this offer is for (`500 ml`, `Adults`), or null for the product itself. */
  name?: string | null;
  /** The crossed-out or regular price of an item on sale. */
  referencePrice?: number | null;
  /** Normalised unit (`hour`, `person`, `month`, …). */
  unit?: string | null;
  /** The price is a "from" price (the lowest of several). */
  from?: boolean;
  /** The stock words as the page shows them ("Currently out of stock — next bottling in June"). */
  availabilityText?: string | null;
  /** When the item is expected back or ships, as ISO 8601 (`2027-03-01`, `2027-03`, `--06`, `--11-18`). */
  availableFrom?: string | null;
  /** The variant's own code, when a variant table gives one. */
  sku?: string | null;
}

export interface Product {
  /** schema.org type as declared (`Product`, `ProductGroup`, `Service`, …). */
  type: string;
  name: string;
  description: string | null;
  sku: string | null;
  gtin: string | null;
  brand: string | null;
  url: string | null;
  images: string[];
  offers: Offer[];
  rating: { value: number; count: number | null } | null;
  /**
   * Where the product was read: JSON-LD, schema.org microdata, or the page's own markup (cards, price
   * lists, tables, menus). Absent on products stored before this was recorded (JSON-LD).
   */
  source?: 'json-ld' | 'microdata' | 'page';
  /** The heading of the section the product is listed under ("Tacos", "Add-ons"), when read from the page. */
  section?: string | null;
}

export interface FaqEntry {
  question: string;
  /** The accepted answer as plain text (HTML in the answer is reduced to text). */
  answer: string;
}

export interface Organization {
  type: string;
  name: string;
  url: string | null;
  logo: string | null;
  description: string | null;
  telephone: string | null;
  email: string | null;
  address: PostalAddress | null;
  sameAs: string[];
}

export interface LocalBusiness extends Organization {
  priceRange: string | null;
  openingHours: OpeningHours[];
  geo: { latitude: number; longitude: number } | null;
}

export interface StructuredData {
  products: Product[];
  faq: FaqEntry[];
  organizations: Organization[];
  localBusinesses: LocalBusiness[];
  /** Every JSON-LD block that parsed, as parsed (objects, arrays or `@graph` documents). */
  jsonLd: unknown[];
  /**
   * True when `products` includes what the page's markup lists (cards, price lists, tables, menus),
   * so the text readers need not guess products from the Markdown. False for hosted readers.
   */
  pageProducts?: boolean;
  /**
   * Phone numbers, e-mail addresses, postal addresses and hours found outside the page content:
   * `tel:`/`sms:`/`mailto:` links, `<address>` elements, the site footer and header.
   */
  siteContact?: SiteContact;
}

export interface ExtractedPage {
  /** The URL the page was fetched from (after redirects). */
  url: string;
  /** `<link rel="canonical">` resolved to an absolute URL, or null when the page declares none. */
  canonicalUrl: string | null;
  title: string;
  description: string | null;
  /** BCP 47 language tag (`en`, `de-AT`) from `<html lang>`, `og:locale` or Content-Language. */
  language: string | null;
  /** ISO-8601 publication time, or null when the page states none. */
  publishedAt: string | null;
  siteName: string | null;
  byline: string | null;
  /** The page's representative image (`og:image`), absolute, or null. */
  leadImage: string | null;
  /** Clean Markdown of the main content: absolute links, GFM tables, no data: images. */
  markdown: string;
  method: ExtractionMethod;
  /** Why this method was chosen, in a sentence a person can check. */
  methodReason: string;
  /** Images of the extracted content, in order, deduplicated. */
  images: PageImage[];
  /** Links found anywhere on the page (navigation included), absolute, deduplicated. */
  links: PageLink[];
  structured: StructuredData;
  /** Things worth knowing that did not stop extraction (skipped malformed JSON-LD, no text, …). */
  notes: string[];
}

export interface ExtractOptions {
  /** Force a method instead of deciding per page. Default `auto`. */
  method?: 'auto' | 'article' | 'full-body';
  /** Largest HTML accepted, in characters. Default 10 000 000 (about 10 MB). */
  maxHtmlChars?: number;
  /** The response's Content-Language header, used when the page itself declares no language. */
  contentLanguage?: string | null;
}

export type ContactPlace = 'footer' | 'header' | 'aside' | 'content';

export interface SiteContact {
  phones: { value: string; text: string | null; via: 'tel' | 'sms' | 'text'; where: ContactPlace }[];
  emails: { value: string; via: 'mailto' | 'text'; where: ContactPlace }[];
  addresses: {
    text: string;
    postalCode: string | null;
    country: string | null;
    via: 'address' | 'text';
    where: ContactPlace;
  }[];
  /** Opening-hours lines of the footer or header, as written. */
  hours: { text: string; where: ContactPlace }[];
}
