import type { AnyOperation } from './define.js';
import { toolName } from './names.js';

/**
 * Every operation of the product, by name and by MCP tool name. REST routes, the OpenAPI document, MCP
 * tools and CLI commands are all generated from it, so the transports cannot disagree. The app builds it
 * from its modules' operations (src/app/modules.ts) and hands it to the transports.
 */
export interface OperationRegistry {
  readonly operations: readonly AnyOperation[];
  find(name: string): AnyOperation | undefined;
  findByTool(tool: string): AnyOperation | undefined;
}

export function createOperationRegistry(operations: readonly AnyOperation[]): OperationRegistry {
  const byName = new Map(operations.map((op) => [op.name, op]));
  if (byName.size !== operations.length) {
    const seen = new Set<string>();
    const twice = operations.find((op) => seen.size === seen.add(op.name).size)?.name;
    throw new Error(`two operations share the name ${twice}`);
  }
  const byTool = new Map(operations.map((op) => [toolName(op.name), op]));
  return {
    operations,
    find: (name) => byName.get(name),
    findByTool: (tool) => byTool.get(tool),
  };
}
