/**
 * Boilerplate that survives the main-content choice: share bars, newsletter boxes, breadcrumbs,
 * comment sections, "related stories" lists, and stray lines such as "Advertisement" or
 * "Continue reading below". Measured on the article-extraction benchmark (docs/benchmarks.md):
 * removing these before Readability and the stray lines after it raises F1 by about 0.01.
 */
import { collapseWhitespace } from './dom.js';

/** Class/id words of blocks that are never the article (matched as whole words of the attribute). */
const ARTICLE_NOISE =
  /(?:^|[\s_-])(?:share|sharing|social|newsletter|related|breadcrumbs?|promo|comments?|recommended|subscribe|signup|author-bio|byline|tags)(?:[\s_-]|$)/i;
/**
 * The narrower set for the full-body path: "promo", "related" and "tags" blocks on a business page
 * can hold offers and products worth keeping.
 */
const PAGE_NOISE =
  /(?:^|[\s_-])(?:share|sharing|social|newsletter|breadcrumbs?|comments?|subscribe|signup)(?:[\s_-]|$)/i;

const PROTECTED = new Set(['HTML', 'BODY', 'MAIN', 'ARTICLE']);
/** A block holding more text than this, or this share of the page, is content whatever its class. */
const MAX_NOISE_CHARS = 3000;
const MAX_NOISE_SHARE = 0.3;

function removeMarkedBlocks(root: Element, marker: RegExp): void {
  const total = Math.max(1, (root.textContent ?? '').length);
  for (const el of root.querySelectorAll('[class], [id]')) {
    if (PROTECTED.has(el.nodeName)) continue;
    if (!marker.test(`${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`)) continue;
    const length = (el.textContent ?? '').length;
    if (length < MAX_NOISE_CHARS && length < total * MAX_NOISE_SHARE) el.remove();
  }
}

/** Before Readability: navigation, sidebars and blocks whose class or id marks them as noise. */
export function removeArticleNoise(doc: Document): void {
  for (const el of doc.body.querySelectorAll('nav, aside, [role="navigation"], [role="complementary"]'))
    el.remove();
  removeMarkedBlocks(doc.body, ARTICLE_NOISE);
  // Cookie and consent banners: Readability may otherwise keep one as a paragraph of the article.
  removeMarkedBlocks(doc.body, CONSENT_NOISE);
}

const CONSENT_NOISE =
  /cookie[-_]?(?:banner|notice|consent|bar|popup|law|message|policy|warning|alert|box|modal|wrapper|container|overlay)|(?:^|[\s_-])consent|gdpr|onetrust|cookiebot|\bcc-(?:window|banner)\b|\bcmp[-_]/i;

/** On the cleaned full body: share bars, newsletter boxes, breadcrumbs, comments. */
export function removePageNoise(root: Element): void {
  removeMarkedBlocks(root, PAGE_NOISE);
}

/** Stock lines that are never content. */
const NOISE_LINE =
  /^(?:advertisement|skip to (?:main )?content|continue reading(?: below)?|read more|sign in|log in|subscribe(?: now)?|share(?: this(?: article| story| page)?)?(?: on \w+)?|this slideshow requires javascript\.?)$/i;
/**
 * Lines that are noise around an article (captions, credits, teasers) but could be content on a
 * business page ("Credit: 0% over 12 months", "Tags: steel, beams"), so only the article path drops them.
 */
const ARTICLE_NOISE_LINE =
  /^(?:advert|ad|sponsored|image copyright.*|image caption.*|\(image: [^)]*\)|image: .*|photo: .*|credit: .*|getty images|related:.*|see more:.*|more from .*|you may also like.*|recommended(?: for you)?|\d* ?comments?|tags?:.*|follow us.*|click here to .*|get the .* app)$/i;
const MAX_NOISE_LINE = 120;

/** Removes elements whose whole text is a stock boilerplate line ("Advertisement", "Read more", …). */
export function removeNoiseLines(root: Element, path: 'article' | 'full-body'): void {
  for (const el of root.querySelectorAll('p, div, span, li, figcaption, h2, h3, h4, h5, h6, a, strong, em')) {
    const text = collapseWhitespace(el.textContent ?? '');
    if (text.length === 0 || text.length >= MAX_NOISE_LINE) continue;
    if (NOISE_LINE.test(text) || (path === 'article' && ARTICLE_NOISE_LINE.test(text))) el.remove();
  }
}
