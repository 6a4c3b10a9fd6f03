/**
 * Whether the links of a text answer: the one guard that needs the network, so it is async and apart
 * from runTextGuards. The caller passes the fetcher (in the app: core's safeFetch, which blocks private
 * addresses and bounds time; in tests: a mock), so this file never opens a connection itself.
 * HEAD first; a server that refuses HEAD (405/501) gets a GET. 2xx and 3xx answer; anything else, or
 * a thrown error, is a broken link.
 */
import type { GuardResult } from '../schemas.js';
import { urlsOf } from './text-parts.js';

export type LinkFetcher = (url: string, init: { method: 'HEAD' | 'GET' }) => Promise<{ status: number }>;

export interface LinkStatus {
  url: string;
  ok: boolean;
  status: number | null;
  error?: string;
}

async function probe(url: string, fetcher: LinkFetcher): Promise<LinkStatus> {
  const href = /^https?:\/\//i.test(url) ? url : `https://${url}`;
  try {
    let res = await fetcher(href, { method: 'HEAD' });
    if (res.status === 405 || res.status === 501) res = await fetcher(href, { method: 'GET' });
    return { url, ok: res.status >= 200 && res.status < 400, status: res.status };
  } catch (error) {
    return { url, ok: false, status: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Checks each distinct URL once (in parallel) and reports one guard result, `links_reachable`. */
export async function checkLinks(urls: readonly string[], fetcher: LinkFetcher): Promise<GuardResult> {
  const distinct = [...new Set(urls)];
  const results = await Promise.all(distinct.map((u) => probe(u, fetcher)));
  const broken = results.filter((r) => !r.ok);
  if (broken.length > 0) {
    return {
      guard: 'links_reachable',
      status: 'fail',
      message: `link${broken.length === 1 ? '' : 's'} not answering: ${broken.map((b) => `${b.url} (${b.status ?? b.error})`).join(', ')}`,
      evidence: { defect: 'broken_link', links: results },
    };
  }
  return {
    guard: 'links_reachable',
    status: 'pass',
    message:
      distinct.length > 0
        ? `${distinct.length} link${distinct.length === 1 ? '' : 's'} answering`
        : 'no links',
    evidence: { links: results },
  };
}

/** The URLs of a text as the platforms find them (for `checkLinks`). */
export function linksOf(text: string): string[] {
  return urlsOf(text).map((u) => u.text);
}
