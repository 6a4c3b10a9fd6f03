import { closeAppServices, createAppServices, createOperationRuntime } from '../app/create.js';
import { jobHandlers } from '../app/modules.js';
import type { Config } from '../config/load.js';
import { AppError } from '../core/errors.js';
import { newRequestId } from '../core/ids.js';
import { startWorker } from '../jobs/queue.js';
import { resolveTenant } from '../modules/tenancy/index.js';
import type { AnyOperation, Principal, ProgressUpdate } from '../operations/define.js';
import { invokeOperation, type OperationRuntime } from '../operations/invoke.js';
import { pathParams } from '../operations/json-schema.js';
import type { AppServices } from '../operations/services.js';

/** How the CLI reaches operations: in-process on the local data directory, or over HTTP. */
export interface OperationClient {
  call(
    op: AnyOperation,
    input: Record<string, unknown>,
    onProgress?: (p: ProgressUpdate) => void,
  ): Promise<unknown>;
  /**
   * Runs `fn` while this process also works the job queue, so a command that waits for a job (a crawl)
   * finishes even when no server is running. Remote clients rely on the server's workers.
   */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface Credentials {
  apiKey?: string;
  /** Operator acting inside a tenant (local only). */
  tenant?: string;
}

/**
 * Runs operations in this process against the configured database. Without an API key the caller is
 * the local operator (whoever can read the data directory already holds all of it); `--tenant` picks
 * the tenant the operator acts in.
 */
export class LocalClient implements OperationClient {
  private runtime: OperationRuntime | undefined;
  private principal: Principal | undefined;

  constructor(
    private readonly config: Config,
    private readonly credentials: Credentials,
  ) {}

  async services(): Promise<AppServices> {
    return (await this.operations()).app;
  }

  /** The local CLI has no rate limits: whoever runs it holds the data directory. */
  private async operations(): Promise<OperationRuntime> {
    this.runtime ??= createOperationRuntime(await createAppServices(this.config));
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

  async call(op: AnyOperation, input: Record<string, unknown>, onProgress?: (p: ProgressUpdate) => void) {
    const rt = await this.operations();
    const principal = await this.resolvePrincipal(rt);
    const { output } = await invokeOperation(rt, op, principal, input, {
      requestId: newRequestId(),
      ...(onProgress ? { onProgress } : {}),
    });
    return output;
  }

  async withWorker<T>(fn: () => Promise<T>): Promise<T> {
    const app = await this.services();
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

/** Calls a running server's REST API with the API key, exactly as any other client would. */
export class RemoteClient implements OperationClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string | undefined,
  ) {}

  async call(op: AnyOperation, input: Record<string, unknown>): Promise<unknown> {
    if (!this.apiKey) {
      throw new AppError(
        'auth.unauthorized',
        401,
        'set DIFY_AGENT_API_KEY (or --api-key) to call a remote server',
      );
    }
    const rest = { ...input };
    let path = op.http.path;
    for (const name of pathParams(op)) {
      path = path.replace(`{${name}}`, encodeURIComponent(String(rest[name] ?? '')));
      delete rest[name];
    }
    const url = new URL(`${this.baseUrl.replace(/\/$/, '')}/api/v1${path}`);
    const init: RequestInit = {
      method: op.http.method,
      headers: { Authorization: `Bearer ${this.apiKey}`, Accept: 'application/json' },
    };
    if (op.http.method === 'GET' || op.http.method === 'DELETE') {
      for (const [k, v] of Object.entries(rest)) {
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
        else url.searchParams.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
      }
    } else {
      init.body = JSON.stringify(rest);
      (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (error) {
      throw new AppError('cli.unreachable', 503, `cannot reach ${this.baseUrl}: ${(error as Error).message}`);
    }
    const text = await res.text();
    const body = text ? (JSON.parse(text) as unknown) : null;
    if (!res.ok) {
      const e = (
        body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null
      )?.error;
      throw new AppError(e?.code ?? 'http.error', res.status, e?.message ?? `HTTP ${res.status}`, e?.details);
    }
    return body;
  }

  withWorker<T>(fn: () => Promise<T>): Promise<T> {
    return fn();
  }

  async close(): Promise<void> {}
}
