import { z } from 'zod';
import type { AnyOperation } from './define.js';

export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  description?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  [key: string]: unknown;
};

const cache = new WeakMap<z.ZodType, { input?: JsonSchema; output?: JsonSchema }>();

function convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const entry = cache.get(schema) ?? {};
  const hit = entry[io];
  if (hit) return hit;
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  entry[io] = json;
  cache.set(schema, entry);
  return json;
}

/** JSON Schema (2020-12) of what a client sends: fields with defaults are optional. */
export function inputJsonSchema(op: AnyOperation): JsonSchema {
  return convert(op.input, 'input');
}

/** JSON Schema (2020-12) of what the operation returns. */
export function outputJsonSchema(op: AnyOperation): JsonSchema {
  return convert(op.output, 'output');
}

const pathParamCache = new WeakMap<AnyOperation, string[]>();

/** The names of `{placeholders}` in an operation's path. */
export function pathParams(op: AnyOperation): string[] {
  let names = pathParamCache.get(op);
  if (!names) {
    names = [...op.http.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
    pathParamCache.set(op, names);
  }
  return names;
}

/** The JSON type of a property, looking through nullable unions. */
export function propertyType(schema: JsonSchema | undefined): string | undefined {
  if (!schema) return undefined;
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t) => t !== 'null');
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    for (const v of variants) {
      const t = propertyType(v);
      if (t && t !== 'null') return t;
    }
  }
  return undefined;
}

/**
 * Turns a string from a URL (query or path) into the type the schema expects, so `?limit=10` validates
 * as a number. Values that do not convert are passed on unchanged and fail validation with a clear issue.
 */
export function coerceFromString(values: string[], schema: JsonSchema | undefined): unknown {
  const type = propertyType(schema);
  const one = values[values.length - 1] ?? '';
  switch (type) {
    case 'integer':
    case 'number': {
      const n = Number(one);
      return one.trim() !== '' && Number.isFinite(n) ? n : one;
    }
    case 'boolean':
      if (['true', '1', 'yes'].includes(one.toLowerCase())) return true;
      if (['false', '0', 'no'].includes(one.toLowerCase())) return false;
      return one;
    case 'array': {
      const parts =
        values.length === 1 && !one.startsWith('[') ? one.split(',').filter((p) => p !== '') : values;
      if (values.length === 1 && one.startsWith('[')) return parseJsonOr(one);
      return parts.map((p) => coerceFromString([p], schema?.items));
    }
    case 'object':
      return parseJsonOr(one);
    default:
      return one;
  }
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Some clients (Dify's OpenAPI tools among them) can only send flat string/number/boolean fields and
 * send arrays and objects as JSON text. Accept that: a string where the schema wants an array or object
 * is parsed as JSON.
 */
export function reviveJsonStrings(
  body: Record<string, unknown>,
  schema: JsonSchema,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const [key, value] of Object.entries(body)) {
    const type = propertyType(schema.properties?.[key]);
    if (typeof value === 'string' && (type === 'array' || type === 'object')) out[key] = parseJsonOr(value);
  }
  return out;
}
