/**
 * Jina Reader as a page reader (used when JINA_API_KEY is set).
 *
 * Wire format (`GET https://r.jina.ai/<page URL>`):
 *   headers  `Accept: application/json`, `Authorization: Bearer <key>`, `X-Return-Format: markdown`,
 *            `X-With-Links-Summary: true`, `X-Timeout: <seconds>`
 *   success  `200 { code: 200, status: 20000, data: { title, description, url, content,
 *            publishedTime?, links?: { text: url } | [[text, url]…], images?, usage: { tokens } } }`
 *   failure  `4xx/5xx { data: null, code, name, status, message, readableMessage }`
 * Jina returns Markdown only, so pages read this way carry no JSON-LD facts (a note says so).
 */
import { z } from 'zod';
import { resolveHttpUrl } from '../dom.js';
import { toIsoDate } from '../metadata.js';
import type { ExtractedPage } from '../types.js';
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

export const JINA_READER_URL = 'https://r.jina.ai';

export interface JinaReaderOptions {
  apiKey: string;
  fetch: ReaderFetch;
  /** Base URL of the reader (a test server in tests). */
  readerUrl?: string;
  /** Time Jina may spend rendering one page, in ms (sent as `X-Timeout` in seconds). */
  timeoutMs?: number;
}

const ReaderResponse = z.object({
  code: z.number().optional(),
  data: z.object({
    title: z.string().nullable().optional(),
    description: z.string().nullable().optional(),
    url: z.string().nullable().optional(),
    content: z.string(),
    publishedTime: z.string().nullable().optional(),
    warning: z.string().nullable().optional(),
    links: z
      .union([z.record(z.string(), z.string()), z.array(z.tuple([z.string(), z.string()]))])
      .nullable()
      .optional(),
  }),
});

const ErrorBody = z.object({
  readableMessage: z.string().optional(),
  message: z.string().optional(),
});

export function createJinaReader(options: JinaReaderOptions): HostedReader {
  const readerUrl = (options.readerUrl ?? JINA_READER_URL).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function read(url: string, readOptions: { signal?: AbortSignal } = {}): Promise<ExtractedPage> {
    const { data } = await callReader({
      reader: 'jina',
      pageUrl: url,
      fetch: options.fetch,
      endpoint: `${readerUrl}/${url}`,
      request: {
        method: 'GET',
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${options.apiKey}`,
          'x-return-format': 'markdown',
          'x-with-links-summary': 'true',
          'x-timeout': String(Math.ceil(timeoutMs / 1000)),
        },
      },
      timeoutMs,
      signal: readOptions.signal,
      result: ReaderResponse,
      resultName: 'reader result',
      errorMessage: (body) => {
        const said = ErrorBody.safeParse(body);
        return said.success ? (said.data.readableMessage ?? said.data.message ?? null) : null;
      },
    });
    const pageUrl = resolveHttpUrl(data.url, url) ?? url;
    const markdown = cleanHostedMarkdown(data.content);
    const notes = ['Jina Reader returns Markdown only, so the page has no structured data'];
    if (data.warning) notes.push(`Jina Reader: ${data.warning}`);
    if (markdown === '') notes.push('Jina Reader returned no text for the page');
    return {
      url: pageUrl,
      canonicalUrl: null,
      title: metadataText(data.title) ?? '',
      description: metadataText(data.description),
      language: null,
      publishedAt: toIsoDate(data.publishedTime),
      siteName: null,
      byline: null,
      leadImage: null,
      markdown,
      method: 'jina',
      methodReason: 'Jina Reader converted the page (JINA_API_KEY is set)',
      images: imagesInMarkdown(markdown),
      links: data.links
        ? readerLinks(Array.isArray(data.links) ? data.links : Object.entries(data.links), pageUrl)
        : [],
      structured: emptyStructuredData(),
      notes,
    };
  }

  return { name: 'jina', read };
}
