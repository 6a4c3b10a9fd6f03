/**
 * Page metadata from `<head>` and the markup: title, description, language, canonical URL,
 * publication date, site name, author, lead image, and the page's links.
 */
import { collapseWhitespace, resolveHttpUrl } from './dom.js';
import type { JsonLdFacts } from './json-ld.js';
import type { PageLink } from './types.js';

export interface PageMetadata {
  /** `og:title` / `twitter:title`, else null (the caller falls back to other titles). */
  socialTitle: string | null;
  /** `<title>` text. */
  documentTitle: string | null;
  firstHeading: string | null;
  description: string | null;
  language: string | null;
  canonicalUrl: string | null;
  publishedAt: string | null;
  siteName: string | null;
  byline: string | null;
  leadImage: string | null;
}

/** Content of the first `<meta>` whose `property`, `name` or `itemprop` is one of `keys`. */
function metaContent(doc: Document, keys: string[]): string | null {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  for (const meta of doc.querySelectorAll('meta[content]')) {
    const key = (
      meta.getAttribute('property') ??
      meta.getAttribute('name') ??
      meta.getAttribute('itemprop') ??
      ''
    ).toLowerCase();
    if (!wanted.has(key)) continue;
    const content = collapseWhitespace(meta.getAttribute('content') ?? '');
    if (content !== '') return content;
  }
  return null;
}

const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/** `en_US`, `EN-us`, `de, en` → `en-US`, `en-US`, `de`; malformed → null. */
export function normalizeLanguage(value: string | null | undefined): string | null {
  if (!value) return null;
  const first = value.split(',')[0]?.trim().replace(/_/g, '-') ?? '';
  if (!LANGUAGE_TAG.test(first)) return null;
  const [lang, ...rest] = first.split('-');
  const parts = [(lang as string).toLowerCase()];
  for (const part of rest)
    parts.push(
      part.length === 2
        ? part.toUpperCase()
        : part.length === 4
          ? part[0]?.toUpperCase() + part.slice(1).toLowerCase()
          : part.toLowerCase(),
    );
  return parts.join('-');
}

/** An ISO-8601 UTC timestamp for a date string a page states, or null when it is not a date. */
export function toIsoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  // Bare times ("09:00") and numbers are not publication dates.
  if (!/\d{4}/.test(trimmed)) return null;
  const time = Date.parse(trimmed);
  if (Number.isNaN(time)) return null;
  const year = new Date(time).getUTCFullYear();
  return year >= 1990 && year <= 2100 ? new Date(time).toISOString() : null;
}

const PUBLISHED_META = [
  'article:published_time',
  'og:published_time',
  'datePublished',
  'pubdate',
  'publishdate',
  'publish-date',
  'publish_date',
  'dc.date.issued',
  'dcterms.issued',
  'dcterms.created',
  'dc.date',
  'sailthru.date',
  'parsely-pub-date',
  'date',
];

function publishedAt(doc: Document, facts: JsonLdFacts): string | null {
  const fromMeta = toIsoDate(metaContent(doc, PUBLISHED_META));
  if (fromMeta) return fromMeta;
  for (const article of facts.articles) {
    const date = toIsoDate(article.datePublished);
    if (date) return date;
  }
  const marked = doc.querySelector('[itemprop="datePublished"]');
  const fromItemprop = toIsoDate(
    marked?.getAttribute('datetime') ?? marked?.getAttribute('content') ?? marked?.textContent ?? null,
  );
  if (fromItemprop) return fromItemprop;
  // A <time> is only taken as the publication date when it belongs to an article or says so,
  // so that event dates on a business page are not mistaken for one.
  const time = doc.querySelector('time[pubdate][datetime], article time[datetime]');
  return toIsoDate(time?.getAttribute('datetime'));
}

/** Reads the metadata of `doc`, fetched from `pageUrl`, with relative URLs resolved against `baseUrl`. */
export function readPageMetadata(
  doc: Document,
  baseUrl: string,
  facts: JsonLdFacts,
  contentLanguage: string | null | undefined,
): PageMetadata {
  const titleText = collapseWhitespace(doc.querySelector('title')?.textContent ?? '');
  const h1 = collapseWhitespace(doc.querySelector('h1')?.textContent ?? '');
  const canonicalHref = doc.querySelector('link[rel~="canonical"][href]')?.getAttribute('href');
  const image = metaContent(doc, [
    'og:image',
    'og:image:url',
    'og:image:secure_url',
    'twitter:image',
    'twitter:image:src',
  ]);
  const organizationName = facts.organizations[0]?.name ?? facts.localBusinesses[0]?.name ?? null;
  return {
    socialTitle: metaContent(doc, ['og:title', 'twitter:title']),
    documentTitle: titleText === '' ? null : titleText,
    firstHeading: h1 === '' ? null : h1,
    description: metaContent(doc, ['description', 'og:description', 'twitter:description', 'dc.description']),
    language:
      normalizeLanguage(doc.documentElement.getAttribute('lang')) ??
      normalizeLanguage(doc.documentElement.getAttribute('xml:lang')) ??
      normalizeLanguage(metaContent(doc, ['og:locale'])) ??
      normalizeLanguage(
        doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content'),
      ) ??
      normalizeLanguage(contentLanguage),
    canonicalUrl: resolveHttpUrl(canonicalHref, baseUrl)?.replace(/#.*$/, '') ?? null,
    publishedAt: publishedAt(doc, facts),
    siteName: metaContent(doc, ['og:site_name', 'application-name']) ?? organizationName,
    byline: metaContent(doc, ['author', 'article:author', 'dc.creator', 'parsely-author']),
    leadImage: resolveHttpUrl(image, baseUrl),
  };
}

const MAX_LINKS = 5000;

/** Every http(s) link of the document (navigation included), absolute, fragment-free, deduplicated. */
export function collectLinks(doc: Document, baseUrl: string): PageLink[] {
  const byUrl = new Map<string, PageLink>();
  for (const a of doc.querySelectorAll('a[href]')) {
    const resolved = resolveHttpUrl(a.getAttribute('href'), baseUrl);
    if (!resolved) continue;
    const url = resolved.replace(/#.*$/, '');
    const text = collapseWhitespace(a.textContent ?? '');
    const existing = byUrl.get(url);
    if (existing) {
      if (existing.text === '' && text !== '') existing.text = text;
      continue;
    }
    if (byUrl.size >= MAX_LINKS) break;
    byUrl.set(url, { url, text });
  }
  return [...byUrl.values()];
}
