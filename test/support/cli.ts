import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestDatabase } from './db.js';

const run = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `dify-agent` command against a test database, as a user would from a shell. */
export async function runCli(
  t: TestDatabase,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  try {
    const r = await run(process.execPath, [path.resolve('bin/dify-agent.js'), ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        DATA_DIR: t.dataDir,
        DATABASE_URL: t.url,
        LOG_LEVEL: 'error',
        ...env,
      },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
