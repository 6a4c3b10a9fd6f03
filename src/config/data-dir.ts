import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Where data lives when DATA_DIR is not set. */
export const DEFAULT_DATA_DIR = './data';

/**
 * DATA_DIR as `loadConfig` resolves it — the environment, else the config file, else the default —
 * without reading and checking every other setting: all the CLI needs to find the server running for
 * this data directory. A config file that cannot be read is left for `loadConfig` to report.
 */
export function resolveDataDir(
  options: { env?: Record<string, string | undefined>; cwd?: string } = {},
): string {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  let given = env.DATA_DIR;
  if (given === undefined) {
    try {
      const file = env.CONFIG_FILE ?? path.join(cwd, 'dify-agent.config.json');
      const fromFile = (JSON.parse(readFileSync(file, 'utf8')) as { DATA_DIR?: unknown } | null)?.DATA_DIR;
      if (typeof fromFile === 'string') given = fromFile;
    } catch {
      // no config file, or one loadConfig will refuse with a clear message
    }
  }
  return path.resolve(cwd, given?.trim() || DEFAULT_DATA_DIR);
}
