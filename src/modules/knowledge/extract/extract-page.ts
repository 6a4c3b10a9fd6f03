/**
 * `extractPage(html, url)`: one fetched web page → clean Markdown plus what the page states
 * about itself (metadata, JSON-LD facts, images, links), with the method recorded.
 *
 * Pipeline: parse with linkedom → read JSON-LD, metadata and links from the untouched document →
 * make URLs absolute → run Mozilla Readability on a second parse (navigation, sidebars and blocks
 * marked as noise removed first) → clean the full body → choose article or full body (see
 * choose-method.ts) → drop stock boilerplate lines → convert with Turndown + GFM.
 */
import { Readability } from '@mozilla/readability';
import { AppError, describeError } from '../../../core/errors.js';
import { countryOfPhone } from '../entries/addresses.js';
import { removeArticleNoise, removeNoiseLines, removePageNoise } from './boilerplate.js';
import { normaliseBuilderMarkup } from './builder-markup.js';
import { chooseMethod, declaredPageKind, type MethodDecision, measureContent } from './choose-method.js';
import { absolutizeUrls, collapseWhitespace, documentBaseUrl, parseHtmlDocument } from './dom.js';
import { fullBodyContent, removeAriaHidden } from './full-body.js';
import { interpretJsonLd, readJsonLdBlocks } from './json-ld.js';
import { collectImages, elementToMarkdown } from './markdown.js';
import { collectLinks, normalizeLanguage, readPageMetadata, toIsoDate } from './metadata.js';
import { readMicrodata } from './microdata.js';
import { currencyOfHost, currencyOfLanguage, currencyOfRegion } from './money.js';
import { readShopifyProductJson } from './offers-shopify.js';
import { readWixGalleryStock } from './offers-wix.js';
import { readWooVariations } from './offers-woo.js';
import { applyOptionMentions, mentionsOf } from './option-mentions.js';
import { fillOptionPrices, readOptionStock } from './option-stock.js';
import { promoteMarkedTitles } from './page-lines.js';
import { readPageOffers } from './page-offers.js';
import { pageProduct } from './page-product.js';
import {
  applyBuyButtonPreorder,
  applyPageAvailability,
  buyButtonPreorder,
  mergeProducts,
  normalizeStock,
} from './product-merge.js';
import { readSiteContact } from './site-contact.js';
import type { ExtractedPage, ExtractOptions, Product, SiteContact } from './types.js';

export const DEFAULT_MAX_HTML_CHARS = 10_000_000;

/** Blog and news posts: a section named so (Tilda's `/tpost/`), or a dated permalink (`/2027/03/02/slug/`). */
const POST_PATH =
  /\/(?:blog|blogs|news|journal|posts?|tpost|articles?|stories|insights|magazine)\/.|\/(?:19|20)\d{2}\/\d{2}\/./i;

/**
 * Readability is skipped (the full body is used) on documents with more elements than this: it
 * takes 4 s on a 100,000-element catalogue page, and such pages are listings, not articles (the
 * benchmark's largest article page has 1,600 elements).
 */
const MAX_READABILITY_ELEMENTS = 30_000;
/**
 * Readability's time grows about with the cube of nesting depth (1000 nested divs: 28 s). Real
 * pages nest far less (the benchmark's deepest: 50), so deeper documents skip it.
 */
const MAX_READABILITY_DEPTH = 120;

/** Depth and element count of the tree under `root`, counting stops once either limit is passed. */
function treeSize(root: Element): { depth: number; elements: number } {
  let depth = 0;
  let elements = 0;
  const stack: [Element, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [element, level] = stack.pop() as [Element, number];
    elements++;
    if (level > depth) depth = level;
    if (depth > MAX_READABILITY_DEPTH || elements > MAX_READABILITY_ELEMENTS) break;
    for (const child of Array.from(element.children)) stack.push([child, level + 1]);
  }
  return { depth, elements };
}

function checkUrl(url: unknown): string {
  if (typeof url === 'string') {
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.href;
    } catch {
      // reported below
    }
  }
  throw new AppError(
    'knowledge.extract_invalid_url',
    400,
    `"${String(url)}" is not an absolute http(s) URL`,
    {
      url: String(url),
    },
  );
}

