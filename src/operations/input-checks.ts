import type { FieldIssue } from '../core/errors.js';
import type { AnyOperation } from './define.js';
import { inputJsonSchema, type JsonSchema } from './json-schema.js';

/**
 * Checks every input passes before its schema sees it, whatever the transport (REST body, query and
 * path, MCP arguments, the CLI, the Dify route): the one place where text enters the product.
 */

/**
 * A NUL, or half of a UTF-16 surrogate pair without its other half. PostgreSQL refuses both in text and
 * JSON (`invalid byte sequence for encoding "UTF8": 0x00`); SQLite would store them and hand back bytes
 * that are not UTF-8. Neither is ever meant by a person, so both dialects refuse them alike.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any input schema goes; JSON nested further is refused before anything walks it. */
export const MAX_INPUT_DEPTH = 32;

function textProblem(text: string): string | undefined {
  const m = BAD_TEXT.exec(text);
  if (!m) return undefined;
  return m[0] === '\u0000'
    ? 'contains a NUL character (U+0000), which text does not accept'
    : `contains an unpaired UTF-16 surrogate (U+${(m[0].codePointAt(0) ?? 0).toString(16).toUpperCase()}), which is not valid Unicode text`;
}

const joinPath = (path: readonly (string | number)[]) => path.map(String).join('.') || '(root)';

/**
 * Every string and object key in `input` that is not valid Unicode text (a NUL, a lone surrogate),
 * with its field path, and a nesting deeper than MAX_INPUT_DEPTH. Walks without recursion, so no input
 * can exhaust the stack.
 */
export function textIssues(input: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const stack: Array<{ value: unknown; path: (string | number)[] }> = [{ value: input, path: [] }];
  while (stack.length > 0 && issues.length < 20) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) issues.push({ path: joinPath(path), message: problem, code: 'invalid_text' });
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      issues.push({
        path: joinPath(path),
        message: `is nested more than ${MAX_INPUT_DEPTH} levels deep`,
        code: 'too_deep',
      });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    // Pushed in reverse, so issues come out in the order of the document.
    for (const [key, child] of Object.entries(value).reverse()) {
      const problem = textProblem(key);
      if (problem) {
        issues.push({
          path: joinPath(path),
          message: `has a field name that ${problem}`,
          code: 'invalid_text',
        });
        continue;
      }
      stack.push({ value: child, path: [...path, key] });
    }
  }
  return issues;
}

/** The top-level field names an input schema declares (across the variants of a union), or undefined when open. */
function declaredFields(schema: JsonSchema): Set<string> | undefined {
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return undefined;
  const variants = [
    schema,
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...((schema.allOf as JsonSchema[]) ?? []),
  ];
  const names = new Set<string>();
  let closed = false;
  for (const v of variants) {
    if (v.properties) {
      closed = true;
      for (const name of Object.keys(v.properties)) names.add(name);
    }
    if (v.type === 'object' && v.additionalProperties !== undefined && v.additionalProperties !== false) {
      return undefined;
    }
  }
  return closed ? names : undefined;
}

const fieldCache = new WeakMap<AnyOperation, Set<string> | undefined>();

/**
 * Top-level fields of `input` that `op` does not declare. REST refuses them (the OpenAPI document
 * says `additionalProperties: false` for a body): a misspelt field silently ignored returns the wrong
 * result. See docs/api.md, "Unknown fields".
 */
export function unknownFieldIssues(op: AnyOperation, input: unknown): FieldIssue[] {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return [];
  let names = fieldCache.get(op);
  if (!fieldCache.has(op)) {
    names = declaredFields(inputJsonSchema(op));
    fieldCache.set(op, names);
  }
  if (!names) return [];
  const known = names;
  return Object.keys(input)
    .filter((key) => !known.has(key))
    .map((key) => ({
      path: key,
      message: `is not a field of ${op.name}${known.size ? ` (fields: ${[...known].join(', ')})` : ''}`,
      code: 'unrecognized_keys',
    }));
}
