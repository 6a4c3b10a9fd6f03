import { aiOperations } from '../ai/operations.js';
import { eventOperations } from '../modules/events/operations.js';
import { generationModule } from '../modules/generation/index.js';
import { catalogOperations } from '../modules/knowledge/catalog/operations.js';
import { entryOperations } from '../modules/knowledge/entries/operations.js';
import { gapOperations } from '../modules/knowledge/gaps/operations.js';
import { knowledgeOperations } from '../modules/knowledge/operations.js';
import { publishingModule } from '../modules/publishing/index.js';
import { tenancyOperations } from '../modules/tenancy/operations.js';
import { voiceOperations } from '../modules/voice/operations.js';
import type { AnyOperation } from './define.js';
import { toolName } from './names.js';

/**
 * Every operation of the product. REST routes, the OpenAPI document, MCP tools and CLI commands are all
 * generated from this list, so the transports cannot disagree.
 */
export const operations: readonly AnyOperation[] = [
  ...tenancyOperations,
  ...knowledgeOperations,
  ...entryOperations,
  ...catalogOperations,
  ...gapOperations,
  ...aiOperations,
  ...voiceOperations,
  ...eventOperations,
  ...generationModule.operations,
  ...publishingModule.operations,
];

const byName = new Map(operations.map((op) => [op.name, op]));
if (byName.size !== operations.length) throw new Error('two operations share a name');
const byTool = new Map(operations.map((op) => [toolName(op.name), op]));

export function findOperation(name: string): AnyOperation | undefined {
  return byName.get(name);
}

export function findOperationByTool(tool: string): AnyOperation | undefined {
  return byTool.get(tool);
}
