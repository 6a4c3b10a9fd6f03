import type { Executor } from '../../../db/connect.js';
import type { AppServices } from '../../../operations/services.js';
import { type ChunkVectors, embedChunks } from '../search/embedding.js';
import type { IndexChunk } from '../search/types.js';
import { chunkMarkdown } from './chunking.js';

/**
 * The bridge from stored pages to the search index: cut a page into chunks, embed them (outside any
 * transaction: a provider call may take seconds), then write them in the caller's transaction.
 */

export interface PreparedPageIndex {
  chunks: IndexChunk[];
  /** Undefined when embedding failed: the chunks are found by full text now and get vectors later. */
  vectors: ChunkVectors | undefined;
}

export interface PageContent {
  url: string;
  title: string;
  markdown: string;
  publishedAt: string | null;
}

export async function preparePageIndex(
  app: AppServices,
  tenantId: string,
  pageId: string,
  page: PageContent,
): Promise<PreparedPageIndex> {
  const chunks: IndexChunk[] = chunkMarkdown(page.markdown, { url: page.url, title: page.title })
    .filter((c) => c.text.trim().length > 0)
    .map((c) => ({
      id: `${pageId}:${c.index}`,
      sourceType: 'page',
      sourceId: pageId,
      url: page.url,
      title: page.title,
      headingPath: c.headingPath,
      publishedAt: page.publishedAt,
      position: c.index,
      text: c.text,
      tokenCount: c.tokenCount,
    }));
  let vectors: ChunkVectors | undefined;
  try {
    vectors = await embedChunks(app.ai.embedderFor(tenantId), chunks);
  } catch (error) {
    app.logger.warn(
      { err: error, tenantId, pageId },
      'page indexed without vectors; the re-embedding job adds them',
    );
  }
  return { chunks, vectors };
}

/** Replaces a page's chunks in the index with freshly prepared ones, inside the caller's transaction. */
export async function writePageIndex(
  app: AppServices,
  tx: Executor,
  tenantId: string,
  pageId: string,
  prepared: PreparedPageIndex,
): Promise<void> {
  await app.knowledgeIndex.removeBySource(tx, tenantId, 'page', pageId);
  if (prepared.chunks.length > 0) {
    await app.knowledgeIndex.indexChunks(tx, tenantId, prepared.chunks, prepared.vectors);
  }
}

export async function removePageFromIndex(app: AppServices, tx: Executor, tenantId: string, pageId: string) {
  await app.knowledgeIndex.removeBySource(tx, tenantId, 'page', pageId);
}
