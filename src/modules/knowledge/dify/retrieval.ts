import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppServices } from '../../../app/services.js';
import { isAppError } from '../../../core/errors.js';
import type { Principal } from '../../../operations/define.js';
import { RATE_WINDOW_MS, type RateLimitStore, rateLimitHeaders } from '../../../operations/rate-limit.js';
import type { HttpEnv } from '../../../server/http-env.js';
import { requestHeader } from '../../../server/node-headers.js';
import { authenticate, scopeAllows } from '../../tenancy/keys.js';
import { cachedLimits, getTenant } from '../../tenancy/tenants.js';
import { runSearch } from '../search-service.js';
import { MetadataCondition, matchesMetadata } from './metadata-filter.js';

/**
 * Dify's External Knowledge API (https://docs.dify.ai/…/external-knowledge-api): a Dify app sends
 * `POST {endpoint}/retrieval` and gets passages of the tenant's knowledge base. Register the endpoint
 * `https://<host>/dify` in Dify with a tenant API key; the External Knowledge ID is the tenant's slug,
 * optionally `<slug>/<category>` to search one category only.
 *
 * Errors follow Dify's conventions: `{ error_code, error_msg }` with 1001 (bad Authorization header),
 * 1002 (authorization failed) — both 403, so Dify's registration check fails on a bad key — and 2001
 * (no such knowledge base, 404). The registration probe (no body) gets 400, which Dify accepts.
 */
const RetrievalRequest = z.object({
  knowledge_id: z.string().min(1).max(200),
  query: z.string().trim().min(1).max(2000),
  retrieval_setting: z
    .object({
      top_k: z.coerce.number().int().min(1).max(50).default(5),
      score_threshold: z.coerce.number().min(0).max(1).default(0),
    })
    .default({ top_k: 5, score_threshold: 0 }),
  metadata_condition: MetadataCondition.nullable().optional(),
});

function difyError(code: number, message: string) {
  return { error_code: code, error_msg: message };
}

export interface DifyRetrievalDeps {
  app: AppServices;
  rateLimits?: RateLimitStore;
}

export function mountDifyRetrieval(hono: Hono<HttpEnv>, deps: DifyRetrievalDeps): void {
  const { app } = deps;
  hono.post('/dify/retrieval', async (c) => {
    c.env.route = '/dify/retrieval';
    const header = requestHeader(c, 'authorization');
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) {
      return c.json(
        difyError(1001, 'Invalid Authorization header format. Expected "Bearer <api-key>" format.'),
        403,
      );
    }
    let principal: Principal;
    try {
      principal = await authenticate(app, match[1]);
    } catch {
      return c.json(difyError(1002, 'Authorization failed'), 403);
    }
    if (principal.kind !== 'tenant' || !scopeAllows(principal.scopes, 'knowledge.search')) {
      return c.json(difyError(1002, 'Authorization failed: this key may not search the knowledge base'), 403);
    }
    const tenantId = principal.tenantId;

    const text = await c.req.text();
    if (text.trim() === '') {
      return c.json(
        difyError(1003, 'The request body is empty: send knowledge_id, query and retrieval_setting.'),
        400,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return c.json(difyError(1003, 'The request body is not valid JSON.'), 400);
    }
    const parsed = RetrievalRequest.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json(
        difyError(1003, `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`),
        400,
      );
    }
    const request = parsed.data;

    if (deps.rateLimits) {
      const limits = await cachedLimits(app, tenantId);
      const rate = await deps.rateLimits.take(
        `${tenantId}:knowledge`,
        limits.rateLimits.knowledge,
        RATE_WINDOW_MS,
      );
      for (const [k, v] of Object.entries(rateLimitHeaders(rate))) c.header(k, v);
      if (!rate.allowed)
        return c.json(difyError(1004, 'Too many requests: the knowledge rate limit is reached.'), 429);
    }

    const tenant = await getTenant({ app, tenantId });
    const [base, category] = request.knowledge_id.split('/', 2) as [string, string | undefined];
    if (base !== tenant.slug && base !== tenant.id) {
      return c.json(difyError(2001, `The knowledge base "${request.knowledge_id}" does not exist.`), 404);
    }

    const topK = request.retrieval_setting.top_k;
    const conditions = request.metadata_condition ?? undefined;
    try {
      const results = await runSearch(
        { app, tenantId },
        {
          query: request.query,
          // With a metadata filter, look deeper so the filter still leaves top_k records.
          topK: conditions?.conditions.length ? Math.min(50, topK * 4) : topK,
          ...(category ? { category } : {}),
          scoreThreshold: request.retrieval_setting.score_threshold,
        },
      );
      const records = results.hits
        .map((hit) => ({
          content: hit.text,
          score: Math.round(hit.normalizedScore * 10000) / 10000,
          title: hit.headingPath.length ? `${hit.title} — ${hit.headingPath.join(' › ')}` : hit.title,
          metadata: {
            document_id: hit.sourceId,
            chunk_id: hit.id,
            url: hit.url ?? '',
            title: hit.title,
            source_type: hit.sourceType,
            category: hit.category ?? '',
            heading: hit.headingPath.join(' › '),
            published_at: hit.publishedAt ?? '',
            position: hit.position,
          },
        }))
        .filter((r) => matchesMetadata(r.metadata, conditions))
        .slice(0, topK);
      return c.json({ records });
    } catch (error) {
      const status = isAppError(error) && error.status < 500 ? 400 : 500;
      app.logger.error({ err: error }, 'dify retrieval failed');
      return c.json(
        difyError(status === 400 ? 1003 : 5000, isAppError(error) ? error.message : 'Internal error'),
        status,
      );
    }
  });
}
