/**
 * What the hosted readers (Firecrawl, Jina Reader) share: the fetch they are given, the reader
 * interface they implement, how their HTTP failures become typed errors, and how their Markdown
 * is tidied into the same `ExtractedPage` the built-in extractor returns.
 */
import type { z } from 'zod';
import { AppError, isAppError } from '../../../../core/errors.js';
import type { SafeFetchOptions, SafeResponse } from '../../../../core/safe-fetch.js';
import { collapseWhitespace, resolveHttpUrl } from '../dom.js';
import { tidyMarkdown } from '../markdown.js';
import type { ExtractedPage, PageImage, PageLink, StructuredData } from '../types.js';

/** The shape of the product's `safeFetch` that the readers need (tests pass a real one). */
export type ReaderFetch = (url: string, options?: SafeFetchOptions) => Promise<SafeResponse>;

export type HostedReaderName = 'firecrawl' | 'jina';

/** A hosted service that fetches and converts a page itself. */
export interface HostedReader {
  readonly name: HostedReaderName;
  read(url: string, options?: { signal?: AbortSignal }): Promise<ExtractedPage>;
}

const LABEL: Record<HostedReaderName, string> = { firecrawl: 'Firecrawl', jina: 'Jina Reader' };
const KEY_VARIABLE: Record<HostedReaderName, string> = {
  firecrawl: 'FIRECRAWL_API_KEY',
  jina: 'JINA_API_KEY',
};

