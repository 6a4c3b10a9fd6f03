/**
 * Sitemaps (sitemaps.org): `<urlset>` files, `<sitemapindex>` files pointing at more sitemaps, plain
 * text sitemaps (one URL per line), any of them gzip-compressed (`.xml.gz`).
 */
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../../../core/errors.js';

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

export type ParsedSitemap = { kind: 'urlset'; urls: SitemapEntry[] } | { kind: 'index'; sitemaps: string[] };

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  htmlEntities: false,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

function invalid(url: string, why: string): AppError {
  return new AppError('knowledge.sitemap_invalid', 422, `${url} is not a readable sitemap: ${why}`, { url });
}

/** Decompresses a gzip body (recognised by its magic bytes, whatever the headers say), bounded in size. */
export function maybeGunzip(body: Buffer, url: string, maxBytes: number): Buffer {
  if (body.length < 2 || body[0] !== 0x1f || body[1] !== 0x8b) return body;
  try {
    return gunzipSync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    const tooBig = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
    throw invalid(url, tooBig ? `it unpacks to more than ${maxBytes} bytes` : 'the gzip data is damaged');
  }
}

const text = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
};

export function parseSitemap(body: Buffer, url: string): ParsedSitemap {
  const content = body
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim();
  if (!content.startsWith('<')) {
    const urls = content
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^https?:\/\//i.test(l))
      .map((loc) => ({ loc }));
    if (urls.length === 0) throw invalid(url, 'it is neither XML nor a list of URLs');
    return { kind: 'urlset', urls };
  }
  // Entity declarations have no place in a sitemap and are how XML bombs start.
  if (/<!ENTITY/i.test(content)) throw invalid(url, 'it declares XML entities');
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(content, true) as Record<string, unknown>;
  } catch (error) {
    throw invalid(url, (error as Error).message.split('\n')[0] ?? 'malformed XML');
  }
  const urlset = doc.urlset as { url?: Array<Record<string, unknown>> } | undefined;
  if (urlset !== undefined) {
    const urls = (urlset?.url ?? []).flatMap((u) => {
      const loc = text(u.loc);
      const lastmod = text(u.lastmod);
      return loc ? [{ loc, ...(lastmod ? { lastmod } : {}) }] : [];
    });
    return { kind: 'urlset', urls };
  }
  const index = doc.sitemapindex as { sitemap?: Array<Record<string, unknown>> } | undefined;
  if (index !== undefined) {
    return { kind: 'index', sitemaps: (index?.sitemap ?? []).flatMap((s) => text(s.loc) ?? []) };
  }
  throw invalid(url, 'it has neither <urlset> nor <sitemapindex>');
}
