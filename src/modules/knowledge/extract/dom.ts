/**
 * Server-side DOM for extraction: linkedom (fast, small, no CSS engine), with the two gaps that
 * matter here filled in. linkedom builds the tree the markup spells out instead of running the
 * HTML5 tree-construction algorithm, so a page without `<html>`/`<body>` is wrapped first; and
 * its table element has no `rows`, which the GFM table converter needs.
 */
import { HTMLElement as LinkedomElement, parseHTML } from 'linkedom';

interface RowsHost {
  nodeName: string;
  querySelectorAll(selector: string): Iterable<Element>;
}

// HTMLTableElement.rows: the table's own rows (in thead, tbody, tfoot or directly under it), never
// those of a nested table. linkedom creates <table> as a plain HTMLElement, so the getter sits on
// its HTMLElement prototype and answers only for tables.
const elementProto = (LinkedomElement as unknown as { prototype: object }).prototype;
if (!Object.getOwnPropertyDescriptor(elementProto, 'rows')) {
  Object.defineProperty(elementProto, 'rows', {
    configurable: true,
    get(this: RowsHost & Element) {
      if (this.nodeName !== 'TABLE') return undefined;
      const rows: Element[] = [];
      for (const tr of this.querySelectorAll('tr')) {
        if (tr.closest('table') === this) rows.push(tr);
      }
      return rows;
    },
  });
}

const HAS_HTML = /<html[\s>]/i;
const HAS_BODY = /<body[\s>]/i;
const HEAD_END = /<\/head\s*>/i;

/** Parses HTML into a document that always has `<html>`, `<head>` and `<body>`. */
export function parseHtmlDocument(html: string): Document {
  let source = html;
  if (!HAS_HTML.test(source) || !HAS_BODY.test(source)) {
    const headEnd = HEAD_END.exec(source);
    if (headEnd) {
      const cut = headEnd.index + headEnd[0].length;
      const head = source.slice(0, cut).replace(/<html[^>]*>/i, '');
      const rest = source.slice(cut).replace(/<\/?(html|body)[^>]*>/gi, '');
      source = `<!DOCTYPE html><html>${head}<body>${rest}</body></html>`;
    } else {
      const rest = source.replace(/<!doctype[^>]*>/i, '').replace(/<\/?(html|body|head)[^>]*>/gi, '');
      source = `<!DOCTYPE html><html><head></head><body>${rest}</body></html>`;
    }
  }
  const { document } = parseHTML(source) as unknown as { document: Document };
  if (document.documentElement?.nodeName !== 'HTML' || !document.body) {
    // Markup odd enough to defeat the wrapping above (e.g. a stray `<html>` in a comment):
    // keep its text rather than fail.
    const escaped = html.replace(/&/g, '&amp;').replace(/</g, '&lt;');
    return (
      parseHTML(`<!DOCTYPE html><html><head></head><body><pre>${escaped}</pre></body></html>`) as unknown as {
        document: Document;
      }
    ).document;
  }
  return document;
}

/** `raw` resolved against `base` when it is an http(s) URL, else null. Fragments are kept. */
export function resolveHttpUrl(raw: string | null | undefined, base: string): string | null {
  if (!raw) return null;
  const trimmed = raw.trim();
  if (trimmed === '' || /^(javascript|data|mailto|tel|blob|about):/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The base for relative URLs: `<base href>` resolved against the page URL, else the page URL. */
export function documentBaseUrl(doc: Document, pageUrl: string): string {
  const href = doc.querySelector('base[href]')?.getAttribute('href');
  return resolveHttpUrl(href, pageUrl) ?? pageUrl;
}

/** Elements that never hold readable page content: scripts, styles, embedded objects, graphics. */
export const NON_CONTENT_ELEMENTS = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'canvas',
] as const;

/** Collapses runs of whitespace (including non-breaking spaces) to one space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u00a0\u200b\u2060\ufeff]+/g, ' ').trim();
}

const LAZY_SRC_ATTRIBUTES = ['data-src', 'data-lazy-src', 'data-original', 'data-url', 'data-hi-res-src'];
const PLACEHOLDER_SRC = /^data:|^about:|spacer|blank\.gif|pixel\.gif|placeholder|transparent\.(gif|png)/i;

/** First URL of a `srcset` attribute value. */
function firstSrcsetUrl(srcset: string | null): string | null {
  if (!srcset) return null;
  const first = srcset.split(',')[0]?.trim().split(/\s+/)[0];
  return first && first.length > 0 ? first : null;
}

/**
 * Makes every link and image URL under `root` absolute, and gives lazily loaded images their
 * real `src` (from `data-src` and friends, or `srcset`). Links that lead nowhere
 * (`javascript:`, bare `#`) lose their href so that they render as plain text.
 */
export function absolutizeUrls(root: ParentNode, base: string): void {
  for (const a of root.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href') ?? '';
    const resolved =
      href.trim().startsWith('#') && href.trim().length <= 1 ? null : resolveHttpUrl(href, base);
    if (resolved) a.setAttribute('href', resolved);
    else if (/^(mailto|tel):/i.test(href.trim())) a.setAttribute('href', href.trim());
    else a.removeAttribute('href');
  }
  for (const img of root.querySelectorAll('img')) {
    let src = img.getAttribute('src');
    if (!src || PLACEHOLDER_SRC.test(src)) {
      const lazy = LAZY_SRC_ATTRIBUTES.map((name) => img.getAttribute(name)).find(
        (v) => v && !PLACEHOLDER_SRC.test(v),
      );
      src = lazy ?? firstSrcsetUrl(img.getAttribute('data-srcset') ?? img.getAttribute('srcset')) ?? src;
    }
    const resolved = resolveHttpUrl(src, base);
    if (resolved) img.setAttribute('src', resolved);
    else img.removeAttribute('src');
    img.removeAttribute('srcset');
  }
  for (const source of root.querySelectorAll('source[srcset]')) source.removeAttribute('srcset');
}
