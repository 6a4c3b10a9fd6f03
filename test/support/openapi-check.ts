import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A small checker of JSON values against OpenAPI 3.0 schemas: the subset the X spec uses ($ref, type,
 * nullable, enum, pattern, min/max, required, properties, additionalProperties, items, oneOf with a
 * discriminator, anyOf, allOf). Formats are not checked. Enough to hold the simulator's X requests and
 * responses to the official spec (../shared/specs/x).
 */

export type Schema = Record<string, unknown>;
export interface OpenApiSpec {
  paths: Record<string, Record<string, Schema>>;
  components: { schemas: Record<string, Schema>; parameters?: Record<string, Schema> };
}

/** The spec file when the shared specs are present (they are absent on a clean CI clone). */
export function loadSpec(relative: string): OpenApiSpec | undefined {
  const file = path.resolve(process.cwd(), '../shared/specs', relative);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiSpec;
}

function resolve(spec: OpenApiSpec, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
    const name = (s.$ref as string).replace('#/components/schemas/', '');
    const next = spec.components.schemas[name];
    if (!next) throw new Error(`unresolved $ref ${s.$ref}`);
    s = next;
  }
  return s;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Every violation of `schema` by `value`, as `path: message`; empty when the value conforms. */
export function check(spec: OpenApiSpec, schema: Schema, value: unknown, at = '$'): string[] {
  const s = resolve(spec, schema);
  const errors: string[] = [];
  if (value === null) return s.nullable ? [] : [`${at}: null is not allowed`];
  if (s.allOf) for (const sub of s.allOf as Schema[]) errors.push(...check(spec, sub, value, at));
  if (s.anyOf) {
    const ok = (s.anyOf as Schema[]).some((sub) => check(spec, sub, value, at).length === 0);
    if (!ok) errors.push(`${at}: matches none of anyOf`);
  }
  if (s.oneOf) {
    const disc = s.discriminator as { propertyName: string; mapping?: Record<string, string> } | undefined;
    if (disc && value && typeof value === 'object') {
      const key = (value as Record<string, unknown>)[disc.propertyName];
      const target = disc.mapping?.[String(key)];
      if (!target)
        errors.push(`${at}.${disc.propertyName}: "${String(key)}" is not one of the discriminator's values`);
      else errors.push(...check(spec, { $ref: target }, value, at));
    } else {
      const matching = (s.oneOf as Schema[]).filter((sub) => check(spec, sub, value, at).length === 0).length;
      if (matching !== 1) errors.push(`${at}: matches ${matching} of oneOf (exactly 1 expected)`);
    }
  }
  const type = s.type as string | undefined;
  const actual = typeOf(value);
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) {
    if (!(type === 'string' && (s.format === 'binary' || s.format === 'byte')))
      return [...errors, `${at}: ${actual} is not ${type}`];
  }
  if (s.enum && !(s.enum as unknown[]).includes(value))
    errors.push(`${at}: ${JSON.stringify(value)} is not in ${JSON.stringify(s.enum)}`);
  if (typeof value === 'string' && typeof s.pattern === 'string' && !new RegExp(s.pattern).test(value)) {
    errors.push(`${at}: "${value}" does not match ${s.pattern}`);
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) errors.push(`${at}: ${value} < ${s.minimum}`);
    if (typeof s.maximum === 'number' && value > s.maximum) errors.push(`${at}: ${value} > ${s.maximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems)
      errors.push(`${at}: fewer than ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && value.length > s.maxItems)
      errors.push(`${at}: more than ${s.maxItems} items`);
    if (s.items) {
      for (const [i, item] of value.entries())
        errors.push(...check(spec, s.items as Schema, item, `${at}[${i}]`));
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required as string[] | undefined) ?? [])
      if (!(r in obj)) errors.push(`${at}.${r}: required`);
    for (const [k, v] of Object.entries(obj)) {
      if (props[k]) errors.push(...check(spec, props[k], v, `${at}.${k}`));
      else if (s.additionalProperties === false)
        errors.push(`${at}.${k}: not allowed (additionalProperties false)`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        errors.push(...check(spec, s.additionalProperties as Schema, v, `${at}.${k}`));
      }
    }
  }
  return errors;
}

/** The schema of an operation's response for a status (falling back to `default`) and media type. */
export function responseSchema(
  spec: OpenApiSpec,
  route: string,
  method: string,
  status: number,
  mediaType = 'application/json',
): Schema {
  const op = spec.paths[route]?.[method.toLowerCase()] as
    | { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> }
    | undefined;
  if (!op?.responses) throw new Error(`the spec has no ${method} ${route}`);
  const res = op.responses[String(status)] ?? op.responses.default;
  const schema = res?.content?.[mediaType]?.schema ?? res?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the spec has no ${status} ${mediaType} answer for ${method} ${route}`);
  return schema;
}

export function requestSchema(
  spec: OpenApiSpec,
  route: string,
  method: string,
  mediaType = 'application/json',
): Schema {
  const op = spec.paths[route]?.[method.toLowerCase()] as
    | { requestBody?: { content?: Record<string, { schema: Schema }> } }
    | undefined;
  const schema = op?.requestBody?.content?.[mediaType]?.schema;
  if (!schema) throw new Error(`the spec has no ${mediaType} request body for ${method} ${route}`);
  return schema;
}
