/**
 * URL canonicalisation: the key under which a page is fetched once and stored once. Two links that
 * differ only in ways that never change the page (letter case of the host, a default port, a fragment,
 * tracking parameters, the order of query parameters) give the same key.
 */

/** Query parameters that only track a visit; dropped from every URL. */
const trackingParams = new Set([
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'fbclid',
  'msclkid',
  'yclid',
  'twclid',
  'li_fat_id',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'igshid',
]);

function isTracking(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || trackingParams.has(n);
}

/**
 * The canonical form of an absolute http(s) URL, or undefined for anything else (mailto:, javascript:,
 * unparsable). `base` resolves relative links.
 *
 * - scheme and host lowercased (the URL parser does it), default ports removed, IDN hosts in punycode;
 * - fragment removed;
 * - utm_* and click ids (gclid, fbclid, msclkid, …) removed, remaining parameters sorted by name
 *   (stable, so repeated parameters keep their order); an empty query is removed;
 * - the path is kept as written apart from dot segments (`/a/../b` → `/b`): `/about` and `/about/`
 *   may be different pages, so they stay different keys (content-hash dedupe catches true twins).
 */
export function canonicalizeUrl(input: string, base?: string | URL): string | undefined {
  let url: URL;
  try {
    url = base === undefined ? new URL(input.trim()) : new URL(input.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  if (url.search) {
    const params = new URLSearchParams(url.search);
    for (const name of [...params.keys()]) if (isTracking(name)) params.delete(name);
    params.sort();
    const query = params.toString();
    url.search = query ? `?${query}` : '';
  }
  return url.href;
}

/** The file extension of a URL's last path segment, lowercased, without the dot (`pdf`), or ''. */
export function urlExtension(url: string): string {
  const path = new URL(url).pathname;
  const last = path.slice(path.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
}
