import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { closeAppServices, createAppServices, createOperationRuntime } from '../app/create.js';
import type { Config } from '../config/load.js';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { createMcpServer } from '../server/mcp.js';

/**
 * `dify-agent mcp`: MCP over stdin/stdout for a desktop client, acting for the tenant of the API key.
 * Logs go to stderr; stdout carries only protocol messages. Returns when the client closes stdin.
 */
export async function runMcpStdio(config: Config, apiKey: string | undefined): Promise<void> {
  if (!apiKey) {
    throw new AppError(
      'auth.unauthorized',
      401,
      'set DIFY_AGENT_API_KEY to the tenant key the MCP server acts for',
    );
  }
  const app = await createAppServices(config, {
    logger: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
  });
  try {
    const runtime = createOperationRuntime(app);
    const principal = await runtime.access.authenticate(apiKey);
    await new Promise<void>((resolve) => {
      const handle = serveStdio(() => createMcpServer(runtime, principal), {
        onerror: (e) => app.logger.warn({ err: e }, 'mcp stdio'),
      });
      process.stdin.once('end', () => {
        void handle.close().then(resolve, resolve);
      });
      process.stdin.once('close', () => resolve());
    });
  } finally {
    await closeAppServices(app);
  }
}
