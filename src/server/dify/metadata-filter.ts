import { z } from 'zod';

/**
 * Dify's `metadata_condition` (api/core/rag/entities/metadata_entities.py): conditions on record
 * metadata joined by and/or. We apply it to the metadata we return with each record.
 */
export const comparisonOperators = [
  'contains',
  'not contains',
  'start with',
  'end with',
  'is',
  'is not',
  'empty',
  'not empty',
  'in',
  'not in',
  '=',
  '≠',
  '>',
  '<',
  '≥',
  '≤',
  'before',
  'after',
] as const;

export const MetadataCondition = z.object({
  logical_operator: z.enum(['and', 'or']).default('and'),
  conditions: z
    .array(
      z.object({
        name: z.union([z.string(), z.array(z.string())]),
        comparison_operator: z.enum(comparisonOperators),
        value: z
          .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
          .nullable()
          .optional(),
      }),
    )
    .default([]),
});
export type MetadataCondition = z.infer<typeof MetadataCondition>;
type Condition = MetadataCondition['conditions'][number];

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function asNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

function asTime(v: unknown): number {
  if (typeof v === 'number') return v < 1e12 ? v * 1000 : v; // Dify sends timestamps in seconds
  return Date.parse(String(v));
}

function list(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.split(',').map((s) => s.trim());
  return v === null || v === undefined ? [] : [String(v)];
}

function test(actual: unknown, c: Condition): boolean {
  const expected = c.value;
  const text = actual === null || actual === undefined ? '' : String(actual);
  switch (c.comparison_operator) {
    case 'contains':
      return text.toLowerCase().includes(String(expected ?? '').toLowerCase());
    case 'not contains':
      return !text.toLowerCase().includes(String(expected ?? '').toLowerCase());
    case 'start with':
      return text.toLowerCase().startsWith(String(expected ?? '').toLowerCase());
    case 'end with':
      return text.toLowerCase().endsWith(String(expected ?? '').toLowerCase());
    case 'is':
      return text === String(expected ?? '');
    case 'is not':
      return text !== String(expected ?? '');
    case 'empty':
      return isEmpty(actual);
    case 'not empty':
      return !isEmpty(actual);
    case 'in':
      return list(expected).includes(text);
    case 'not in':
      return !list(expected).includes(text);
    case '=':
      return !isEmpty(actual) && asNumber(actual) === asNumber(expected);
    case '≠':
      return isEmpty(actual) || asNumber(actual) !== asNumber(expected);
    case '>':
      return !isEmpty(actual) && asNumber(actual) > asNumber(expected);
    case '<':
      return !isEmpty(actual) && asNumber(actual) < asNumber(expected);
    case '≥':
      return !isEmpty(actual) && asNumber(actual) >= asNumber(expected);
    case '≤':
      return !isEmpty(actual) && asNumber(actual) <= asNumber(expected);
    case 'before':
      return !isEmpty(actual) && asTime(actual) < asTime(expected);
    case 'after':
      return !isEmpty(actual) && asTime(actual) > asTime(expected);
  }
}

/** True when the metadata satisfies the condition (no conditions: always true). */
export function matchesMetadata(
  metadata: Record<string, unknown>,
  condition: MetadataCondition | undefined,
): boolean {
  if (!condition || condition.conditions.length === 0) return true;
  const results = condition.conditions.map((c) => {
    const names = Array.isArray(c.name) ? c.name : [c.name];
    return names.some((n) => test(metadata[n], c));
  });
  return condition.logical_operator === 'or' ? results.some(Boolean) : results.every(Boolean);
}
