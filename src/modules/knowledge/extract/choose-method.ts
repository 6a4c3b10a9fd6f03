/**
 * Article or full body? Readability is built for articles: on a product grid, a price list or
 * an FAQ it keeps the largest block of prose and drops the prices, table cells and questions
 * that make the page worth reading. The decision compares what Readability kept with what the
 * cleaned full body holds, and listens to what the page says it is.
 *
 * Rules, first match wins:
 * 1. the page declares itself a product, product list, FAQ or local business (JSON-LD `@type`, or
 *    `og:type` product/business) and no article → full body (Readability is not even run);
 * 2. Readability finds no article, or one under 200 characters → full body;
 * 3. the page declares itself an article (JSON-LD Article/NewsArticle/BlogPosting/…, or `og:type`
 *    article without a JSON-LD product/FAQ/business type) → article: the publisher says so;
 * 4. Readability would drop structure that the full body has — at least 3 prices, 8 data-table
 *    cells, or 3 question/answer items (definition terms, `<details>`) more than the article keeps —
 *    while the article holds under 85% of the full body's text → full body;
 * 5. the article holds under 30% of the full body's text (a home or landing page: Readability picked
 *    one section of many) → full body. For a knowledge base, losing most of a business page is worse
 *    than keeping some boilerplate;
 * 6. otherwise → article.
 * On the article-extraction benchmark 170 of 181 pages declare an article; of the other 11, rule 5
 * sends one to the full body (see docs/benchmarks.md).
 */
import { collapseWhitespace } from './dom.js';

export interface ContentSignals {
  textLength: number;
  prices: number;
  tableCells: number;
  qaItems: number;
}

export interface PageSignals {
  /** schema.org types declared in JSON-LD. */
  jsonLdTypes: ReadonlySet<string>;
  /** `og:type`, lower-cased, or null. */
  ogType: string | null;
  /** The page states when it was published (`article:published_time`), as posts do. */
  published?: boolean;
}

export interface MethodDecision {
  method: 'article' | 'full-body';
  reason: string;
}

const PRICE =
  /(?:[$€£¥₹₩₽]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN|CZK|zł|Kč|kr)\b)\s?\d|\d(?:[\d.,\s]*\d)?\s?(?:[$€£¥₹₩₽]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN|CZK|zł|Kč|kr)\b|,-)/gu;

/** Counts what matters for the decision in `root`. */
export function measureContent(root: Element | null): ContentSignals {
  if (!root) return { textLength: 0, prices: 0, tableCells: 0, qaItems: 0 };
  const text = collapseWhitespace(root.textContent ?? '');
  let tableCells = 0;
  for (const table of root.querySelectorAll('table')) {
    if (table.querySelector('table')) continue; // layout table around other tables
    const rows = table.querySelectorAll('tr');
    let widest = 0;
    let cells = 0;
    for (const row of rows) {
      const n = row.querySelectorAll('td, th').length;
      widest = Math.max(widest, n);
      cells += n;
    }
    if (rows.length >= 2 && widest >= 2) tableCells += cells;
  }
  const qaItems = root.querySelectorAll('dt, details').length;
  return { textLength: text.length, prices: text.match(PRICE)?.length ?? 0, tableCells, qaItems };
}

const ARTICLE_TYPES =
  /^(?:Article|NewsArticle|BlogPosting|Report|ScholarlyArticle|TechArticle|LiveBlogPosting|\w+NewsArticle)$/;
const NON_ARTICLE_TYPES =
  /^(?:Product|ProductGroup|ItemList|OfferCatalog|FAQPage|LocalBusiness|Store|Restaurant|FoodEstablishment|Menu|Service)$/;
const NON_ARTICLE_OG = /^(?:product|product\.group|business\.business|restaurant\.)/;

export interface PageDeclaration {
  kind: 'article' | 'other' | null;
  /** The declared type, e.g. `NewsArticle`, `FAQPage`, `og:type product`. */
  type: string | null;
}

/** What the page says it is, from JSON-LD types and og:type (JSON-LD wins: it is more deliberate). */
export function declaredPageKind(page: PageSignals, localBusinessDeclared: boolean): PageDeclaration {
  const jsonLdArticle = [...page.jsonLdTypes].find((t) => ARTICLE_TYPES.test(t));
  const jsonLdOther =
    [...page.jsonLdTypes].find((t) => NON_ARTICLE_TYPES.test(t)) ??
    (localBusinessDeclared ? 'LocalBusiness' : undefined);
  if (jsonLdArticle) return { kind: 'article', type: jsonLdArticle };
  // SEO plugins (Yoast) and themes set og:type "article" on every page, menus and shops included: it
  // counts only with a publication time, as posts carry, and without a JSON-LD type saying otherwise.
  if (page.ogType === 'article' && page.published && !jsonLdOther)
    return { kind: 'article', type: 'og:type article' };
  if (jsonLdOther) return { kind: 'other', type: jsonLdOther };
  if (page.ogType && NON_ARTICLE_OG.test(page.ogType))
    return { kind: 'other', type: `og:type ${page.ogType}` };
  return { kind: null, type: null };
}

/** Chooses between the Readability article and the cleaned full body; see the module comment. */
export function chooseMethod(
  article: ContentSignals | null,
  full: ContentSignals,
  declared: PageDeclaration,
  page: { home: boolean } = { home: false },
): MethodDecision {
  if (declared.kind === 'other') {
    return { method: 'full-body', reason: `the page declares itself a ${declared.type}, not an article` };
  }
  if (page.home && declared.kind !== 'article') {
    // Readability keeps the longest block of prose and drops a landing page's banner, where owners
    // put who they are and since when ("Yoga and Pilates in the North End since 2014").
    return { method: 'full-body', reason: "the site's home page is a landing page, not an article" };
  }
  if (!article || article.textLength < 200) {
    return { method: 'full-body', reason: 'Readability found no article text on the page' };
  }
  if (declared.kind === 'article') {
    return {
      method: 'article',
      reason: `the page declares itself an article (${declared.type}) and Readability found it`,
    };
  }
  const share = full.textLength > 0 ? article.textLength / full.textLength : 1;
  const lost: string[] = [];
  if (full.prices - article.prices >= 3) lost.push(`${full.prices - article.prices} prices`);
  if (full.tableCells - article.tableCells >= 8)
    lost.push(`${full.tableCells - article.tableCells} table cells`);
  if (full.qaItems - article.qaItems >= 3)
    lost.push(`${full.qaItems - article.qaItems} question/answer items`);
  if (lost.length > 0 && share < 0.85) {
    return { method: 'full-body', reason: `Readability would drop ${lost.join(', ')} that the page shows` };
  }
  if (share < 0.3) {
    return {
      method: 'full-body',
      reason: `Readability kept only ${Math.round(share * 100)}% of the page text and the page declares no article`,
    };
  }
  return {
    method: 'article',
    reason: `Readability found the article (${Math.round(share * 100)}% of the page text)`,
  };
}
