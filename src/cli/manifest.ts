import { readFileSync } from 'node:fs';
import type { AnyOperation, HttpMethod, Role } from '../operations/define.js';
import { inputJsonSchema, type JsonSchema } from '../operations/json-schema.js';
import { cliWords } from '../operations/names.js';

/**
 * What the CLI needs to know of an operation to offer it as a command and call it over HTTP: its name,
 * words, options (from the input's JSON Schema) and REST binding. The build writes the manifest of every
 * operation to dist/cli/manifest.json, so a command that talks to a running server starts without
 * loading the modules behind the operations (about a second of the CLI's start-up otherwise).
 */
export interface CliOperation {
  name: string;
  summary: string;
  description?: string;
  http: { method: HttpMethod; path: string; successStatus?: number };
  scope: 'tenant' | 'operator' | 'installation';
  role: Role;
  mutating: boolean;
  /** Words after `dify-agent`. */
  command: string[];
  /** Input fields taken as positional arguments, in order. */
  positional: string[];
  /** JSON Schema of the input (fields with defaults are optional). */
  input: JsonSchema;
}

export interface CliManifest {
  operations: CliOperation[];
}

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
    input: inputJsonSchema(op),
  };
}

export function describeOperations(operations: readonly AnyOperation[]): CliManifest {
  return { operations: operations.map(describeOperation) };
}

/**
 * The manifest written by the build (beside this file in dist/), or, when running from the TypeScript
 * sources, one described from the registry itself.
 */
export async function loadCliManifest(): Promise<CliManifest> {
  let text: string | undefined;
  try {
    text = readFileSync(new URL('./manifest.json', import.meta.url), 'utf8');
  } catch {
    const { operations } = await import('../operations/registry.js');
    return describeOperations(operations);
  }
  return JSON.parse(text) as CliManifest;
}

/** The names of `{placeholders}` in an operation's path. */
export function pathParamsOf(op: CliOperation): string[] {
  return [...op.http.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
