import { Command, Option } from 'commander';
import type { Role } from '../app/runtime.js';
import type { Config } from '../config/load.js';
import { AppError } from '../core/errors.js';
import { productVersion } from '../server/version.js';
import { connect, type GlobalOptions, resolveConnection } from './connection.js';
import { crawlCommand } from './crawl-progress.js';
import { exportCommand } from './export-file.js';
import type { CliManifest } from './manifest.js';
import { mediaRenderCommand, mediaUploadCommand } from './media-files.js';
import { addOperationCommands, type CommandOverride } from './operations.js';
import { publishCommand } from './publish-wait.js';
import { renderHuman } from './render.js';
import { runRoles } from './roles.js';
import { skillCommands } from './skills.js';
import { describeStatus, renderStatus } from './status.js';

export interface ProgramIo {
  /** Writes a result (stdout). */
  out(text: string): void;
  /** Writes a note, a warning or progress (stderr). */
  err?(text: string): void;
  env: Record<string, string | undefined>;
  /** Resolves when a role process should shut down (SIGINT/SIGTERM in production, a test hook otherwise). */
  untilShutdown(): Promise<string>;
  /** Width human output is folded to (the terminal's; 100 when there is none). */
  columns?: number;
  /** Standard input as text, for `-` values. */
  stdin?(): string;
}

/** An input that names a document: `voice learn examples.jsonl` reads the file. */
const documentInput = (field: string): CommandOverride => ({
  fileFields: [field],
  run: (op, input, client) => client.call(op, input),
});

/**
 * The `dify-agent` command line: process roles, maintenance commands, and one command per operation of
 * the manifest. Only what a command needs is loaded: a call to a running server never loads the modules
 * behind the operations, and `start` loads them when it starts.
 */
export function buildProgram(io: ProgramIo, manifest: CliManifest): Command {
  let config: Config | undefined;
  // Loaded when a command works in this process: a call to a running server needs only DATA_DIR.
  const getConfig = async (): Promise<Config> => {
    if (!config) {
      const { loadConfig } = await import('../config/load.js');
      config = loadConfig({ env: io.env });
    }
    return config;
  };
  const err = io.err ?? ((text: string) => process.stderr.write(`${text}\n`));
  const notice = (text: string) => err(`dify-agent: ${text}`);

  const program = new Command('dify-agent')
    .description(
      'AI social media agent: a knowledge base from your website and a brand voice from your posts (writing, publishing and analytics are coming)',
    )
    .version(productVersion())
    .addOption(new Option('--json', 'print results as JSON, exactly as the API returns them'))
    .addOption(new Option('--api-key <key>', 'API key to act with (default: DIFY_AGENT_API_KEY)'))
    .addOption(
      new Option(
        '--tenant <slug>',
        'act inside this tenant as the operator (no key needed on the machine that holds the data directory)',
      ),
    )
    .addOption(
      new Option(
        '--url <url>',
        'the server to call (default: DIFY_AGENT_URL, else the server running for DATA_DIR, else this process)',
      ),
    )
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => err(s.trimEnd()) });

  const roles = async (list: Role[]) => runRoles(await getConfig(), list, io.untilShutdown);
  program
    .command('start')
    .description('run the API, a worker and the scheduler in one process')
    .action(() => roles(['api', 'worker', 'scheduler']));
  program
    .command('serve')
    .description('run only the HTTP API')
    .action(() => roles(['api']));
  program
    .command('worker')
    .description('run a job worker (as many as you like, on any machine)')
    .action(() => roles(['worker']));
  program
    .command('scheduler')
    .description('run the scheduler of recurring jobs (only the elected leader enqueues)')
    .action(() => roles(['scheduler']));

  program
    .command('status')
    .description('say where commands go: the running server, or this process on which database')
    .action(async () => {
      const opts = program.opts<GlobalOptions & { json?: boolean }>();
      const status = await describeStatus(await resolveConnection(opts, io.env, getConfig), getConfig);
      io.out(opts.json ? JSON.stringify(status, null, 2) : renderStatus(status));
    });

  program
    .command('migrate')
    .description('apply pending database migrations and list what is applied')
    .action(async () => {
      const cfg = await getConfig();
      const { openDatabase } = await import('../db/connect.js');
      const { appliedMigrations } = await import('../db/migration.js');
      const { appMigrations } = await import('../app/modules.js');
      const migrations = appMigrations();
      const db = await openDatabase(cfg.database, { migrations });
      const applied = await appliedMigrations(db.kysely as never, db.dialect, migrations);
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
      const cfg = await getConfig();
      const { openDatabase } = await import('../db/connect.js');
      const { rotateMasterKey } = await import('../db/crypto.js');
      const { appMigrations } = await import('../app/modules.js');
      const db = await openDatabase(cfg.database, { migrations: appMigrations() });
      try {
        const result = await rotateMasterKey(db, cfg);
        io.out(program.opts().json ? JSON.stringify(result, null, 2) : renderHuman(result, io.columns));
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
    .description('serve MCP over stdio for the tenant of DIFY_AGENT_API_KEY (for desktop MCP clients)')
    .action(async () => {
      const opts = program.opts<{ apiKey?: string }>();
      const { runMcpStdio } = await import('./mcp-stdio.js');
      await runMcpStdio(await getConfig(), opts.apiKey ?? io.env.DIFY_AGENT_API_KEY);
    });

  addOperationCommands(
    program,
    manifest.operations,
    {
      client: async (command) =>
        connect(await resolveConnection(command.optsWithGlobals(), io.env, getConfig), notice),
      print: io.out,
      notice,
      width: () => io.columns ?? 100,
      stdin: () => {
        if (!io.stdin) throw new AppError('cli.no_stdin', 400, 'standard input is not available here');
        return io.stdin();
      },
    },
    {
      'knowledge.crawl': crawlCommand,
      'tenant.export': exportCommand,
      'media.render': mediaRenderCommand,
      'media.upload': mediaUploadCommand,
      ...skillCommands,
      'posts.publish': publishCommand,
      'voice.learn': documentInput('examples'),
      'voice.drift.check': documentInput('posts'),
    },
  );
  return program;
}
