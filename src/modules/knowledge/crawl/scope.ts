/**
 * What a crawl may visit: the site of the start URL, narrowed by include and exclude patterns.
 *
 * Site: the start URL's host, with and without a leading `www.` (example.com and www.example.com are
 * one site), on the same port, over http or https; with `allowSubdomains`, any subdomain of it too.
 *
 * Patterns are matched against the URL path, or path + query for regular expressions:
 * - a glob such as `/blog/**` or `/products/*.html`: `*` matches within one path segment, `**` across
 *   segments, `?` one character; the glob must match the whole path, and `/blog/**` also matches `/blog`;
 * - a regular expression written between slashes, with optional flags: `/^\/docs\/v\d+\//i`; it is
 *   searched in path + query (`/page?id=3`), so anchor it with `^` to match from the start.
 * Exclude wins over include; no include patterns means everything on the site is included.
 */
import { AppError } from '../../../core/errors.js';

export interface ScopeOptions {
  /** Include subdomains of the start host (blog.example.com when starting at example.com). */
  allowSubdomains?: boolean;
  include?: readonly string[];
  exclude?: readonly string[];
}

export interface CrawlScope {
  /** The start URL's site: same host (www-insensitive), same port, http or https. */
  onSite(url: URL): boolean;
  /** On site and allowed by the include/exclude patterns. */
  allows(url: URL): boolean;
  /** The pattern that excludes the URL, or 'not included', or undefined when it is allowed. */
  patternVerdict(url: URL): string | undefined;
}

type Matcher = { source: string; test: (pathname: string, pathAndQuery: string) => boolean };

function escapeRegex(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** Compiles one include/exclude pattern; throws `knowledge.invalid_pattern` with the reason. */
export function compilePattern(pattern: string): Matcher {
  const p = pattern.trim();
  const regex = /^\/(.+)\/([a-z]*)$/s.exec(p);
  if (regex && p.length > 2) {
    try {
      const re = new RegExp(regex[1] as string, (regex[2] ?? '').replace(/[gy]/g, ''));
      return { source: p, test: (_path, full) => re.test(full) };
    } catch (error) {
      throw new AppError(
        'knowledge.invalid_pattern',
        400,
        `"${p}" is not a valid regular expression: ${(error as Error).message}`,
        {
          pattern: p,
        },
      );
    }
  }
  if (!p.startsWith('/')) {
    throw new AppError(
      'knowledge.invalid_pattern',
      400,
      `"${p}" must be a path glob starting with "/" (e.g. /blog/**) or a regular expression between slashes (e.g. /^\\/blog\\//)`,
      { pattern: p },
    );
  }
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '*' && p[i + 1] === '*') {
      // "/x/**" also matches "/x" itself.
      if (body.endsWith('/') && i + 2 === p.length) body = `${body.slice(0, -1)}(?:/.*)?`;
      else body += '.*';
      i++;
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += escapeRegex(c);
  }
  const re = new RegExp(`^${body}$`);
  return { source: p, test: (path) => re.test(path) };
}

function siteHost(hostname: string): string {
  return hostname.toLowerCase().replace(/^www\./, '');
}

export function createScope(start: URL, options: ScopeOptions = {}): CrawlScope {
  const home = siteHost(start.hostname);
  const include = (options.include ?? []).map(compilePattern);
  const exclude = (options.exclude ?? []).map(compilePattern);
  const onSite = (url: URL) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    if (url.port !== start.port) return false;
    const host = siteHost(url.hostname);
    return host === home || (options.allowSubdomains === true && host.endsWith(`.${home}`));
  };
  const patternVerdict = (url: URL) => {
    const path = decodeURIComponentSafe(url.pathname);
    const full = path + url.search;
    const excluded = exclude.find((m) => m.test(path, full));
    if (excluded) return `excluded by ${excluded.source}`;
    if (include.length > 0 && !include.some((m) => m.test(path, full)))
      return 'not matched by any include pattern';
    return undefined;
  };
  return { onSite, patternVerdict, allows: (url) => onSite(url) && patternVerdict(url) === undefined };
}

function decodeURIComponentSafe(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
