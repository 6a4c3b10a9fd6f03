/** MCP tool name and OpenAPI operationId of an operation: `knowledge.pages.get` → `knowledge_pages_get`. */
export function toolName(operation: string): string {
  return operation.replace(/\./g, '_');
}

/** CLI words of an operation: `knowledge.pages.get` → ['knowledge', 'pages', 'get'], underscores as dashes. */
export function cliWords(operation: string): string[] {
  return operation.split('.').map((w) => w.replace(/_/g, '-'));
}

/** `includeRevoked` → `include-revoked` */
export function kebab(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
