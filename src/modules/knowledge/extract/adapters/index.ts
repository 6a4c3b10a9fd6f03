/**
 * Picks the hosted reader the configuration asks for: Firecrawl when its key is set, else Jina
 * Reader when its key is set, else none (the built-in extractor is used).
 */
import { createFirecrawlReader } from './firecrawl.js';
import type { HostedReader, ReaderFetch } from './hosted-reader.js';
import { createJinaReader } from './jina.js';

export { createFirecrawlReader, FIRECRAWL_API_URL, type FirecrawlReaderOptions } from './firecrawl.js';
export type { HostedReader, HostedReaderName, ReaderFetch } from './hosted-reader.js';
export { createJinaReader, JINA_READER_URL, type JinaReaderOptions } from './jina.js';

export interface HostedReaderKeys {
  firecrawlApiKey?: string | undefined;
  jinaApiKey?: string | undefined;
}

export function createHostedReader(
  keys: HostedReaderKeys,
  fetch: ReaderFetch,
  options: { timeoutMs?: number } = {},
): HostedReader | null {
  if (keys.firecrawlApiKey) return createFirecrawlReader({ apiKey: keys.firecrawlApiKey, fetch, ...options });
  if (keys.jinaApiKey) return createJinaReader({ apiKey: keys.jinaApiKey, fetch, ...options });
  return null;
}