const BINARY_SIGNATURES = ['%PDF-', 'PK\u0003\u0004', '\u0089PNG', 'GIF8', '\u00ff\u00d8\u00ff'];

/** True for a NUL byte, a known binary file signature, or more than 5% control characters. */
function looksBinary(head: string): boolean {
  const start = head.trimStart();
  if (head.includes('\u0000') || BINARY_SIGNATURES.some((sig) => start.startsWith(sig))) return true;
  let controls = 0;
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) controls++;
  }
  return controls > head.length * 0.05;
}

/** Throws a typed error for input that is not an HTML page worth parsing. */
function checkHtml(html: unknown, url: string, maxChars: number): string {
  if (typeof html !== 'string') {
    throw new AppError('knowledge.extract_invalid_input', 400, `the content of ${url} must be HTML text`, {
      url,
    });
  }
  if (html.length > maxChars) {
    throw new AppError(
      'knowledge.extract_too_large',
      413,
      `the page ${url} is ${html.length} characters, over the ${maxChars}-character limit; skip it or raise maxHtmlChars`,
      { url, chars: html.length, limit: maxChars },
    );
  }
  if (html.trim() === '') {
    throw new AppError('knowledge.extract_empty', 422, `the page ${url} is empty`, { url });
  }
  if (looksBinary(html.slice(0, 4096))) {
    throw new AppError(
      'knowledge.extract_not_html',
      415,
      `the content of ${url} is binary data, not an HTML page`,
      {
        url,
      },
    );
  }
  return html;
}

interface ReadabilityArticle {
  title: string | null;
  content: Element | null;
  byline: string | null;
  publishedTime: string | null;
  lang: string | null;
  siteName: string | null;
}

/**
 * Why Readability should not run on `doc` (too many elements, too deep), or null. linkedom answers
 * getElementsByTagName('*') with nothing, so Readability's own element limit never triggers.
 */
function readabilityRefusal(doc: Document): string | null {
  const size = treeSize(doc.documentElement);
  if (size.elements > MAX_READABILITY_ELEMENTS) {
    return `the page has more than ${MAX_READABILITY_ELEMENTS} elements; the full body was used`;
  }
  if (size.depth > MAX_READABILITY_DEPTH) {
    return `the page nests elements more than ${MAX_READABILITY_DEPTH} deep; the full body was used`;
  }
  return null;
}

/**
 * The currency a page's place suggests, for amounts whose symbol names several currencies ("kr",
 * "$", "R"): its country domain (the page's or its canonical URL's), the country of the business's
 * own international number (`tel:+46…` → SEK), else its language tag.
 */
function currencyOfPlace(
  pageUrl: string,
  canonicalUrl: string | null,
  language: string | null,
  contact: SiteContact,
): string | null {
  const international = contact.phones.find((p) => /^\s*(?:\+|00)/.test(p.value))?.value;
  // The country domain of its own e-mail address ("roast@karookettle.co.za").
  const mailHost = contact.emails.map((e) => e.value.split('@')[1] ?? '').find((h) => h !== '');
  // The place the business is (its country domain, its own number) before the language its pages
  // are written in: an Irish bar in Copenhagen writes British English and prices in kroner.
  return (
    currencyOfHost(pageUrl) ??
    (canonicalUrl ? currencyOfHost(canonicalUrl) : null) ??
    (mailHost ? currencyOfHost(`https://${mailHost}/`) : null) ??
    (international ? currencyOfRegion(countryOfPhone(international)) : null) ??
    currencyOfLanguage(language)
  );
}

/**
 * Elements with nothing in them (a booking widget's empty level box beside a class's name):
 * Readability weighs a block holding a heading and an empty box as clutter and drops the heading.
 */
function removeEmptyBlocks(doc: Document): void {
  for (const el of Array.from(doc.querySelectorAll('div, span, p'))) {
    if (el.children.length === 0 && (el.textContent ?? '').trim() === '') el.remove();
  }
}

