import { readFileSync } from 'node:fs';
import type { CliManifest, CliOperation } from './manifest-types.js';

export type { CliField, CliManifest, CliOperation } from './manifest-types.js';

/**
 * The manifest written by the build (beside this file in dist/), or, when running from the TypeScript
 * sources, one described from the registry itself.
 */
export async function loadCliManifest(): Promise<CliManifest> {
  let text: string | undefined;
  try {
    text = readFileSync(new URL('./manifest.json', import.meta.url), 'utf8');
  } catch {
    const [{ operationRegistry }, { describeOperations }] = await Promise.all([
      import('../app/modules.js'),
      import('./describe-operations.js'),
    ]);
    return describeOperations(operationRegistry().operations);
  }
  return JSON.parse(text) as CliManifest;
}

/** The names of `{placeholders}` in an operation's path. */
export function pathParamsOf(op: CliOperation): string[] {
  return [...op.http.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}
