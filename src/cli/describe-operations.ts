import type { AnyOperation } from '../operations/define.js';
import { inputJsonSchema, propertyType } from '../operations/json-schema.js';
import { cliWords } from '../operations/names.js';
import type { CliField, CliManifest, CliOperation } from './manifest-types.js';

function describeFields(op: AnyOperation): CliField[] {
  const schema = inputJsonSchema(op);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, prop]) => {
    const type = propertyType(prop);
    const itemType = type === 'array' ? propertyType(prop.items) : undefined;
    return {
      name,
      ...(type ? { type } : {}),
      ...(itemType ? { itemType } : {}),
      ...(prop.description ? { description: prop.description } : {}),
      ...(prop.default !== undefined ? { default: prop.default } : {}),
      ...(Array.isArray(prop.enum) ? { enum: prop.enum.map(String) } : {}),
      required: required.has(name),
    };
  });
}

/** The CLI's view of an operation (see manifest.ts): at build time, or when running from source. */
export function describeOperation(op: AnyOperation): CliOperation {
  return {
    name: op.name,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    http: { ...op.http },
    scope: op.scope ?? 'tenant',
    role: op.role,
    mutating: op.mutating,
    command: op.cli?.command ?? cliWords(op.name),
    positional: op.cli?.positional ?? [],
    fields: describeFields(op),
  };
}

export function describeOperations(operations: readonly AnyOperation[]): CliManifest {
  return { operations: operations.map(describeOperation) };
}
