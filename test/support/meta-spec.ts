import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Meta's codegen node specs (../shared/specs/meta/graph-api-specs): the fields and edges of a node, the
 * params of an edge and the enum values. Absent on a clean CI clone; callers skip then.
 */

interface NodeFile {
  apis?: Array<{ method: string; endpoint?: string; params?: Array<{ name: string }> }>;
  fields?: Array<{ name: string }>;
}

const dir = path.resolve(process.cwd(), '../shared/specs/meta/graph-api-specs');

export const metaSpecsPresent = existsSync(dir);

function load(node: string): NodeFile {
  return JSON.parse(readFileSync(path.join(dir, `${node}.json`), 'utf8')) as NodeFile;
}

/** Field and edge names a node may answer. */
export function nodeNames(node: string): Set<string> {
  const f = load(node);
  return new Set([
    ...(f.fields ?? []).map((x) => x.name),
    ...(f.apis ?? []).map((a) => a.endpoint ?? '').filter(Boolean),
  ]);
}

/** Keys of `value` that are neither fields nor edges of the node. */
export function unknownKeys(node: string, value: Record<string, unknown>): string[] {
  const names = nodeNames(node);
  return Object.keys(value).filter((k) => !names.has(k));
}

/** Params a POST (or GET) edge of the node accepts. */
export function edgeParams(node: string, method: string, edge: string): Set<string> {
  const api = (load(node).apis ?? []).find((a) => a.method === method && a.endpoint === edge);
  if (!api) throw new Error(`${node} has no ${method} ${edge}`);
  return new Set((api.params ?? []).map((p) => p.name));
}

export function enumValues(name: string): string[] {
  const all = JSON.parse(readFileSync(path.join(dir, 'enum_types.json'), 'utf8')) as
    | Array<{ name: string; values: string[] }>
    | Record<string, string[]>;
  if (Array.isArray(all)) return all.find((e) => e.name === name)?.values ?? [];
  return all[name] ?? [];
}
