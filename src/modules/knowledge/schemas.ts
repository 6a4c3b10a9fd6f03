import { z } from 'zod';

/** API shapes of crawls and pages (camelCase; rows are mapped in the services). */

export const crawlStatuses = ['queued', 'running', 'cancelling', 'succeeded', 'failed', 'cancelled'] as const;
export type CrawlStatus = (typeof crawlStatuses)[number];
export const finishedCrawlStatuses: readonly CrawlStatus[] = ['succeeded', 'failed', 'cancelled'];

const Pattern = z.string().min(1).max(300).describe('A path glob such as /products/** or a /regex/');

export const CrawlRequest = z.object({
  url: z.url({ protocol: /^https?$/ }).describe('Start page or sitemap (…/sitemap.xml) of the website'),
  maxPages: z
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('Pages to keep at most (default CRAWL_MAX_PAGES)'),
  maxDepth: z.number().int().min(0).max(50).optional().describe('Link hops from the start page (default 10)'),
  include: z.array(Pattern).max(50).default([]).describe('Only pages whose path matches one of these'),
  exclude: z.array(Pattern).max(50).default([]).describe('Never pages whose path matches one of these'),
  allowSubdomains: z.boolean().default(false).describe('Also crawl subdomains of the start host'),
  sitemapUrls: z
    .array(z.url({ protocol: /^https?$/ }))
    .max(20)
    .default([])
    .describe('Extra sitemaps to read'),
});
export type CrawlRequest = z.infer<typeof CrawlRequest>;

export const CrawlIssueSchema = z.object({
  url: z.string(),
  kind: z.enum(['failed', 'skipped']),
  reason: z
    .string()
    .describe('e.g. robots_disallowed, http_404, timeout, duplicate, unsupported_content_type'),
  message: z.string(),
  httpStatus: z.number().nullable(),
  source: z.string(),
  depth: z.number(),
  foundOn: z.string().nullable(),
  duplicateOf: z.string().nullable(),
  redirectedTo: z.string().nullable(),
});
export type CrawlIssue = z.infer<typeof CrawlIssueSchema>;

export const CrawlSchema = z.object({
  id: z.string(),
  url: z.string(),
  status: z.enum(crawlStatuses),
  options: z.record(z.string(), z.unknown()),
  progress: z.object({
    found: z.number().describe('Distinct URLs discovered'),
    done: z.number().describe('Pages kept'),
    changed: z.number().describe('Pages new or changed since the last crawl (re-indexed)'),
    failed: z.number(),
    skipped: z.number(),
  }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  jobId: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type Crawl = z.infer<typeof CrawlSchema>;

export const CrawlWithIssuesSchema = CrawlSchema.extend({
  issues: z.array(CrawlIssueSchema).describe('URLs not kept, each with its reason (first 500)'),
});

export const PageSummarySchema = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string(),
  language: z.string().nullable(),
  tokenCount: z.number(),
  extractionMethod: z.string(),
  crawlId: z.string().nullable(),
  fetchedAt: z.string(),
  changedAt: z.string(),
});
export type PageSummary = z.infer<typeof PageSummarySchema>;

export const PageSchema = PageSummarySchema.extend({
  fetchedUrl: z.string(),
  description: z.string().nullable(),
  publishedAt: z.string().nullable(),
  siteName: z.string().nullable(),
  markdown: z.string(),
  methodReason: z.string(),
  contentHash: z.string(),
  structured: z
    .record(z.string(), z.unknown())
    .describe('Products, offers, FAQ, organisations and local businesses'),
  images: z.array(z.object({ src: z.string(), alt: z.string() })),
  firstSeenAt: z.string(),
});
export type Page = z.infer<typeof PageSchema>;
