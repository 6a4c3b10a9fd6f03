import { preparePageIndex, writePageIndex } from '../../src/modules/knowledge/indexing/page-index.js';
import { insertPage } from '../../src/modules/knowledge/pages/repository.js';
import type { AppServices } from '../../src/operations/services.js';

export interface TestPage {
  id?: string;
  url: string;
  title: string;
  markdown: string;
  /** Index the page for search too (default true). */
  index?: boolean;
}

/**
 * Stores a page as a crawl would (row + search index), without crawling: for tests about what is done
 * with pages. Returns the page id.
 */
export async function addTestPage(app: AppServices, tenantId: string, page: TestPage): Promise<string> {
  const id = page.id ?? `page_test_${Math.random().toString(36).slice(2)}`;
  const now = new Date().toISOString();
  const prepared =
    page.index === false
      ? undefined
      : await preparePageIndex(app, tenantId, id, {
          url: page.url,
          title: page.title,
          markdown: page.markdown,
          publishedAt: null,
        });
  await app.db.tenant(tenantId, async (tx) => {
    await insertPage(tx, {
      id,
      tenant_id: tenantId,
      url: page.url,
      fetched_url: page.url,
      title: page.title,
      description: null,
      language: 'en',
      published_at: null,
      site_name: null,
      markdown: page.markdown,
      token_count: Math.ceil(page.markdown.length / 4),
      content_hash: id,
      etag: null,
      last_modified: null,
      links: '[]',
      extraction_method: 'article',
      method_reason: 'test page',
      structured: '{}',
      images: '[]',
      crawl_id: null,
      first_seen_at: now,
      fetched_at: now,
      changed_at: now,
      created_at: now,
      updated_at: now,
    });
    if (prepared) await writePageIndex(app, tx, tenantId, id, prepared);
  });
  return id;
}
