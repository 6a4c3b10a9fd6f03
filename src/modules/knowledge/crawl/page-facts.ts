/**
 * What the crawler needs from an HTML page: its links, its declared canonical URL, its robots meta
 * directives, its title and a hash of its visible text. (Turning the page into Markdown is
 * `knowledge/extract`'s job, not this module's.)
 */
import { createHash } from 'node:crypto';
import { parseHTML } from 'linkedom';

export interface PageFacts {
  title: string | undefined;
  /** Absolute hrefs of <a>, <area> and meta refresh targets, resolved against <base> and the page URL. */
  links: string[];
  /** The <link rel="canonical"> target, resolved, when the page declares one. */
  canonical: string | undefined;
  /** `<meta name="robots">` (or our product token) says noindex / nofollow. */
  noindex: boolean;
  nofollow: boolean;
  /**
   * SHA-256 of the page's visible text (title + body, whitespace collapsed), so the same page served
   * under two URLs (whose markup differs only in self-references) hashes the same. Pages with hardly
   * any text (script-rendered shells) hash their whole markup instead, so they are not all "equal".
   */
  contentHash: string;
}

const MIN_TEXT_FOR_TEXT_HASH = 40;

function parse(html: string) {
  const { document } = parseHTML(html);
  if (document.documentElement) return document;
  return parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`).document;
}

function resolve(href: string | null | undefined, base: string): string | undefined {
  if (!href) return undefined;
  const h = href.trim();
  if (h === '' || h.startsWith('#')) return undefined;
  try {
    return new URL(h, base).href;
  } catch {
    return undefined;
  }
}

/** Reads the facts of one HTML page fetched from `pageUrl`. `robotsToken` is our robots product token. */
export function readPage(html: string, pageUrl: string, robotsToken = 'dify-agent'): PageFacts {
  const document = parse(html);
  const baseHref = document.querySelector('base[href]')?.getAttribute('href');
  const base = resolve(baseHref, pageUrl) ?? pageUrl;

  const directives = [...document.querySelectorAll('meta[name]')]
    .filter((m) => {
      const name = (m.getAttribute('name') ?? '').toLowerCase();
      return name === 'robots' || name === robotsToken.toLowerCase();
    })
    .flatMap((m) => (m.getAttribute('content') ?? '').toLowerCase().split(/[\s,]+/));
  const noindex = directives.includes('noindex') || directives.includes('none');
  const nofollow = directives.includes('nofollow') || directives.includes('none');

  const links: string[] = [];
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    const url = resolve(a.getAttribute('href'), base);
    if (url) links.push(url);
  }
  for (const meta of document.querySelectorAll('meta[http-equiv]')) {
    if ((meta.getAttribute('http-equiv') ?? '').toLowerCase() !== 'refresh') continue;
    const target = /url\s*=\s*['"]?([^'"\s]+)/i.exec(meta.getAttribute('content') ?? '')?.[1];
    const url = resolve(target, base);
    if (url) links.push(url);
  }

  const canonicalEl = [...document.querySelectorAll('link[rel][href]')].find((l) =>
    (l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  );
  // A canonical URL is resolved against the page itself, not <base>, as search engines do.
  const canonical = resolve(canonicalEl?.getAttribute('href'), pageUrl);

  const title = document.querySelector('title')?.textContent?.trim() || undefined;
  for (const el of document.querySelectorAll('script, style, noscript, template')) el.remove();
  const text = `${title ?? ''}\n${document.body?.textContent ?? ''}`.replace(/\s+/g, ' ').trim();
  const hashed = text.length >= MIN_TEXT_FOR_TEXT_HASH ? `text:${text}` : `html:${html}`;

  return {
    title,
    links,
    canonical,
    noindex,
    nofollow,
    contentHash: createHash('sha256').update(hashed).digest('hex'),
  };
}
