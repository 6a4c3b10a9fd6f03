import type { OperationContext } from '../../../operations/define.js';
import type { SearchFilters, SearchResults } from '../search/types.js';

export interface KnowledgeSearchInput {
  query: string;
  topK: number;
  category?: string | undefined;
  sourceType?: 'page' | 'entry' | undefined;
  urlPrefix?: string | undefined;
  publishedFrom?: string | undefined;
  publishedTo?: string | undefined;
  scoreThreshold?: number | undefined;
}

export interface KnowledgeHit {
  id: string;
  sourceType: string;
  sourceId: string;
  url: string | null;
  title: string;
  headingPath: string[];
  category: string | null;
  publishedAt: string | null;
  /** The passage's place in its source (0 = first). */
  position: number;
  text: string;
  score: number;
  normalizedScore: number;
  lexicalRank: number | null;
  vectorRank: number | null;
  highlight: { text: string; html: string };
}

/** Runs the tenant's hybrid search, embedding the query with the tenant's model. */
export async function runSearch(
  ctx: Pick<OperationContext, 'app' | 'tenantId'>,
  input: KnowledgeSearchInput,
): Promise<SearchResults> {
  const filters: SearchFilters = {
    ...(input.category ? { category: input.category } : {}),
    ...(input.sourceType ? { sourceType: input.sourceType } : {}),
    ...(input.urlPrefix ? { urlPrefix: input.urlPrefix } : {}),
    ...(input.publishedFrom ? { publishedFrom: input.publishedFrom } : {}),
    ...(input.publishedTo ? { publishedTo: input.publishedTo } : {}),
  };
  return ctx.app.knowledgeIndex.search(ctx.app.db, ctx.tenantId, input.query, {
    topK: input.topK,
    filters,
    embedder: ctx.app.ai.embedderFor(ctx.tenantId),
    ...(input.scoreThreshold !== undefined ? { scoreThreshold: input.scoreThreshold } : {}),
  });
}

export async function searchKnowledge(
  ctx: OperationContext,
  input: KnowledgeSearchInput,
): Promise<{
  query: string;
  hits: KnowledgeHit[];
  expansions: SearchResults['expansions'];
  vectorModel: string | null;
  cached: boolean;
}> {
  const r = await runSearch(ctx, input);
  return {
    query: r.query,
    expansions: r.expansions,
    vectorModel: r.vectorModel,
    cached: r.cached,
    hits: r.hits.map((h) => ({
      id: h.id,
      sourceType: h.sourceType,
      sourceId: h.sourceId,
      url: h.url,
      title: h.title,
      headingPath: h.headingPath,
      category: h.category,
      publishedAt: h.publishedAt,
      position: h.position,
      text: h.text,
      score: h.score,
      normalizedScore: h.normalizedScore,
      lexicalRank: h.lexical?.rank ?? null,
      vectorRank: h.vector?.rank ?? null,
      highlight: { text: h.highlight.text, html: h.highlight.html },
    })),
  };
}