function runReadability(html: string, base: string, notes: string[]): ReadabilityArticle | null {
  try {
    const doc = parseHtmlDocument(html);
    absolutizeUrls(doc, base);
    removeArticleNoise(doc);
    promoteMarkedTitles(doc);
    removeEmptyBlocks(doc);
    const reader = new Readability<Element>(doc, {
      serializer: (node) => node as Element,
    });
    const parsed = reader.parse();
    if (!parsed) return null;
    return {
      title: parsed.title ? collapseWhitespace(parsed.title) : null,
      content: parsed.content ?? null,
      byline: parsed.byline ? collapseWhitespace(parsed.byline) : null,
      publishedTime: parsed.publishedTime ?? null,
      lang: parsed.lang ?? null,
      siteName: parsed.siteName ? collapseWhitespace(parsed.siteName) : null,
    };
  } catch (error) {
    notes.push(`Readability could not process the page (${describeError(error)}); the full body was used`);
    return null;
  }
}

/**
 * Extracts one page. `url` is where the HTML was fetched from (after redirects); relative links
 * resolve against it (or the page's `<base href>`).
 *
 * Throws `AppError` for input that is not a page: `knowledge.extract_invalid_url` (400),
 * `knowledge.extract_invalid_input` (400), `knowledge.extract_empty` (422),
 * `knowledge.extract_not_html` (415), `knowledge.extract_too_large` (413),
 * `knowledge.extract_failed` (422, markup the parser cannot handle). A page that parses but shows
 * no text returns an empty `markdown` with a note saying so.
 */
export function extractPage(html: string, url: string, options: ExtractOptions = {}): ExtractedPage {
  const pageUrl = checkUrl(url);
  checkHtml(html, pageUrl, options.maxHtmlChars ?? DEFAULT_MAX_HTML_CHARS);
  try {
    return extractChecked(html, pageUrl, options);
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError(
      'knowledge.extract_failed',
      422,
      `the page ${pageUrl} could not be converted: ${describeError(error)}`,
      { url: pageUrl },
      { cause: error },
    );
  }
}