/** Seconds from a Retry-After header (seconds or HTTP date), or null. */
function retryAfterSeconds(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/**
 * The typed error for a non-2xx answer of a hosted reader. `message` is the provider's own
 * explanation when it gave one.
 */
export function readerHttpError(
  reader: HostedReaderName,
  pageUrl: string,
  response: SafeResponse,
  message: string | null,
): AppError {
  const label = LABEL[reader];
  const said = message ? `: ${message}` : '';
  const details = { reader, url: pageUrl, status: response.status };
  const status = response.status;
  if (status === 401 || status === 403) {
    return new AppError(
      'knowledge.reader_auth_failed',
      502,
      `${label} refused the API key (${status})${said}; check ${KEY_VARIABLE[reader]}`,
      details,
    );
  }
  if (status === 402) {
    return new AppError(
      'knowledge.reader_quota_exhausted',
      502,
      `${label} has no credits left${said}`,
      details,
    );
  }
  if (status === 429) {
    const retry = retryAfterSeconds(response.headers);
    return new AppError(
      'knowledge.reader_rate_limited',
      429,
      `${label} is rate limiting requests${said}${retry === null ? '' : `; retry in ${retry} s`}`,
      { ...details, retryAfterSeconds: retry },
    );
  }
  if (status === 408 || status === 504) {
    return new AppError(
      'knowledge.reader_timeout',
      504,
      `${label} timed out reading ${pageUrl}${said}`,
      details,
    );
  }
  if (status >= 400 && status < 500) {
    return new AppError(
      'knowledge.reader_page_failed',
      422,
      `${label} could not read ${pageUrl}${said}`,
      details,
    );
  }
  return new AppError('knowledge.reader_failed', 502, `${label} failed (${status})${said}`, details);
}

/** Wraps a transport failure (`fetch.*` errors) so that the caller sees which reader failed. */
export function readerTransportError(reader: HostedReaderName, pageUrl: string, error: unknown): AppError {
  const label = LABEL[reader];
  if (isAppError(error) && error.code === 'fetch.timeout') {
    return new AppError(
      'knowledge.reader_timeout',
      504,
      `${label} did not answer in time for ${pageUrl}`,
      {
        reader,
        url: pageUrl,
      },
      { cause: error },
    );
  }
  if (isAppError(error) && error.code.startsWith('knowledge.')) return error;
  const why = error instanceof Error ? error.message : String(error);
  return new AppError(
    'knowledge.reader_unreachable',
    502,
    `${label} could not be reached: ${why}`,
    {
      reader,
      url: pageUrl,
    },
    { cause: error },
  );
}

export function badResponse(reader: HostedReaderName, pageUrl: string, why: string): AppError {
  return new AppError(
    'knowledge.reader_bad_response',
    502,
    `${LABEL[reader]} sent an unexpected answer: ${why}`,
    {
      reader,
      url: pageUrl,
    },
  );
}

/** One request to a hosted reader's API about the page at `pageUrl`. */
export interface ReaderRequest<T> {
  reader: HostedReaderName;
  pageUrl: string;
  fetch: ReaderFetch;
  /** The API URL to call. */
  endpoint: string;
  request: Pick<SafeFetchOptions, 'method' | 'headers' | 'body'>;
  /** Time the reader may spend on the page; our request waits 10 s longer so its own timeout answers first. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The documented shape of a successful answer, and what to call it when an answer does not fit it. */
  result: z.ZodType<T>;
  resultName: string;
  /** The provider's own explanation in an error answer's body, when it gave one. */
  errorMessage: (body: unknown) => string | null;
}

/**
 * Sends the request and returns the answer in its documented shape; a transport failure, an error
 * status or an answer of another shape becomes the typed reader error that says which.
 */
export async function callReader<T>(call: ReaderRequest<T>): Promise<T> {
  let response: SafeResponse;
  try {
    response = await call.fetch(call.endpoint, {
      ...call.request,
      timeoutMs: call.timeoutMs + 10_000,
      ...(call.signal ? { signal: call.signal } : {}),
    });
  } catch (error) {
    throw readerTransportError(call.reader, call.pageUrl, error);
  }
  const body = jsonBody(response);
  if (!response.ok) throw readerHttpError(call.reader, call.pageUrl, response, call.errorMessage(body));
  const parsed = call.result.safeParse(body);
  if (!parsed.success) {
    throw badResponse(call.reader, call.pageUrl, `the ${call.resultName} does not have the documented shape`);
  }
  return parsed.data;
}

/** The body as JSON, or null when it is not JSON (error pages from proxies). */
export function jsonBody(response: SafeResponse): unknown {
  try {
    return JSON.parse(response.text());
  } catch {
    return null;
  }
}

const DATA_IMAGE = /!\[[^\]]*\]\(\s*data:[^)]*\)/g;
const MARKDOWN_IMAGE = /!\[((?:\\.|[^\]\\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const EMPTY_LINK = /(?<!!)\[\s*\]\([^)]*\)/g;

/** The hosted reader's Markdown held to the same rules as ours: no data: images, no empty links, tidy. */
export function cleanHostedMarkdown(markdown: string): string {
  return tidyMarkdown(markdown.replace(DATA_IMAGE, '').replace(EMPTY_LINK, ''));
}

/** Images referenced by Markdown, absolute http(s) only, deduplicated. */
export function imagesInMarkdown(markdown: string): PageImage[] {
  const images: PageImage[] = [];
  const seen = new Set<string>();
  for (const m of markdown.matchAll(MARKDOWN_IMAGE)) {
    const src = m[2] as string;
    if (!/^https?:\/\//i.test(src) || seen.has(src)) continue;
    seen.add(src);
    images.push({ src, alt: (m[1] as string).replace(/\\(.)/g, '$1').trim(), caption: null });
  }
  return images;
}

/** A metadata value collapsed to one line (the first one of a list), or null when it is empty. */
export function metadataText(value: string | readonly string[] | null | undefined): string | null {
  const v = typeof value === 'string' ? value : value?.[0];
  const text = v ? collapseWhitespace(v) : '';
  return text === '' ? null : text;
}

/** Links a reader listed as `[text, href]`: absolute http(s), without fragment, each URL once. */
export function readerLinks(pairs: Iterable<readonly [string, string]>, base: string): PageLink[] {
  const out: PageLink[] = [];
  const seen = new Set<string>();
  for (const [text, href] of pairs) {
    const url = resolveHttpUrl(href, base)?.replace(/#.*$/, '');
    if (!url || seen.has(url)) continue;
    seen.add(url);
    out.push({ url, text: collapseWhitespace(text) });
  }
  return out;
}

export function emptyStructuredData(): StructuredData {
  return { products: [], faq: [], organizations: [], localBusinesses: [], jsonLd: [] };
}
