import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation } from './define.js';
import { MAX_INPUT_DEPTH, textIssues, unknownFieldIssues } from './input-checks.js';

const op = defineOperation({
  name: 'test.things.create',
  summary: 'Create a thing',
  http: { method: 'POST', path: '/things' },
  role: 'editor',
  rateCategory: 'content',
  mutating: true,
  input: z.object({
    name: z.string(),
    tags: z.array(z.string()).default([]),
    meta: z.object({ a: z.string() }).optional(),
  }),
  output: z.object({}),
  handler: async () => ({}),
});

describe('textIssues', () => {
  it('names every field holding a NUL or an unpaired surrogate, at any depth', () => {
    const issues = textIssues({
      name: 'a\u0000b',
      tags: ['ok', 'x\ud800'],
      meta: { a: '\udc00y' },
      fine: 'Zoë 🧱 I-beam \ud83e\uddf1',
    });
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['name', 'invalid_text'],
      ['tags.1', 'invalid_text'],
      ['meta.a', 'invalid_text'],
    ]);
    expect(issues[0]?.message).toContain('NUL');
    expect(issues[1]?.message).toContain('U+D800');
  });

  it('checks field names too', () => {
    expect(textIssues({ 'bad\u0000key': 1 })).toMatchObject([{ path: '(root)', code: 'invalid_text' }]);
  });

  it('refuses nesting deeper than the limit without recursing (no stack overflow on 100 000 levels)', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const issues = textIssues({ field: deep });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.code).toBe('too_deep');
    expect(issues[0]?.path.split('.')).toHaveLength(MAX_INPUT_DEPTH);
    expect(textIssues({ field: [[['ok']]] })).toEqual([]);
  });

  it('passes valid text, numbers, booleans and null', () => {
    expect(textIssues({ a: 'plain', b: 1, c: true, d: null, e: ['%', '%25', "' OR 1=1 --"] })).toEqual([]);
  });
});

describe('unknownFieldIssues', () => {
  it('lists top-level fields the operation does not declare', () => {
    expect(unknownFieldIssues(op, { name: 'x', nmae: 'y' })).toMatchObject([
      { path: 'nmae', code: 'unrecognized_keys' },
    ]);
    expect(unknownFieldIssues(op, { name: 'x', tags: [], meta: { a: 'b', extra: 1 } })).toEqual([]);
  });
});
