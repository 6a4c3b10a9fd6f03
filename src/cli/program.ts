import { Command, Option } from 'commander';
import { type Role, startProcess } from '../app/runtime.js';
import { type Config, loadConfig } from '../config/load.js';
import { rotateMasterKey } from '../core/crypto.js';
import { AppError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { openDatabase } from '../db/connect.js';
import { appliedMigrations } from '../db/migration.js';
import { operations } from '../operations/registry.js';
import { productVersion } from '../server/version.js';
import { LocalClient, type OperationClient, RemoteClient } from './client.js';
import { crawlCommand } from './crawl-progress.js';
import { exportCommand } from './export-file.js';
import { runMcpStdio } from './mcp-stdio.js';
import { addOperationCommands } from './operations.js';
import { publishCommand } from './publish-wait.js';
import { renderHuman } from './render.js';

export interface ProgramIo {
  out(text: string): void;
  env: Record<string, string | undefined>;
  /** Resolves when a role process should shut down (SIGINT/SIGTERM in production, a test hook otherwise). */
  untilShutdown(): Promise<string>;
}

/** The `dify-agent` command line: process roles, maintenance commands, and one command per operation. */
export function buildProgram(io: ProgramIo): Command {
  let config: Config | undefined;
  const getConfig = () => {
    config ??= loadConfig({ env: io.env });
    return config;
  };

  const program = new Command('dify-agent')
    .description('AI social media agent: knowledge base, brand voice, posts, publishing and analytics')
    .version(productVersion())
    .addOption(new Option('--json', 'print results as JSON'))
    .addOption(new Option('--api-key <key>', 'API key to act with (default: DIFY_AGENT_API_KEY)'))
    .addOption(
      new Option('--tenant <slug>', 'act inside this tenant as the local operator (no key needed locally)'),
    )
    .addOption(
      new Option(
        '--url <url>',
        'call a running server instead of the local data directory (default: DIFY_AGENT_URL)',
      ),
    )
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()) });

  const runRoles = async (roles: Role[]) => {
    const running = await startProcess(getConfig(), roles, createLogger(getConfig().logLevel));
    const signal = await io.untilShutdown();
    running.app.logger.info({ signal }, 'shutting down');
    await running.stop();
  };

  program
    .command('start')
    .description('run the API, a worker and the scheduler in one process')
    .action(() => runRoles(['api', 'worker', 'scheduler']));
  program
    .command('serve')
    .description('run only the HTTP API')
    .action(() => runRoles(['api']));
  program
    .command('worker')
    .description('run a job worker (as many as you like, on any machine)')
    .action(() => runRoles(['worker']));
  program
    .command('scheduler')
    .description('run the scheduler of recurring jobs (only the elected leader enqueues)')
    .action(() => runRoles(['scheduler']));
  program
    .command('migrate')
    .description('apply pending database migrations and list what is applied')
    .action(async () => {
      const cfg = getConfig();
      const db = await openDatabase(cfg.database);
      const applied = await appliedMigrations(db.kysely as never, db.dialect);
      await db.close();
      const json = program.opts().json;
      io.out(
        json
          ? JSON.stringify({ dialect: cfg.database.dialect, applied }, null, 2)
          : `${cfg.database.dialect}: ${applied.join(', ')}`,
      );
    });
  program
    .command('rotate-master-key')
    .description(
      'operator: re-wrap every tenant data key with MASTER_KEY (old key in MASTER_KEY_PREVIOUS); data is not touched',
    )
    .action(async () => {
      const cfg = getConfig();
      const db = await openDatabase(cfg.database);
      try {
        const result = await rotateMasterKey(db, cfg);
        io.out(program.opts().json ? JSON.stringify(result, null, 2) : renderHuman(result));
        if (result.unreadable.length > 0) {
          throw new AppError(
            'crypto.rotation_incomplete',
            409,
            `${result.unreadable.length} data keys could not be read with MASTER_KEY or MASTER_KEY_PREVIOUS`,
          );
        }
      } finally {
        await db.close();
      }
    });
  program
    .command('sim')
    .description(
      'run the local simulator of the X, LinkedIn, Facebook and Instagram APIs (docs/simulator.md)',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '4010')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of ids, fault dice and engagement noise', '1')
    .option('--latency <ms>', 'delay added to every platform call', '0')
    .action(async (opts: { port: string; host: string; seed: string; latency: string }) => {
      const { startSimulator } = await import('../sim/index.js');
      const sim = await startSimulator({
        port: Number(opts.port),
        host: opts.host,
        seed: Number(opts.seed),
        latencyMs: Number(opts.latency),
      });
      const env = sim.control.env();
      io.out(
        program.opts().json
          ? JSON.stringify({ url: sim.url, env }, null, 2)
          : [`simulator listening on ${sim.url}`, ...Object.entries(env).map(([k, v]) => `  ${k}=${v}`)].join(
              '\n',
            ),
      );
      await io.untilShutdown();
      await sim.close();
    });
  program
    .command('mcp')
    .description('serve MCP over stdio for the tenant of DIFY_AGENT_API_KEY')
    .action(async () => {
      const opts = program.opts<{ apiKey?: string }>();
      await runMcpStdio(getConfig(), opts.apiKey ?? io.env.DIFY_AGENT_API_KEY);
    });

  addOperationCommands(
    program,
    operations,
    {
      client(command): OperationClient {
        const opts = command.optsWithGlobals<{ apiKey?: string; tenant?: string; url?: string }>();
        const apiKey = opts.apiKey ?? io.env.DIFY_AGENT_API_KEY;
        const url = opts.url ?? io.env.DIFY_AGENT_URL;
        if (url) return new RemoteClient(url, apiKey);
        return new LocalClient(getConfig(), {
          ...(apiKey ? { apiKey } : {}),
          ...(opts.tenant ? { tenant: opts.tenant } : {}),
        });
      },
      print: (text) => io.out(text),
    },
    { 'knowledge.crawl': crawlCommand, 'tenant.export': exportCommand, 'posts.publish': publishCommand },
  );
  return program;
}
