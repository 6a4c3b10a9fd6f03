import { describe, expect, it } from 'vitest';
import { inputJsonSchema, outputJsonSchema } from '../../operations/json-schema.js';
import { voiceOperations } from './operations.js';

describe('voiceOperations', () => {
  it('declares the five voice operations with the roles the product promises', () => {
    expect(voiceOperations.map((o) => [o.name, o.role, o.mutating])).toEqual([
      ['voice.learn', 'editor', true],
      ['voice.get', 'viewer', false],
      ['voice.rules.update', 'editor', true],
      ['voice.score', 'viewer', false],
      ['voice.drift.check', 'viewer', false],
    ]);
  });

  it('has input and output schemas that convert to JSON Schema for OpenAPI and MCP', () => {
    for (const op of voiceOperations) {
      const input = inputJsonSchema(op);
      expect(input.type, op.name).toBe('object');
      expect(outputJsonSchema(op).type, op.name).toBe('object');
    }
  });

  it('accepts its own examples', () => {
    for (const op of voiceOperations)
      for (const example of op.examples ?? []) expect(op.input.safeParse(example.input).success).toBe(true);
  });
});
