import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { exitCodeForStatus, exitCodes } from './cli/exit-codes.js';
import { loadCliManifest } from './cli/manifest.js';
import { buildProgram } from './cli/program.js';
import { ConfigError } from './config/errors.js';
import { type FieldIssue, isAppError, ValidationError } from './core/errors.js';

/**
 * Process entry of `dify-agent`. Every failure ends in one readable line on stderr and an exit code a
 * script can act on (see cli/exit-codes.ts); stack traces only with LOG_LEVEL=debug. Modules are loaded
 * by the commands that need them, so a call to a running server starts in a fraction of a second.
 */
function fail(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`dify-agent: invalid configuration: ${error.message}\n`);
    process.exit(exitCodes.config);
  }
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : exitCodes.invalid);
  if (isAppError(error)) {
    process.stderr.write(`error: ${error.message} (${error.code})\n`);
    // In-process a ValidationError; from a server, the same issues in the error's details.
    const issues =
      error instanceof ValidationError
        ? error.issues
        : ((error.details as { issues?: FieldIssue[] } | undefined)?.issues ?? []);
    for (const issue of Array.isArray(issues) ? issues : []) {
      process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
    }
    process.exit(exitCodeForStatus(error.status, error.code));
  }
  process.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(exitCodes.error);
}

try {
  const program = buildProgram(
    {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      env: process.env,
      columns: process.stdout.isTTY ? process.stdout.columns : Number(process.env.COLUMNS) || undefined,
      stdin: () => readFileSync(0, 'utf8'),
      untilShutdown: () =>
        new Promise((resolve) => {
          for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve(signal));
        }),
    },
    await loadCliManifest(),
  );
  program.exitOverride();
  await program.parseAsync(process.argv);
} catch (error) {
  fail(error);
}
