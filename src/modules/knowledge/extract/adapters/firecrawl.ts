/**
 * Firecrawl as a page reader (used when FIRECRAWL_API_KEY is set).
 *
 * Wire format (Firecrawl API v2, `POST /v2/scrape`, bearer key):
 *   request  `{ url, formats: ["markdown", "links", "rawHtml"], onlyMainContent: true,
 *              removeBase64Images: true, timeout }`
 *   success  `200 { success: true, data: { markdown, links: [url…], rawHtml,
 *              metadata: { title, description, language, sourceURL, url, statusCode, ogImage,
 *              ogSiteName, publishedTime, … }, warning? } }` — metadata values may be arrays
 *   failure  `4xx/5xx { success: false, error: "…", code?, details? }`
 * `rawHtml` is requested so that JSON-LD facts and the canonical URL come out the same as with
 * the built-in extractor. A page that answered with an error status (`metadata.statusCode` ≥ 400)
 * is a failure, not content.
 */
import { z } from 'zod';
import { AppError } from '../../../../core/errors.js';
import { documentBaseUrl, parseHtmlDocument, resolveHttpUrl } from '../dom.js';
import { interpretJsonLd, readJsonLdBlocks } from '../json-ld.js';
import { collectLinks, normalizeLanguage, readPageMetadata, toIsoDate } from '../metadata.js';
import type { ExtractedPage, PageLink, StructuredData } from '../types.js';
import {
  callReader,
  cleanHostedMarkdown,
  emptyStructuredData,
  type HostedReader,
  imagesInMarkdown,
  metadataText,
  type ReaderFetch,
  readerLinks,
} from './hosted-reader.js';

export const FIRECRAWL_API_URL = 'https://api.firecrawl.dev';

export interface FirecrawlReaderOptions {
  apiKey: string;
  fetch: ReaderFetch;
  /** Base URL of the API (self-hosted Firecrawl, or a test server). */
  apiUrl?: string;
  /** Time Firecrawl may spend on one page, in ms (sent as `timeout`; our request waits 10 s longer). */
  timeoutMs?: number;
}

const text = z.union([z.string(), z.array(z.string())]).optional();

const ScrapeResponse = z.object({
  success: z.boolean(),
  error: z.string().optional(),
  data: z
    .object({
      markdown: z.string().optional(),
      rawHtml: z.string().optional(),
      links: z.array(z.string()).optional(),
      warning: z.string().nullable().optional(),
      metadata: z
        .object({
          title: text,
          description: text,
          language: text,
          ogLocale: text,
          ogImage: text,
          ogSiteName: text,
          publishedTime: text,
          sourceURL: z.string().optional(),
          url: z.string().optional(),
          statusCode: z.number().optional(),
          error: z.string().nullable().optional(),
        })
        .optional(),
    })
    .optional(),
});

const ErrorBody = z.object({ error: z.string().optional(), message: z.string().optional() });

export function createFirecrawlReader(options: FirecrawlReaderOptions): HostedReader {
  const apiUrl = (options.apiUrl ?? FIRECRAWL_API_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function read(url: string, readOptions: { signal?: AbortSignal } = {}): Promise<ExtractedPage> {
    const answer = await callReader({
      reader: 'firecrawl',
      pageUrl: url,
      fetch: options.fetch,
      endpoint: `${apiUrl}/v2/scrape`,
      request: {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({
          url,
          formats: ['markdown', 'links', 'rawHtml'],
          onlyMainContent: true,
          removeBase64Images: true,
          timeout: timeoutMs,
        }),
      },
      timeoutMs,
      signal: readOptions.signal,
      result: ScrapeResponse,
      resultName: 'scrape result',
      errorMessage: (body) => {
        const said = ErrorBody.safeParse(body);
        return said.success ? (said.data.error ?? said.data.message ?? null) : null;
      },
    });
    if (!answer.success || !answer.data) {
      throw new AppError(
        'knowledge.reader_page_failed',
        422,
        `Firecrawl could not read ${url}: ${answer.error ?? 'no data'}`,
        {
          reader: 'firecrawl',
          url,
        },
      );
    }
    return toExtractedPage(url, answer.data);
  }

  return { name: 'firecrawl', read };
}

function toExtractedPage(
  requestedUrl: string,
  data: NonNullable<z.infer<typeof ScrapeResponse>['data']>,
): ExtractedPage {
  const metadata = data.metadata ?? {};
  const pageUrl =
    resolveHttpUrl(metadata.url ?? metadata.sourceURL ?? requestedUrl, requestedUrl) ?? requestedUrl;
  if (metadata.statusCode !== undefined && metadata.statusCode >= 400) {
    throw new AppError(
      'knowledge.reader_page_failed',
      422,
      `Firecrawl fetched ${pageUrl}, which answered ${metadata.statusCode}${metadata.error ? ` (${metadata.error})` : ''}`,
      { reader: 'firecrawl', url: pageUrl, pageStatus: metadata.statusCode },
    );
  }
  const markdown = cleanHostedMarkdown(data.markdown ?? '');
  const notes: string[] = [];
  if (data.warning) notes.push(`Firecrawl: ${data.warning}`);

  let structured: StructuredData = emptyStructuredData();
  let fromHtml: ReturnType<typeof readPageMetadata> | null = null;
  let links: PageLink[] = [];
  if (data.rawHtml && data.rawHtml.trim() !== '') {
    const doc = parseHtmlDocument(data.rawHtml);
    const base = documentBaseUrl(doc, pageUrl);
    const { blocks, notes: jsonLdNotes } = readJsonLdBlocks(doc);
    const facts = interpretJsonLd(blocks, base);
    notes.push(...jsonLdNotes);
    structured = {
      products: facts.products,
      faq: facts.faq,
      organizations: facts.organizations,
      localBusinesses: facts.localBusinesses,
      jsonLd: blocks,
    };
    fromHtml = readPageMetadata(doc, base, facts, null);
    links = collectLinks(doc, base);
  } else {
    notes.push('Firecrawl returned no HTML, so the page has no structured data');
    links = readerLinks(
      (data.links ?? []).map((href) => ['', href] as const),
      pageUrl,
    );
  }
  if (markdown === '') notes.push('Firecrawl returned no text for the page');

  return {
    url: pageUrl,
    canonicalUrl: fromHtml?.canonicalUrl ?? null,
    title: metadataText(metadata.title) ?? fromHtml?.socialTitle ?? fromHtml?.documentTitle ?? '',
    description: metadataText(metadata.description) ?? fromHtml?.description ?? null,
    language:
      normalizeLanguage(metadataText(metadata.language)) ??
      normalizeLanguage(metadataText(metadata.ogLocale)) ??
      fromHtml?.language ??
      null,
    publishedAt: toIsoDate(metadataText(metadata.publishedTime)) ?? fromHtml?.publishedAt ?? null,
    siteName: metadataText(metadata.ogSiteName) ?? fromHtml?.siteName ?? null,
    byline: fromHtml?.byline ?? null,
    leadImage: resolveHttpUrl(metadataText(metadata.ogImage), pageUrl) ?? fromHtml?.leadImage ?? null,
    markdown,
    method: 'firecrawl',
    methodReason: 'Firecrawl converted the page (FIRECRAWL_API_KEY is set)',
    images: imagesInMarkdown(markdown),
    links,
    structured,
    notes,
  };
}
