import type { AnyOperation } from './define.js';
import { inputJsonSchema, type JsonSchema, outputJsonSchema, pathParams } from './json-schema.js';
import { toolName } from './names.js';

/**
 * The OpenAPI 3.1 document of the REST API, generated from the operation registry. It follows what Dify's
 * importer needs: an absolute `servers[0].url`, an operationId on every operation (`[A-Za-z0-9_]`, the
 * MCP tool name), and parameters inline (Dify does not resolve `$ref` inside parameters).
 */
export function buildOpenApiDocument(
  operations: readonly AnyOperation[],
  info: { publicUrl: string; version: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.http.path;
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[op.http.method.toLowerCase()] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'dify-agent API',
      version: info.version,
      description:
        'Knowledge base, brand voice, content and publishing operations of dify-agent. Authenticate with ' +
        '`Authorization: Bearer da_…`. The same operations are available as MCP tools at /mcp.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: `${info.publicUrl}/api/v1` }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(operations.map((o) => o.name.split('.')[0] as string))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key: da_ followed by 40 characters',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: {
                  type: 'string',
                  description: 'Stable machine-readable code, e.g. knowledge.page_not_found',
                },
                message: { type: 'string', description: 'What went wrong and what to do about it' },
                details: { description: 'Extra data, e.g. validation issues with field paths' },
                requestId: { type: 'string' },
              },
            },
          },
        },
      },
      responses: Object.fromEntries(
        Object.entries(ERRORS).map(([status, description]) => [
          `Error${status}`,
          {
            description,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}

const ERRORS: Record<string, string> = {
  '400': 'Invalid input; details.issues lists each problem with its field path',
  '401': 'Missing, unknown, revoked or expired API key',
  '403': 'The key lacks the role or scope for this operation',
  '404': 'Not found (or not visible to this tenant)',
  '409': 'Conflicts with the current state',
  '429': 'Rate limit reached; see Retry-After',
  '500': 'Unexpected error; quote the request id when reporting it',
  '503': 'A service this call needs (Redis) cannot be reached right now; retry after Retry-After',
};

function operationObject(op: AnyOperation): Record<string, unknown> {
  const input = inputJsonSchema(op);
  const inPath = new Set(pathParams(op));
  const required = new Set(input.required ?? []);
  const properties = input.properties ?? {};
  const bodyMethod = op.http.method === 'POST' || op.http.method === 'PUT' || op.http.method === 'PATCH';

  const parameters: Record<string, unknown>[] = [];
  const bodyProperties: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(properties)) {
    if (inPath.has(name)) {
      parameters.push(parameter(name, 'path', true, schema));
    } else if (bodyMethod) {
      bodyProperties[name] = schema;
    } else {
      parameters.push(parameter(name, 'query', required.has(name), schema));
    }
  }

  const success = String(op.http.successStatus ?? 200);
  const example = op.examples?.[0];
  const result: Record<string, unknown> = {
    operationId: toolName(op.name),
    summary: op.summary,
    description: [op.description ?? op.summary, `Required role: ${op.role}.`].join(' '),
    tags: [op.name.split('.')[0]],
    parameters,
    responses: {
      [success]: {
        description: op.summary,
        content: { 'application/json': { schema: outputJsonSchema(op) } },
      },
      ...Object.fromEntries(
        Object.keys(ERRORS)
          .filter((s) => s !== '404' || inPath.size > 0 || op.mutating)
          .map((s) => [s, { $ref: `#/components/responses/Error${s}` }]),
      ),
    },
    'x-dify-agent': {
      role: op.role,
      rateCategory: op.rateCategory,
      mutating: op.mutating,
      scope: op.scope ?? 'tenant',
    },
  };
  if (bodyMethod) {
    const bodyRequired = [...required].filter((r) => !inPath.has(r));
    const bodySchema: JsonSchema = {
      type: 'object',
      properties: bodyProperties,
      ...(bodyRequired.length ? { required: bodyRequired } : {}),
      additionalProperties: false,
    };
    const content: Record<string, unknown> = { schema: bodySchema };
    if (example) {
      content.example = Object.fromEntries(
        Object.entries(example.input as Record<string, unknown>).filter(([k]) => !inPath.has(k)),
      );
    }
    result.requestBody = { required: bodyRequired.length > 0, content: { 'application/json': content } };
  }
  return result;
}

function parameter(name: string, where: 'path' | 'query', required: boolean, schema: JsonSchema) {
  const { description, ...rest } = schema;
  return {
    name,
    in: where,
    required,
    ...(typeof description === 'string' ? { description } : {}),
    schema: rest,
  };
}
