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
import { newRequestId } from '../core/ids.js';
import type { AnyOperation, Principal } from '../operations/define.js';
import { invokeOperation, mayCall, type OperationRuntime } from '../operations/invoke.js';
import { inputJsonSchema, outputJsonSchema } from '../operations/json-schema.js';
import { toolName } from '../operations/names.js';
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

/** The tools `principal` may call: a tenant's key is not offered the operator's tools, a viewer no writes. */
function toolsFor(rt: OperationRuntime, principal: Principal): Tool[] {
  return rt.registry.operations.filter((op) => mayCall(rt, op, principal)).map(toolOf);
}

/**
 * An MCP server instance acting for one principal. Tools are the registry's operations: the same input
 * and output schemas as the REST API, the same roles, limits and audit. Business errors come back as
 * `isError` results carrying the same `{ error: { code, message, details } }` body as REST, so an agent
 * can read and correct them.
 */
export function createMcpServer(rt: OperationRuntime, principal: Principal): Server {
  const server = new Server(
    { name: 'dify-agent', version: productVersion() },
    { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler('tools/list', async () => ({ tools: toolsFor(rt, principal) }));
  server.setRequestHandler('tools/call', async (request): Promise<CallToolResult> => {
    const op = rt.registry.findByTool(request.params.name);
    if (!op) throw new ProtocolError(ProtocolErrorCode.InvalidParams, `unknown tool: ${request.params.name}`);
    const requestId = newRequestId();
    try {
      const { output } = await invokeOperation(rt, op, principal, request.params.arguments ?? {}, {
        requestId,
      });
      return {
        content: [{ type: 'text', text: JSON.stringify(output) }],
        structuredContent: output as Record<string, unknown>,
      };
    } catch (error) {
      const { body } = errorBody(error, requestId, rt.app.logger);
      return { isError: true, content: [{ type: 'text', text: JSON.stringify(body) }] };
    }
  });
  return server;
}

const PRINCIPAL = 'difyAgentPrincipal';

/** The Streamable HTTP endpoint, serving both the 2025 (initialize) and the 2026 protocol eras statelessly. */
export function createMcpHttpHandler(rt: OperationRuntime): {
  handler: McpHttpHandler;
  authInfo(principal: Principal, token: string): AuthInfo;
} {
  const handler = createMcpHandler(
    (ctx) => {
      const principal = ctx.authInfo?.extra?.[PRINCIPAL] as Principal | undefined;
      if (!principal) throw new Error('MCP request reached the server without an authenticated principal');
      return createMcpServer(rt, principal);
    },
    { legacy: 'stateless', onerror: (e) => rt.app.logger.debug({ err: e }, 'mcp') },
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
