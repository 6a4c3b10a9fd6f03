import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/logger.js';
import type { Principal } from '../../operations/define.js';
import { textIssues } from '../../operations/input-checks.js';
import { invokeOperation, type OperationRuntime, RateLimitedError } from '../../operations/invoke.js';
import { rateLimitHeaders } from '../../operations/rate-limit.js';
import type { HttpEnv } from '../http-env.js';
import { bearerToken } from '../rest.js';
import { MetadataCondition, matchesMetadata } from './metadata-filter.js';

/**
 * Dify's External Knowledge API (https://docs.dify.ai/…/external-knowledge-api): a Dify app sends
 * `POST {endpoint}/retrieval` and gets passages of the tenant's knowledge base. Register the endpoint
 * `https://<host>/dify` in Dify with a tenant API key; the External Knowledge ID is the tenant's slug,
 * optionally `<slug>/<category>` to search one category only.
 *
 * A thin route over the operation pipeline: the search is the `knowledge.search` operation (same key
 * check, scopes, rate limit and validation as REST and MCP); this file only maps Dify's request and
 * response shapes and its error codes (`difyError`).
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

/** A refusal in Dify's own terms: its error code and the HTTP status Dify expects with it. */
class DifyError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 429 | 500,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Dify's `knowledge.search` hit, as the operation's output schema declares it. */
interface Hit {
  id: string;
  sourceType: string;
  sourceId: string;
  url: string | null;
  title: string;
  headingPath: string[];
  category: string | null;
  publishedAt: string | null;
  position: number;
  text: string;
  normalizedScore: number;
}

/**
 * Every failure of this route in Dify's format `{ error_code, error_msg }`: 1001 bad Authorization header,
 * 1002 authorization failed (both 403, so Dify's registration check fails on a bad key), 1003 bad request,
 * 1004 rate limited, 2001 no such knowledge base (404), 5000 internal. The HTTP app sends every error
 * under /dify here, those raised before the route runs included (the body limit's 413, an unknown path).
 */
export function difyError(error: unknown): {
  status: number;
  body: { error_code: number; error_msg: string };
} {
  if (error instanceof DifyError)
    return { status: error.status, body: { error_code: error.code, error_msg: error.message } };
  if (error instanceof RateLimitedError) {
    return {
      status: 429,
      body: { error_code: 1004, error_msg: 'Too many requests: the knowledge rate limit is reached.' },
    };
  }
  if (isAppError(error) && (error.status === 401 || error.status === 403)) {
    return { status: 403, body: { error_code: 1002, error_msg: `Authorization failed: ${error.message}` } };
  }
  if (isAppError(error) && (error.status === 413 || error.status === 404)) {
    return {
      status: error.status,
      body: { error_code: 1003, error_msg: `Invalid request: ${error.message}` },
    };
  }
  if (isAppError(error) && error.status < 500) {
    return { status: 400, body: { error_code: 1003, error_msg: `Invalid request: ${error.message}` } };
  }
  return { status: 500, body: { error_code: 5000, error_msg: 'Internal error' } };
}

/** A failed request under /dify answered in Dify's format (with Retry-After and the limits on a 429). */
export function difyErrorResponse(c: Context<HttpEnv>, error: unknown, logger: Logger): Response {
  const { status, body } = difyError(error);
  if (status === 500) logger.error({ err: error, requestId: c.get('requestId') }, 'dify retrieval failed');
  const headers = error instanceof RateLimitedError ? rateLimitHeaders(error.decision) : {};
  return c.json(body, status as 400, headers);
}

async function readRequest(c: Context<HttpEnv>): Promise<z.output<typeof RetrievalRequest>> {
  const text = await c.req.text();
  if (text.trim() === '') {
    throw new DifyError(
      400,
      1003,
      'The request body is empty: send knowledge_id, query and retrieval_setting.',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new DifyError(400, 1003, 'The request body is not valid JSON.');
  }
  const bad = textIssues(body)[0];
  if (bad) throw new DifyError(400, 1003, `Invalid request: ${bad.path}: ${bad.message}`);
  const parsed = RetrievalRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DifyError(400, 1003, `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * The key's own tenant, read through the `tenant.get` operation on the server's behalf: the Dify route
 * must compare the knowledge id with the tenant's slug whatever the key's scopes, and this read takes
 * nothing from the key's rate budget.
 */
async function ownTenant(rt: OperationRuntime, principal: Principal & { kind: 'tenant' }, requestId: string) {
  const op = rt.registry.find('tenant.get');
  if (!op) throw new AppError('internal', 500, 'the tenant.get operation is not registered');
  const asServer: Principal = { kind: 'operator', actor: principal.actor, tenantId: principal.tenantId };
  const { rateLimits: _none, ...withoutLimits } = rt;
  const { output } = await invokeOperation(withoutLimits, op, asServer, {}, { requestId });
  return output as { id: string; slug: string };
}

/** The `/dify` routes: `POST /dify/retrieval`. */
export function mountDifyRetrieval(rt: OperationRuntime): Hono<HttpEnv> {
  const search = rt.registry.find('knowledge.search');
  if (!search) throw new Error('the Dify route needs the knowledge.search operation');
  const dify = new Hono<HttpEnv>();

  dify.onError((error, c) => difyErrorResponse(c, error, rt.app.logger));

  dify.post('/retrieval', async (c) => {
    const credential = bearerToken(c.req.header('authorization'));
    if (!credential) {
      throw new DifyError(
        403,
        1001,
        'Invalid Authorization header format. Expected "Bearer <api-key>" format.',
      );
    }
    const principal = await rt.access.authenticate(credential).catch(() => {
      throw new DifyError(403, 1002, 'Authorization failed');
    });
    if (principal.kind !== 'tenant' || !rt.access.scopeAllows(principal.scopes, search.name)) {
      throw new DifyError(403, 1002, 'Authorization failed: this key may not search the knowledge base');
    }
    const request = await readRequest(c);
    const requestId = c.get('requestId');

    const tenant = await ownTenant(rt, principal, requestId);
    const [base, category] = request.knowledge_id.split('/', 2) as [string, string | undefined];
    if (base !== tenant.slug && base !== tenant.id) {
      throw new DifyError(404, 2001, `The knowledge base "${request.knowledge_id}" does not exist.`);
    }

    const topK = request.retrieval_setting.top_k;
    const conditions = request.metadata_condition ?? undefined;
    const { output, rate } = await invokeOperation(
      rt,
      search,
      principal,
      {
        query: request.query,
        // With a metadata filter, look deeper so the filter still leaves top_k records.
        topK: conditions?.conditions.length ? Math.min(50, topK * 4) : topK,
        ...(category ? { category } : {}),
        scoreThreshold: request.retrieval_setting.score_threshold,
      },
      { requestId },
    );
    const records = (output as { hits: Hit[] }).hits
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
    return c.json({ records }, 200, rate ? rateLimitHeaders(rate) : {});
  });
  return dify;
}
