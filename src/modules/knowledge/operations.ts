import { z } from 'zod';
import { type AnyOperation, defineOperation, isoDateOrTime, pageCursor } from '../../operations/define.js';
import { cancelCrawl, getCrawl, listCrawls, startCrawl } from './crawl/crawls.js';
import { requestReindex } from './indexing/reindex.js';
import { deletePage, getPage, listPages } from './pages/pages.js';
import { searchKnowledge } from './query/search.js';
import {
  CrawlRequest,
  CrawlSchema,
  CrawlWithIssuesSchema,
  PageSchema,
  PageSummarySchema,
} from './schemas.js';

const Id = z.string().min(1).max(64);

export const knowledgeCrawl = defineOperation({
  name: 'knowledge.crawl',
  summary: "Crawl the business's website into the knowledge base",
  description:
    'Starts a crawl job and returns at once; follow it with knowledge.crawls.get. robots.txt is respected, ' +
    'sitemaps are read, pages are deduplicated, and a re-crawl only re-indexes pages that changed.',
  http: { method: 'POST', path: '/knowledge/crawls', successStatus: 202 },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  input: CrawlRequest,
  output: CrawlSchema,
  examples: [{ input: { url: 'https://www.nextdaysteel.co.uk/', maxPages: 200, exclude: ['/blog/**'] } }],
  cli: { positional: ['url'] },
  handler: (ctx, input) => startCrawl(ctx, input),
});

export const knowledgeCrawlStatus = defineOperation({
  name: 'knowledge.crawls.get',
  summary: "A crawl's status, progress and every URL it did not keep",
  http: { method: 'GET', path: '/knowledge/crawls/{id}' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({ id: Id }),
  output: CrawlWithIssuesSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => getCrawl(ctx, input.id),
});

export const knowledgeCrawlsList = defineOperation({
  name: 'knowledge.crawls.list',
  summary: 'List crawls, newest first',
  http: { method: 'GET', path: '/knowledge/crawls' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({ limit: z.number().int().min(1).max(200).default(20), cursor: pageCursor().optional() }),
  output: z.object({ crawls: z.array(CrawlSchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) => listCrawls(ctx, input.limit, input.cursor),
});

export const knowledgeCrawlCancel = defineOperation({
  name: 'knowledge.crawls.cancel',
  summary: 'Stop a queued or running crawl (pages stored so far are kept)',
  http: { method: 'POST', path: '/knowledge/crawls/{id}/cancel' },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  input: z.object({ id: Id }),
  output: CrawlSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => cancelCrawl(ctx, input.id),
});

export const knowledgePagesList = defineOperation({
  name: 'knowledge.pages.list',
  summary: 'List the pages in the knowledge base',
  http: { method: 'GET', path: '/knowledge/pages' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({
    limit: z.number().int().min(1).max(500).default(50),
    cursor: pageCursor().optional(),
    urlPrefix: z.string().max(2000).optional().describe('Only pages whose URL starts with this'),
    crawlId: z.string().optional().describe('Only pages last fetched by this crawl'),
  }),
  output: z.object({ pages: z.array(PageSummarySchema), nextCursor: z.string().nullable() }),
  handler: (ctx, input) => listPages(ctx, input),
});

export const knowledgePagesGet = defineOperation({
  name: 'knowledge.pages.get',
  summary: 'One page: its clean Markdown, metadata and structured data (products, FAQ, hours…)',
  http: { method: 'GET', path: '/knowledge/pages/{id}' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({ id: Id }),
  output: PageSchema,
  cli: { positional: ['id'] },
  handler: (ctx, input) => getPage(ctx, input.id),
});

export const knowledgePagesDelete = defineOperation({
  name: 'knowledge.pages.delete',
  summary: 'Remove a page and its passages from the knowledge base',
  description: 'A later crawl adds the page again unless it is excluded or gone from the site.',
  http: { method: 'DELETE', path: '/knowledge/pages/{id}' },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  annotations: { destructive: true },
  input: z.object({ id: Id }),
  output: z.object({ deleted: z.literal(true), id: Id, url: z.string() }),
  cli: { positional: ['id'] },
  handler: (ctx, input) => deletePage(ctx, input.id),
});

const HitSchema = z.object({
  id: z.string(),
  sourceType: z.string(),
  sourceId: z.string(),
  url: z.string().nullable(),
  title: z.string(),
  headingPath: z.array(z.string()),
  category: z.string().nullable(),
  publishedAt: z.string().nullable(),
  position: z.number().int().describe('Place of the passage in its source (0 = first)'),
  text: z.string(),
  score: z
    .number()
    .describe(
      'Relevance 0..1: calibrated estimate that the passage answers the query (docs/knowledge-search.md)',
    ),
  normalizedScore: z.number().describe('The same as score (kept for older clients)'),
  lexicalRank: z.number().nullable(),
  vectorRank: z.number().nullable(),
  highlight: z.object({ text: z.string(), html: z.string() }),
});

export const knowledgeSearch = defineOperation({
  name: 'knowledge.search',
  summary:
    'Search the knowledge base (full text with offline paraphrase recall + vectors) and get passages to cite, each with a 0..1 relevance score',
  http: { method: 'POST', path: '/knowledge/search' },
  role: 'viewer',
  rateCategory: 'knowledge',
  mutating: false,
  input: z.object({
    query: z.string().trim().min(1).max(2000),
    topK: z.number().int().min(1).max(50).default(5),
    category: z.string().max(64).optional(),
    sourceType: z.enum(['page', 'entry']).optional(),
    urlPrefix: z.string().max(2000).optional(),
    publishedFrom: isoDateOrTime('ISO date or time: only passages published on or after').optional(),
    publishedTo: isoDateOrTime('ISO date or time: only passages published on or before').optional(),
    scoreThreshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('Drop hits whose score is lower (0.5: likely answers)'),
  }),
  output: z.object({
    query: z.string(),
    hits: z.array(HitSchema),
    expansions: z
      .array(
        z.object({
          word: z.string(),
          for: z.string(),
          source: z.enum(['spelling', 'synonym', 'related', 'value', 'query']),
          weight: z.number(),
        }),
      )
      .describe("Words searched for besides the query's own: spelling fixes, synonyms, acronyms, values"),
    vectorModel: z.string().nullable(),
    cached: z.boolean(),
  }),
  examples: [{ input: { query: 'delivery charges for steel beams', topK: 5 } }],
  cli: { positional: ['query'] },
  handler: (ctx, input) => searchKnowledge(ctx, input),
});

export const knowledgeReindex = defineOperation({
  name: 'knowledge.reindex',
  summary: 'Rebuild the search index in the background',
  description:
    '`full` re-chunks and re-embeds every page; `embeddings` only adds vectors the current embedding model lacks.',
  http: { method: 'POST', path: '/knowledge/reindex', successStatus: 202 },
  role: 'editor',
  rateCategory: 'knowledge',
  mutating: true,
  annotations: { idempotent: true },
  input: z.object({ mode: z.enum(['full', 'embeddings']).default('full') }),
  output: z.object({ jobId: z.string(), mode: z.enum(['full', 'embeddings']), deduplicated: z.boolean() }),
  handler: (ctx, input) => requestReindex(ctx, input.mode),
});

export const knowledgeOperations: AnyOperation[] = [
  knowledgeCrawl,
  knowledgeCrawlStatus,
  knowledgeCrawlsList,
  knowledgeCrawlCancel,
  knowledgePagesList,
  knowledgePagesGet,
  knowledgePagesDelete,
  knowledgeSearch,
  knowledgeReindex,
];
