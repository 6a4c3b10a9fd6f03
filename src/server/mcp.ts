import {
  type AuthInfo,
  type CallToolResult,
  createMcpHandler,
  type McpHttpHandler,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type Tool,
} from '@modelcontextprotocol/server';
import type { AppServices } from '../app/services.js';
import { newRequestId } from '../core/ids.js';
import type { AnyOperation, Principal } from '../operations/define.js';
import { invokeOperation, mayCall } from '../operations/invoke.js';
import { inputJsonSchema, outputJsonSchema } from '../operations/json-schema.js';
import { toolName } from '../operations/names.js';
import type { RateLimitStore } from '../operations/rate-limit.js';
import { findOperationByTool, operations } from '../operations/registry.js';
import { errorBody } from './errors.js';
import { productVersion } from './version.js';

const INSTRUCTIONS =
  'dify-agent runs a business’s social media: its knowledge base (crawled website, searchable with ' +
  'citations), brand voice, content and publishing. Tools act for the tenant whose API key is used; ' +
  'ids of other tenants are reported as not found.';

function toolOf(op: AnyOperation): Tool {
  return {
    name: toolName(op.name),
    title: op.summary,
    description: [op.summary, op.description, `Required role: ${op.role}.`].filter(Boolean).join('\n'),
    inputSchema: inputJsonSchema(op) as Tool['inputSchema'],
    outputSchema: outputJsonSchema(op) as Tool['outputSchema'],
    annotations: {
      title: op.summary,
      readOnlyHint: !op.mutating,
      destructiveHint: op.annotations?.destructive ?? false,
      idempotentHint: op.annotations?.idempotent ?? !op.mutating,
      openWorldHint: false,
    },
  };
}

let toolList: Array<{ op: AnyOperation; tool: Tool }> | undefined;
/** The tools `principal` may call: a tenant's key is not offered the operator's tools, a viewer no writes. */
function toolsFor(principal: Principal): Tool[] {
  toolList ??= operations.map((op) => ({ op, tool: toolOf(op) }));
  return toolList.filter(({ op }) => mayCall(op, principal)).map(({ tool }) => tool);
}

export interface McpDeps {
  app: AppServices;
  rateLimits?: RateLimitStore;
}

/**
 * An MCP server instance acting for one principal. Tools are the registry's operations: the same input
 * and output schemas as the REST API, the same roles, limits and audit. Business errors come back as
 * `isError` results carrying the same `{ error: { code, message, details } }` body as REST, so an agent
 * can read and correct them.
 */
export function createMcpServer(deps: McpDeps, principal: Principal): Server {
  const server = new Server(
    { name: 'dify-agent', version: productVersion() },
    { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler('tools/list', async () => ({ tools: toolsFor(principal) }));
  server.setRequestHandler('tools/call', async (request): Promise<CallToolResult> => {
    const op = findOperationByTool(request.params.name);
    if (!op) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `unknown tool: ${request.params.name}`);
    const requestId = newRequestId();
    try {
      const { output } = await invokeOperation(deps.app, op, principal, request.params.arguments ?? {}, {
        requestId,
        ...(deps.rateLimits ? { rateLimits: deps.rateLimits } : {}),
      });
      return {
        content: [{ type: 'text', text: JSON.stringify(output) }],
        structuredContent: output as Record<string, unknown>,
      };
    } catch (error) {
      const { body } = errorBody(error, requestId, deps.app.logger);
      return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }] };
    }
  });
  return server;
}

const PRINCIPAL = 'difyAgentPrincipal';

/** The Streamable HTTP endpoint, serving both the 2025 (initialize) and the 2026 protocol eras statelessly. */
export function createMcpHttpHandler(deps: McpDeps): {
  handler: McpHttpHandler;
  authInfo(principal: Principal, token: string): AuthInfo;
} {
  const handler = createMcpHandler(
    (ctx) => {
      const principal = ctx.authInfo?.extra?.[PRINCIPAL] as Principal | undefined;
      if (!principal) throw new Error('MCP request reached the server without an authenticated principal');
      return createMcpServer(deps, principal);
    },
    { legacy: 'stateless', onerror: (e) => deps.app.logger.debug({ err: e }, 'mcp') },
  );
  return {
    handler,
    authInfo: (principal, token) => ({
      token,
      clientId: principal.actor.id ?? 'operator',
      scopes: principal.kind === 'tenant' ? [...principal.scopes] : [],
      extra: { [PRINCIPAL]: principal },
    }),
  };
}
