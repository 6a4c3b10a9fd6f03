/**
 * Row types of the knowledge base's crawl and page tables (migration 0004). JSON columns are strings.
 * The search index (chunks, vectors) has its own tables in search/tables.ts.
 */
export interface KnowledgeCrawlsTable {
  id: string;
  tenant_id: string;
  start_url: string;
  /** JSON: the crawl options as requested. */
  options: string;
  /** queued | running | succeeded | failed | cancelled */
  status: string;
  found: number;
  done: number;
  failed: number;
  skipped: number;
  /** Pages kept that were new or changed (re-indexed). */
  changed: number;
  error_code: string | null;
  error: string | null;
  job_id: string | null;
  requested_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface KnowledgePagesTable {
  id: string;
  tenant_id: string;
  /** Canonical URL; one page per URL per tenant. */
  url: string;
  fetched_url: string;
  title: string;
  description: string | null;
  language: string | null;
  published_at: string | null;
  site_name: string | null;
  markdown: string;
  token_count: number;
  content_hash: string;
  etag: string | null;
  last_modified: string | null;
  /** JSON array of on-site links, for conditional re-crawls. */
  links: string;
  extraction_method: string;
  method_reason: string;
  /** JSON: products, offers, FAQ, organisations, local businesses and raw JSON-LD. */
  structured: string;
  /** JSON array of images with alt text. */
  images: string;
  crawl_id: string | null;
  first_seen_at: string;
  fetched_at: string;
  changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface KnowledgeCrawlIssuesTable {
  id: string;
  tenant_id: string;
  crawl_id: string;
  url: string;
  /** failed | skipped */
  kind: string;
  reason: string;
  message: string;
  http_status: number | null;
  source: string;
  depth: number;
  found_on: string | null;
  duplicate_of: string | null;
  redirected_to: string | null;
  created_at: string;
}

export interface KnowledgePageTables {
  knowledge_crawls: KnowledgeCrawlsTable;
  knowledge_pages: KnowledgePagesTable;
  knowledge_crawl_issues: KnowledgeCrawlIssuesTable;
}

declare module '../../db/schema.js' {
  interface Database extends KnowledgePageTables {}
}
