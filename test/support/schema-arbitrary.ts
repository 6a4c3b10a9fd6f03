import fc from 'fast-check';
import type { JsonSchema } from '../../src/operations/json-schema.js';

/**
 * fast-check arbitraries derived from an operation's input JSON Schema (zod v4's `toJSONSchema`, the
 * same document OpenAPI and MCP publish), so any operation — including ones added later — can be fuzzed
 * without anyone writing a generator for it. Values follow the schema most of the time (so calls get
 * past validation and reach handlers and SQL) and are hostile the rest of the time.
 */

/** Text that has broken servers: NUL, lone surrogates, percent escapes, huge, SQL and FTS syntax. */
export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udfff\ud800',
  '%',
  '%25',
  '%00',
  '%252e%252e%252f',
  '../../../etc/passwd',
  '..%2f..%2f',
  "' OR '1'='1' --",
  '"; DROP TABLE tenants; --',
  'a\\',
  'NEAR(a b, 2)',
  '"unterminated',
  'a* OR b NOT c',
  '^term col:value',
  '(((((',
  '*',
  '{"$ne":null}',
  '<script>alert(1)</script>',
  '\u202e\u2066rtl',
  '🧱🔩 I-beam',
  ' ',
  '',
  'x'.repeat(70_000),
];

/** A value nested far deeper than any schema: arrays in arrays, objects in objects. */
export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { n: value };
  return value;
}

const hostileString = fc.constantFrom(...HOSTILE_STRINGS);

/** Any JSON value, including the hostile ones. */
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.constant(deeplyNested(40)) },
);

interface Context {
  root: JsonSchema;
  depth: number;
}

function resolve(schema: JsonSchema, ctx: Context): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/$defs/')) {
    const defs = (ctx.root.$defs ?? {}) as Record<string, JsonSchema>;
    return defs[ref.slice('#/$defs/'.length)] ?? {};
  }
  if (ref === '#') return ctx.root;
  return schema;
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as string[]));
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = Math.max(min, Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 40, 60));
  switch (schema.format) {
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
    case 'url':
      return fc.webUrl();
    case 'uuid':
      return fc.uuid();
  }
  if (typeof schema.pattern === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= Math.max(max, 200));
    } catch {
      // a pattern fast-check cannot generate from: plain strings below
    }
  }
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = (schema.minimum ?? schema.exclusiveMinimum) as number | undefined;
  const hi = (schema.maximum ?? schema.exclusiveMaximum) as number | undefined;
  const min = typeof lo === 'number' ? lo : -1000;
  const max = typeof hi === 'number' ? hi : Math.max(min + 1000, 1000);
  if (integer) {
    const a = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER);
    const b = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER);
    return fc.integer({ min: a, max: Math.max(a, b) });
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

function objectArbitrary(schema: JsonSchema, ctx: Context): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, prop] of Object.entries(properties)) model[name] = valueArbitrary(prop, ctx);
  const names = Object.keys(model);
  const additional = schema.additionalProperties;
  if (names.length === 0) {
    // A record (`z.record`): keys and values of its value schema.
    const values =
      additional && typeof additional === 'object' ? valueArbitrary(additional as JsonSchema, ctx) : anyJson;
    return fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), hostileString), values, { maxKeys: 4 });
  }
  return fc.record(model, { requiredKeys: names.filter((n) => required.has(n)) });
}

/** A value that mostly satisfies `schema`, sometimes hostile. */
export function valueArbitrary(input: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  const schema = resolve(input, ctx);
  if (ctx.depth > 6) return fc.constant(null);
  const inner: Context = { root: ctx.root, depth: ctx.depth + 1 };
  const conforming = conformingArbitrary(schema, inner);
  return fc.oneof(
    { weight: 16, arbitrary: conforming },
    { weight: 1, arbitrary: hostileString },
    { weight: 1, arbitrary: anyJson },
  );
}

function conformingArbitrary(schema: JsonSchema, ctx: Context): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return fc.constantFrom(...schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.length) return fc.oneof(...variants.map((v) => valueArbitrary(v, ctx)));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    return valueArbitrary(schema.allOf[0] as JsonSchema, ctx);
  }
  const type = Array.isArray(schema.type)
    ? (schema.type.find((t) => t !== 'null') ?? 'null')
    : (schema.type ?? (schema.properties ? 'object' : undefined));
  switch (type) {
    case 'string':
      return stringArbitrary(schema);
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ? valueArbitrary(schema.items, ctx) : anyJson;
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.max(
        minLength,
        Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 4, 4),
      );
      return fc.array(items, { minLength, maxLength });
    }
    case 'object':
      return objectArbitrary(schema, ctx);
    default:
      return anyJson;
  }
}

/**
 * Inputs for an operation: objects shaped by its input schema with hostile values mixed in, now and then
 * an unknown field, a field set to a deeply nested value, or no object at all.
 */
export function inputArbitrary(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const ctx: Context = { root: schema, depth: 0 };
  const shaped = objectArbitrary(
    schema.properties || schema.type === 'object' ? schema : { type: 'object' },
    ctx,
  );
  const variants = (schema.anyOf ?? schema.oneOf ?? []).map((v) => objectArbitrary(resolve(v, ctx), ctx));
  const base = variants.length ? fc.oneof(shaped, ...variants) : shaped;
  return fc.oneof(
    { weight: 10, arbitrary: base },
    {
      weight: 1,
      arbitrary: fc
        .tuple(base, fc.constantFrom('unknownField', 'topk', '__proto__x'), anyJson)
        .map(([o, k, v]) => ({ ...o, [k]: v })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          base,
          fc.constantFrom(
            ...(Object.keys(schema.properties ?? {}).length ? Object.keys(schema.properties ?? {}) : ['x']),
          ),
        )
        .map(([o, k]) => ({ ...o, [k]: deeplyNested(40) })),
    },
  );
}
