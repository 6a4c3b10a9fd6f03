/** Stores fixture pages the way the crawl pipeline does, for tests that need pages in the database. */
import { createHash } from 'node:crypto';
import { insertTestTenant } from '../../../../../test/support/tenants.js';
import { newId } from '../../../../core/ids.js';
import { countTokens } from '../../../../core/text/tokens.js';
import type { Db } from '../../../../db/connect.js';
import { writeJson } from '../../../../db/dialect.js';
import { insertPage } from '../../pages/repository.js';
import type { FixturePage } from './fixture-sites.js';

/** A bare tenant row (see test/support/tenants.ts). */
export const addTenant = insertTestTenant;

/** Inserts one extracted fixture page as a stored page; returns its id. */
export async function storeFixturePage(
  db: Db,
  tenantId: string,
  page: FixturePage,
  changedAt = new Date().toISOString(),
): Promise<string> {
  const id = newId();
  const p = page.extracted;
  await db.tenant(tenantId, (tx) =>
    insertPage(tx, {
      id,
      tenant_id: tenantId,
      url: p.url,
      fetched_url: p.url,
      title: p.title,
      description: p.description,
      language: p.language,
      published_at: p.publishedAt,
      site_name: p.siteName,
      markdown: p.markdown,
      token_count: countTokens(p.markdown),
      content_hash: createHash('sha256').update(p.markdown).digest('hex'),
      etag: null,
      last_modified: null,
      links: writeJson(p.links.map((l) => l.url)),
      extraction_method: p.method,
      method_reason: p.methodReason,
      structured: writeJson(p.structured),
      images: writeJson(p.images),
      crawl_id: null,
      first_seen_at: changedAt,
      fetched_at: changedAt,
      changed_at: changedAt,
      created_at: changedAt,
      updated_at: changedAt,
    }),
  );
  return id;
}
