import { existsSync } from 'node:fs';
import { closeAppServices, createAppServices, createOperationRuntime } from '../app/create.js';
import { jobHandlers } from '../app/modules.js';
import type { Config } from '../config/load.js';
import { newRequestId } from '../core/ids.js';
import { createLogger } from '../core/logger.js';
import { startWorker } from '../jobs/queue.js';
import { resolveTenant } from '../modules/tenancy/index.js';
import type { Principal, ProgressUpdate } from '../operations/define.js';
import { invokeOperation, type OperationRuntime } from '../operations/invoke.js';
import type { AppServices } from '../operations/services.js';
import type { OperationClient } from './client.js';
import type { CliOperation } from './manifest.js';

export interface Credentials {
  apiKey?: string;
  /** Operator acting inside a tenant. */
  tenant?: string;
}

/**
 * True when this process may work the job queue itself: the queue is in a SQLite file and no server runs
 * for it (the caller checked DATA_DIR/server.json). A queue in PostgreSQL or Redis belongs to the
 * installation's workers, which run jobs with their own settings; a CLI taking jobs from it would run
 * other people's work, half in a short-lived process.
 */
export function ownsQueue(config: Config): boolean {
  return config.database.dialect === 'sqlite' && !config.redisUrl;
}

/**
 * Runs operations in this process against the configured database, when no server runs for the data
 * directory. Without an API key the caller is the local operator (whoever can read the data directory
 * already holds all of it); `--tenant` picks the tenant the operator acts in.
 */
export class LocalClient implements OperationClient {
  private runtime: OperationRuntime | undefined;
  private principal: Principal | undefined;

  constructor(
    private readonly config: Config,
    private readonly credentials: Credentials,
    private readonly notice: (text: string) => void,
  ) {}

  private async services(): Promise<AppServices> {
    return (await this.operations()).app;
  }

  /** The local CLI has no rate limits: whoever runs it holds the data directory. */
  private async operations(): Promise<OperationRuntime> {
    if (!this.runtime) {
      const file = this.config.database.sqlitePath;
      if (file && !existsSync(file)) {
        this.notice(
          `no server is running for ${this.config.dataDir} and it holds no database yet: creating ${file}. ` +
            'To use a running server, give this command the same DATA_DIR, or DIFY_AGENT_URL.',
        );
      }
      // Warnings and errors only: a CLI's output is its result.
      const level = this.config.logLevel === 'info' ? 'warn' : this.config.logLevel;
      this.runtime = createOperationRuntime(
        await createAppServices(this.config, { logger: createLogger(level) }),
      );
    }
    return this.runtime;
  }

  private async resolvePrincipal(rt: OperationRuntime): Promise<Principal> {
    const { app } = rt;
    if (this.principal) return this.principal;
    if (this.credentials.apiKey) {
      this.principal = await rt.access.authenticate(this.credentials.apiKey);
    } else if (this.credentials.tenant) {
      const tenant = await resolveTenant(app, this.credentials.tenant);
      this.principal = { kind: 'operator', actor: { type: 'operator', id: null }, tenantId: tenant.id };
    } else {
      this.principal = { kind: 'operator', actor: { type: 'operator', id: null } };
    }
    return this.principal;
  }

  async call(op: CliOperation, input: Record<string, unknown>, onProgress?: (p: ProgressUpdate) => void) {
    const rt = await this.operations();
    const operation = rt.registry.find(op.name);
    if (!operation) throw new Error(`operation ${op.name} is not registered`);
    const principal = await this.resolvePrincipal(rt);
    const { output } = await invokeOperation(rt, operation, principal, input, {
      requestId: newRequestId(),
      ...(onProgress ? { onProgress } : {}),
    });
    return output;
  }

  async whileJobsRun<T>(fn: () => Promise<T>): Promise<T> {
    if (!ownsQueue(this.config)) {
      // Without a server for this data directory the CLI cannot tell whether workers run elsewhere: say
      // who is expected to do the work, so a wait with nobody working is not a silent one.
      this.notice(
        'the job queue belongs to the installation: waiting for its workers (`dify-agent start` or `dify-agent worker`) to run the job',
      );
      return fn();
    }
    const app = await this.services();
    this.notice(`no server is running for ${this.config.dataDir}: the job runs in this process`);
    const worker = startWorker(app.queue, jobHandlers(app), { logger: app.logger });
    try {
      return await fn();
    } finally {
      await worker.stop();
    }
  }

  async close(): Promise<void> {
    if (this.runtime) await closeAppServices(this.runtime.app);
  }
}