function extractChecked(html: string, pageUrl: string, options: ExtractOptions): ExtractedPage {
  const doc = parseHtmlDocument(html);
  const base = documentBaseUrl(doc, pageUrl);
  const { blocks, notes } = readJsonLdBlocks(doc);
  const facts = interpretJsonLd(blocks, base);
  const microdata = interpretJsonLd(readMicrodata(doc.body), base);
  for (const t of microdata.types) facts.types.add(t);
  const woo = readWooVariations(doc);
  const structuredProducts = [...facts.products, ...microdata.products];
  const optionStock = readOptionStock(
    doc,
    structuredProducts.flatMap((p) => p.offers).find((o) => o.currency)?.currency ?? null,
    new Set(structuredProducts.map((p) => p.name)).size === 1
      ? (structuredProducts[0] as Product).name
      : // "Trail Pack 12L | Gritstone Edge": the page's own part of its social title.
        doc
          .querySelector('meta[property="og:title" i]')
          ?.getAttribute('content')
          ?.split(/\s+[|–—]\s+/)[0]
          ?.trim() || null,
  );
  const wixGallery = readWixGalleryStock(doc);
  const preorderButton = buyButtonPreorder(doc);
  // Scripts go with the full body's cleaning: read the product JSON now, its currency later.
  const shopify = readShopifyProductJson(doc, null);
  const siteContact = readSiteContact(doc);
  const meta = readPageMetadata(doc, base, facts, options.contentLanguage);
  const links = collectLinks(doc, base);
  // Open Graph product tags (Shopify, WooCommerce SEO plugins, Facebook catalogues).
  const stockMeta =
    doc
      .querySelector(
        'meta[property="product:availability" i][content], meta[property="og:availability" i][content], meta[name="availability" i][content]',
      )
      ?.getAttribute('content') ?? null;
  const ogType =
    doc.querySelector('meta[property="og:type" i][content]')?.getAttribute('content')?.trim().toLowerCase() ??
    null;

  const forced = options.method ?? 'auto';
  const published = doc.querySelector('meta[property="article:published_time" i][content]') !== null;
  const declared = declaredPageKind(
    { jsonLdTypes: facts.types, ogType, published },
    facts.localBusinesses.length > 0,
  );
  // A page that declares itself a product, FAQ or business page gets the full body whatever
  // Readability finds, so Readability is not run for it (unless article extraction is forced).
  const wantArticle = forced === 'article' || (forced === 'auto' && declared.kind !== 'other');
  const refusal = wantArticle ? readabilityRefusal(doc) : null;
  if (refusal) notes.push(refusal);
  const article = wantArticle && !refusal ? runReadability(html, base, notes) : null;
  absolutizeUrls(doc, base);
  const fullRoot = fullBodyContent(doc, { keepAriaHidden: true });
  const currencyHint =
    [...facts.products, ...microdata.products].flatMap((p) => p.offers).find((o) => o.currency)?.currency ??
    currencyOfPlace(pageUrl, meta.canonicalUrl, meta.language, siteContact);
  // Blog and news posts quote other people's and the market's prices: they are not the catalogue.
  const pageOffers =
    declared.kind === 'article' || POST_PATH.test(new URL(pageUrl).pathname)
      ? []
      : readPageOffers(fullRoot, { currencyHint });
  promoteMarkedTitles(fullRoot);
  removeAriaHidden(fullRoot);
  const mentions = mentionsOf(fullRoot);
  removePageNoise(fullRoot);

  let decision: MethodDecision;
  if (forced === 'article' && article?.content) {
    decision = { method: 'article', reason: 'article extraction was requested' };
  } else if (forced === 'full-body') {
    decision = { method: 'full-body', reason: 'full-body extraction was requested' };
  } else {
    decision = chooseMethod(
      article?.content ? measureContent(article.content) : null,
      measureContent(fullRoot),
      forced === 'article' ? { kind: null, type: null } : declared,
      { home: forced === 'auto' && /^\/(?:index\.[a-z]+)?$/i.test(new URL(pageUrl).pathname) },
    );
    if (forced === 'article') decision.reason = `article extraction was requested, but ${decision.reason}`;
  }

  const root = decision.method === 'article' && article?.content ? article.content : fullRoot;
  removeNoiseLines(root, decision.method === 'article' ? 'article' : 'full-body');
  // Readability's copy of the page has not been through fullBodyContent's rewrite.
  if (root !== fullRoot) normaliseBuilderMarkup(root);
  const images = collectImages(root);
  // Article captions (photo credits, "Image: …") are not article text: they stay with their images.
  // (A quote's caption names who said it: it stays.)
  if (decision.method === 'article')
    for (const caption of root.querySelectorAll('figcaption')) {
      if (!caption.closest('figure')?.querySelector('blockquote')) caption.remove();
    }
  const markdown = elementToMarkdown(root);
  if (markdown.trim() === '') {
    notes.push('the page shows no text; it may need JavaScript to render its content');
  }

  const products = normalizeStock(
    mergeProducts([
      facts.products.map((p) => ({ ...p, source: 'json-ld' as const })),
      microdata.products.map((p) => ({ ...p, source: 'microdata' as const })),
      pageOffers,
      woo.map((w) => pageProduct(w.product, w.offers)),
      optionStock,
      wixGallery,
      shopify.map((p) => ({
        ...p,
        offers: p.offers.map((o) => ({ ...o, currency: o.currency ?? currencyHint })),
      })),
    ]),
  );
  fillOptionPrices(products);
  applyPageAvailability(products, stockMeta, meta.firstHeading ?? meta.socialTitle);
  applyBuyButtonPreorder(products, preorderButton);
  applyOptionMentions(products, mentions);

  return {
    url: pageUrl,
    canonicalUrl: meta.canonicalUrl,
    title:
      meta.socialTitle ??
      article?.title ??
      meta.documentTitle ??
      meta.firstHeading ??
      facts.articles[0]?.headline ??
      '',
    description: meta.description,
    language: meta.language ?? normalizeLanguage(article?.lang),
    publishedAt: meta.publishedAt ?? toIsoDate(article?.publishedTime),
    siteName: meta.siteName ?? article?.siteName ?? null,
    byline: meta.byline ?? article?.byline ?? facts.articles.find((a) => a.author)?.author ?? null,
    leadImage: meta.leadImage,
    markdown,
    method: decision.method,
    methodReason: decision.reason,
    images,
    links,
    structured: {
      products,
      faq: [...facts.faq, ...microdata.faq.filter((f) => !facts.faq.some((x) => x.question === f.question))],
      organizations: [...facts.organizations, ...microdata.organizations],
      localBusinesses: [...facts.localBusinesses, ...microdata.localBusinesses],
      jsonLd: blocks,
      pageProducts: true,
      siteContact,
    },
    notes,
  };
}
